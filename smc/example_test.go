package smc_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/smc"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/stat/distuv"
)

// SMC with likelihood tempering on a Beta-Binomial model, on the logit
// scale: a Beta(2, 3) prior on p and 70 successes out of 100 trials. The
// posterior is Beta(72, 33), of mean 0.686, and the evidence is known.
func ExampleRun() {
	const a, b, n, k = 2.0, 3.0, 100.0, 70.0
	logSig := func(t float64) float64 { return -math.Log1p(math.Exp(-t)) } // log σ(t), for moderate t
	lgam := func(x float64) float64 { v, _ := math.Lgamma(x); return v }
	logB := func(a, b float64) float64 { return lgam(a) + lgam(b) - lgam(a+b) }
	logChoose := lgam(n+1) - lgam(k+1) - lgam(n-k+1)

	prior := smc.Prior{
		Sample: func(rng *rand.Rand, dst []float64) {
			p := distuv.Beta{Alpha: a, Beta: b, Src: rng}.Rand()
			dst[0] = math.Log(p / (1 - p))
		},
		// Beta(a, b) on p times the Jacobian p(1-p) of p = σ(θ).
		Target: density.FuncTarget{N: 1, F: func(g, x []float64) float64 {
			p := 1 / (1 + math.Exp(-x[0]))
			g[0] = a*(1-p) - b*p
			return a*logSig(x[0]) + b*logSig(-x[0]) - logB(a, b)
		}},
	}
	like := density.FuncTarget{N: 1, F: func(g, x []float64) float64 {
		p := 1 / (1 + math.Exp(-x[0]))
		g[0] = k*(1-p) - (n-k)*p
		return k*logSig(x[0]) + (n-k)*logSig(-x[0]) + logChoose
	}}

	res, err := smc.Run(context.Background(), prior, &smc.Tempering{LogLik: like},
		smc.Options{Particles: 2000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	var mean float64
	for i, x := range res.Particles {
		mean += res.Weights[i] / (1 + math.Exp(-x[0]))
	}
	exact := logChoose + logB(a+k, b+n-k) - logB(a, b)
	fmt.Printf("posterior mean of p: %.2f\n", mean)
	fmt.Printf("log evidence within 0.2 of the exact %.2f: %v\n", exact, math.Abs(res.LogEvidence-exact) < 0.2)
	fmt.Printf("final beta: %v\n", res.Stages[len(res.Stages)-1].Beta)
	// Output:
	// posterior mean of p: 0.69
	// log evidence within 0.2 of the exact -4.87: true
	// final beta: 1
}
