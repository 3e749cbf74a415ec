package samplers

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/density"
)

// MALA is the Metropolis-adjusted Langevin algorithm, and with Persistence
// above 0 its underdamped form, generalised HMC with partial momentum
// refresh (Horowitz 1991), also called OBABO with a Metropolis test.
//
// Each Step refreshes the momentum, p ← α p + √(1 − α²) ξ with ξ ~ N(0, M)
// and α = Persistence (the O step), takes one leapfrog step of size h (BAB)
// and accepts the end point with probability min(1, e^{−ΔH}), H = −log p(q)
// + ½ pᵀM⁻¹p. On a rejection the position is kept and the momentum is
// negated, which keeps the joint law of (q, p) invariant; the momentum
// persists in the state from one Step to the next. With α = 0 the momentum
// is fresh at every step and the proposal is q' = q + ½h² M⁻¹∇log p(q) +
// h M^{−1/2} z, z ~ N(0, I): MALA, with its optimal acceptance near 0.57
// (Roberts and Rosenthal 1998). Unlike BAOAB the chain is exact for every
// step size: the discretisation error is corrected, not inherited.
//
// MALA is an Adaptable: warm-up in Sample tunes h and the metric (aim
// Options.TargetAccept at about 0.6 for α = 0; the default 0.8 is also
// valid). DrawStats.AcceptStat is the acceptance probability; DrawStats.NLeapfrog is 1.
type MALA struct {
	// StepSize is h; it must be finite and positive.
	StepSize float64
	// Persistence is α in [0, 1): the fraction of the momentum kept at
	// each refresh (default 0: MALA). α = e^{−γh} is underdamped Langevin
	// with friction γ.
	Persistence float64
	// Metric is the metric (nil: the identity).
	Metric Metric
	// MaxDeltaH is the energy error that marks a step divergent (default
	// 1000); a divergent step is rejected.
	MaxDeltaH float64
}

var _ Adaptable = MALA{}

// malaWork is MALA's scratch: the persistent momentum and the proposal.
type malaWork struct {
	p, p1, v, xi []float64
	q1, g1       []float64
	fresh        bool
}

// Init validates the configuration and x and evaluates the target at x.
func (k MALA) Init(t density.Target, x []float64) (*State, error) {
	if err := checkStepSize(k.StepSize); err != nil {
		return nil, err
	}
	if a := k.Persistence; !(a >= 0 && a < 1) {
		return nil, fmt.Errorf("samplers: MALA persistence %v, must be in [0, 1)", a)
	}
	s, err := newState(t, x)
	if err != nil {
		return nil, err
	}
	if err := checkMetric(k.Metric, len(x)); err != nil {
		return nil, err
	}
	n := len(x)
	s.work = &malaWork{
		p: alignedFloats(n), p1: alignedFloats(n), v: alignedFloats(n), xi: alignedFloats(n),
		q1: alignedFloats(n), g1: alignedFloats(n), fresh: true,
	}
	return s, nil
}

// Step takes one refresh, leapfrog step and Metropolis test.
func (k MALA) Step(rng *rand.Rand, s *State) DrawStats {
	w, ok := s.work.(*malaWork)
	if !ok {
		panic("samplers: MALA.Step on a state not made by MALA.Init")
	}
	m := metricOrUnit(k.Metric, len(s.Position))
	h := k.StepSize
	a := k.Persistence
	// O: refresh the momentum.
	if w.fresh || a == 0 {
		m.SampleMomentum(rng, w.p)
		w.fresh = false
	} else {
		m.SampleMomentum(rng, w.xi)
		c := math.Sqrt(1 - a*a)
		for i := range w.p {
			w.p[i] = a*w.p[i] + c*w.xi[i]
		}
	}
	h0 := -s.LogDensity + m.Kinetic(w.p)
	// BAB: one leapfrog step to (q1, p1).
	for i, g := range s.Grad {
		w.p1[i] = w.p[i] + 0.5*h*g
	}
	m.Velocity(w.v, w.p1)
	for i, q := range s.Position {
		w.q1[i] = q + h*w.v[i]
	}
	lp := s.target.LogProb(w.g1, w.q1)
	for i, g := range w.g1 {
		w.p1[i] += 0.5 * h * g
	}
	h1 := -lp + m.Kinetic(w.p1)
	divergent := !lgFinite(lp, w.g1) || !(h1-h0 <= maxDeltaH(k.MaxDeltaH))
	accept := 0.0
	if !divergent {
		accept = math.Min(1, math.Exp(h0-h1))
	}
	energy := h0
	if rng.Float64() < accept {
		copy(s.Position, w.q1)
		copy(s.Grad, w.g1)
		copy(w.p, w.p1)
		s.LogDensity = lp
		energy = h1
	} else {
		for i := range w.p {
			w.p[i] = -w.p[i]
		}
	}
	return DrawStats{
		LogDensity: s.LogDensity,
		AcceptStat: accept,
		StepSize:   h,
		NLeapfrog:  1,
		Divergent:  divergent,
		Energy:     energy,
	}
}

// Tuning returns the step size and metric.
func (k MALA) Tuning() (float64, Metric) { return k.StepSize, k.Metric }

// Tuned returns k with the given step size and metric.
func (k MALA) Tuned(eps float64, m Metric) Adaptable {
	k.StepSize, k.Metric = eps, m
	return k
}

// MetricPosition returns s.Position.
func (k MALA) MetricPosition(s *State) []float64 { return s.Position }
