package samplers

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/density"
)

// BAOAB is underdamped Langevin dynamics
//
//	dq = M⁻¹p dt,  dp = ∇log p(q) dt − γ p dt + √(2γ) M^{1/2} dW
//
// discretised with the BAOAB splitting of Leimkuhler and Matthews (2013):
// a half kick (B), a half drift (A), the exact Ornstein–Uhlenbeck update of
// the momentum p ← e^{−γh} p + √(1 − e^{−2γh}) ξ with ξ ~ N(0, M) (O), a half
// drift and a half kick.
//
// BAOAB is unadjusted: there is no Metropolis correction, every step is
// kept and the draws follow the discretisation's invariant law, which
// differs from the target by O(h²) in general. For a Gaussian target (a
// quadratic potential) the law of the positions is exact for every step
// size below the stability limit h·ω < 2, ω² the largest eigenvalue of
// M⁻¹ times the negative Hessian of log p.
//
// Unlike HMC the momentum persists from one Step to the next, in the state's
// scratch; it is drawn from N(0, M) at the first Step. A step at which log p
// or its gradient is not finite, or whose energy error exceeds MaxDeltaH,
// marks the DrawStats Divergent, restores the position at the start of the
// step, draws a fresh momentum and ends the Step call.
//
// BAOAB is a Kernel but not an Adaptable: warm-up in Sample does not tune
// it (there is no acceptance rate to aim at). DrawStats.AcceptStat is 1, or 0
// after a divergence; DrawStats.NLeapfrog counts the steps taken (one gradient
// each) and DrawStats.Energy is −log p + K(p) with the carried momentum.
type BAOAB struct {
	// StepSize is h; it must be finite and positive.
	StepSize float64
	// Friction is γ (default 1); it must be finite and positive.
	Friction float64
	// Steps is the number of BAOAB steps per Step call (default 1): a
	// thinning factor.
	Steps int
	// Metric is the metric (nil: the identity); unit, diagonal and dense
	// metrics all apply, the O step drawing ξ with Metric.SampleMomentum.
	Metric Metric
	// MaxDeltaH is the energy error of the deterministic part of a step
	// (the two BA and AB halves, the O update's exchange with the heat
	// bath taken out) that marks it divergent (default 1000).
	MaxDeltaH float64
}

var _ Kernel = BAOAB{}

// lgWork is BAOAB's scratch: the persistent momentum and the last finite
// point.
type lgWork struct {
	p      []float64 // the momentum, kept between Step calls
	v      []float64 // M⁻¹ p
	xi     []float64 // the O step's noise
	q0, g0 []float64 // position and gradient at the start of the BAOAB step
	fresh  bool      // the momentum has not been drawn yet
}

func (k BAOAB) friction() float64 {
	if k.Friction == 0 {
		return 1
	}
	return k.Friction
}

func (k BAOAB) steps() int {
	if k.Steps == 0 {
		return 1
	}
	return k.Steps
}

// Init validates the configuration and x and evaluates the target at x.
func (k BAOAB) Init(t density.Target, x []float64) (*State, error) {
	if err := checkStepSize(k.StepSize); err != nil {
		return nil, err
	}
	if g := k.Friction; g < 0 || math.IsNaN(g) || math.IsInf(g, 0) {
		return nil, fmt.Errorf("samplers: BAOAB friction %v, must be finite and positive", g)
	}
	if k.Steps < 0 {
		return nil, errors.New("samplers: BAOAB number of steps is negative")
	}
	s, err := newState(t, x)
	if err != nil {
		return nil, err
	}
	if err := checkMetric(k.Metric, len(x)); err != nil {
		return nil, err
	}
	n := len(x)
	s.work = &lgWork{
		p: alignedFloats(n), v: alignedFloats(n), xi: alignedFloats(n),
		q0: alignedFloats(n), g0: alignedFloats(n), fresh: true,
	}
	return s, nil
}

// Step takes Steps BAOAB steps from s, overwriting it.
func (k BAOAB) Step(rng *rand.Rand, s *State) DrawStats {
	w, ok := s.work.(*lgWork)
	if !ok {
		panic("samplers: BAOAB.Step on a state not made by BAOAB.Init")
	}
	m := metricOrUnit(k.Metric, len(s.Position))
	h := k.StepSize
	c1 := math.Exp(-k.friction() * h)
	c2 := math.Sqrt(-math.Expm1(-2 * k.friction() * h)) // √(1 − e^{−2γh}), accurate for small γh
	if w.fresh {
		m.SampleMomentum(rng, w.p)
		w.fresh = false
	}
	q, g, p, v, xi := s.Position, s.Grad, w.p, w.v, w.xi
	steps := k.steps()
	limit := maxDeltaH(k.MaxDeltaH)
	divergent := false
	n := 0
	for n < steps {
		copy(w.q0, q)
		copy(w.g0, g)
		lp0 := s.LogDensity
		h0 := -lp0 + m.Kinetic(p)
		// B: half kick.
		for i := range p {
			p[i] += 0.5 * h * g[i]
		}
		// A: half drift.
		m.Velocity(v, p)
		for i := range q {
			q[i] += 0.5 * h * v[i]
		}
		// O: exact Ornstein–Uhlenbeck momentum update.
		kO := m.Kinetic(p)
		m.SampleMomentum(rng, xi)
		for i := range p {
			p[i] = c1*p[i] + c2*xi[i]
		}
		dO := m.Kinetic(p) - kO
		// A: half drift, then the one gradient of the step.
		m.Velocity(v, p)
		for i := range q {
			q[i] += 0.5 * h * v[i]
		}
		s.LogDensity = logProb(s.target, g, q)
		n++
		// B: half kick.
		for i := range p {
			p[i] += 0.5 * h * g[i]
		}
		if lgDivergent(s.LogDensity, g, h0, m.Kinetic(p), dO, limit) {
			copy(q, w.q0)
			copy(g, w.g0)
			s.LogDensity = lp0
			m.SampleMomentum(rng, p)
			divergent = true
			break
		}
	}
	accept := 1.0
	if divergent {
		accept = 0
	}
	return DrawStats{
		LogDensity: s.LogDensity,
		AcceptStat: accept,
		StepSize:   h,
		NLeapfrog:  n,
		Divergent:  divergent,
		Energy:     -s.LogDensity + m.Kinetic(p),
	}
}

// LangevinMomentum returns the momentum BAOAB carries in s (nil before the
// first Step or if s was not made by BAOAB.Init). It aliases the state.
func LangevinMomentum(s *State) []float64 {
	w, ok := s.work.(*lgWork)
	if !ok || w.fresh {
		return nil
	}
	return w.p
}

// lgDivergent reports whether a BAOAB step that began at energy h0 and
// ended at log p lp with momentum kinetic energy k1 diverged: lp or the
// gradient is not finite, or the energy error, with the O step's change of
// kinetic energy dO taken out, exceeds limit.
func lgDivergent(lp float64, grad []float64, h0, k1, dO, limit float64) bool {
	if !lgFinite(lp, grad) {
		return true
	}
	d := -lp + k1 - dO - h0
	return !(d <= limit) // NaN is a divergence
}

// lgFinite reports whether lp and every element of grad are finite; lp may
// not be +Inf either (an improper spike is a divergence).
func lgFinite(lp float64, grad []float64) bool {
	if math.IsNaN(lp) || math.IsInf(lp, 0) {
		return false
	}
	for _, v := range grad {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
