package bayesnn

import (
	"fmt"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

// Jacobian evaluates a network's outputs at one input row and their
// Jacobian with respect to the network's parameters, one output at a time
// by reverse mode on a compiled one-row tape: what the generalized
// Gauss–Newton matrix and the linearised (GLM) predictive of a Laplace
// approximation need. Once built it allocates nothing per row. It is not
// safe for concurrent use.
type Jacobian struct {
	c    *ad.Compiled
	x    []float64 // the input row, an Input of the tape
	sel  []float64 // output selector: the tape computes Σ_k sel[k]·f_k
	p, k int
}

// NewJacobian records m on one input row.
func (m *Sequential) NewJacobian() (*Jacobian, error) {
	j := &Jacobian{x: make([]float64, prod(m.InShape())), p: m.NumParams(), k: prod(m.OutShape())}
	j.sel = make([]float64, j.k)
	xs := append([]int{1}, m.InShape()...)
	f := func(t *ad.Tape, theta *ad.Var) *ad.Var {
		out := ad.Reshape(m.Forward(t.Input(j.x, xs...), theta), j.k)
		return ad.Dot(t.Input(j.sel, j.k), out)
	}
	c, err := ad.Compile(f, make([]float64, j.p), nil)
	if err != nil {
		return nil, fmt.Errorf("bayesnn: jacobian: %w", err)
	}
	j.c = c
	return j, nil
}

// Outputs returns the number of outputs per row (the Jacobian's rows).
func (j *Jacobian) Outputs() int { return j.k }

// Params returns the number of network parameters (the Jacobian's columns).
func (j *Jacobian) Params() int { return j.p }

// Row writes the network's outputs at input row x into out (len Outputs)
// and their Jacobian ∂f_k/∂θ_p into jac (Outputs × Params, row-major), for
// the network parameters theta (trailing likelihood parameters are
// ignored).
func (j *Jacobian) Row(out, jac, theta, x []float64) error {
	if len(x) != len(j.x) {
		return fmt.Errorf("bayesnn: jacobian: input row has %d values, the model takes %d", len(x), len(j.x))
	}
	if len(theta) < j.p {
		return fmt.Errorf("bayesnn: jacobian: parameter vector has %d values, the network has %d", len(theta), j.p)
	}
	if len(out) != j.k || len(jac) != j.k*j.p {
		panic(fmt.Sprintf("bayesnn: jacobian: out has %d values and jac %d, want %d and %d", len(out), len(jac), j.k, j.k*j.p))
	}
	copy(j.x, x)
	th := theta[:j.p]
	for k := range j.k {
		clear(j.sel)
		j.sel[k] = 1
		v, err := j.c.ValueGrad(jac[k*j.p:(k+1)*j.p], th)
		if err != nil {
			return fmt.Errorf("bayesnn: jacobian: %w", err)
		}
		out[k] = v
	}
	return nil
}

// SplitLast splits m before its last layer that has parameters: body maps
// the input to the features that layer sees (nil when that layer is the
// first) and head maps the features to the outputs. The head's parameters
// are the last head.NumParams() of m's, in the same order, so
// head.Forward(body.Forward(x, θ[:b]), θ[b:]) = m.Forward(x, θ) with
// b = m.NumParams() - head.NumParams(). Last-layer Laplace uses it.
func (m *Sequential) SplitLast() (body, head *Sequential, err error) {
	last := -1
	for i, idx := range m.perL {
		if len(idx) > 0 {
			last = i
		}
	}
	if last < 0 {
		return nil, nil, fmt.Errorf("bayesnn: the model has no layer with parameters")
	}
	in := m.in
	if last > 0 {
		if body, err = NewSequential(m.in, m.layers[:last]...); err != nil {
			return nil, nil, err
		}
		in = body.OutShape()
	}
	if head, err = NewSequential(in, m.layers[last:]...); err != nil {
		return nil, nil, err
	}
	return body, head, nil
}
