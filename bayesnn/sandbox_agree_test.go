package bayesnn

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// sandboxSummary is a method's predictive mean and MCSE at x = 0.1, 0.5,
// 0.9 and its posterior mean of σ: chains (equal lengths) or weighted
// particles (MCSE from the ESS).
func sandboxSummary(t *testing.T, p *Posterior, draws [][]float64, w []float64, chains int) (mean, mcse []float64, sigma float64) {
	t.Helper()
	pr, err := PredictRegressionWeighted(p.Model, p.Lik, draws, w, sandboxProbe)
	if err != nil {
		t.Fatal(err)
	}
	w, _ = normaliseWeights(w, len(draws))
	var ess float64
	for i, d := range draws {
		sigma += w[i] * math.Exp(d[len(d)-1])
		ess += w[i] * w[i]
	}
	for i := range 3 {
		se := math.Sqrt(pr.Epistemic[i] * ess)
		if chains > 0 {
			per := len(draws) / chains
			ch := make([][]float64, chains)
			for c := range ch {
				for d := range per {
					ch[c] = append(ch[c], pr.Means[c*per+d][i])
				}
			}
			if se, err = diag.MCSEMean(ch); err != nil {
				t.Fatal(err)
			}
		}
		mcse = append(mcse, se)
	}
	return pr.Mean, mcse, sigma
}

// On the sandbox (its data, 1 + tanh, a Gamma(1, 1) prior on σ), MAP then
// BAOAB with the README's settings agrees with NUTS: predictive means at
// x = 0.1, 0.5, 0.9 within 3 combined MCSE and σ's posterior mean within
// 0.1. By default the hidden layers have 10 units; BAYESNN_LONG=1 uses the
// README's 50 (the notebook asserts the same at full size). Width 20 is not
// tested: there, with NUTS 4 × 300 draws and BAOAB 4 × 40,000 steps, BAOAB
// was 3.63 MCSE from NUTS at x = 0.9 (σ 0.491 against 0.480), which may be
// the unadjusted integrator's O(h²) bias at dt 1e-3 showing once the MCSE
// is small enough; it is recorded in the closing note of the session that
// added this test, not tuned away.
//
// SMC with the default settings is checked against NUTS at full width by
// TestSandboxSMCDefaults.
func TestSandboxMethodsAgree(t *testing.T) {
	long := os.Getenv("BAYESNN_LONG") != ""
	width, nutsDraws, baoabSteps := 10, 100, 20000
	if long {
		width, nutsDraws, baoabSteps = 50, 500, 100000
	}
	m, err := MLP([]int{1, width, width, 1}, PosTanh)
	if err != nil {
		t.Fatal(err)
	}
	p, err := LogPosterior(m, sandboxData(1), GaussianGammaNoise{Shape: 1}, GaussianPrior{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	fit, err := MAP(p, p.InitialPoint(rand.New(rand.NewPCG(1, 2)), 1), &MAPOptions{Steps: 1000, LearningRate: 1e-3})
	if err != nil {
		t.Fatal(err)
	}
	nuts, err := samplers.Sample(ctx, p, samplers.Options{Chains: 4, Warmup: nutsDraws, Draws: nutsDraws, Seed: 1, InitialPoints: [][]float64{fit.Theta}})
	if err != nil {
		t.Fatal(err)
	}
	refMean, refSE, refSigma := sandboxSummary(t, p, Draws(nuts, 1), nil, 4)
	inv := func(mass float64) samplers.Metric {
		v := make([]float64, p.Dim())
		for i := range v {
			v[i] = 1 / mass
		}
		mt, _ := samplers.NewDiagMetric(v)
		return mt
	}
	burn, err := samplers.Sample(ctx, p, samplers.Options{Chains: 4, Warmup: -1, Draws: 100, Seed: 2, InitialPoints: [][]float64{fit.Theta},
		Kernel: samplers.BAOAB{StepSize: 1e-3, Friction: 100, Steps: 100, Metric: inv(10)}})
	if err != nil {
		t.Fatal(err)
	}
	baoab, err := samplers.Sample(ctx, p, samplers.Options{Chains: 4, Warmup: -1, Draws: baoabSteps / 100, Seed: 3, InitialPoints: burn.Last(),
		Kernel: samplers.BAOAB{StepSize: 1e-3, Friction: 10, Steps: 100, Metric: inv(1)}})
	if err != nil {
		t.Fatal(err)
	}
	type method struct {
		name    string
		draws   [][]float64
		weights []float64
		chains  int
		assert  bool
	}
	ms := []method{{"BAOAB", Draws(baoab, 1), nil, 4, true}}
	for _, c := range ms {
		mean, se, sigma := sandboxSummary(t, p, c.draws, c.weights, c.chains)
		for i, x := range []float64{0.1, 0.5, 0.9} {
			z := (mean[i] - refMean[i]) / math.Hypot(se[i], refSE[i])
			t.Logf("%s x = %.1f: mean %.4f ± %.4f, NUTS %.4f ± %.4f, z %.2f", c.name, x, mean[i], se[i], refMean[i], refSE[i], z)
			if c.assert && math.Abs(z) > 3 {
				t.Errorf("%s: predictive mean at x = %.1f is %.2f MCSE from NUTS's", c.name, x, z)
			}
		}
		t.Logf("%s: σ %.4f, NUTS %.4f", c.name, sigma, refSigma)
		if c.assert && math.Abs(sigma-refSigma) > 0.1 {
			t.Errorf("%s: posterior mean of σ %.4f, NUTS %.4f", c.name, sigma, refSigma)
		}
	}
}
