package samplers

import (
	"math"
	"math/rand/v2"
	"testing"
)

// fakeHam is a Hamiltonian whose energy is set per position by energyAt
// (constant when nil), with unit velocity dK/dp = p and a kinetic energy of
// zero, so the tree's arithmetic is exact.
type fakeHam struct {
	n        int
	energyAt func(q float64) float64
}

func (h *fakeHam) Dim() int                              { return h.n }
func (h *fakeHam) Kinetic(z *Point) float64              { return 0 }
func (h *fakeHam) Velocity(dst []float64, z *Point)      { copy(dst, z.P) }
func (h *fakeHam) SampleMomentum(_ *rand.Rand, z *Point) { fill(z.P, 1) }
func (h *fakeHam) Update(z *Point) {
	z.LogProb = 0
	if h.energyAt != nil {
		z.LogProb = -h.energyAt(z.Q[0])
	}
}
func (h *fakeHam) Kick(z *Point, eps float64) {}
func (h *fakeHam) Move(z *Point, v []float64, eps float64) {
	for i := range z.Q {
		z.Q[i] += eps * v[i]
	}
	h.Update(z)
}

// fakeIntegrator moves q by eps·p and leaves p alone; flipAt reverses the
// momentum once |q| reaches it (0: never), making a U-turn.
type fakeIntegrator struct{ flipAt float64 }

func (f fakeIntegrator) Step(h Hamiltonian, z *Point, eps float64) {
	h.Move(z, z.P, eps)
	if f.flipAt > 0 && math.Abs(z.Q[0]) >= f.flipAt {
		for i := range z.P {
			z.P[i] = -z.P[i]
		}
	}
}
func (fakeIntegrator) Gradients() int { return 1 }

func fill(x []float64, v float64) {
	for i := range x {
		x[i] = v
	}
}

func newFakeTree(n, maxDepth int, h Hamiltonian, integ Integrator) *tree {
	t := newTree(n, maxDepth)
	t.h, t.integ, t.eps, t.maxDeltaH = h, integ, 1, 1000
	t.rng = rand.New(rand.NewPCG(1, 2))
	return t
}

func TestBuildTreeExact(t *testing.T) {
	const n = 3
	h := &fakeHam{n: n}
	tr := newFakeTree(n, 10, h, fakeIntegrator{})
	fill(tr.z.P, 1)
	h.Update(tr.z)
	tr.h0 = Energy(h, tr.z)

	vec := func() []float64 { return make([]float64, n) }
	pSharpBeg, pSharpEnd, rho, pBeg, pEnd := vec(), vec(), vec(), vec(), vec()
	lsw := math.Inf(-1)
	valid := tr.buildTree(3, tr.zPropose, pSharpBeg, pSharpEnd, rho, pBeg, pEnd, 1, &lsw)
	if !valid {
		t.Fatal("depth-3 tree with constant positive momentum reported a U-turn or divergence")
	}
	// 2^3 = 8 leapfrogs, each of weight exp(H0 - H) = 1: log-sum-weight log 8
	// (Stan's base_nuts test: H0 + log 8 with its offset convention).
	if tr.nLeapfrog != 8 {
		t.Errorf("n_leapfrog = %d, want 8", tr.nLeapfrog)
	}
	if math.Abs(lsw-math.Log(8)) > 1e-14 {
		t.Errorf("log sum weight = %v, want log 8 = %v", lsw, math.Log(8))
	}
	if tr.sumMetroProb != 8 {
		t.Errorf("sum of Metropolis probabilities = %v, want 8", tr.sumMetroProb)
	}
	for i := 0; i < n; i++ {
		if tr.z.Q[i] != 8 || rho[i] != 8 || pBeg[i] != 1 || pEnd[i] != 1 || pSharpBeg[i] != 1 || pSharpEnd[i] != 1 {
			t.Fatalf("coordinate %d: q=%v rho=%v pBeg=%v pEnd=%v sharp=%v,%v; want 8 8 1 1 1 1",
				i, tr.z.Q[i], rho[i], pBeg[i], pEnd[i], pSharpBeg[i], pSharpEnd[i])
		}
	}
	if q := tr.zPropose.Q[0]; q < 1 || q > 8 || q != math.Trunc(q) {
		t.Errorf("proposal at q=%v, want one of the 8 new states 1..8", q)
	}
	if tr.divergent {
		t.Error("divergent with constant energy")
	}
}

func TestTransitionDepthLimit(t *testing.T) {
	h := &fakeHam{n: 2}
	for _, maxDepth := range []int{1, 3, 5} {
		tr := newFakeTree(2, maxDepth, h, fakeIntegrator{})
		z := NewPoint(2)
		h.Update(z)
		info := tr.transition(rand.New(rand.NewPCG(3, 4)), z, maxDepth)
		// No U-turn ever: the tree stops at the maximum depth after
		// 1 + 2 + ... + 2^(d-1) = 2^d - 1 steps.
		if info.TreeDepth != maxDepth || info.NLeapfrog != 1<<maxDepth-1 {
			t.Errorf("max depth %d: depth %d, n_leapfrog %d; want %d, %d",
				maxDepth, info.TreeDepth, info.NLeapfrog, maxDepth, 1<<maxDepth-1)
		}
		if info.AcceptStat != 1 || info.Divergent {
			t.Errorf("max depth %d: accept %v divergent %v, want 1 false", maxDepth, info.AcceptStat, info.Divergent)
		}
	}
}

func TestTransitionUTurn(t *testing.T) {
	// The momentum reverses once |q| reaches 2.5: the trajectory, whichever
	// directions it takes, must stop well before the maximum depth.
	h := &fakeHam{n: 1}
	rng := rand.New(rand.NewPCG(5, 6))
	for rep := 0; rep < 50; rep++ {
		tr := newFakeTree(1, 10, h, fakeIntegrator{flipAt: 2.5})
		z := NewPoint(1)
		h.Update(z)
		info := tr.transition(rng, z, 10)
		if info.TreeDepth >= 10 || info.NLeapfrog > 16 {
			t.Fatalf("rep %d: depth %d n_leapfrog %d: the U-turn was not detected", rep, info.TreeDepth, info.NLeapfrog)
		}
		if math.Abs(z.Q[0]) > 4 {
			t.Fatalf("rep %d: sample at q=%v beyond the turning point", rep, z.Q[0])
		}
	}
}

func TestTransitionDivergence(t *testing.T) {
	// Energy jumps by 2000 > 1000 beyond |q| = 3: the transition is divergent,
	// and the sample comes from before the divergent subtree.
	h := &fakeHam{n: 1, energyAt: func(q float64) float64 {
		if math.Abs(q) > 3 {
			return 2000
		}
		return 0
	}}
	rng := rand.New(rand.NewPCG(7, 8))
	for rep := 0; rep < 50; rep++ {
		tr := newFakeTree(1, 10, h, fakeIntegrator{})
		z := NewPoint(1)
		h.Update(z)
		info := tr.transition(rng, z, 10)
		if !info.Divergent {
			t.Fatalf("rep %d: not divergent", rep)
		}
		if math.Abs(z.Q[0]) > 3 {
			t.Fatalf("rep %d: sample at q=%v from the divergent part", rep, z.Q[0])
		}
		if info.AcceptStat >= 1 {
			t.Fatalf("rep %d: accept stat %v should count the divergent step", rep, info.AcceptStat)
		}
	}
}
