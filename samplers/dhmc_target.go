package samplers

import (
	"fmt"
	"math"

	"github.com/bayesnn-go/bayesnn/density"
)

// DiscontinuousTarget is a density.Target whose density may be discontinuous, or
// piecewise constant, in some coordinates: the discontinuous block of a DHMC
// kernel. LogProb must write the gradient of log p with respect to the
// continuous coordinates; DHMC ignores the entries of the discontinuous ones
// (write zeros there).
//
// LogProbCoord is the cheap evaluation that makes discontinuous HMC
// efficient (Nishimura, Dunson and Lu, 2020): the
// coordinate-wise integrator changes one discontinuous coordinate at a time,
// and for many models only a few terms of log p depend on it.
type DiscontinuousTarget interface {
	density.Target
	// LogProbCoord returns log p at x with x[j] replaced by v, where lp is
	// log p at x; no gradient is computed. x must be unchanged on return
	// (an implementation may modify it during the call). NaN or -Inf mean
	// "outside the support": DHMC reflects the momentum.
	LogProbCoord(x []float64, lp float64, j int, v float64) float64
}

// dhFull makes a plain density.Target a DiscontinuousTarget by full re-evaluation:
// each LogProbCoord costs one LogProb with its gradient (discarded). DHMC
// wraps a density.Target that does not implement DiscontinuousTarget in it, once per
// State, so it need not be safe for concurrent use.
type dhFull struct {
	density.Target
	grad []float64 // scratch for the discarded gradient
}

var _ DiscontinuousTarget = (*dhFull)(nil)

func (f *dhFull) LogProbCoord(x []float64, _ float64, j int, v float64) float64 {
	old := x[j]
	x[j] = v
	lp := logProb(f.Target, f.grad, x)
	x[j] = old
	return lp
}

// dhMaxInt bounds the embedded integers: beyond 2⁵³ a float64 no longer
// holds every integer, and the conversion to int could overflow.
const dhMaxInt = 1 << 53

// DHMCEmbedded is a DiscontinuousTarget over continuous parameters y and
// integer parameters n, with the embedding of integers into the real line of
// Nishimura, Dunson and Lu (2020): the position is
// x = (y, z), y = x[:Continuous], z = x[Continuous:], and each integer is
// n_i = ⌊z_i⌋. The density of x is then p(y, ⌊z⌋), piecewise constant in z
// with unit-length pieces, so the marginal of ⌊z⌋ is exactly the pmf of n:
// sample x with DHMC (Discontinuous = e.Discontinuous()) and apply
// math.Floor to the draws of z to read off n. A bounded support (n ≥ 0 for a
// Poisson count) is expressed by F returning -Inf outside it.
//
// The embedding's LogProbCoord is free when z_i moves inside its unit
// interval (n is unchanged) and otherwise calls Delta, or F without a
// gradient when Delta is nil; each such call also recomputes n from x, a
// cost linear in Integers.
//
// A DHMCEmbedded keeps scratch buffers: it is not safe for concurrent use,
// and implements density.Cloner, so Sample gives each chain its own.
type DHMCEmbedded struct {
	// Continuous and Integers are the numbers of continuous and integer
	// parameters; the dimension is their sum.
	Continuous, Integers int
	// F returns log p(y, n) and writes its gradient with respect to y into
	// grad (len Continuous). It must return -Inf (or NaN) outside the
	// support.
	F func(grad, y []float64, n []int) float64
	// Delta, if not nil, returns log p(y, n') - log p(y, n), where n' is n
	// with n[i] replaced by m: the cheap update when one integer changes.
	// If nil, F is called at n' (its gradient is discarded).
	Delta func(y []float64, n []int, i, m int) float64
	// Names optionally names the Continuous+Integers coordinates.
	Names []string

	n    []int     // scratch: the integers at the current point
	grad []float64 // scratch: a discarded gradient
}

var (
	_ DiscontinuousTarget = (*DHMCEmbedded)(nil)
	_ density.Cloner      = (*DHMCEmbedded)(nil)
	_ density.Namer       = (*DHMCEmbedded)(nil)
)

// DHMCFromLogPMF returns the embedding of a pmf on ℤ^dim: logPMF returns
// log p(n) (-Inf outside the support), and coordinate i of x stands for
// n_i = ⌊x_i⌋. For example a Poisson(λ) count is
//
//	DHMCFromLogPMF(1, func(n []int) float64 {
//		if n[0] < 0 {
//			return math.Inf(-1)
//		}
//		lg, _ := math.Lgamma(float64(n[0]) + 1)
//		return float64(n[0])*math.Log(λ) - λ - lg
//	})
func DHMCFromLogPMF(dim int, logPMF func(n []int) float64) *DHMCEmbedded {
	return &DHMCEmbedded{
		Integers: dim,
		F:        func(_, _ []float64, n []int) float64 { return logPMF(n) },
	}
}

// Dim returns e.Continuous + e.Integers.
func (e *DHMCEmbedded) Dim() int { return e.Continuous + e.Integers }

// Discontinuous returns the indices of the integer coordinates, the
// discontinuous block to give DHMC.
func (e *DHMCEmbedded) Discontinuous() []int {
	idx := make([]int, e.Integers)
	for i := range idx {
		idx[i] = e.Continuous + i
	}
	return idx
}

// ParamNames returns e.Names, or theta[0], theta[1], ... when Names is nil.
func (e *DHMCEmbedded) ParamNames() []string {
	if e.Names != nil {
		return e.Names
	}
	return density.DefaultNames(e.Dim())
}

// Clone returns a copy with its own scratch buffers.
func (e *DHMCEmbedded) Clone() density.Target {
	c := *e
	c.n, c.grad = nil, nil
	return &c
}

// dhFloor returns ⌊v⌋ and whether it is a representable integer.
func dhFloor(v float64) (int, bool) {
	f := math.Floor(v)
	if !(f > -dhMaxInt && f < dhMaxInt) { // also false for NaN
		return 0, false
	}
	return int(f), true
}

// integers fills the scratch integers from x; false if one is not finite.
func (e *DHMCEmbedded) integers(x []float64) bool {
	if e.F == nil {
		panic("samplers: DHMCEmbedded.F is nil")
	}
	if len(e.n) != e.Integers || len(e.grad) != e.Continuous {
		e.n = make([]int, e.Integers)
		e.grad = make([]float64, e.Continuous)
	}
	for i := range e.n {
		m, ok := dhFloor(x[e.Continuous+i])
		if !ok {
			return false
		}
		e.n[i] = m
	}
	return true
}

// LogProb returns log p(y, ⌊z⌋), its gradient with respect to y and zeros
// for z.
func (e *DHMCEmbedded) LogProb(grad, x []float64) float64 {
	if len(x) != e.Dim() || len(grad) != len(x) {
		panic(fmt.Sprintf("samplers: DHMCEmbedded of dimension %d called with len(x) %d, len(grad) %d", e.Dim(), len(x), len(grad)))
	}
	c := e.Continuous
	for i := c; i < len(grad); i++ {
		grad[i] = 0
	}
	if !e.integers(x) {
		for i := range grad[:c] {
			grad[i] = 0
		}
		return math.Inf(-1)
	}
	return e.F(grad[:c], x[:c], e.n)
}

// LogProbCoord implements DiscontinuousTarget: free when ⌊v⌋ = ⌊x[j]⌋.
func (e *DHMCEmbedded) LogProbCoord(x []float64, lp float64, j int, v float64) float64 {
	c := e.Continuous
	if j < c {
		// A continuous coordinate listed as discontinuous: re-evaluate.
		if !e.integers(x) {
			return math.Inf(-1)
		}
		old := x[j]
		x[j] = v
		r := e.F(e.grad, x[:c], e.n)
		x[j] = old
		return r
	}
	m, ok := dhFloor(v)
	if !ok {
		return math.Inf(-1)
	}
	if old, ok := dhFloor(x[j]); ok && old == m {
		return lp // the same integer: nothing to evaluate
	}
	if !e.integers(x) {
		return math.Inf(-1)
	}
	i := j - c
	if e.Delta != nil {
		return lp + e.Delta(x[:c], e.n, i, m)
	}
	e.n[i] = m
	return e.F(e.grad, x[:c], e.n)
}
