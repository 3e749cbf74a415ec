package samplers

import (
	"errors"
	"math"
	"math/rand/v2"
)

// NUTS is the No-U-Turn sampler as Stan implements it (base_nuts.hpp,
// Stan 2.26 and later): the trajectory doubles forwards or backwards at
// random; a state is drawn multinomially across it, uniformly within each new
// subtree and with biased progressive sampling between the old tree and the
// new subtree; the generalized U-turn criterion is checked across every merged
// pair of subtrees, including the extra checks that span the boundary
// between them; a transition is divergent when the energy error exceeds
// MaxDeltaH.
type NUTS struct {
	// StepSize is the integrator step size; it must be positive.
	StepSize float64
	// Metric is the metric (nil: the identity).
	Metric Metric
	// Integrator is the integrator (nil: Leapfrog). It must be reversible.
	Integrator Integrator
	// MaxTreeDepth bounds the number of doublings (default 10: at most
	// 1023 integrator steps).
	MaxTreeDepth int
	// Hamiltonian, if not nil, builds the Hamiltonian for a target at Init
	// in place of Euclidean{Target, Metric}: the hook for position-dependent
	// metrics or other kinetic energies. Metric is then ignored and warm-up
	// tunes only the step size.
	Hamiltonian func(Target) (Hamiltonian, error)
	// MaxDeltaH is the energy error that marks a divergence (default 1000).
	MaxDeltaH float64
	// StepSizeJitter draws each transition's step size uniformly in
	// StepSize·[1-j, 1+j]; it must be in [0, 1).
	StepSizeJitter float64
}

var (
	_ Adaptable      = NUTS{}
	_ StepSizeProber = NUTS{}
)

func (k NUTS) maxDepth() int {
	if k.MaxTreeDepth == 0 {
		return 10
	}
	return k.MaxTreeDepth
}

func (k NUTS) integrator() Integrator {
	if k.Integrator == nil {
		return defaultIntegrator
	}
	return k.Integrator
}

// Init validates the configuration and x and evaluates the target at x.
func (k NUTS) Init(t Target, x []float64) (*State, error) {
	if err := checkStepSize(k.StepSize); err != nil {
		return nil, err
	}
	if err := checkJitter(k.StepSizeJitter); err != nil {
		return nil, err
	}
	if k.MaxTreeDepth < 0 {
		return nil, errors.New("samplers: NUTS maximum tree depth is negative")
	}
	s, err := newState(t, x)
	if err != nil {
		return nil, err
	}
	if err := checkMetric(k.Metric, len(x)); err != nil {
		return nil, err
	}
	w, err := newHamWork(s, metricOrUnit(k.Metric, len(x)), k.Hamiltonian)
	if err != nil {
		return nil, err
	}
	w.tree = newTree(len(x), k.maxDepth())
	s.work = w
	return s, nil
}

// Step takes one NUTS transition.
func (k NUTS) Step(rng *rand.Rand, s *State) Info {
	w := s.work.(*hamWork)
	w.setup(s, k.Metric)
	t := w.tree
	t.h = w.h
	t.integ = k.integrator()
	t.eps = jitter(rng, k.StepSize, k.StepSizeJitter)
	t.maxDeltaH = maxDeltaH(k.MaxDeltaH)
	w.cur.LogProb = s.LogDensity
	info := t.transition(rng, w.cur, k.maxDepth())
	s.LogDensity = w.cur.LogProb
	return info
}

// Tuning returns the step size and metric.
func (k NUTS) Tuning() (float64, Metric) { return k.StepSize, k.Metric }

// Tuned returns k with the given step size and metric.
func (k NUTS) Tuned(eps float64, m Metric) Adaptable {
	k.StepSize, k.Metric = eps, m
	return k
}

// MetricPosition returns s.Position.
func (k NUTS) MetricPosition(s *State) []float64 { return s.Position }

// ProbeStepSize implements StepSizeProber.
func (k NUTS) ProbeStepSize(rng *rand.Rand, s *State, eps float64) float64 {
	return probe(rng, s, metricOrUnit(k.Metric, len(s.Position)), k.integrator(), eps)
}

// tree holds one NUTS transition's configuration, counters and scratch;
// every buffer is allocated once so a transition does not allocate.
type tree struct {
	h         Hamiltonian
	integ     Integrator
	eps       float64
	maxDeltaH float64

	h0           float64 // energy at the start of the transition
	nLeapfrog    int     // integrator steps taken
	sumMetroProb float64 // Σ min(1, exp(H0 - H)) over the steps
	divergent    bool
	rng          *rand.Rand

	z                 *Point // the point being integrated
	zFwd, zBck        *Point // the forward and backward ends of the trajectory
	zSample, zPropose *Point // the current sample and a subtree's proposal

	// Momenta and velocities ("sharp") at the two ends of the backward and
	// forward halves of the tree: pFwdBck is the backward end of the
	// forward half, and so on.
	pFwdFwd, pSharpFwdFwd, pFwdBck, pSharpFwdBck []float64
	pBckFwd, pSharpBckFwd, pBckBck, pSharpBckBck []float64
	rho, rhoFwd, rhoBck, rhoExt                  []float64 // summed momenta

	levels []treeLevel // scratch of buildTree at each depth
}

// treeLevel is the scratch of one buildTree call at a given depth.
type treeLevel struct {
	zProposeFinal             *Point    // the final subtree's proposal
	pInitEnd, pSharpInitEnd   []float64 // the end of the initial subtree
	pFinalBeg, pSharpFinalBeg []float64 // the beginning of the final subtree
	rhoInit, rhoFinal, rhoExt []float64 // summed momenta
}

func newTree(n, maxDepth int) *tree {
	vec := func() []float64 { return make([]float64, n) }
	t := &tree{
		zFwd: NewPoint(n), zBck: NewPoint(n), zSample: NewPoint(n), zPropose: NewPoint(n), z: NewPoint(n),
		pFwdFwd: vec(), pSharpFwdFwd: vec(), pFwdBck: vec(), pSharpFwdBck: vec(),
		pBckFwd: vec(), pSharpBckFwd: vec(), pBckBck: vec(), pSharpBckBck: vec(),
		rho: vec(), rhoFwd: vec(), rhoBck: vec(), rhoExt: vec(),
	}
	t.levels = make([]treeLevel, maxDepth+1)
	for i := range t.levels {
		t.levels[i] = treeLevel{
			zProposeFinal: NewPoint(n),
			pInitEnd:      vec(), pSharpInitEnd: vec(),
			pFinalBeg: vec(), pSharpFinalBeg: vec(),
			rhoInit: vec(), rhoFinal: vec(), rhoExt: vec(),
		}
	}
	return t
}

// transition runs one NUTS transition from z0 (whose position and potential
// are set) and leaves the sample in z0.
func (t *tree) transition(rng *rand.Rand, z0 *Point, maxDepth int) Info {
	h := t.h
	t.rng = rng
	h.SampleMomentum(rng, z0)
	t.z.CopyFrom(z0)
	t.zFwd.CopyFrom(z0)
	t.zBck.CopyFrom(z0)
	t.zSample.CopyFrom(z0)
	t.zPropose.CopyFrom(z0)

	copy(t.pFwdFwd, z0.P)
	h.Velocity(t.pSharpFwdFwd, z0)
	copy(t.pFwdBck, z0.P)
	copy(t.pSharpFwdBck, t.pSharpFwdFwd)
	copy(t.pBckFwd, z0.P)
	copy(t.pSharpBckFwd, t.pSharpFwdFwd)
	copy(t.pBckBck, z0.P)
	copy(t.pSharpBckBck, t.pSharpFwdFwd)
	copy(t.rho, z0.P)

	logSumWeight := 0.0 // log Σ exp(H0 - H) over the trajectory
	t.h0 = Energy(h, z0)
	t.nLeapfrog = 0
	t.sumMetroProb = 0
	t.divergent = false

	depth := 0
	for depth < maxDepth {
		zero(t.rhoFwd)
		zero(t.rhoBck)
		valid := true
		logSumWeightSubtree := math.Inf(-1)
		if rng.Float64() > 0.5 {
			// Extend forwards from the forward end.
			t.z.CopyFrom(t.zFwd)
			copy(t.rhoBck, t.rho)
			copy(t.pBckFwd, t.pFwdFwd) // the old tree becomes the backward half
			copy(t.pSharpBckFwd, t.pSharpFwdFwd)
			valid = t.buildTree(depth, t.zPropose, t.pSharpFwdBck, t.pSharpFwdFwd, t.rhoFwd,
				t.pFwdBck, t.pFwdFwd, 1, &logSumWeightSubtree)
			t.zFwd.CopyFrom(t.z)
		} else {
			// Extend backwards from the backward end.
			t.z.CopyFrom(t.zBck)
			copy(t.rhoFwd, t.rho)
			copy(t.pFwdBck, t.pBckBck) // the old tree becomes the forward half
			copy(t.pSharpFwdBck, t.pSharpBckBck)
			valid = t.buildTree(depth, t.zPropose, t.pSharpBckFwd, t.pSharpBckBck, t.rhoBck,
				t.pBckFwd, t.pBckBck, -1, &logSumWeightSubtree)
			t.zBck.CopyFrom(t.z)
		}
		if !valid {
			break
		}
		depth++

		// Biased progressive sampling between the old tree and the subtree.
		if logSumWeightSubtree > logSumWeight {
			t.zSample.CopyFrom(t.zPropose)
		} else if rng.Float64() < math.Exp(logSumWeightSubtree-logSumWeight) {
			t.zSample.CopyFrom(t.zPropose)
		}
		logSumWeight = logSumExp(logSumWeight, logSumWeightSubtree)

		add(t.rho, t.rhoBck, t.rhoFwd)
		// Demand satisfaction around the merged subtrees...
		persist := uTurnFree(t.pSharpBckBck, t.pSharpFwdFwd, t.rho)
		// ...and between them.
		add(t.rhoExt, t.rhoBck, t.pFwdBck)
		persist = persist && uTurnFree(t.pSharpBckBck, t.pSharpFwdBck, t.rhoExt)
		add(t.rhoExt, t.rhoFwd, t.pBckFwd)
		persist = persist && uTurnFree(t.pSharpBckFwd, t.pSharpFwdFwd, t.rhoExt)
		if !persist {
			break
		}
	}

	z0.CopyFrom(t.zSample)
	accept := 0.0
	if t.nLeapfrog > 0 {
		accept = t.sumMetroProb / float64(t.nLeapfrog)
	}
	return Info{
		LogDensity: z0.LogProb,
		AcceptStat: accept,
		StepSize:   t.eps,
		TreeDepth:  depth,
		NLeapfrog:  t.nLeapfrog,
		Divergent:  t.divergent,
		Energy:     Energy(h, z0),
	}
}

// buildTree extends the trajectory from t.z by 2^depth steps in direction
// sign, writing the subtree's multinomial proposal into zPropose, its end
// momenta and velocities into pBeg, pSharpBeg, pEnd, pSharpEnd, adding its
// momenta to rho and its weights to logSumWeight. It reports whether the
// subtree is valid: no divergence and no U-turn.
func (t *tree) buildTree(depth int, zPropose *Point, pSharpBeg, pSharpEnd, rho, pBeg, pEnd []float64,
	sign float64, logSumWeight *float64) bool {
	if depth == 0 {
		t.integ.Step(t.h, t.z, sign*t.eps)
		t.nLeapfrog++
		h := Energy(t.h, t.z)
		if h-t.h0 > t.maxDeltaH {
			t.divergent = true
		}
		*logSumWeight = logSumExp(*logSumWeight, t.h0-h)
		if t.h0-h > 0 {
			t.sumMetroProb++
		} else {
			t.sumMetroProb += math.Exp(t.h0 - h)
		}
		zPropose.CopyFrom(t.z)
		t.h.Velocity(pSharpBeg, t.z)
		copy(pSharpEnd, pSharpBeg)
		for i, p := range t.z.P {
			rho[i] += p
		}
		copy(pBeg, t.z.P)
		copy(pEnd, t.z.P)
		return !t.divergent
	}

	l := &t.levels[depth]
	// The initial subtree.
	logSumWeightInit := math.Inf(-1)
	zero(l.rhoInit)
	if !t.buildTree(depth-1, zPropose, pSharpBeg, l.pSharpInitEnd, l.rhoInit, pBeg, l.pInitEnd, sign, &logSumWeightInit) {
		return false
	}
	// The final subtree.
	logSumWeightFinal := math.Inf(-1)
	zero(l.rhoFinal)
	if !t.buildTree(depth-1, l.zProposeFinal, l.pSharpFinalBeg, pSharpEnd, l.rhoFinal, l.pFinalBeg, pEnd, sign, &logSumWeightFinal) {
		return false
	}

	// Multinomial sample from the right subtree.
	logSumWeightSubtree := logSumExp(logSumWeightInit, logSumWeightFinal)
	*logSumWeight = logSumExp(*logSumWeight, logSumWeightSubtree)
	if logSumWeightFinal > logSumWeightSubtree {
		zPropose.CopyFrom(l.zProposeFinal)
	} else if t.rng.Float64() < math.Exp(logSumWeightFinal-logSumWeightSubtree) {
		zPropose.CopyFrom(l.zProposeFinal)
	}

	// rhoSubtree = rhoInit + rhoFinal, kept in rhoExt for the first check.
	add(l.rhoExt, l.rhoInit, l.rhoFinal)
	for i, v := range l.rhoExt {
		rho[i] += v
	}
	// Demand satisfaction around the merged subtrees...
	persist := uTurnFree(pSharpBeg, pSharpEnd, l.rhoExt)
	// ...and between them.
	add(l.rhoExt, l.rhoInit, l.pFinalBeg)
	persist = persist && uTurnFree(pSharpBeg, l.pSharpFinalBeg, l.rhoExt)
	add(l.rhoExt, l.rhoFinal, l.pInitEnd)
	persist = persist && uTurnFree(l.pSharpInitEnd, pSharpEnd, l.rhoExt)
	return persist
}

// uTurnFree is the generalized no-U-turn criterion: both end velocities
// point along the summed momentum.
func uTurnFree(pSharpMinus, pSharpPlus, rho []float64) bool {
	return dot(pSharpPlus, rho) > 0 && dot(pSharpMinus, rho) > 0
}

func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

func add(dst, a, b []float64) {
	a = a[:len(dst)]
	b = b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

func zero(x []float64) {
	for i := range x {
		x[i] = 0
	}
}

func logSumExp(a, b float64) float64 {
	if a == math.Inf(-1) {
		return b
	}
	if b == math.Inf(-1) {
		return a
	}
	if a > b {
		return a + math.Log1p(math.Exp(b-a))
	}
	return b + math.Log1p(math.Exp(a-b))
}
