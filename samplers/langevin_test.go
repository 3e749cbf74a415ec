package samplers

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/diff/fd"
)

// lgGauss is the centred Gaussian with precision matrix prec (row-major n×n).
func lgGauss(n int, prec []float64) density.FuncTarget {
	return density.FuncTarget{N: n, F: func(g, x []float64) float64 {
		var lp float64
		for i := 0; i < n; i++ {
			var s float64
			for j := 0; j < n; j++ {
				s += prec[i*n+j] * x[j]
			}
			g[i] = -s
			lp -= 0.5 * x[i] * s
		}
		return lp
	}}
}

// lgMixture is ½N(−1, 0.6²) + ½N(1, 0.6²) (unnormalised): a non-Gaussian
// target with bounded curvature (at most 1/0.6²) and Gaussian tails, so
// BAOAB does not explode at moderate step sizes. E[q²] = 1 + 0.36.
var lgMixture = density.FuncTarget{N: 1, F: func(g, x []float64) float64 {
	q := x[0]
	const s2 = 0.36
	a, b := math.Exp(-(q-1)*(q-1)/(2*s2)), math.Exp(-(q+1)*(q+1)/(2*s2))
	g[0] = (-(q-1)/s2*a - (q+1)/s2*b) / (a + b)
	return math.Log(a + b)
}}

// lgRun runs chains of BAOAB and returns draws[param][chain][draw].
func lgRun(t *testing.T, k BAOAB, tg density.Target, seed uint64, chains, warm, draws int) [][][]float64 {
	t.Helper()
	n := tg.Dim()
	out := make([][][]float64, n)
	for j := range out {
		out[j] = make([][]float64, chains)
	}
	for c := 0; c < chains; c++ {
		rng := rand.New(rand.NewPCG(seed, uint64(c)+1))
		s, err := k.Init(tg, make([]float64, n))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < warm; i++ {
			k.Step(rng, s)
		}
		for j := range out {
			out[j][c] = make([]float64, draws)
		}
		for i := 0; i < draws; i++ {
			if info := k.Step(rng, s); info.Divergent {
				t.Fatalf("chain %d draw %d divergent", c, i)
			}
			for j := range out {
				out[j][c][i] = s.Position[j]
			}
		}
	}
	return out
}

func TestLgTargetGradients(t *testing.T) {
	prec := []float64{1 / 0.36, -0.8 / 0.36, -0.8 / 0.36, 1 / 0.36} // inverse of [[1,.8],[.8,1]]
	for name, tg := range map[string]density.FuncTarget{"gauss": lgGauss(2, prec), "mixture": lgMixture} {
		for _, x := range [][]float64{{0.3, -0.7}, {1.4, 0.2}, {-2, 1}} {
			x = x[:tg.N]
			g := make([]float64, tg.N)
			tg.F(g, x)
			want := fd.Gradient(nil, func(x []float64) float64 { return tg.F(make([]float64, tg.N), x) }, x, &fd.Settings{Formula: fd.Central})
			for i := range g {
				if math.Abs(g[i]-want[i]) > 1e-6*(1+math.Abs(want[i])) {
					t.Errorf("%s at %v: grad[%d] = %v, finite differences %v", name, x, i, g[i], want[i])
				}
			}
		}
	}
}

// BAOAB samples a Gaussian's positions exactly at any step size below the
// stability limit (Leimkuhler and Matthews 2013, harmonic case): a large step
// shows no bias.
func TestLgGaussianCorrelatedExact(t *testing.T) {
	// Σ = [[1, .8], [.8, 1]], eigenvalues 0.2 and 1.8: with the unit metric
	// ω_max = 1/√0.2 and the stability limit is h < 2√0.2; h is half of it.
	prec := []float64{1 / 0.36, -0.8 / 0.36, -0.8 / 0.36, 1 / 0.36}
	h := math.Sqrt(0.2)
	k := BAOAB{StepSize: h, Friction: 1, Steps: 4}
	d := lgRun(t, k, lgGauss(2, prec), 1, 4, 200, 4000)
	for j := 0; j < 2; j++ {
		if z := zMean(d[j], 0); math.Abs(z) > 4 {
			t.Errorf("mean of x[%d]: z = %.2f", j, z)
		}
		if z := zVar(d[j], 0, 1); math.Abs(z) > 4 {
			t.Errorf("variance of x[%d]: z = %.2f", j, z)
		}
	}
	prod := make([][]float64, len(d[0]))
	for c := range prod {
		prod[c] = make([]float64, len(d[0][c]))
		for i := range prod[c] {
			prod[c][i] = d[0][c][i] * d[1][c][i]
		}
	}
	if z := zMean(prod, 0.8); math.Abs(z) > 4 {
		t.Errorf("covariance: z = %.2f", z)
	}
}

func TestLgGaussianScaledDiagMetricExact(t *testing.T) {
	// Independent scales 0.1, 1, 10: with M⁻¹ = diag(σ²) every mode has
	// ω = 1 and the stability limit is h < 2; h is half of it.
	sd := []float64{0.1, 1, 10}
	prec := make([]float64, 9)
	inv := make([]float64, 3)
	for i, s := range sd {
		prec[i*3+i] = 1 / (s * s)
		inv[i] = s * s
	}
	m, err := NewDiagMetric(inv)
	if err != nil {
		t.Fatal(err)
	}
	k := BAOAB{StepSize: 1, Friction: 1, Steps: 3, Metric: m}
	d := lgRun(t, k, lgGauss(3, prec), 2, 4, 200, 4000)
	for j, s := range sd {
		if z := zMean(d[j], 0); math.Abs(z) > 4 {
			t.Errorf("mean of x[%d]: z = %.2f", j, z)
		}
		if z := zVar(d[j], 0, s*s); math.Abs(z) > 4 {
			t.Errorf("variance of x[%d]: z = %.2f", j, z)
		}
	}
}

// lgMeanSq runs 4 chains of 1-D BAOAB for the given total time (in units
// of the dynamics, split over 100 batches) and returns the mean of q² and
// its MCSE by batch means: each batch lasts at least 10⁴ time units, far
// beyond the autocorrelation time of q² (tens of units at γ = 1).
func lgMeanSq(h float64, tg density.Target, seed uint64, units float64) (mu, mcse float64) {
	const chains, batches = 4, 25
	k := BAOAB{StepSize: h, Friction: 1, Steps: 2} // q² observed every other step
	perBatch := int(units / chains / batches / (2 * h))
	var bm []float64
	for c := 0; c < chains; c++ {
		rng := rand.New(rand.NewPCG(seed, uint64(c)+1))
		s, err := k.Init(tg, []float64{1})
		if err != nil {
			panic(err)
		}
		for i := 0; i < perBatch/10; i++ {
			k.Step(rng, s)
		}
		for b := 0; b < batches; b++ {
			var sum float64
			for i := 0; i < perBatch; i++ {
				k.Step(rng, s)
				sum += s.Position[0] * s.Position[0]
			}
			bm = append(bm, sum/float64(perBatch))
		}
	}
	return mean(bm), math.Sqrt(variance(bm) / float64(len(bm)))
}

// On a non-Gaussian target the bias of BAOAB's E[q²] is O(h²): halving h
// divides it by 4, up to the Monte Carlo error. At h = 0.5 the bias is
// about −0.0057 (measured: b(h)/h² ≈ −0.021 for h = 0.4 and 0.5, higher
// orders showing from h = 0.6), so 5·10⁶ time units (MCSE ≈ 0.0005) detect
// it at about 10 MCSE.
func TestLgBiasScalesAsHSquared(t *testing.T) {
	const truth = 1.36 // E[q²] of ½N(−1, 0.36) + ½N(1, 0.36): 1 + 0.36
	h := 0.5           // ω·h = 0.83 at the curvature's maximum 1/0.36: well inside stability (2)
	if testing.Short() {
		t.Skip("needs 5·10⁶ time units per step size (about 4 s) to detect the bias")
	}
	const units = 5e6
	m1, se1 := lgMeanSq(h, lgMixture, 3, units)
	m2, se2 := lgMeanSq(h/2, lgMixture, 4, units)
	b1, b2 := m1-truth, m2-truth
	t.Logf("h=%v: bias %.5f ± %.5f; h=%v: bias %.5f ± %.5f; ratio %.2f", h, b1, se1, h/2, b2, se2, b1/b2)
	if math.Abs(b1) < 4*se1 {
		t.Errorf("no bias detected at h = %v: %.5f ± %.5f", h, b1, se1)
	}
	// Under b(h) = c·h², b(h/2) = b(h)/4.
	if d, se := b2-b1/4, math.Hypot(se2, se1/4); math.Abs(d) > 4*se {
		t.Errorf("b(h/2) − b(h)/4 = %.5f, 4 MCSE = %.5f", d, 4*se)
	}
}

func TestLgDivergenceRestores(t *testing.T) {
	// A standard normal whose density is NaN beyond |x| > 1.5: steps that
	// cross the edge are divergent and the chain stays inside.
	tg := density.FuncTarget{N: 2, F: func(g, x []float64) float64 {
		var lp float64
		for i, v := range x {
			if math.Abs(v) > 1.5 {
				return math.NaN()
			}
			g[i] = -v
			lp -= v * v / 2
		}
		return lp
	}}
	k := BAOAB{StepSize: 0.5, Steps: 5}
	s, err := k.Init(tg, []float64{0, 0})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 1))
	div := 0
	for i := 0; i < 2000; i++ {
		info := k.Step(rng, s)
		if info.Divergent {
			div++
			if info.AcceptStat != 0 {
				t.Fatal("divergent step with a nonzero accept statistic")
			}
		}
		for _, v := range s.Position {
			if math.Abs(v) > 1.5 {
				t.Fatalf("position %v outside the support", s.Position)
			}
		}
		if math.IsNaN(s.LogDensity) || math.IsNaN(info.Energy) {
			t.Fatal("non-finite log density kept")
		}
	}
	if div == 0 {
		t.Error("no divergence at a boundary crossed about every few steps") // P(|x|>1.5) ≈ 0.13 per coordinate
	}
	// An energy explosion (a steep quartic at a large step) is divergent too.
	quart := density.FuncTarget{N: 1, F: func(g, x []float64) float64 {
		g[0] = -4 * x[0] * x[0] * x[0]
		return -x[0] * x[0] * x[0] * x[0]
	}}
	kq := BAOAB{StepSize: 1}
	sq, err := kq.Init(quart, []float64{3})
	if err != nil {
		t.Fatal(err)
	}
	if info := kq.Step(rng, sq); !info.Divergent || sq.Position[0] != 3 {
		t.Errorf("quartic from 3 at h=1: divergent %v, position %v; want divergent at 3", info.Divergent, sq.Position[0])
	}
}

func TestLgMomentumPersistsAndReproducible(t *testing.T) {
	tg := lgGauss(2, []float64{1, 0, 0, 1})
	k := BAOAB{StepSize: 0.1, Friction: 1e-9} // almost no friction: nearly Hamiltonian
	run := func() ([]float64, []float64) {
		s, _ := k.Init(tg, []float64{1, 0})
		if LangevinMomentum(s) != nil {
			t.Fatal("momentum before the first step")
		}
		rng := rand.New(rand.NewPCG(9, 1))
		for i := 0; i < 100; i++ {
			k.Step(rng, s)
		}
		return append([]float64(nil), s.Position...), append([]float64(nil), LangevinMomentum(s)...)
	}
	q1, p1 := run()
	q2, p2 := run()
	for i := range q1 {
		if q1[i] != q2[i] || p1[i] != p2[i] {
			t.Fatal("same seed, different draws")
		}
	}
	// With γ ≈ 0 the energy ½|q|² + ½|p|² is conserved up to the
	// integrator's O(h²) oscillation, which needs the momentum kept.
	s, _ := k.Init(tg, []float64{1, 0})
	rng := rand.New(rand.NewPCG(9, 2))
	info := k.Step(rng, s)
	e0 := info.Energy
	for i := 0; i < 200; i++ {
		info = k.Step(rng, s)
	}
	if math.Abs(info.Energy-e0) > 0.01*e0 {
		t.Errorf("energy %v after 200 steps of nearly frictionless BAOAB, started at %v", info.Energy, e0)
	}
}

func TestLgBadInput(t *testing.T) {
	tg := lgGauss(1, []float64{1})
	for name, k := range map[string]BAOAB{
		"zero step":      {},
		"NaN step":       {StepSize: math.NaN()},
		"negative fric":  {StepSize: 0.1, Friction: -1},
		"infinite fric":  {StepSize: 0.1, Friction: math.Inf(1)},
		"negative steps": {StepSize: 0.1, Steps: -1},
		"metric dim":     {StepSize: 0.1, Metric: UnitMetric{N: 2}},
	} {
		if _, err := k.Init(tg, []float64{0}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := (BAOAB{StepSize: 0.1}).Init(tg, []float64{math.NaN()}); err == nil {
		t.Error("NaN initial point: no error")
	}
}

// BAOAB runs under Sample as a custom kernel (not Adaptable: warm-up only
// steps it) and gives the Gaussian's moments.
func TestLgUnderSample(t *testing.T) {
	prec := []float64{1 / 0.36, -0.8 / 0.36, -0.8 / 0.36, 1 / 0.36}
	tr, err := Sample(context.Background(), lgGauss(2, prec), Options{
		Kernel: BAOAB{StepSize: math.Sqrt(0.2), Steps: 4}, Chains: 2, Warmup: 200, Draws: 4000, Seed: 11,
		InitialPoints: [][]float64{{0, 0}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := tr.Divergences(); d != 0 {
		t.Errorf("%d divergences", d)
	}
	for j := 0; j < 2; j++ {
		if z := zVar(tr.Param(j), 0, 1); math.Abs(z) > 4 {
			t.Errorf("variance of x[%d]: z = %.2f", j, z)
		}
	}
}
