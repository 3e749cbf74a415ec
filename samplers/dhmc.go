package samplers

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/density"
)

// DHMC is discontinuous Hamiltonian Monte Carlo (Nishimura, Dunson and Lu,
// 2020, "Discontinuous Hamiltonian Monte Carlo for discrete parameters and
// discontinuous likelihoods", Biometrika 107(2)) for targets with mixed
// parameters: the coordinates listed in Discontinuous, where log p may jump
// or be piecewise constant (embedded integers, see DHMCEmbedded), get a
// Laplace momentum with kinetic energy Σ |p_j| / m_j; the others get a
// Gaussian momentum with the metric Metric.
//
// Each integrator step is the paper's integrator for mixed parameters
// (its Algorithm 2) with step size ε: a half
// step of leapfrog on the continuous block (p_C += ε/2 ∇_C log p, then
// q_C += ε/2 M⁻¹ p_C), then the coordinate-wise integrator on the
// discontinuous block, one coordinate at a time in a fresh uniformly random
// order (q_j* = q_j + ε·sign(p_j)/m_j is taken if the rise of the potential
// ΔU = log p(q) - log p(q*) is below the coordinate's kinetic energy
// |p_j|/m_j, which then drops by ΔU; otherwise p_j ← -p_j and q_j stays),
// then the continuous half step in reverse (q_C, then p_C). The
// coordinate-wise part conserves the energy exactly, so the Metropolis test
// on the total energy at the end of the trajectory corrects only the
// leapfrog error of the continuous block: with no continuous coordinates
// every proposal is accepted (up to rounding).
//
// As in the paper, each transition draws its step size and number of steps
// at random: ε uniformly in StepSize·[1-j, 1+j] and L uniformly in
// MinSteps..Steps (the default ranges are this package's choice).
//
// Cost per integrator step: with a continuous block, two evaluations of
// LogProb (one after the position half step, to know log p before the
// coordinate-wise updates, whose gradient is discarded, and one at the end),
// plus one LogProbCoord per discontinuous coordinate; without one, only the
// LogProbCoord calls, plus one LogProb per transition. A target that is not
// a DiscontinuousTarget is wrapped so that LogProbCoord re-evaluates the
// whole density; implement LogProbCoord (or DHMCEmbedded.Delta) to make it
// cheap.
//
// DHMC is Adaptable: Sample's warm-up (Options.Kernel) tunes StepSize by
// dual averaging, not on the Metropolis acceptance, which is 1 on a purely
// discontinuous target, but on the statistic Nishimura et al. give for the
// discontinuous coordinates, the probability min(1, exp(-ΔU)) that a
// coordinate-wise move is taken rather than flipped, averaged over each
// transition's moves, aiming at Options.TargetAccept (default 0.8, within
// the 0.7-0.9 they recommend); see dhmc_warmup.go. Counts reports the moves
// taken and flipped. The metric of the continuous block is adapted in
// windows as for HMC. The step of an embedded integer is StepSize/m_j: the
// masses set the ratio of the discrete to the continuous steps, which
// warm-up keeps; with WarmupOptions.FixedStepSize the step size is used as
// given. The jitter of ε and L (on during warm-up too) is the one the
// paper and Neal (2011) recommend against periodic trajectories.
type DHMC struct {
	// StepSize is the base step size ε; it must be positive.
	StepSize float64
	// StepSizeJitter is j: each transition's step size is uniform in
	// StepSize·[1-j, 1+j] (default 0.2; negative: no jitter); it must be
	// below 1.
	StepSizeJitter float64
	// Steps is the largest number of integrator steps (default 10).
	Steps int
	// MinSteps is the smallest number of integrator steps (default
	// ⌈0.8·Steps⌉; set it to Steps for a fixed number).
	MinSteps int
	// Discontinuous lists the coordinates of the discontinuous block.
	Discontinuous []int
	// Mass holds the Laplace momentum scales m_j of the discontinuous
	// coordinates, in the order of Discontinuous (nil: all 1).
	Mass []float64
	// Metric is the metric of the continuous coordinates, in increasing
	// index order (nil: the identity).
	Metric Metric
	// MaxDeltaH is the energy error that ends a trajectory as divergent
	// (default 1000).
	MaxDeltaH float64
}

var _ Kernel = DHMC{}

func (k DHMC) jitter() float64 {
	switch {
	case k.StepSizeJitter == 0:
		return 0.2
	case k.StepSizeJitter < 0:
		return 0
	}
	return k.StepSizeJitter
}

func (k DHMC) stepRange() (lo, hi int) {
	hi = k.Steps
	if hi == 0 {
		hi = 10
	}
	lo = k.MinSteps
	if lo == 0 {
		lo = int(math.Ceil(0.8 * float64(hi)))
	}
	return lo, hi
}

// dhWork is a DHMC state's scratch.
type dhWork struct {
	t      DiscontinuousTarget
	cont   []int     // the continuous coordinates, increasing
	disc   []int     // the discontinuous coordinates, as in DHMC.Discontinuous
	mass   []float64 // Laplace scales, len(disc)
	metric Metric    // of the continuous block; nil when it is empty

	q, grad []float64 // the proposal's position and gradient
	lp      float64   // log p at q
	pc, vc  []float64 // continuous momentum and velocity M⁻¹ pc
	pd      []float64 // discontinuous momenta
	order   []int     // the random order of the coordinate-wise update

	moves, flips int            // coordinate-wise moves and momentum flips of the last transition
	moveProb     float64        // Σ min(1, exp(-ΔU)) over the last transition's moves
	counts       DHMCMoveCounts // since Init
}

// Init validates the configuration and x and evaluates the target at x.
func (k DHMC) Init(t density.Target, x []float64) (*State, error) {
	if err := checkStepSize(k.StepSize); err != nil {
		return nil, err
	}
	if err := checkJitter(k.jitter()); err != nil {
		return nil, err
	}
	if k.Steps < 0 || k.MinSteps < 0 {
		return nil, fmt.Errorf("samplers: DHMC steps %d..%d, must not be negative", k.MinSteps, k.Steps)
	}
	if lo, hi := k.stepRange(); lo > hi {
		return nil, fmt.Errorf("samplers: DHMC MinSteps %d exceeds Steps %d", lo, hi)
	}
	if k.MaxDeltaH < 0 || math.IsNaN(k.MaxDeltaH) {
		return nil, fmt.Errorf("samplers: DHMC MaxDeltaH %v, must be positive", k.MaxDeltaH)
	}
	s, err := newState(t, x)
	if err != nil {
		return nil, err
	}
	n := len(x)
	w := &dhWork{}
	isDisc := make([]bool, n)
	for _, j := range k.Discontinuous {
		if j < 0 || j >= n {
			return nil, fmt.Errorf("samplers: DHMC discontinuous index %d out of range [0, %d)", j, n)
		}
		if isDisc[j] {
			return nil, fmt.Errorf("samplers: DHMC discontinuous index %d repeated", j)
		}
		isDisc[j] = true
	}
	if len(k.Discontinuous) == 0 {
		return nil, errors.New("samplers: DHMC has no discontinuous coordinates (use HMC or NUTS)")
	}
	w.disc = append([]int(nil), k.Discontinuous...)
	for j, d := range isDisc {
		if !d {
			w.cont = append(w.cont, j)
		}
	}
	w.mass = make([]float64, len(w.disc))
	switch {
	case k.Mass == nil:
		for i := range w.mass {
			w.mass[i] = 1
		}
	case len(k.Mass) != len(w.disc):
		return nil, fmt.Errorf("samplers: DHMC has %d masses for %d discontinuous coordinates", len(k.Mass), len(w.disc))
	default:
		for i, m := range k.Mass {
			if !(m > 0) || math.IsInf(m, 0) {
				return nil, fmt.Errorf("samplers: DHMC mass %d is %v, must be finite and positive", i, m)
			}
		}
		copy(w.mass, k.Mass)
	}
	if nc := len(w.cont); nc > 0 {
		if k.Metric != nil && k.Metric.Dim() != nc {
			return nil, fmt.Errorf("samplers: DHMC metric dimension %d, the continuous block has %d coordinates", k.Metric.Dim(), nc)
		}
		w.metric = metricOrUnit(k.Metric, nc)
	} else if k.Metric != nil && k.Metric.Dim() != 0 {
		return nil, fmt.Errorf("samplers: DHMC metric dimension %d, but every coordinate is discontinuous", k.Metric.Dim())
	}
	if dt, ok := t.(DiscontinuousTarget); ok {
		w.t = dt
	} else {
		w.t = &dhFull{Target: t, grad: make([]float64, n)}
	}
	w.q = make([]float64, n)
	w.grad = make([]float64, n)
	w.pc = make([]float64, len(w.cont))
	w.vc = make([]float64, len(w.cont))
	w.pd = make([]float64, len(w.disc))
	w.order = make([]int, len(w.disc))
	s.work = w
	return s, nil
}

// kinetic returns the total kinetic energy of the proposal's momenta.
func (w *dhWork) kinetic() float64 {
	var k float64
	if w.metric != nil {
		k = w.metric.Kinetic(w.pc)
	}
	for i, p := range w.pd {
		k += math.Abs(p) / w.mass[i]
	}
	return k
}

// energy returns H at the proposal; NaN becomes +Inf.
func (w *dhWork) energy() float64 {
	e := -w.lp + w.kinetic()
	if math.IsNaN(e) {
		return math.Inf(1)
	}
	return e
}

// halfContinuous is the continuous block's half step: kick then drift when
// first, drift then kick (after a full evaluation) otherwise. Before the
// coordinate-wise part, log p is re-evaluated at the drifted point.
func (w *dhWork) halfContinuous(eps float64, first bool) {
	h := eps / 2
	if first {
		for i, j := range w.cont {
			w.pc[i] += h * w.grad[j]
		}
		w.metric.Velocity(w.vc, w.pc)
		for i, j := range w.cont {
			w.q[j] += h * w.vc[i]
		}
		w.lp = logProb(w.t, w.grad, w.q) // log p before the coordinate-wise part
		return
	}
	for i, j := range w.cont {
		w.q[j] += h * w.vc[i]
	}
	w.lp = logProb(w.t, w.grad, w.q)
	for i, j := range w.cont {
		w.pc[i] += h * w.grad[j]
	}
}

// coordinatewise is the paper's coordinate-wise integrator on the
// discontinuous block with step eps, visiting w.disc[order[0]],
// w.disc[order[1]], ...
func (w *dhWork) coordinatewise(eps float64, order []int) {
	for _, i := range order {
		j := w.disc[i]
		p, m := w.pd[i], w.mass[i]
		sign := 1.0
		if p < 0 {
			sign = -1
		}
		v := w.q[j] + eps*sign/m
		lpNew := w.t.LogProbCoord(w.q, w.lp, j, v)
		dU := w.lp - lpNew // the rise of the potential U = -log p
		if math.IsNaN(dU) || math.IsInf(lpNew, 0) {
			dU = math.Inf(1) // outside the support: a wall
		}
		w.moves++
		if dU > 0 { // P(the move is taken | q, sign p) = min(1, exp(-ΔU))
			w.moveProb += math.Exp(-dU)
		} else {
			w.moveProb++
		}
		if math.Abs(p)/m > dU {
			w.q[j] = v
			w.lp = lpNew
			w.pd[i] = p - sign*m*dU
		} else {
			w.pd[i] = -p
			w.flips++
		}
	}
}

// step is one integrator step of the mixed scheme with the given order of
// the discontinuous coordinates.
func (w *dhWork) step(eps float64, order []int) {
	if w.metric != nil {
		w.halfContinuous(eps, true)
	}
	w.coordinatewise(eps, order)
	if w.metric != nil {
		w.halfContinuous(eps, false)
	}
}

// shuffle draws a uniformly random order of the discontinuous block.
func (w *dhWork) shuffle(rng *rand.Rand) {
	o := w.order
	for i := range o {
		o[i] = i
	}
	for i := len(o) - 1; i > 0; i-- { // Fisher–Yates
		j := rng.IntN(i + 1)
		o[i], o[j] = o[j], o[i]
	}
}

// sampleMomentum draws the Gaussian and Laplace momenta.
func (w *dhWork) sampleMomentum(rng *rand.Rand) {
	if w.metric != nil {
		w.metric.SampleMomentum(rng, w.pc)
	}
	for i, m := range w.mass {
		p := m * rng.ExpFloat64()
		if rng.Uint64()&1 == 0 {
			p = -p
		}
		w.pd[i] = p
	}
}

// Step takes one DHMC transition.
func (k DHMC) Step(rng *rand.Rand, s *State) DrawStats {
	w := s.work.(*dhWork)
	limit := maxDeltaH(k.MaxDeltaH)
	eps := jitter(rng, k.StepSize, k.jitter())
	lo, hi := k.stepRange()
	steps := lo + rng.IntN(hi-lo+1)

	if k.Metric != nil && w.metric != nil {
		w.metric = k.Metric // a tuned kernel's metric
	}
	w.moves, w.flips, w.moveProb = 0, 0, 0
	copy(w.q, s.Position)
	copy(w.grad, s.Grad)
	w.lp = s.LogDensity
	w.sampleMomentum(rng)
	h0 := w.energy()
	h1 := h0
	divergent := false
	n := 0
	for n < steps {
		w.shuffle(rng)
		w.step(eps, w.order)
		n++
		h1 = w.energy()
		if h1-h0 > limit {
			divergent = true
			break
		}
	}
	if !divergent && w.metric == nil {
		// Only LogProbCoord ran: evaluate the density and its gradient in
		// full for the state's cache.
		w.lp = logProb(w.t, w.grad, w.q)
		if h1 = w.energy(); h1-h0 > limit {
			divergent = true
		}
	}
	w.counts.Moves += int64(w.moves)
	w.counts.Flips += int64(w.flips)
	w.counts.Transitions++
	accept := 0.0
	if !divergent {
		accept = math.Min(1, math.Exp(h0-h1))
	}
	energy := h0
	if rng.Float64() < accept {
		copy(s.Position, w.q)
		copy(s.Grad, w.grad)
		s.LogDensity = w.lp
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
