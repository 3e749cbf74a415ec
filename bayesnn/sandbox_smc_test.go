package bayesnn

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/samplers"
	"github.com/bayesnn-go/bayesnn/smc"
)

// sandboxProbe are the inputs at which the sandbox's methods are compared.
var sandboxProbe = [][]float64{{0.1}, {0.5}, {0.9}}

// sandboxNUTS is the NUTS reference on the sandbox posterior
// (sandboxPosterior(sandboxData(1))): the predictive mean at sandboxProbe
// and its MCSE (diag.MCSEMean over the four chains), the posterior mean of
// σ and its MCSE, from 4 chains × 1,000 draws after 1,000 warm-up
// iterations (Stan's defaults, seed 1) started from the MAP point of 1,000
// Adam steps. TestSandboxNUTSReference (BAYESNN_LONG=1) checks them
// against an independent run.
var sandboxNUTS = struct {
	mean, mcse     []float64
	sigma, sigmaSE float64
}{
	mean:    []float64{-4.7581, -4.0157, -7.7357},
	mcse:    []float64{0.0025, 0.0027, 0.0024},
	sigma:   0.4778,
	sigmaSE: 0.0009,
}

// TestSandboxSMCDefaults runs SMC as a user would, with the default
// settings, on the Langevin sandbox's 1-50-50-1 network (2,702 parameters)
// and checks it against the NUTS reference: the predictive mean at x = 0.1,
// 0.5, 0.9 within 3 combined MCSE (SMC's from the weighted particles'
// variance over their ESS) and the posterior mean of σ within 0.1. The
// user's program is the part between the markers: 12 lines.
//
// Every one of seeds 1, 2, 3 must pass. A run takes about 700,000
// gradients (about 27 s on 2 cores). The final ESS understates SMC's Monte
// Carlo error (the last stages leave the particles correlated with their
// resampled ancestors: the spread of the three runs' predictive means is
// up to 1.8 times it), so each run's MCSE is the larger of the two.
func TestSandboxSMCDefaults(t *testing.T) {
	if testing.Short() {
		t.Skip("about 700,000 gradients of a 2,702-parameter network")
	}
	seeds := []uint64{1, 2, 3}
	var means, finalSE [][]float64
	var sigmas []float64
	for _, seed := range seeds {
		// --- the user's program
		net, err := MLP([]int{1, 50, 50, 1}, PosTanh)
		if err != nil {
			t.Fatal(err)
		}
		post, err := LogPosterior(net, sandboxData(1), GaussianGammaNoise{Shape: 1}, GaussianPrior{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := SMC(context.Background(), post, nil, smc.Options{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		// --- end of the user's program; sandboxSummary predicts from the weighted particles as PredictSMC does
		mean, se, sigma := sandboxSummary(t, post, res.Particles, res.Weights, 0)
		t.Logf("seed %d: %d stages, predictive means %.4f ± %.4f, σ %.4f", seed, len(res.Stages), mean, se, sigma)
		means, finalSE, sigmas = append(means, mean), append(finalSE, se), append(sigmas, sigma)
	}
	for k, seed := range seeds {
		for i, x := range sandboxProbe {
			se := math.Max(finalSE[k][i], seedSpread(means, i))
			z := (means[k][i] - sandboxNUTS.mean[i]) / math.Hypot(se, sandboxNUTS.mcse[i])
			t.Logf("seed %d, x = %.1f: SMC %.4f ± %.4f, NUTS %.4f ± %.4f, z %.2f", seed, x[0], means[k][i], se, sandboxNUTS.mean[i], sandboxNUTS.mcse[i], z)
			if math.Abs(z) > 3 {
				t.Errorf("seed %d: SMC's predictive mean at x = %.1f is %.2f MCSE from NUTS's", seed, x[0], z)
			}
		}
		if d := sigmas[k] - sandboxNUTS.sigma; math.Abs(d) > 0.1 {
			t.Errorf("seed %d: SMC's posterior mean of σ %.4f, NUTS's %.4f", seed, sigmas[k], sandboxNUTS.sigma)
		}
	}
}

// seedSpread is the standard deviation over runs of means[run][i].
func seedSpread(means [][]float64, i int) float64 {
	var m, v float64
	for _, r := range means {
		m += r[i] / float64(len(means))
	}
	for _, r := range means {
		v += (r[i] - m) * (r[i] - m) / float64(len(means)-1)
	}
	return math.Sqrt(v)
}

// TestSandboxNUTSReference checks the pinned NUTS reference that
// TestSandboxSMCDefaults compares with against an independent run (seed 2,
// the pins are seed 1's): each predictive mean and σ's posterior mean
// within 4 combined MCSE, and each MCSE within a factor 1.5 of the new
// run's. BAYESNN_LONG=1 only (8,000 NUTS iterations of a 2,702-parameter
// network); BAYESNN_SANDBOX_SEED=1 reprints the pins.
func TestSandboxNUTSReference(t *testing.T) {
	if os.Getenv("BAYESNN_LONG") == "" {
		t.Skip("BAYESNN_LONG not set")
	}
	seed := uint64(2)
	if os.Getenv("BAYESNN_SANDBOX_SEED") == "1" {
		seed = 1
	}
	post := sandboxPosterior(t, sandboxData(1))
	fit, err := MAP(post, post.InitialPoint(rand.New(rand.NewPCG(1, 2)), 1), &MAPOptions{Steps: 1000, LearningRate: 1e-3})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := samplers.Sample(context.Background(), post, samplers.Options{Chains: 4, Warmup: 1000, Draws: 1000, Seed: seed,
		InitialPoints: [][]float64{fit.Theta}})
	if err != nil {
		t.Fatal(err)
	}
	draws := Draws(tr, 1)
	pr, err := PredictRegression(post.Model, post.Lik, draws, sandboxProbe)
	if err != nil {
		t.Fatal(err)
	}
	per := len(draws) / tr.Chains
	// chainsOf splits f(draw d) into the four chains and returns its mean and MCSE.
	chainsOf := func(f func(d int) float64) (mean, se float64) {
		ch := make([][]float64, tr.Chains)
		for c := range ch {
			for d := range per {
				ch[c] = append(ch[c], f(c*per+d))
				mean += f(c*per+d) / float64(len(draws))
			}
		}
		se, err := diag.MCSEMean(ch)
		if err != nil {
			t.Fatal(err)
		}
		return mean, se
	}
	check := func(name string, mean, se, pinned, pinnedSE float64) {
		t.Logf("%s: seed %d %.5f ± %.5f, pinned %.4f ± %.4f", name, seed, mean, se, pinned, pinnedSE)
		if z := (mean - pinned) / math.Hypot(se, pinnedSE); math.Abs(z) > 4 {
			t.Errorf("%s: pinned %.4f is %.2f MCSE from this run's %.4f", name, pinned, z, mean)
		}
		if r := pinnedSE / se; r < 1/1.5 || r > 1.5 {
			t.Errorf("%s: pinned MCSE %.4f, this run's %.4f", name, pinnedSE, se)
		}
	}
	for i, x := range sandboxProbe {
		mean, se := chainsOf(func(d int) float64 { return pr.Means[d][i] })
		check(fmt.Sprintf("predictive mean at x = %.1f", x[0]), mean, se, sandboxNUTS.mean[i], sandboxNUTS.mcse[i])
	}
	sigma, sigmaSE := chainsOf(func(d int) float64 { return math.Exp(draws[d][len(draws[d])-1]) })
	check("posterior mean of σ", sigma, sigmaSE, sandboxNUTS.sigma, sandboxNUTS.sigmaSE)
	t.Logf("%d divergences", tr.Divergences())
}

// TestSandboxSMCSchemes runs the Langevin sandbox's two SMC schemes, data
// addition one point at a time and its geometric tempering schedule
// (λ_n = (100^{n/48} − 1)/99, 49 stages), with the library's default moves
// (100 particles, HMC moves in rounds until decorrelated, at most 100 a
// stage), and checks them against the NUTS reference as
// TestSandboxSMCDefaults does, with the final ESS's MCSE doubled (the
// spread over seeds of the default scheme was up to 1.8 times it). With the
// README's budgets (50 particles, 100 MALA moves a stage) neither reaches
// NUTS (notebook 05). BAYESNN_LONG=1 only: about 5 and 3 million gradients
// (3 and 2 minutes on 2 cores).
func TestSandboxSMCSchemes(t *testing.T) {
	if os.Getenv("BAYESNN_LONG") == "" {
		t.Skip("BAYESNN_LONG not set")
	}
	lambdas := make([]float64, 49)
	for n := range lambdas {
		lambdas[n] = (math.Pow(100, float64(n+1)/49) - 1) / 99
	}
	lambdas[48] = 1
	for _, c := range []struct {
		name string
		path smc.Annealing
	}{{"data addition", &smc.DataAnnealing{BatchSize: 1}}, {"geometric", &smc.Tempering{Betas: lambdas}}} {
		post := sandboxPosterior(t, sandboxData(1))
		res, err := SMC(context.Background(), post, c.path, smc.Options{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		mean, finalSE, sigma := sandboxSummary(t, post, res.Particles, res.Weights, 0)
		for i, x := range sandboxProbe {
			se := 2 * finalSE[i]
			z := (mean[i] - sandboxNUTS.mean[i]) / math.Hypot(se, sandboxNUTS.mcse[i])
			t.Logf("%s, x = %.1f: SMC %.4f ± %.4f, NUTS %.4f ± %.4f, z %.2f", c.name, x[0], mean[i], se, sandboxNUTS.mean[i], sandboxNUTS.mcse[i], z)
			if math.Abs(z) > 3 {
				t.Errorf("%s: SMC's predictive mean at x = %.1f is %.2f MCSE from NUTS's", c.name, x[0], z)
			}
		}
		t.Logf("%s: %d stages, σ %.4f, NUTS %.4f", c.name, len(res.Stages), sigma, sandboxNUTS.sigma)
		if math.Abs(sigma-sandboxNUTS.sigma) > 0.1 {
			t.Errorf("%s: SMC's posterior mean of σ %.4f, NUTS's %.4f", c.name, sigma, sandboxNUTS.sigma)
		}
	}
}
