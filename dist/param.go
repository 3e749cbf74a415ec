package dist

import (
	"fmt"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

// param is a distribution parameter: a constant (float64, int, []float64,
// []int, [][]float64) or a Var on the tape.
type param struct {
	name  string
	c     []float64 // constant values (nil for a Var)
	shape []int     // shape of a constant ([] for a scalar)
	v     *ad.Var
	err   error
}

// newParam converts x to a parameter named name.
func newParam(name string, x any) param {
	p := param{name: name}
	switch x := x.(type) {
	case float64:
		p.c, p.shape = []float64{x}, []int{}
	case int:
		p.c, p.shape = []float64{float64(x)}, []int{}
	case []float64:
		p.c, p.shape = append([]float64(nil), x...), []int{len(x)}
	case []int:
		p.c, p.shape = make([]float64, len(x)), []int{len(x)}
		for i, v := range x {
			p.c[i] = float64(v)
		}
	case [][]float64:
		cols := 0
		if len(x) > 0 {
			cols = len(x[0])
		}
		p.shape = []int{len(x), cols}
		for i, row := range x {
			if len(row) != cols {
				p.err = fmt.Errorf("dist: parameter %s: row %d has %d columns, row 0 has %d", name, i, len(row), cols)
				return p
			}
			p.c = append(p.c, row...)
		}
	case *ad.Var:
		if x == nil {
			p.err = fmt.Errorf("dist: parameter %s is a nil *autodiff.Var", name)
		}
		p.v = x
	case nil:
		p.err = fmt.Errorf("dist: parameter %s is nil", name)
	default:
		p.err = fmt.Errorf("dist: parameter %s has type %T; want float64, int, []float64, []int, [][]float64 or *autodiff.Var", name, x)
	}
	if p.err == nil && p.v == nil && len(p.c) == 0 {
		p.err = fmt.Errorf("dist: parameter %s is empty", name)
	}
	return p
}

// values returns the parameter's current values (a Var's after the last
// forward pass).
func (p *param) values() []float64 {
	if p.v != nil {
		return p.v.Value
	}
	return p.c
}

// getShape returns the parameter's shape.
func (p *param) getShape() []int {
	if p.v != nil {
		return p.v.Shape
	}
	return p.shape
}

// on returns the parameter as a Var on t (a constant is recorded).
func (p *param) on(t *ad.Tape) (*ad.Var, error) {
	if p.err != nil {
		return nil, p.err
	}
	if p.v != nil {
		if p.v.Tape() != t {
			return nil, fmt.Errorf("dist: parameter %s is recorded on another tape", p.name)
		}
		return p.v, nil
	}
	if len(p.shape) == 0 {
		return t.Scalar(p.c[0]), nil
	}
	return t.Const(p.c, p.shape...), nil
}

// constant returns the scalar value of a constant parameter, or an error
// if it is not a constant scalar.
func (p *param) constant() (float64, error) {
	if p.err != nil {
		return 0, p.err
	}
	if p.v != nil || len(p.c) != 1 {
		return 0, fmt.Errorf("dist: parameter %s must be a constant scalar here", p.name)
	}
	return p.c[0], nil
}

// firstErr returns the first parameter error.
func firstErr(ps []param) error {
	for i := range ps {
		if ps[i].err != nil {
			return ps[i].err
		}
	}
	return nil
}

// broadcastShapes returns the NumPy broadcast of the shapes, or an error.
func broadcastShapes(shapes ...[]int) ([]int, error) {
	n := 0
	for _, s := range shapes {
		n = max(n, len(s))
	}
	out := make([]int, n)
	for i := range out {
		out[i] = 1
	}
	for _, s := range shapes {
		for i, d := range s {
			j := n - len(s) + i
			switch {
			case out[j] == 1:
				out[j] = d
			case d != 1 && d != out[j]:
				return nil, fmt.Errorf("dist: shapes %v do not broadcast", shapes)
			}
		}
	}
	return out, nil
}

// at returns element i of values broadcast to length n: values has length
// 1 or n (checked by checkLens).
func at(values []float64, i int) float64 {
	if len(values) == 1 {
		return values[0]
	}
	return values[i]
}

// checkLens checks that every parameter has one value or n.
func checkLens(dname string, ps []param, n int) error {
	for i := range ps {
		if l := len(ps[i].values()); l != 1 && l != n {
			return fmt.Errorf("dist: %s: parameter %s has %d values for %d elements (pointwise evaluation and draws broadcast a scalar or match element by element)", dname, ps[i].name, l, n)
		}
	}
	return nil
}
