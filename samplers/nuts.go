package samplers

import (
	"errors"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/density"
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
	Hamiltonian func(density.Target) (Hamiltonian, error)
	// MaxDeltaH is the energy error that marks a divergence (default 1000).
	MaxDeltaH float64
	// StepSizeJitter draws each transition's step size uniformly in
	// StepSize·[1-j, 1+j]; it must be in [0, 1). This field is for a
	// kernel stepped directly: Sample sets it from Options.StepSizeJitter
	// after warm-up.
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
func (k NUTS) Init(t density.Target, x []float64) (*State, error) {
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
func (k NUTS) Step(rng *rand.Rand, s *State) DrawStats {
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
//
// The multinomial draw within a subtree is streamed: each new state replaces
// the subtree's proposal with probability w/W, its weight w = exp(H0 - H)
// over the subtree's running total W. The proposal is then distributed in
// proportion to the weights, as with Stan's recursive draw, which compounds
// the same ratios, but needs no log-sum-exp per merge and copies a state
// about ln(2^depth) times per subtree rather than at every step. The biased
// progressive draw between the old tree and a new subtree is Stan's.
type tree struct {
	h         Hamiltonian
	integ     Integrator
	eps       float64
	maxDeltaH float64

	// The fast path: a Euclidean Hamiltonian with a unit (inv nil) or
	// diagonal metric integrated by leapfrog, fused into two passes per step.
	fast   bool
	euclid *Euclidean // h as a *Euclidean, nil otherwise
	target density.Target
	inv    []float64
	ones   []float64 // a unit diagonal: the AVX2 kernels take the unit metric as diagonal

	h0           float64 // energy at the start of the transition
	nLeapfrog    int     // integrator steps taken
	sumMetroProb float64 // Σ min(1, exp(H0 - H)) over the steps
	divergent    bool
	rng          *rand.Rand

	// The streamed multinomial draw within the current subtree: weights are
	// exp(H0 - H - subRef) and subSum is their total.
	subRef, subSum float64

	z          *Point    // the point being integrated: an end of the trajectory
	pool       [2]*Point // buffers for the two ends of the trajectory
	zPropose   *Point    // the current subtree's proposal (Q, Grad, LogProb)
	zSpare     *Point    // a second proposal buffer
	propEnergy float64   // the energy of zPropose

	// The two ends of the trajectory: momenta and velocities ("sharp").
	pFwd, pSharpFwd, pBck, pSharpBck []float64
	rho                              []float64 // summed momenta of the trajectory
	// A new subtree: momenta and velocities at its first (beg, next to the
	// trajectory) and last (end) states, and its summed momenta.
	nBeg, nSharpBeg, nEnd, nSharpEnd, nRho []float64

	levels []treeLevel // scratch of build at each depth
}

// treeLevel is the scratch of one build call at a given depth.
type treeLevel struct {
	pInitEnd, pSharpInitEnd   []float64 // the end of the initial subtree
	pFinalBeg, pSharpFinalBeg []float64 // the beginning of the final subtree
	rhoInit, rhoFinal         []float64 // summed momenta of the two subtrees
}

func newTree(n, maxDepth int) *tree {
	var buf []float64
	stride := padded(n) // each vector on its own cache lines
	vec := func() []float64 {
		if len(buf) < n {
			buf = alignedFloats(64 * stride)
		}
		v := buf[:n:n]
		buf = buf[min(stride, len(buf)):]
		return v
	}
	t := &tree{
		zPropose: NewPoint(n), zSpare: NewPoint(n),
		pFwd: vec(), pSharpFwd: vec(), pBck: vec(), pSharpBck: vec(), rho: vec(),
		nBeg: vec(), nSharpBeg: vec(), nEnd: vec(), nSharpEnd: vec(), nRho: vec(),
		ones: vec(),
	}
	for i := range t.ones {
		t.ones[i] = 1
	}
	for i := range t.pool {
		t.pool[i] = NewPoint(n)
	}
	t.z = t.pool[0]
	t.levels = make([]treeLevel, maxDepth+1)
	for i := 2; i < len(t.levels); i++ { // depths 0 and 1 need no scratch
		t.levels[i] = treeLevel{
			pInitEnd: vec(), pSharpInitEnd: vec(),
			pFinalBeg: vec(), pSharpFinalBeg: vec(),
			rhoInit: vec(), rhoFinal: vec(),
		}
	}
	return t
}

// prepare selects the fast path when the Hamiltonian and integrator allow it.
func (t *tree) prepare() {
	t.euclid, t.inv, t.fast = fastPath(t.h, t.integ)
	if t.fast && t.inv == nil && useAVX2 {
		// Multiplying by 1 is exact: the results are those of the unit path.
		t.inv = t.ones
	}
	t.target = nil
	if t.euclid != nil {
		t.target = t.euclid.Target
	}
}

// fastPath returns h as a *Euclidean (nil if it is not one) and reports
// whether integ is the leapfrog and the metric unit or diagonal, so that a
// step can be fused by leapfrogDiag with the inverse metric inv (nil: unit).
func fastPath(h Hamiltonian, integ Integrator) (e *Euclidean, inv []float64, fast bool) {
	e, ok := h.(*Euclidean)
	if !ok || !isLeapfrog(integ) {
		return e, nil, false
	}
	inv, fast = diagInverse(e.Metric)
	return e, inv, fast
}

// isLeapfrog reports whether integ is the leapfrog splitting {0.5, 1, 0.5}.
func isLeapfrog(integ Integrator) bool {
	s, ok := integ.(Splitting)
	return ok && len(s.Coeffs) == 3 && s.Coeffs[0] == 0.5 && s.Coeffs[1] == 1 && s.Coeffs[2] == 0.5
}

// transition runs one NUTS transition from z0 (whose position and potential
// are set) and leaves the sample in z0 (position, gradient and log p).
func (t *tree) transition(rng *rand.Rand, z0 *Point, maxDepth int) DrawStats {
	t.prepare()
	h := t.h
	t.rng = rng
	h.SampleMomentum(rng, z0)
	if t.fast {
		t.h0 = 0.5*startEnds(z0.P, t.inv, t.pFwd, t.pSharpFwd, t.pBck, t.pSharpBck, t.rho) - z0.LogProb
		if math.IsNaN(t.h0) {
			t.h0 = math.Inf(1)
		}
	} else {
		h.Velocity(t.pSharpFwd, z0)
		copy(t.pFwd, z0.P)
		copy(t.pBck, z0.P)
		copy(t.pSharpBck, t.pSharpFwd)
		copy(t.rho, z0.P)
		t.h0 = Energy(h, z0)
	}
	t.nLeapfrog = 0
	t.sumMetroProb = 0
	t.divergent = false

	// The ends of the trajectory start at z0, which is only read: the first
	// extension each way copies it into a buffer of the pool; later ones
	// integrate the end in place.
	fwd, bck := z0, z0
	nextFree := 0
	zSample, sampleEnergy := z0, t.h0
	// Σ exp(H0 - H - totRef) over the trajectory, in the scale of the
	// subtrees' weights when they share its reference (the common case:
	// then no exp or log is needed), else in log space.
	totRef, totSum := 0.0, 1.0

	depth := 0
	for depth < maxDepth {
		forward := rng.Float64() > 0.5
		end, sign := &bck, -1.0
		if forward {
			end, sign = &fwd, 1
		}
		if *end == z0 {
			*end = t.pool[nextFree]
			nextFree++
			(*end).CopyFrom(z0)
		}
		t.z = *end
		t.subRef, t.subSum = 0, 0
		if !t.build(depth, sign, t.nBeg, t.nSharpBeg, t.nEnd, t.nSharpEnd, t.nRho) {
			break
		}
		depth++

		// Biased progressive sampling between the old tree and the subtree:
		// the subtree's proposal with probability min(1, W_subtree/W_old).
		var take bool
		if t.subRef == totRef {
			take = t.subSum > totSum || rng.Float64()*totSum < t.subSum
			totSum += t.subSum
		} else {
			logSumWeight := totRef + math.Log(totSum)
			logSumWeightSubtree := t.subRef + math.Log(t.subSum)
			take = logSumWeightSubtree > logSumWeight || rng.Float64() < math.Exp(logSumWeightSubtree-logSumWeight)
			totRef = math.Max(totRef, t.subRef)
			totSum = math.Exp(logSumWeight-totRef) + math.Exp(logSumWeightSubtree-totRef)
		}
		if take {
			if zSample == z0 {
				zSample, t.zPropose = t.zPropose, t.zSpare
			} else {
				zSample, t.zPropose = t.zPropose, zSample
			}
			sampleEnergy = t.propEnergy
		}

		// Demand satisfaction around the merged subtrees and between them,
		// the trajectory in time order being [bck ... fwd].
		var persist bool
		if forward {
			persist = mergeNoUTurn(t.rho, t.rho, t.nRho, t.pSharpBck, t.pFwd, t.pSharpFwd, t.nBeg, t.nSharpBeg, t.nSharpEnd)
			t.pFwd, t.nEnd = t.nEnd, t.pFwd
			t.pSharpFwd, t.nSharpEnd = t.nSharpEnd, t.pSharpFwd
		} else {
			persist = mergeNoUTurn(t.rho, t.nRho, t.rho, t.nSharpEnd, t.nBeg, t.nSharpBeg, t.pBck, t.pSharpBck, t.pSharpFwd)
			t.pBck, t.nEnd = t.nEnd, t.pBck
			t.pSharpBck, t.nSharpEnd = t.nSharpEnd, t.pSharpBck
		}
		if !persist {
			break
		}
	}
	if zSample != z0 {
		copy(z0.Q, zSample.Q)
		copy(z0.Grad, zSample.Grad)
		z0.LogProb = zSample.LogProb
		t.zSpare = zSample // a proposal buffer again
	}

	accept := 0.0
	if t.nLeapfrog > 0 {
		accept = t.sumMetroProb / float64(t.nLeapfrog)
	}
	return DrawStats{
		LogDensity: z0.LogProb,
		AcceptStat: accept,
		StepSize:   t.eps,
		TreeDepth:  depth,
		NLeapfrog:  t.nLeapfrog,
		Divergent:  t.divergent,
		Energy:     sampleEnergy,
	}
}

// buildTree extends the trajectory from t.z by 2^depth steps in direction
// sign, drawing the subtree's multinomial proposal into zPropose, writing its
// end momenta and velocities into pBeg, pSharpBeg, pEnd, pSharpEnd and its
// summed momenta into rho, and adding its weights to logSumWeight. It reports
// whether the subtree is valid: no divergence and no U-turn. (The form of
// Stan's build_tree, for tests; transition calls build.)
func (t *tree) buildTree(depth int, zPropose *Point, pSharpBeg, pSharpEnd, rho, pBeg, pEnd []float64,
	sign float64, logSumWeight *float64) bool {
	t.prepare()
	saved := t.zPropose
	t.zPropose = zPropose
	t.subRef, t.subSum = 0, 0
	valid := t.build(depth, sign, pBeg, pSharpBeg, pEnd, pSharpEnd, rho)
	t.zPropose = saved
	*logSumWeight = logSumExp(*logSumWeight, t.subRef+math.Log(t.subSum))
	return valid
}

// build extends the trajectory from t.z by 2^depth steps in direction sign.
// It writes the momenta and velocities at the subtree's first and last
// states into pBeg, pSharpBeg and pEnd, pSharpEnd, its summed momenta into
// rho, streams its states into the multinomial draw, and reports whether the
// subtree is valid: no divergence and no U-turn within it.
func (t *tree) build(depth int, sign float64, pBeg, pSharpBeg, pEnd, pSharpEnd, rho []float64) bool {
	switch depth {
	case 0:
		if !t.leaf(sign, pBeg, pSharpBeg) {
			return false
		}
		copy(pEnd, pBeg)
		copy(pSharpEnd, pSharpBeg)
		copy(rho, pBeg)
		return true
	case 1:
		return t.leaf(sign, pBeg, pSharpBeg) && t.leafPair(sign, pBeg, pSharpBeg, pEnd, pSharpEnd, rho)
	}
	l := &t.levels[depth]
	return t.build(depth-1, sign, pBeg, pSharpBeg, l.pInitEnd, l.pSharpInitEnd, l.rhoInit) &&
		t.build(depth-1, sign, l.pFinalBeg, l.pSharpFinalBeg, pEnd, pSharpEnd, l.rhoFinal) &&
		mergeNoUTurn(rho, l.rhoInit, l.rhoFinal, pSharpBeg, l.pInitEnd, l.pSharpInitEnd, l.pFinalBeg, l.pSharpFinalBeg, pSharpEnd)
}

// leaf takes one integrator step from t.z, writes the new momentum and
// velocity into p and pSharp, streams the new state into the subtree's
// multinomial draw and reports whether the step is not divergent.
func (t *tree) leaf(sign float64, p, pSharp []float64) bool {
	if t.fast {
		return t.record(leapfrogDiag(t.target, t.z, t.inv, sign*t.eps, p, pSharp))
	}
	return t.record(t.step(sign, p, pSharp))
}

// leafPair is leaf for the second of two single states merged into a
// subtree of depth 1, the first having written pA and sharpA: it also sets
// rho = pA + p and checks the no-U-turn criterion across the pair. (Of
// Stan's three checks on such a merge, the two extra ones coincide with the
// first.)
func (t *tree) leafPair(sign float64, pA, sharpA, p, pSharp, rho []float64) bool {
	if t.fast {
		kinetic, noUTurn := leapfrogDiagPair(t.target, t.z, t.inv, sign*t.eps, p, pSharp, pA, sharpA, rho)
		return t.record(kinetic) && noUTurn
	}
	return t.record(t.step(sign, p, pSharp)) && pairNoUTurn(rho, pA, sharpA, p, pSharp)
}

// step takes one integrator step from t.z through the interfaces, writes
// the new momentum and velocity into p and pSharp and returns the kinetic
// energy.
func (t *tree) step(sign float64, p, pSharp []float64) float64 {
	z := t.z
	t.integ.Step(t.h, z, sign*t.eps)
	if t.euclid != nil {
		// K = ½ pᵀM⁻¹p = ½ p·(M⁻¹p): one product with M⁻¹, not two.
		t.euclid.Metric.Velocity(pSharp, z.P)
		copy(p, z.P)
		return 0.5 * dot(p, pSharp)
	}
	t.h.Velocity(pSharp, z)
	copy(p, z.P)
	return t.h.Kinetic(z)
}

// record counts the step just taken to t.z, whose kinetic energy is given,
// streams it into the subtree's multinomial draw and reports whether it is
// not divergent.
func (t *tree) record(kinetic float64) bool {
	z := t.z
	t.nLeapfrog++
	h := kinetic - z.LogProb
	if !(h > math.Inf(-1)) { // NaN, or log p = +Inf
		h = math.Inf(1)
	}
	if h-t.h0 > t.maxDeltaH {
		t.divergent = true
	}

	// The state's weight relative to the subtree's reference subRef, which
	// moves (rescaling the total) in the rare cases of energies more than
	// 700 below the start, or of a subtree starting more than 700 above it,
	// where exp would overflow or underflow.
	lw := t.h0 - h
	var w float64
	if d := lw - t.subRef; d > 700 || (t.subSum == 0 && d < -700 && lw > math.Inf(-1)) {
		if t.subSum != 0 {
			t.subSum *= math.Exp(-d)
		}
		t.subRef, w = lw, 1
	} else {
		w = expWeight(d)
	}
	if lw >= 0 {
		t.sumMetroProb++
	} else if t.subRef == 0 {
		t.sumMetroProb += w
	} else {
		t.sumMetroProb += math.Exp(lw)
	}
	t.subSum += w
	if w > 0 && (w == t.subSum || t.rng.Float64()*t.subSum < w) {
		zp := t.zPropose
		copy(zp.Q, z.Q)
		copy(zp.Grad, z.Grad)
		zp.LogProb = z.LogProb
		t.propEnergy = h
	}
	return !t.divergent
}

// logSumExp returns log(exp(a) + exp(b)).
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
