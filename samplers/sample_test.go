package samplers

import (
	"context"
	"math"
	"runtime"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
)

// scaledNormal is an independent normal with standard deviations sd.
func scaledNormal(sd []float64) density.FuncTarget {
	return density.FuncTarget{N: len(sd), F: func(grad, x []float64) float64 {
		var s float64
		for i, v := range x {
			p := 1 / (sd[i] * sd[i])
			grad[i] = -v * p
			s += v * v * p
		}
		return -0.5 * s
	}}
}

// iidScales returns 100 standard deviations from e^-1 to e: the adapted
// diagonal metric has to learn a 7-fold spread of scales.
func iidScales() []float64 {
	sd := make([]float64, 100)
	for i := range sd {
		sd[i] = math.Exp(-1 + 2*float64(i)/99)
	}
	return sd
}

func TestScaledNormalGradient(t *testing.T) {
	x := make([]float64, 100)
	for i := range x {
		x[i] = math.Sin(float64(i))
	}
	checkGradient(t, "scaled normal", scaledNormal(iidScales()), x)
}

// checkNormal100 checks the mean and variance of every coordinate of a
// 100-D independent normal within 4.5 MCSE. 200 checks: with a 4.5 bound
// the family-wise false-alarm rate is 200·P(|Z| > 4.5) ≈ 200·6.8e-6 ≈ 0.14 %
// (a 4 bound would give 1.3 %).
func checkNormal100(t *testing.T, tr *Trace, sd []float64) {
	t.Helper()
	const bound = 4.5
	worst := 0.0
	for j := range sd {
		p := tr.Param(j)
		zm := zMean(p, 0)
		zv := zVar(p, 0, sd[j]*sd[j])
		if math.Abs(zm) > bound || math.Abs(zv) > bound {
			t.Errorf("coordinate %d (sd %.3f): mean z = %.2f, variance z = %.2f", j, sd[j], zm, zv)
		}
		worst = math.Max(worst, math.Max(math.Abs(zm), math.Abs(zv)))
	}
	t.Logf("worst |z| over 200 checks: %.2f", worst)
}

func TestNUTSNormal100(t *testing.T) {
	sd := iidScales()
	tr, err := Sample(context.Background(), scaledNormal(sd), Options{Chains: 4, Warmup: 1000, Draws: 1000, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	checkNormal100(t, tr, sd)
	// The adapted diagonal inverse metric estimates the variances: within
	// 50 % each (an estimate from the last 500-draw window, regularised).
	for c, a := range tr.Adapted {
		for j, v := range a.InvMetric {
			if r := v / (sd[j] * sd[j]); r < 0.5 || r > 1.5 {
				t.Errorf("chain %d: adapted inverse metric %d is %.3g, variance %.3g", c, j, v, sd[j]*sd[j])
				break
			}
		}
	}
	if d := tr.Divergences(); d != 0 {
		t.Errorf("%d divergences on a normal", d)
	}
}

func TestHMCNormal100(t *testing.T) {
	sd := iidScales()
	tr, err := Sample(context.Background(), scaledNormal(sd), Options{
		Kernel: HMC{Steps: 20}, StepSizeJitter: 0.2, Chains: 4, Warmup: 500, Draws: 1000, Seed: 43})
	if err != nil {
		t.Fatal(err)
	}
	checkNormal100(t, tr, sd)
}

// corrNormal is a 2-D normal with unit variances and correlation rho.
func corrNormal(rho float64) density.FuncTarget {
	return density.FuncTarget{N: 2, F: func(grad, x []float64) float64 {
		d := 1 - rho*rho
		grad[0] = -(x[0] - rho*x[1]) / d
		grad[1] = -(x[1] - rho*x[0]) / d
		return -0.5 * (x[0]*x[0] - 2*rho*x[0]*x[1] + x[1]*x[1]) / d
	}}
}

func TestDenseBeatsDiag(t *testing.T) {
	checkGradient(t, "correlated normal", corrNormal(0.99), []float64{0.3, -0.2})
	perGrad := map[MetricKind]float64{}
	for _, kind := range []MetricKind{Diag, Dense} {
		tr, err := Sample(context.Background(), corrNormal(0.99), Options{Metric: kind, Chains: 4, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		minESS := math.Inf(1)
		for j := 0; j < 2; j++ {
			p := tr.Param(j)
			minESS = math.Min(minESS, ess(p))
			if z := zMean(p, 0); math.Abs(z) > 4 {
				t.Errorf("%v: mean of x%d: z = %.2f", kind, j, z)
			}
			if z := zVar(p, 0, 1); math.Abs(z) > 4 {
				t.Errorf("%v: variance of x%d: z = %.2f", kind, j, z)
			}
		}
		if kind == Dense {
			// The last window's estimate of the covariance [[1, .99], [.99, 1]]
			// from 500 draws (ESS of a few hundred): standard error of each
			// entry ≲ √(2/300) ≈ 0.08, so 0.3 is ≈ 4 standard errors.
			for c, a := range tr.Adapted {
				want := []float64{1, 0.99, 0.99, 1}
				for i, v := range a.InvMetric {
					if math.Abs(v-want[i]) > 0.3 {
						t.Errorf("chain %d: adapted dense inverse metric %v, want ≈ %v", c, a.InvMetric, want)
						break
					}
				}
			}
		}
		grads := flatten(tr.Stat("n_leapfrog__"))
		perGrad[kind] = minESS / (mean(grads) * float64(len(grads)))
		t.Logf("%v: min ESS %.0f, mean n_leapfrog %.1f, ESS per gradient %.4f", kind, minESS, mean(grads), perGrad[kind])
	}
	// With correlation 0.99 the diagonally scaled posterior has condition
	// number (1+ρ)/(1-ρ) = 199, so NUTS needs ~√199 ≈ 14 times more steps
	// per independent draw than with the dense metric, which whitens it.
	// Asking for a factor 3 leaves room for Monte Carlo noise in the ESS.
	if perGrad[Dense] < 3*perGrad[Diag] {
		t.Errorf("dense ESS per gradient %.4f not 3× diag's %.4f", perGrad[Dense], perGrad[Diag])
	}
}

func TestSameSeedAnyParallelism(t *testing.T) {
	run := func(par int) *Trace {
		tr, err := Sample(context.Background(), corrNormal(0.5), Options{Chains: 4, Parallel: par, Warmup: 200, Draws: 100, Seed: 99})
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	a, b := run(1), run(4)
	prev := runtime.GOMAXPROCS(1)
	c := run(4)
	runtime.GOMAXPROCS(prev)
	for i := range a.Samples {
		if a.Samples[i] != c.Samples[i] {
			t.Fatalf("draw %d differs with GOMAXPROCS 1", i)
		}
	}
	for i := range a.Samples {
		if a.Samples[i] != b.Samples[i] {
			t.Fatalf("draw %d differs: %v (1 goroutine) vs %v (4)", i, a.Samples[i], b.Samples[i])
		}
	}
	for i := range a.Stats {
		if a.Stats[i] != b.Stats[i] {
			t.Fatalf("stats %d differ", i)
		}
	}
	// Different chains get different streams.
	if a.Samples[0] == a.Samples[a.Draws*a.Dim] {
		t.Error("chains 0 and 1 start identically")
	}
}
