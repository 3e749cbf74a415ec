package samplers

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/density"
)

// DrawStats are the per-draw statistics every kernel reports, with Stan's
// meanings: LogDensity is lp__, AcceptStat the mean Metropolis acceptance
// probability over the trajectory, StepSize the step size used, TreeDepth
// and NLeapfrog the NUTS tree depth and number of integrator steps, Divergent
// whether the energy error exceeded the threshold or the density was not
// finite, and Energy the Hamiltonian at the returned state.
type DrawStats struct {
	LogDensity, AcceptStat, StepSize float64
	TreeDepth, NLeapfrog             int
	Divergent                        bool
	Energy                           float64
}

// State is a kernel's explicit state: the position, log p there and its
// gradient, cached so that a rejection costs no gradient, plus the kernel's
// scratch space. The slices are owned by the state and overwritten by Step.
type State struct {
	Position   []float64
	LogDensity float64
	Grad       []float64

	target density.Target
	work   any
}

// Target returns the target the state was initialised with.
func (s *State) Target() density.Target { return s.target }

// Kernel is a Markov transition: an immutable configured value whose Init
// builds a state at a position and whose Step moves it, taking the random
// stream as an argument.
type Kernel interface {
	Init(t density.Target, x []float64) (*State, error)
	Step(rng *rand.Rand, s *State) DrawStats
}

// Adaptable is a kernel with a step size and a metric that warm-up can tune.
type Adaptable interface {
	Kernel
	// Tuning returns the step size and metric (nil if the kernel has none).
	Tuning() (stepSize float64, m Metric)
	// Tuned returns a copy of the kernel with the given step size and metric.
	Tuned(stepSize float64, m Metric) Adaptable
	// MetricPosition returns the coordinates of s the metric applies to.
	MetricPosition(s *State) []float64
}

// StepSizeProber is an Adaptable whose step size can be searched with Stan's
// init_stepsize heuristic.
type StepSizeProber interface {
	// ProbeStepSize draws a fresh momentum at s, takes one integrator step
	// of size eps and returns H(start) - H(end) (-Inf if not finite),
	// leaving s unchanged.
	ProbeStepSize(rng *rand.Rand, s *State, eps float64) float64
}

// newState validates x and evaluates the target there.
func newState(t density.Target, x []float64) (*State, error) {
	if t == nil {
		return nil, errors.New("samplers: nil target")
	}
	n := t.Dim()
	if n <= 0 {
		return nil, fmt.Errorf("samplers: target dimension %d, must be positive", n)
	}
	if len(x) != n {
		return nil, fmt.Errorf("samplers: initial point has length %d, target dimension is %d", len(x), n)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("samplers: initial point element %d is %v", i, v)
		}
	}
	s := &State{Position: alignedFloats(n), Grad: alignedFloats(n), target: t}
	copy(s.Position, x)
	s.LogDensity = t.LogProb(s.Grad, s.Position)
	if err := checkFinite(s.LogDensity, s.Grad); err != nil {
		return nil, explainNonFinite(t, err)
	}
	return s, nil
}

func checkFinite(lp float64, grad []float64) error {
	if math.IsNaN(lp) {
		return fmt.Errorf("samplers: log density at the initial point is %w", errNaNDensity)
	}
	if math.IsInf(lp, 0) {
		return fmt.Errorf("samplers: log density at the initial point is %v", lp)
	}
	for i, g := range grad {
		if math.IsNaN(g) || math.IsInf(g, 0) {
			return fmt.Errorf("samplers: gradient element %d at the initial point is %v", i, g)
		}
	}
	return nil
}

func checkStepSize(eps float64) error {
	if !(eps > 0) || math.IsInf(eps, 0) {
		return fmt.Errorf("samplers: step size %v, must be finite and positive", eps)
	}
	return nil
}

func checkJitter(j float64) error {
	if !(j >= 0 && j < 1) {
		return fmt.Errorf("samplers: step size jitter %v, must be in [0, 1)", j)
	}
	return nil
}

func checkMetric(m Metric, n int) error {
	if m != nil && m.Dim() != n {
		return fmt.Errorf("samplers: metric dimension %d, target dimension is %d", m.Dim(), n)
	}
	return nil
}

// jitter returns eps scaled uniformly in [1-j, 1+j].
func jitter(rng *rand.Rand, eps, j float64) float64 {
	if j == 0 {
		return eps
	}
	return eps * (1 + j*(2*rng.Float64()-1))
}

// hamWork is the scratch of the Hamiltonian kernels.
type hamWork struct {
	ham  Euclidean   // the default Hamiltonian
	h    Hamiltonian // &ham, or the kernel's custom one
	cur  *Point      // the current state; Q and Grad alias State.Position and State.Grad
	prop *Point
	tree *tree
	ones []float64 // a unit diagonal: the AVX2 kernels take the unit metric as diagonal
}

func newHamWork(s *State, m Metric, custom func(density.Target) (Hamiltonian, error)) (*hamWork, error) {
	n := len(s.Position)
	w := &hamWork{ham: Euclidean{Target: s.target, Metric: m}}
	w.h = &w.ham
	if custom != nil {
		h, err := custom(s.target)
		if err != nil {
			return nil, err
		}
		if h.Dim() != n {
			return nil, fmt.Errorf("samplers: Hamiltonian dimension %d, target dimension is %d", h.Dim(), n)
		}
		w.h = h
	}
	w.cur = NewPoint(n)
	w.cur.Q = s.Position
	w.cur.Grad = s.Grad
	w.cur.LogProb = s.LogDensity
	w.prop = NewPoint(n)
	w.ones = alignedFloats(n)
	for i := range w.ones {
		w.ones[i] = 1
	}
	return w, nil
}

// probe implements StepSizeProber for the Euclidean kernels.
func probe(rng *rand.Rand, s *State, m Metric, integ Integrator, eps float64) float64 {
	w := s.work.(*hamWork)
	w.setup(s, m)
	h := w.h
	z := w.prop
	copy(z.Q, s.Position)
	copy(z.Grad, s.Grad)
	z.LogProb = s.LogDensity
	h.SampleMomentum(rng, z)
	h0 := Energy(h, z)
	integ.Step(h, z, eps)
	d := h0 - Energy(h, z)
	if math.IsNaN(d) {
		return math.Inf(-1)
	}
	return d
}

// setup points the Hamiltonian at the state's target and, when m is not
// nil, at m (a tuned kernel may carry a new metric); it does not allocate.
func (w *hamWork) setup(s *State, m Metric) {
	w.ham.Target = s.target
	if m != nil {
		w.ham.Metric = m
	}
}
