package bayesnn_test

import (
	"context"
	"fmt"
	"log"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/bayesnn"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// The whole workflow: a network, a likelihood and a prior make a
// Posterior, which NUTS samples; the draws give the posterior predictive.
// The network here has no hidden layer, y = w·x + b, so the posterior is
// Bayesian linear regression's and known exactly: with the design rows
// (xᵢ, 1), prior N(0, I) and noise precision τ, its precision is
// Λ = I + τ·XᵀX and its mean Λ⁻¹·τ·Xᵀy. NUTS's means must be within 4
// Monte Carlo standard errors of it, and so must the predictive mean and
// epistemic sd at a new x*, whose exact variance is (x*, 1)·Λ⁻¹·(x*, 1)ᵀ,
// to which the noise adds 1/τ.
func Example() {
	const tau = 4.0 // noise sd 0.5, known
	rng := rand.New(rand.NewPCG(3, 4))
	var x [][]float64
	var y []float64
	for i := range 20 {
		xi := -1 + 2*float64(i)/19
		x = append(x, []float64{xi})
		y = append(y, 0.5+2*xi+rng.NormFloat64()/math.Sqrt(tau))
	}
	net, err := bayesnn.MLP([]int{1, 1}, bayesnn.Identity) // θ = (w, b)
	if err != nil {
		log.Fatal(err)
	}
	lik := bayesnn.Gaussian{Tau: tau}
	post, err := bayesnn.LogPosterior(net, bayesnn.NewData(x, y), lik, bayesnn.GaussianPrior{}, nil)
	if err != nil {
		log.Fatal(err)
	}
	tr, err := samplers.Sample(context.Background(), post, samplers.Options{Chains: 4, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	sum, err := diag.Summarize(tr, nil)
	if err != nil {
		log.Fatal(err)
	}

	// The exact posterior: Λ = [[a, c], [c, d]], mean Λ⁻¹·τ·Xᵀy.
	a, c, d := 1.0, 0.0, 1.0
	var sxy, sy float64
	for i := range x {
		a += tau * x[i][0] * x[i][0]
		c += tau * x[i][0]
		d += tau
		sxy += tau * x[i][0] * y[i]
		sy += tau * y[i]
	}
	det := a*d - c*c
	exact := []float64{(d*sxy - c*sy) / det, (a*sy - c*sxy) / det}
	for j, name := range []string{"w", "b"} {
		p := sum.Params[j]
		fmt.Printf("%s: exact mean %.3f, NUTS within 4 MCSE: %v\n", name, exact[j], math.Abs(p.Mean-exact[j]) < 4*p.MCSEMean)
	}

	// The predictive at x*: its mean w·x* + b and epistemic sd against the
	// exact ones, within 4 MCSE of the network's output chains there.
	xs := [][]float64{{1.5}}
	pred, err := bayesnn.PredictRegression(net, lik, bayesnn.Draws(tr, 1), xs)
	if err != nil {
		log.Fatal(err)
	}
	f, err := bayesnn.OutputChains(net, tr, xs, 0)
	if err != nil {
		log.Fatal(err)
	}
	mcseMean, _ := diag.MCSEMean(f[0])
	mcseSD, _ := diag.MCSESD(f[0])
	u := xs[0][0]
	mean := exact[0]*u + exact[1]
	epi := math.Sqrt((u*u*d - 2*u*c + a) / det) // √((x*, 1)·Λ⁻¹·(x*, 1)ᵀ)
	fmt.Printf("at x* = %.1f: exact predictive mean %.3f, sd %.3f (epistemic %.3f, noise %.3f)\n",
		u, mean, math.Sqrt(epi*epi+1/tau), epi, 1/math.Sqrt(tau))
	fmt.Printf("NUTS mean within 4 MCSE: %v, epistemic sd within 4 MCSE: %v\n",
		math.Abs(pred.Mean[0]-mean) < 4*mcseMean, math.Abs(math.Sqrt(pred.Epistemic[0])-epi) < 4*mcseSD)
	// Output:
	// w: exact mean 1.706, NUTS within 4 MCSE: true
	// b: exact mean 0.527, NUTS within 4 MCSE: true
	// at x* = 1.5: exact predictive mean 3.085, sd 0.580 (epistemic 0.294, noise 0.500)
	// NUTS mean within 4 MCSE: true, epistemic sd within 4 MCSE: true
}
