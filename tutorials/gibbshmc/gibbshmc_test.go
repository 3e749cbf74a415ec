package gibbshmc

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/bayesnn-go/bayesnn/datasets"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/report"
	"github.com/bayesnn-go/bayesnn/samplers"
	"github.com/bayesnn-go/bayesnn/tutorials/tutorial"
)

func testModel(t *testing.T) *Model {
	t.Helper()
	d, err := datasets.GibbsHMCLinear().Simulate(1)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModel(d)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestGradient checks LogProb's gradient against central finite
// differences at random points.
func TestGradient(t *testing.T) {
	m := testModel(t)
	rng := rand.New(rand.NewPCG(1, 2))
	grad := make([]float64, m.Dim())
	want := make([]float64, m.Dim())
	for trial := 0; trial < 5; trial++ {
		x := make([]float64, m.Dim())
		for j := range x {
			x[j] = 2*rng.Float64() - 1
		}
		x[m.Dim()-1] = 0.5 + 5*rng.Float64()
		m.LogProb(grad, x)
		fd.Gradient(want, func(x []float64) float64 { return m.LogProb(make([]float64, len(x)), x) }, x, &fd.Settings{Formula: fd.Central})
		for j := range grad {
			// Central differences with the default step are accurate to
			// about 1e-6 relative for this smooth polynomial-log density.
			if math.Abs(grad[j]-want[j]) > 1e-5*math.Max(1, math.Abs(want[j])) {
				t.Errorf("trial %d: d/d%s = %v, finite differences %v", trial, m.ParamNames()[j], grad[j], want[j])
			}
		}
	}
	if lp := m.LogProb(grad, []float64{0, 0, 0, 0, -1}); !math.IsInf(lp, -1) {
		t.Errorf("log p at τ = -1 is %v, want -Inf", lp)
	}
}

// TestExactAgainstGibbs checks the quadrature against a long run of the
// two-block Gibbs sampler with exact conditionals: |mean − exact| < 4 MCSE.
func TestExactAgainstGibbs(t *testing.T) {
	m := testModel(t)
	e, err := m.ExactPosterior(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	const chains, n = 4, 2500
	draws := make([][][]float64, m.Dim()) // param × chain × draw
	for j := range draws {
		draws[j] = make([][]float64, chains)
	}
	for c := 0; c < chains; c++ {
		x, err := m.ExactGibbs(n, make([]float64, m.Inputs()+1), uint64(c+1))
		if err != nil {
			t.Fatal(err)
		}
		for j := range draws {
			for _, row := range x[100:] {
				draws[j][c] = append(draws[j][c], row[j])
			}
		}
	}
	for j, name := range e.Names {
		mean, sd := meanSD(draws[j])
		se, err := diag.MCSEMean(draws[j])
		if err != nil {
			t.Fatal(err)
		}
		if z := (mean - e.Mean[j]) / se; math.Abs(z) > 4 {
			t.Errorf("%s: Gibbs mean %.5f, quadrature %.5f, z = %.2f", name, mean, e.Mean[j], z)
		}
		t.Logf("%s: Gibbs %.5f ± %.5f (sd %.4f), quadrature %.5f (sd %.4f)", name, mean, se, sd, e.Mean[j], e.SD[j])
	}
	// The marginal densities integrate to 1 and have the quadrature's
	// means (midpoint rule on a fine grid over ±10 sd: error far below
	// 1e-4).
	for j := range e.Names {
		dens := e.TauDensity()
		if j < m.Inputs()+1 {
			dens = e.Density(j)
		}
		lo, hi := e.Mean[j]-10*e.SD[j], e.Mean[j]+10*e.SD[j]
		const n = 4000
		h := (hi - lo) / n
		var mass, mean float64
		for i := 0; i < n; i++ {
			x := lo + (float64(i)+0.5)*h
			mass += dens(x) * h
			mean += x * dens(x) * h
		}
		if math.Abs(mass-1) > 1e-4 || math.Abs(mean-e.Mean[j]) > 1e-3*e.SD[j] {
			t.Errorf("%s: density integrates to %.6f with mean %.5f, want 1 and %.5f", e.Names[j], mass, mean, e.Mean[j])
		}
	}
}

// TestTutorial runs the tutorial at CI size and checks its results: the
// leapfrog posterior means within 4 MCSE of the exact answer, and the test
// MSE within 4 standard errors of σ² plus the excess expected from the
// error of the posterior means.
func TestTutorial(t *testing.T) {
	r := report.New(Tutorial.Title)
	env := &tutorial.Env{Ctx: context.Background(), Size: tutorial.CI, Seed: 1, Out: r}
	// As the notebook cells do: each section continues from a gob-decoded
	// copy of the state the previous one left.
	state, err := Tutorial.RunAsCells(env)
	if err != nil {
		t.Fatal(err)
	}
	st := state.(*State)
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	names := []string{"w1", "w2", "w3", "b", "tau"}
	for j, z := range st.Leapfrog.Z {
		// 4 Monte Carlo standard errors: a false alarm about once in 16,000
		// per parameter for an exact sampler.
		if math.Abs(z) > 4 {
			t.Errorf("leapfrog %s: mean %.4f, exact %.4f, %.1f MCSE away", names[j], st.Leapfrog.Mean[j], st.ExactMean[j], z)
		}
	}
	if st.Leapfrog.Accept < 0.9 {
		// ε = 0.01 is far below leapfrog's stability limit 2/ω (ω ≈ 22 for
		// the bias): the energy error is O(ε²) and acceptance near 1.
		t.Errorf("leapfrog acceptance %.3f, want > 0.9", st.Leapfrog.Accept)
	}
	if len(st.Others) != 2 || st.Others[0].Accept >= st.Leapfrog.Accept {
		t.Errorf("Euler should accept less than leapfrog: %+v", st.Others)
	}
	if st.TestN != testN {
		t.Fatalf("test size %d, want %d", st.TestN, testN)
	}
	s2 := noiseSD * noiseSD
	if z := (st.TestMSE - s2 - st.ExcessMSE) / st.TestSE; math.Abs(z) > 4 {
		t.Errorf("test MSE %.4f, σ² + excess = %.4f, %.1f standard errors away", st.TestMSE, s2+st.ExcessMSE, z)
	}
	t.Logf("leapfrog z %v, acceptance %.3f; Euler %.3f, modified Euler %.3f; test MSE %.4f ± %.4f (excess %.4f)",
		st.Leapfrog.Z, st.Leapfrog.Accept, st.Others[0].Accept, st.Others[1].Accept, st.TestMSE, st.TestSE, st.ExcessMSE)
}

// TestVolumeFactor checks the physics of the integrators on the
// conditional Gaussian: leapfrog and modified Euler preserve volume, Euler
// expands it by det(I + ε²K) per step, K the precision of β | τ.
func TestVolumeFactor(t *testing.T) {
	m := testModel(t)
	const tau, eps, steps = 4.0, 0.01, 20
	cond := m.Conditional(tau)
	q0 := []float64{1, -1, 0.5, 0.5}
	p0 := []float64{0.3, -0.2, 1, 0.1}
	for _, integ := range []samplers.Integrator{samplers.Leapfrog, samplers.ModifiedEuler} {
		// The map is linear, so central differences are exact up to
		// rounding: 1e-6 is far above rounding and far below Euler's 1.1.
		if v := VolumeFactor(integ, cond, q0, p0, eps, steps); math.Abs(v-1) > 1e-6 {
			t.Errorf("%v: volume factor %v, want 1", integ, v)
		}
	}
	// Euler: det(I + ε²K)^steps with K = τ XᵀX + I/σ₀² (the Hessian of
	// −log p in β).
	p := m.Inputs()
	k := mat.NewSymDense(p+1, nil)
	for _, r := range m.X {
		row := append(append([]float64(nil), r...), 1)
		for a := range row {
			for b := a; b <= p; b++ {
				k.SetSym(a, b, k.At(a, b)+tau*row[a]*row[b])
			}
		}
	}
	var ik mat.SymDense
	ik.ScaleSym(eps*eps, k)
	for a := 0; a <= p; a++ {
		ik.SetSym(a, a, ik.At(a, a)+1+eps*eps/(m.Sigma0*m.Sigma0))
	}
	want := math.Pow(mat.Det(&ik), steps)
	if v := VolumeFactor(samplers.Euler, cond, q0, p0, eps, steps); math.Abs(v-want) > 1e-6*want {
		t.Errorf("Euler volume factor %v, want det(I + ε²K)^L = %v", v, want)
	}
}
