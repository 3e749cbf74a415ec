package models

import (
	"fmt"
	"math"
	"math/rand/v2"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/density"
)

// Funnel is Neal's funnel (Neal 2003, "Slice sampling", section 8): a
// log-scale v ~ N(0, Scale²) and D-1 variables x_i | v ~ N(0, exp(v))
// (variance exp(v)). Its neck at very negative v defeats fixed-step HMC in
// the centred parameterisation; the non-centred one samples (v, z) with
// z_i ~ N(0, 1) and x_i = exp(v/2) z_i, which is an isotropic Gaussian
// target. It is the toolkit's one funnel: a density.Target with a
// hand-written gradient (Dim, LogProb, ParamNames), the same density on
// the autodiff tape (Model, for exact Hessians and RMHMC), and exact
// independent draws (Draws). The zero value is the centred 10-D funnel
// with Scale 3.
type Funnel struct {
	// D is the total dimension, v included; 0 means 10 (v and x[1]..x[9]).
	D int
	// Scale is the standard deviation of v; 0 means 3.
	Scale float64
	// NonCentered selects the (v, z) parameterisation.
	NonCentered bool
}

var (
	_ density.Target = Funnel{}
	_ density.Namer  = Funnel{}
)

// Validate returns an error if D is 1 or negative or Scale is negative or
// not finite; the other methods panic on such a Funnel.
func (f Funnel) Validate() error {
	if f.D != 0 && f.D < 2 {
		return fmt.Errorf("models: Funnel dimension %d, want >= 2 (or 0 for 10)", f.D)
	}
	if f.Scale != 0 && (!(f.Scale > 0) || math.IsInf(f.Scale, 0)) {
		return fmt.Errorf("models: Funnel scale %v, want finite > 0 (or 0 for 3)", f.Scale)
	}
	return nil
}

func (f Funnel) dim() int {
	if f.D == 0 {
		return 10
	}
	if f.D < 2 {
		panic(fmt.Sprintf("models: Funnel dimension %d, want >= 2", f.D))
	}
	return f.D
}

func (f Funnel) scale() float64 {
	if f.Scale == 0 {
		return 3
	}
	if !(f.Scale > 0) || math.IsInf(f.Scale, 0) {
		panic(fmt.Sprintf("models: Funnel scale %v, want > 0", f.Scale))
	}
	return f.Scale
}

// Dim returns D (10 by default).
func (f Funnel) Dim() int { return f.dim() }

// ParamNames returns v, x[1], x[2], ... (v, z[1], ... when non-centred):
// the coordinates LogProb and Draws use.
func (f Funnel) ParamNames() []string {
	p := "x"
	if f.NonCentered {
		p = "z"
	}
	return append([]string{"v"}, indexed(p, f.dim()-1)...)
}

var halfLog2Pi = 0.5 * math.Log(2*math.Pi)

// LogProb returns the normalised log density at q = (v, x...) or (v, z...)
// and, when grad is not nil, writes its gradient into grad. It panics if
// len(q) != Dim or grad is neither nil nor of length Dim.
func (f Funnel) LogProb(grad, q []float64) float64 {
	d, s := f.dim(), f.scale()
	if len(q) != d || (grad != nil && len(grad) != d) {
		panic(fmt.Sprintf("models: Funnel.LogProb needs len(q) == len(grad) == %d, got %d and %d", d, len(q), len(grad)))
	}
	v := q[0]
	lp := -v*v/(2*s*s) - math.Log(s) - halfLog2Pi
	if grad != nil {
		grad[0] = -v / (s * s)
	}
	if f.NonCentered {
		for i := 1; i < d; i++ {
			lp += -q[i]*q[i]/2 - halfLog2Pi
			if grad != nil {
				grad[i] = -q[i]
			}
		}
		return lp
	}
	ev := math.Exp(-v) // precision of each x_i
	var ss float64
	for i := 1; i < d; i++ {
		ss += q[i] * q[i]
		if grad != nil {
			grad[i] = -q[i] * ev
		}
	}
	k := float64(d - 1)
	lp += -ss*ev/2 - k*v/2 - k*halfLog2Pi
	if grad != nil {
		grad[0] += ss*ev/2 - k/2
	}
	return lp
}

// Centered maps a point of this funnel's parameterisation to the centred
// coordinates (v, x) and writes it into dst (allocated when nil). For a
// centred funnel it copies q.
func (f Funnel) Centered(dst, q []float64) []float64 {
	d := f.dim()
	if len(q) != d {
		panic(fmt.Sprintf("models: Funnel.Centered needs len(q) == %d, got %d", d, len(q)))
	}
	dst = dst[:0]
	dst = append(dst, q...)
	if f.NonCentered {
		e := math.Exp(q[0] / 2)
		for i := 1; i < d; i++ {
			dst[i] = q[i] * e
		}
	}
	return dst
}

// streamFunnel is the second word of the PCG stream of Draws ("funnel").
const streamFunnel = 0x66756e6e656c

// Draws returns n exact independent draws in this funnel's own
// parameterisation (n × Dim), from the stream of seed: v ~ N(0, Scale²),
// then z_i ~ N(0, 1), with x_i = exp(v/2) z_i for the centred funnel. The
// same seed gives the same (v, z), so a centred and a non-centred funnel's
// draws correspond through Centered.
func (f Funnel) Draws(n int, seed uint64) [][]float64 {
	if n < 0 {
		panic("models: Funnel.Draws: negative number of draws")
	}
	d, s := f.dim(), f.scale()
	rng := rand.New(rand.NewPCG(seed, streamFunnel))
	out := make([][]float64, n)
	for k := range out {
		q := make([]float64, d)
		q[0] = s * rng.NormFloat64()
		e := 1.0
		if !f.NonCentered {
			e = math.Exp(q[0] / 2)
		}
		for i := 1; i < d; i++ {
			q[i] = e * rng.NormFloat64()
		}
		out[k] = q
	}
	return out
}

// Model returns the same funnel written on the autodiff tape, for exact
// Hessians (Model.Target is then a density.HessianTarget, as RMHMC
// needs) and for code that takes a Model. Its unconstrained coordinates
// are ParamNames; its constrained outputs are (v, x[1], ...) either way.
// It is named funnel_D, with _noncentred and _sdS (S = Scale) appended
// when they apply. It panics on a Funnel that Validate rejects.
func (f Funnel) Model() *Model {
	d, s := f.dim(), f.scale()
	names := append([]string{"v"}, indexed("x", d-1)...)
	m := &Model{Name: fmt.Sprintf("funnel_%d", d), Dim: d, Unconstrained: f.ParamNames(), Names: names}
	if !f.NonCentered {
		m.LogDensity = func(t *ad.Tape, p *ad.Var) *ad.Var {
			v := p.View(0, 1)
			x := p.View(1, d)
			return ad.Add(ad.NormalLogPdf(v, t.Scalar(0), t.Scalar(s)),
				ad.NormalLogPdf(x, t.Scalar(0), ad.Exp(ad.Scale(v, 0.5))))
		}
		m.Constrain = func(out, x []float64) []float64 { return append(dst(out, d)[:0], x...) }
	} else {
		m.Name += "_noncentred"
		m.LogDensity = func(t *ad.Tape, p *ad.Var) *ad.Var {
			return ad.Add(ad.NormalLogPdf(p.View(0, 1), t.Scalar(0), t.Scalar(s)),
				ad.NormalLogPdf(p.View(1, d), t.Scalar(0), t.Scalar(1)))
		}
		m.Constrain = func(out, x []float64) []float64 { return f.Centered(dst(out, d)[:0], x) }
	}
	if s != 3 {
		m.Name += fmt.Sprintf("_sd%g", s)
	}
	return m
}
