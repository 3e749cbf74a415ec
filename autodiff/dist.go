package autodiff

import "math"

// Log densities
//
// Every log density is one fused op: it returns a scalar Var holding the
// SUM over elements of the log density (or log mass), normalising
// constants included, so that each term equals gonum's distuv LogProb. The
// arguments broadcast against each other as in Add (a scalar sigma against a
// vector x, a [n,1] against a [1,k], ...), and the gradient flows to every
// argument that depends on parameters.
//
// Naming: <Family>LogPdf for densities of continuous variables (first
// argument x), <Family>LogPmf for masses of discrete observations (first
// argument(s) the data), as Stan's _lpdf / _lpmf. Families parameterised
// on an unconstrained scale carry it in the name: BernoulliLogit,
// BinomialLogit, PoissonLog, CategoricalLogits.
//
// Conventions:
//   - x outside the support (x < 0 for Gamma, a count that is not a
//     non-negative integer, ...) gives -Inf, with a zero gradient for that
//     element; never a panic.
//   - an invalid parameter (a scale, shape or rate that is <= 0 or NaN)
//     gives NaN, with NaN gradients: a sampler treats NaN as a divergence.
//   - discrete observations must be constants (Tape.Const or Tape.Input, so
//     a minibatch can change them between replays); one that depends on
//     parameters panics with an *OpError.
//
// Speed: the forward pass computes the value and the partial derivatives
// together and keeps the latter for the backward and tangent passes, so a
// gradient costs one evaluation per element. Terms that depend on one
// argument only (log σ, log Γ(α), ψ(α), ...) are memoised in the op, so a
// scalar parameter broadcast over a vector costs one evaluation, not one
// per element.

// lpEval evaluates an elementwise log density at element e of the
// broadcast arguments a. It returns the log density and, with order >= 1,
// writes the partial derivatives into d (len nArg), and with order 2 the
// Hessian into h (nArg×nArg row-major, both triangles).
type lpEval func(e int, a, d, h []float64, order int) float64

// lpRule is an elementwise log density with nArg scalar arguments.
type lpRule struct {
	name string
	nArg int
	// data marks arguments that must be constant (observations).
	data []bool
	// mk returns a fresh evaluator for an op over n elements (evaluators
	// keep memoised terms, so each op has its own).
	mk func(n int) lpEval
}

// lpMemo caches f(x) for the last x.
type lpMemo struct {
	x, v float64
	set  bool
}

// of returns f(x), recomputing it only when x changed.
func (m *lpMemo) of(x float64, f func(float64) float64) float64 {
	if !m.set || x != m.x {
		m.x, m.v, m.set = x, f(x), true
	}
	return m.v
}

// lpMemo2 caches f(x, y) for the last (x, y).
type lpMemo2 struct {
	x, y, v float64
	set     bool
}

func (m *lpMemo2) of(x, y float64, f func(x, y float64) float64) float64 {
	if !m.set || x != m.x || y != m.y {
		m.x, m.y, m.v, m.set = x, y, f(x, y), true
	}
	return m.v
}

// lpNaN fills d and h with NaN (an invalid parameter) and returns NaN.
func lpNaN(d, h []float64, order int) float64 {
	if order >= 1 {
		for i := range d {
			d[i] = math.NaN()
		}
	}
	if order >= 2 {
		for i := range h {
			h[i] = math.NaN()
		}
	}
	return math.NaN()
}

// lpOutside fills d and h with zeros (x outside the support) and returns -Inf.
func lpOutside(d, h []float64, order int) float64 {
	if order >= 1 {
		clear(d)
	}
	if order >= 2 {
		clear(h)
	}
	return math.Inf(-1)
}

// logDensity records the fused op Σ_e r(args broadcast at element e).
func logDensity(r *lpRule, args ...*Var) *Var {
	t := tapeOf(r.name, args...)
	if len(args) != r.nArg {
		opPanic(r.name, "%d arguments, want %d", len(args), r.nArg)
	}
	shape := args[0].Shape
	for _, v := range args[1:] {
		s, ok := broadcastShapes(shape, v.Shape)
		if !ok {
			vs := make([]any, len(args))
			for i, w := range args {
				vs[i] = w
			}
			opPanic(r.name, "arguments do not broadcast", vs...)
		}
		shape = s
	}
	checkImplicit(r.name, shape, args...)
	for j, v := range args {
		if r.data != nil && r.data[j] && v.Grad != nil {
			opPanic(r.name, "argument %d holds observations and must be constant, not depend on parameters", j+1, v)
		}
	}
	k := len(args)
	n := numel(shape)
	idx := make([][]int32, k)
	for j, v := range args {
		idx[j] = indexMap(v.Shape, shape)
	}
	// active lists the arguments that need a gradient.
	var active []int
	for j, v := range args {
		if v.Grad != nil {
			active = append(active, j)
		}
	}
	na := len(active)
	ev := r.mk(n)
	vals := make([][]float64, k)
	a := make([]float64, k)
	d := make([]float64, k)
	h := make([]float64, k*k)
	tan := make([]float64, k)
	gather := func(e int) {
		for j, v := range vals {
			a[j] = v[at(idx[j], e)]
		}
	}
	loadValues := func() {
		for j, v := range args {
			vals[j] = v.Value
		}
	}

	y := t.newVar(r.name, []int{1}, na > 0)
	if na == 0 {
		y.fwd = func() {
			loadValues()
			s := 0.0
			for e := range n {
				gather(e)
				s += ev(e, a, d, h, 0)
			}
			y.Value[0] = s
		}
		y.fwd()
		return t.push(y)
	}
	// dc[e*na+i] is the partial derivative in argument active[i] at
	// element e, at the last forward pass.
	dc := make([]float64, n*na)
	y.fwd = func() {
		loadValues()
		s := 0.0
		for e := range n {
			gather(e)
			s += ev(e, a, d, h, 1)
			for i, j := range active {
				dc[e*na+i] = d[j]
			}
		}
		y.Value[0] = s
	}
	y.fwd()
	y.bwd = func() {
		g := y.Grad[0]
		for i, j := range active {
			gj, ij := args[j].Grad, idx[j]
			if ij == nil && na == 1 {
				for e, de := range dc {
					gj[e] += g * de
				}
				continue
			}
			for e := range n {
				gj[at(ij, e)] += g * dc[e*na+i]
			}
		}
	}
	y.jvp = func() {
		s := 0.0
		for i, j := range active {
			tj, ij := args[j].Tan, idx[j]
			for e := range n {
				s += dc[e*na+i] * tj[at(ij, e)]
			}
		}
		y.Tan[0] = s
	}
	y.bwdTan = func() {
		loadValues()
		g, gt := y.Grad[0], y.GradTan[0]
		for e := range n {
			nz := false
			for _, j := range active {
				tan[j] = args[j].Tan[at(idx[j], e)]
				nz = nz || tan[j] != 0
			}
			if g == 0 || !nz { // only the first-order term
				for i, j := range active {
					args[j].GradTan[at(idx[j], e)] += gt * dc[e*na+i]
				}
				continue
			}
			gather(e)
			ev(e, a, d, h, 2)
			for i, j := range active {
				s := gt * dc[e*na+i]
				row := h[j*k : j*k+k]
				for _, l := range active {
					s += g * row[l] * tan[l]
				}
				args[j].GradTan[at(idx[j], e)] += s
			}
		}
	}
	return t.push(y)
}
