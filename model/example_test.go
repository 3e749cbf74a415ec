package model_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/dist"
	"github.com/bayesnn-go/bayesnn/model"
	"github.com/bayesnn-go/bayesnn/samplers"
	"gonum.org/v1/gonum/stat/distuv"
)

// Example is the README's example: eight schools, non-centred, on the
// modelling layer; the summary is on the constrained scale with the
// user's names.
func Example() {
	y := []float64{28, 8, -3, 7, -1, 1, 18, 12}
	sigma := []float64{15, 10, 16, 11, 9, 11, 10, 18}
	m := model.New("eight_schools_nc", func(m *model.M) {
		mu := m.Sample("mu", dist.Normal(0, 5))
		tau := m.Sample("tau", dist.HalfCauchy(5)) // positive: from the support
		eta := m.Sample("theta_trans", dist.Normal(0, 1), 8)
		theta := m.Deterministic("theta", autodiff.Add(mu, autodiff.Mul(tau, eta)))
		m.Observe("y", dist.Normal(theta, sigma), y) // pointwise log-lik in fit.LogLik
	})
	fit, err := model.Sample(context.Background(), m, samplers.Options{Chains: 4, Seed: 1, TargetAccept: 0.95})
	if err != nil {
		panic(err)
	}
	summary, err := diag.Summarize(fit.Trace, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(summary.Params[1].Name, summary.Params[10].Name, "...", summary.Params[17].Name)
	fmt.Println("tau > 0 in every draw:", summary.Params[1].Quantiles[0] > 0)
	fmt.Println("log-lik:", len(fit.LogLik), "chains ×", len(fit.LogLik[0]), "draws ×", len(fit.LogLik[0][0]), "observations")
	fmt.Println("divergences:", fit.Trace.Divergences())
	// Output:
	// tau theta[1] ... theta[8]
	// tau > 0 in every draw: true
	// log-lik: 4 chains × 1000 draws × 8 observations
	// divergences: 0
}

// NumPyro's HMCGibbs: the precision of a normal sample is drawn exactly
// from its Gamma conditional (a Gibbs step), the mean moved by NUTS.
func ExampleModel_HMCGibbs() {
	y := []float64{4.1, 5.3, 3.8, 6.0, 4.9, 5.6, 4.4, 5.1}
	m := model.New("normal", func(m *model.M) {
		mu := m.Sample("mu", dist.Normal(0, 10))
		tau := m.Sample("tau", dist.Gamma(2, 2)) // precision
		m.Observe("y", dist.Normal(mu, autodiff.Pow(tau, -0.5)), y)
	})
	// τ | μ, y ~ Gamma(2 + n/2, 2 + Σ (y_i − μ)²/2).
	drawTau := func(rng *rand.Rand, p map[string][]float64) {
		var ss float64
		for _, v := range y {
			ss += (v - p["mu"][0]) * (v - p["mu"][0])
		}
		g := distuv.Gamma{Alpha: 2 + float64(len(y))/2, Beta: 2 + ss/2, Src: rng}
		p["tau"][0] = g.Rand()
	}
	kernel, err := m.HMCGibbs(samplers.NUTS{StepSize: 0.5}, drawTau, "tau") // warm-up adapts ε
	if err != nil {
		panic(err)
	}
	fit, err := model.Sample(context.Background(), m, samplers.Options{Chains: 4, Seed: 1, Kernel: kernel})
	if err != nil {
		panic(err)
	}
	summary, err := diag.Summarize(fit.Trace, nil)
	if err != nil {
		panic(err)
	}
	for _, p := range summary.Params {
		fmt.Printf("%s: mean %.1f, R-hat below 1.01: %v\n", p.Name, p.Mean, p.RHat < 1.01)
	}
	// Output:
	// mu: mean 4.9, R-hat below 1.01: true
	// tau: mean 1.4, R-hat below 1.01: true
}
