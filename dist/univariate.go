package dist

import (
	"fmt"
	"math/rand/v2"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

// univariate is a distribution over scalars with elementwise parameters:
// every family in continuous.go and discrete.go is one.
type univariate struct {
	name string
	ps   []param
	// support returns the support (from constant parameters if it depends
	// on them).
	support func(ps []param) (Constraint, error)
	// tape records Σ log p(x) given the parameters as Vars.
	tape func(t *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var
	// logp returns log p(x) for parameter values p.
	logp func(x float64, p []float64) float64
	// draw returns a draw for parameter values p.
	draw func(rng *rand.Rand, p []float64) float64
}

func fixed(c Constraint) func([]param) (Constraint, error) {
	return func([]param) (Constraint, error) { return c, nil }
}

func newUnivariate(name string, names []string, args []any) *univariate {
	d := &univariate{name: name, ps: make([]param, len(args))}
	for i, a := range args {
		d.ps[i] = newParam(names[i], a)
	}
	return d
}

func (d *univariate) String() string { return d.name }
func (d *univariate) EventSize() int { return 1 }

func (d *univariate) Shape() ([]int, error) {
	if err := firstErr(d.ps); err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, d.name)
	}
	shapes := make([][]int, len(d.ps))
	for i := range d.ps {
		shapes[i] = d.ps[i].getShape()
	}
	return broadcastShapes(shapes...)
}

func (d *univariate) Support() (Constraint, error) {
	if err := firstErr(d.ps); err != nil {
		return Constraint{}, fmt.Errorf("%w (in %s)", err, d.name)
	}
	return d.support(d.ps)
}

func (d *univariate) LogProb(x *ad.Var) (*ad.Var, error) {
	if x == nil {
		return nil, fmt.Errorf("dist: %s: nil value", d.name)
	}
	vs := make([]*ad.Var, len(d.ps))
	for i := range d.ps {
		v, err := d.ps[i].on(x.Tape())
		if err != nil {
			return nil, fmt.Errorf("%w (in %s)", err, d.name)
		}
		vs[i] = v
	}
	if err := checkFits(d.name, x, d.ps, nil); err != nil {
		return nil, err
	}
	return catchOp(func() *ad.Var { return d.tape(x.Tape(), x, vs) })
}

func (d *univariate) LogProbEach(dst, x []float64) error {
	if len(dst) != len(x) {
		return fmt.Errorf("dist: %s: LogProbEach: %d outputs for %d values", d.name, len(dst), len(x))
	}
	if err := d.ready(len(x)); err != nil {
		return err
	}
	p := make([]float64, len(d.ps))
	for i, v := range x {
		for j := range d.ps {
			p[j] = at(d.ps[j].values(), i)
		}
		dst[i] = d.logp(v, p)
	}
	return nil
}

func (d *univariate) Rand(rng *rand.Rand, dst []float64) error {
	if err := d.ready(len(dst)); err != nil {
		return err
	}
	p := make([]float64, len(d.ps))
	for i := range dst {
		for j := range d.ps {
			p[j] = at(d.ps[j].values(), i)
		}
		dst[i] = d.draw(rng, p)
	}
	return nil
}

func (d *univariate) ready(n int) error {
	if err := firstErr(d.ps); err != nil {
		return fmt.Errorf("%w (in %s)", err, d.name)
	}
	return checkLens(d.name, d.ps, n)
}
