package samplers

import (
	"errors"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/density"
)

// HMC is static Hamiltonian Monte Carlo: a fixed number of integrator steps
// from a fresh Gaussian momentum, then a Metropolis accept/reject.
type HMC struct {
	// StepSize is the integrator step size; it must be positive.
	StepSize float64
	// Steps is the number of integrator steps (default 10).
	Steps int
	// Metric is the metric (nil: the identity).
	Metric Metric
	// Integrator is the integrator (nil: Leapfrog).
	Integrator Integrator
	// StepSizeJitter draws each transition's step size uniformly in
	// StepSize·[1-j, 1+j]; it must be in [0, 1). This field is for a
	// kernel stepped directly: Sample sets it from Options.StepSizeJitter
	// after warm-up.
	StepSizeJitter float64
	// JitterSteps draws each transition's number of steps uniformly in
	// 1..Steps.
	JitterSteps bool
	// Hamiltonian, if not nil, builds the Hamiltonian for a target at Init
	// in place of Euclidean{Target, Metric}: the hook for position-dependent
	// metrics or other kinetic energies. Metric is then ignored and warm-up
	// tunes only the step size.
	Hamiltonian func(density.Target) (Hamiltonian, error)
	// MaxDeltaH is the energy error that ends a trajectory as divergent
	// (default 1000).
	MaxDeltaH float64
}

var (
	_ Adaptable      = HMC{}
	_ StepSizeProber = HMC{}
)

func (k HMC) steps() int {
	if k.Steps == 0 {
		return 10
	}
	return k.Steps
}

func (k HMC) integrator() Integrator {
	if k.Integrator == nil {
		return defaultIntegrator
	}
	return k.Integrator
}

func maxDeltaH(v float64) float64 {
	if v == 0 {
		return 1000
	}
	return v
}

func metricOrUnit(m Metric, n int) Metric {
	if m == nil {
		return UnitMetric{N: n}
	}
	return m
}

// Init validates the configuration and x and evaluates the target at x.
func (k HMC) Init(t density.Target, x []float64) (*State, error) {
	if err := checkStepSize(k.StepSize); err != nil {
		return nil, err
	}
	if err := checkJitter(k.StepSizeJitter); err != nil {
		return nil, err
	}
	if k.Steps < 0 {
		return nil, errors.New("samplers: HMC number of steps is negative")
	}
	s, err := newState(t, x)
	if err != nil {
		return nil, err
	}
	if err := checkMetric(k.Metric, len(x)); err != nil {
		return nil, err
	}
	if s.work, err = newHamWork(s, metricOrUnit(k.Metric, len(x)), k.Hamiltonian); err != nil {
		return nil, err
	}
	return s, nil
}

// Step takes one HMC transition.
func (k HMC) Step(rng *rand.Rand, s *State) DrawStats {
	w := s.work.(*hamWork)
	w.setup(s, k.Metric)
	h := w.h
	integ := k.integrator()
	limit := maxDeltaH(k.MaxDeltaH)
	eps := jitter(rng, k.StepSize, k.StepSizeJitter)
	steps := k.steps()
	if k.JitterSteps {
		steps = 1 + rng.IntN(steps)
	}

	cur, prop := w.cur, w.prop
	cur.LogProb = s.LogDensity
	h.SampleMomentum(rng, cur)
	h0 := Energy(h, cur)
	prop.CopyFrom(cur)
	h1 := h0
	divergent := false
	n := 0
	e, inv, fast := fastPath(h, integ)
	if fast && inv == nil && useAVX2 {
		inv = w.ones // multiplying by 1 is exact: the unit path's results
	}
	for n < steps {
		if fast {
			// Leapfrog fused with the kinetic energy; V is scratch.
			h1 = leapfrogDiag(e.Target, prop, inv, eps, prop.P, prop.V) - prop.LogProb
			if math.IsNaN(h1) {
				h1 = math.Inf(1)
			}
		} else {
			integ.Step(h, prop, eps)
			h1 = Energy(h, prop)
		}
		n++
		if h1-h0 > limit {
			divergent = true
			break
		}
	}
	accept := 0.0
	if !divergent {
		accept = math.Min(1, math.Exp(h0-h1))
	}
	energy := h0
	if rng.Float64() < accept {
		cur.CopyFrom(prop)
		s.LogDensity = prop.LogProb
		energy = h1
	}
	return DrawStats{
		LogDensity: s.LogDensity,
		AcceptStat: accept,
		StepSize:   eps,
		NLeapfrog:  n,
		Divergent:  divergent,
		Energy:     energy,
	}
}

// Tuning returns the step size and metric.
func (k HMC) Tuning() (float64, Metric) { return k.StepSize, k.Metric }

// Tuned returns k with the given step size and metric.
func (k HMC) Tuned(eps float64, m Metric) Adaptable {
	k.StepSize, k.Metric = eps, m
	return k
}

// MetricPosition returns s.Position.
func (k HMC) MetricPosition(s *State) []float64 { return s.Position }

// ProbeStepSize implements StepSizeProber.
func (k HMC) ProbeStepSize(rng *rand.Rand, s *State, eps float64) float64 {
	return probe(rng, s, metricOrUnit(k.Metric, len(s.Position)), k.integrator(), eps)
}
