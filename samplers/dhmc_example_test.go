package samplers_test

import (
	"context"
	"fmt"
	"math"

	"github.com/bayesnn-go/bayesnn/samplers"
)

// A Poisson(3.5) count sampled by discontinuous HMC through the embedding
// n = ⌊x⌋, mixed with a continuous y | n ~ N(n, 1).
func ExampleDHMC() {
	const lambda = 3.5
	target := &samplers.DHMCEmbedded{
		Continuous: 1, Integers: 1,
		F: func(grad, y []float64, n []int) float64 {
			if n[0] < 0 {
				return math.Inf(-1)
			}
			d := y[0] - float64(n[0])
			grad[0] = -d
			lg, _ := math.Lgamma(float64(n[0]) + 1)
			return -d*d/2 + float64(n[0])*math.Log(lambda) - lg
		},
		Names: []string{"y", "n"},
	}
	kernel := samplers.DHMC{
		StepSize:      0.5,                    // the start of warm-up, which tunes it
		Discontinuous: target.Discontinuous(), // the coordinate of n
		Mass:          []float64{0.5},         // n moves by StepSize/Mass = 1 per step
	}
	tr, err := samplers.Sample(context.Background(), target, samplers.Options{
		Chains: 4, Warmup: 200, Draws: 2000, Seed: 7, Kernel: kernel,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var sum, sum2, count float64
	for _, chain := range tr.Param(1) {
		for _, x := range chain {
			n := math.Floor(x) // the embedded integer
			sum += n
			sum2 += n * n
			count++
		}
	}
	mean := sum / count
	fmt.Printf("E[n] = %.1f, Var[n] = %.1f (exact: 3.5, 3.5)\n", mean, sum2/count-mean*mean)
	// Output:
	// E[n] = 3.5, Var[n] = 3.5 (exact: 3.5, 3.5)
}
