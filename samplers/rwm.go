package samplers

import (
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/density"
)

// RWM is random-walk Metropolis with an isotropic Gaussian proposal
// x' = x + Scale·z, z ~ N(0, I): the baseline the gradient-based kernels
// are compared with. As an Adaptable its step size is Scale, which warm-up
// tunes by dual averaging (Sample aims at an acceptance of 0.234, optimal
// for high-dimensional targets, unless Options.TargetAccept is set).
type RWM struct {
	// Scale is the proposal standard deviation; it must be positive.
	Scale float64
}

var _ Adaptable = RWM{}

type rwmWork struct{ x, grad []float64 }

// Init validates the scale and x and evaluates the target at x.
func (k RWM) Init(t density.Target, x []float64) (*State, error) {
	if err := checkStepSize(k.Scale); err != nil {
		return nil, err
	}
	s, err := newState(t, x)
	if err != nil {
		return nil, err
	}
	s.work = &rwmWork{x: make([]float64, len(x)), grad: make([]float64, len(x))}
	return s, nil
}

// Step takes one Metropolis transition.
func (k RWM) Step(rng *rand.Rand, s *State) DrawStats {
	w := s.work.(*rwmWork)
	for i, v := range s.Position {
		w.x[i] = v + k.Scale*rng.NormFloat64()
	}
	return metropolis(rng, s, w.x, w.grad, k.Scale)
}

// metropolis evaluates the target at the symmetric proposal x (gradient
// into grad), moves s there with probability min(1, p(x)/p(s)) and
// returns the transition's statistics; scale is reported as the step size.
func metropolis(rng *rand.Rand, s *State, x, grad []float64, scale float64) DrawStats {
	lp := logProb(s.target, grad, x)
	accept := 0.0
	if !math.IsNaN(lp) {
		accept = math.Min(1, math.Exp(lp-s.LogDensity))
	}
	if rng.Float64() < accept {
		copy(s.Position, x)
		copy(s.Grad, grad)
		s.LogDensity = lp
	}
	return DrawStats{
		LogDensity: s.LogDensity,
		AcceptStat: accept,
		StepSize:   scale,
		NLeapfrog:  1,
		Energy:     -s.LogDensity,
	}
}

// Tuning returns the scale and no metric.
func (k RWM) Tuning() (float64, Metric) { return k.Scale, nil }

// Tuned returns k with the given scale; RWM has no metric.
func (k RWM) Tuned(scale float64, _ Metric) Adaptable {
	k.Scale = scale
	return k
}

// MetricPosition returns s.Position.
func (k RWM) MetricPosition(s *State) []float64 { return s.Position }
