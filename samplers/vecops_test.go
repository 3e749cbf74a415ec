package samplers

import (
	"math"
	"math/rand/v2"
	"testing"
)

func randVec(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	return x
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-13*math.Max(1, math.Abs(b)) }

func closeVec(a, b []float64) bool {
	for i := range a {
		if !near(a[i], b[i]) {
			return false
		}
	}
	return len(a) == len(b)
}

// TestLeapfrogDiag checks the fused leapfrog against Leapfrog.Step through
// the Hamiltonian interface, for the unit and a diagonal metric, in odd and
// even dimensions (the unrolled loops' remainders).
func TestLeapfrogDiag(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{1, 2, 7, 8} {
		tg := logistic(n, 20)
		inv := make([]float64, n)
		for i := range inv {
			inv[i] = 0.5 + rng.Float64()
		}
		diag, err := NewDiagMetric(inv)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []Metric{UnitMetric{N: n}, diag} {
			h := &Euclidean{Target: tg, Metric: m}
			_, invOrNil, fast := fastPath(h, Leapfrog)
			if !fast {
				t.Fatalf("%T: no fast path", m)
			}
			ref, z := NewPoint(n), NewPoint(n)
			copy(ref.Q, randVec(rng, n))
			copy(ref.P, randVec(rng, n))
			h.Update(ref)
			z.CopyFrom(ref)
			pOut, vOut := make([]float64, n), make([]float64, n)
			kin := leapfrogDiag(tg, z, invOrNil, 0.3, pOut, vOut)
			Leapfrog.Step(hidden{h}, ref, 0.3)
			v := make([]float64, n)
			h.Velocity(v, ref)
			if !closeVec(z.Q, ref.Q) || !closeVec(z.P, ref.P) || !closeVec(z.Grad, ref.Grad) || z.LogProb != ref.LogProb {
				t.Errorf("n=%d %T: fused step differs from Leapfrog.Step", n, m)
			}
			if !closeVec(pOut, ref.P) || !closeVec(vOut, v) || !near(kin, h.Kinetic(ref)) {
				t.Errorf("n=%d %T: outputs p, v, K = %v, %v, %v; want %v, %v, %v", n, m, pOut, vOut, kin, ref.P, v, h.Kinetic(ref))
			}

			// The pair variant: the same step, plus rho and the check.
			z2 := NewPoint(n)
			z2.CopyFrom(ref)
			z3 := NewPoint(n)
			z3.CopyFrom(ref)
			pA, sharpA := randVec(rng, n), randVec(rng, n)
			p2, v2, rho2 := make([]float64, n), make([]float64, n), make([]float64, n)
			kin2, ok2 := leapfrogDiagPair(tg, z2, invOrNil, -0.2, p2, v2, pA, sharpA, rho2)
			p3, v3, rho3 := make([]float64, n), make([]float64, n), make([]float64, n)
			kin3 := leapfrogDiag(tg, z3, invOrNil, -0.2, p3, v3)
			ok3 := pairNoUTurn(rho3, pA, sharpA, p3, v3)
			if !closeVec(z2.Q, z3.Q) || !closeVec(p2, p3) || !closeVec(v2, v3) || !closeVec(rho2, rho3) || !near(kin2, kin3) || ok2 != ok3 {
				t.Errorf("n=%d %T: leapfrogDiagPair differs from leapfrogDiag + pairNoUTurn", n, m)
			}
		}
	}
}

// TestSubtreeMultinomial checks the streamed multinomial draw within a
// subtree: over many depth-3 subtrees whose 8 states have known energies,
// the proposal's frequencies match the weights exp(H0 - H_j) / Σ (chi-square
// test, 7 degrees of freedom, critical value 24.32 at level 0.001), and the
// log-sum-weight is exact. The offsets exercise the rescaling of the
// running total for energies far below the start and the reference shift
// for energies far above it (both beyond exp's range, below the divergence
// threshold of 1000).
func TestSubtreeMultinomial(t *testing.T) {
	rel := []float64{0.5, -0.2, 1.0, 0, 2.0, -1.0, 0.3, 0.7}
	for _, offset := range []float64{0, -800, 800, 1.5} {
		energyAt := func(q float64) float64 {
			j := int(math.Round(q))
			if j < 1 || j > 8 {
				return 0
			}
			return offset + rel[j-1]
		}
		h := &fakeHam{n: 1, energyAt: energyAt}
		tr := newFakeTree(1, 5, h, fakeIntegrator{})
		tr.h0 = 0 // the energy at q = 0
		var w [8]float64
		var total float64
		for j, e := range rel {
			w[j] = math.Exp(-e)
			total += w[j]
		}
		wantLSW := -offset + math.Log(total)
		const reps = 20000
		var counts [8]float64
		vec := func() []float64 { return make([]float64, 1) }
		for rep := 0; rep < reps; rep++ {
			tr.z.Q[0], tr.z.P[0] = 0, 1
			h.Update(tr.z)
			tr.nLeapfrog, tr.sumMetroProb = 0, 0
			lsw := math.Inf(-1)
			if !tr.buildTree(3, tr.zPropose, vec(), vec(), vec(), vec(), vec(), 1, &lsw) {
				t.Fatalf("offset %v: subtree invalid", offset)
			}
			if math.Abs(lsw-wantLSW) > 1e-12*math.Max(1, math.Abs(wantLSW)) {
				t.Fatalf("offset %v: log sum weight %v, want %v", offset, lsw, wantLSW)
			}
			j := int(tr.zPropose.Q[0]) - 1
			if j < 0 || j > 7 || tr.zPropose.Q[0] != float64(j+1) {
				t.Fatalf("offset %v: proposal at q=%v", offset, tr.zPropose.Q[0])
			}
			counts[j]++
		}
		var chi2 float64
		for j := range counts {
			e := reps * w[j] / total
			chi2 += (counts[j] - e) * (counts[j] - e) / e
		}
		if chi2 > 24.32 {
			t.Errorf("offset %v: chi-square %.1f > 24.32 (counts %v)", offset, chi2, counts)
		}
	}
}

// hidden hides a *Euclidean from the fast paths, which then go through the
// Hamiltonian's methods.
type hidden struct{ *Euclidean }

// TestSplittingDiag checks the fused splittings against the stages taken
// through the Hamiltonian's methods: the same arithmetic, so the same bits.
func TestSplittingDiag(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	const n = 5
	tg := logistic(n, 20)
	diag, err := NewDiagMetric([]float64{0.5, 1, 2, 0.7, 1.3})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []Splitting{Leapfrog, TwoStage, ModifiedEuler} {
		for _, m := range []Metric{UnitMetric{N: n}, diag} {
			h := &Euclidean{Target: tg, Metric: m}
			a, b := NewPoint(n), NewPoint(n)
			copy(a.Q, randVec(rng, n))
			copy(a.P, randVec(rng, n))
			h.Update(a)
			b.CopyFrom(a)
			for step := 0; step < 3; step++ {
				s.Step(h, a, 0.25)
				s.Step(hidden{h}, b, 0.25)
			}
			for i := range a.Q {
				if a.Q[i] != b.Q[i] || a.P[i] != b.P[i] || a.Grad[i] != b.Grad[i] || a.LogProb != b.LogProb {
					t.Fatalf("%v %T: fused (q, p) = (%v, %v), through the interface (%v, %v)", s, m, a.Q, a.P, b.Q, b.P)
				}
			}
		}
	}
}

// slowLeapfrog is the leapfrog hidden from the fast path.
type slowLeapfrog struct{ Splitting }

// TestFastPathMatchesInterfaces runs NUTS and HMC with the leapfrog on the
// fused fast path and through the Hamiltonian and Integrator interfaces from
// the same seed: the draws agree to rounding.
func TestFastPathMatchesInterfaces(t *testing.T) {
	const n = 7
	tg := logistic(n, 30)
	inv := []float64{0.5, 1, 2, 0.7, 1.3, 0.9, 1.1}
	diag, err := NewDiagMetric(inv)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []Metric{nil, diag} {
		kernels := [][2]Kernel{
			{NUTS{StepSize: 0.3, Metric: m}, NUTS{StepSize: 0.3, Metric: m, Integrator: slowLeapfrog{Leapfrog}}},
			{HMC{StepSize: 0.2, Steps: 7, Metric: m}, HMC{StepSize: 0.2, Steps: 7, Metric: m, Integrator: slowLeapfrog{Leapfrog}}},
		}
		for _, pair := range kernels {
			var draws [2][]float64
			var leapfrogs [2]int
			for i, k := range pair {
				s, err := k.Init(tg, make([]float64, n))
				if err != nil {
					t.Fatal(err)
				}
				rng := rand.New(rand.NewPCG(21, 22))
				for step := 0; step < 50; step++ {
					info := k.Step(rng, s)
					leapfrogs[i] += info.NLeapfrog
					draws[i] = append(draws[i], s.Position...)
				}
			}
			if leapfrogs[0] != leapfrogs[1] {
				t.Errorf("%T metric %T: %d vs %d leapfrog steps", pair[0], m, leapfrogs[0], leapfrogs[1])
			}
			for i := range draws[0] {
				if math.Abs(draws[0][i]-draws[1][i]) > 1e-9 {
					t.Fatalf("%T metric %T: draw element %d: %v fast, %v through the interfaces", pair[0], m, i, draws[0][i], draws[1][i])
				}
			}
		}
	}
}

// TestTransitionExtremeEnergies runs transitions whose energies move by
// more than exp's range per step, exercising the rescaled weights: when the
// energy falls by 800 per step the sample is the last state reached, with
// probability 1 - O(e^-800); when it rises by 750 per step (the divergence
// threshold raised out of the way) the sample stays at the start.
func TestTransitionExtremeEnergies(t *testing.T) {
	for _, slope := range []float64{-800, 750} {
		h := &fakeHam{n: 1, energyAt: func(q float64) float64 { return slope * math.Abs(q) }}
		rng := rand.New(rand.NewPCG(9, 10))
		for rep := 0; rep < 20; rep++ {
			tr := newFakeTree(1, 4, h, fakeIntegrator{})
			tr.maxDeltaH = 1e9
			z := NewPoint(1)
			z.Q[0] = 0
			h.Update(z)
			info := tr.transition(rng, z, 4)
			if info.Divergent || info.TreeDepth != 4 || math.IsNaN(info.Energy) || math.IsNaN(z.LogProb) {
				t.Fatalf("slope %v rep %d: info %+v", slope, rep, info)
			}
			q := z.Q[0]
			if slope < 0 {
				// The trajectory spans 16 states besides the start; the
				// last subtree (8 states) lies beyond the others, at
				// |q| up to 15.
				if math.Abs(q) < 8 || math.Abs(z.LogProb-(-slope*math.Abs(q))) > 1e-9 || info.AcceptStat != 1 {
					t.Fatalf("slope %v rep %d: sample at q=%v (log p %v, accept %v), want the far end", slope, rep, q, z.LogProb, info.AcceptStat)
				}
			} else if q != 0 || info.Energy != 0 || info.AcceptStat > 1e-300 {
				t.Fatalf("slope %v rep %d: sample at q=%v, energy %v, accept %v; want the start, 0, 0", slope, rep, q, info.Energy, info.AcceptStat)
			}
		}
	}
}
