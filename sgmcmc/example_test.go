package sgmcmc_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/sgmcmc"
)

// SGHMC on the mean of 1,000 observations y_i ~ N(θ, 1) with a flat
// prior, in minibatches of 100: the posterior is N(ȳ, 1/1000).
func Example() {
	rng := rand.New(rand.NewPCG(1, 2))
	y := make([]float64, 1000)
	mean := 0.0
	for i := range y {
		y[i] = 3 + rng.NormFloat64()
		mean += y[i] / 1000
	}
	target := sgmcmc.FuncTarget{N: 1, Rows: len(y), Names: []string{"theta"},
		F: func(grad, x []float64, rows []int) float64 {
			w := float64(len(y)) / float64(len(rows)) // N/|batch|
			lp, g := 0.0, 0.0
			for _, i := range rows {
				r := y[i] - x[0]
				lp -= 0.5 * w * r * r
				g += w * r
			}
			grad[0] = g
			return lp
		}}
	tr, err := sgmcmc.Sample(context.Background(), target, sgmcmc.Options{
		Kernel:    sgmcmc.SGHMC{Friction: 0.1},
		StepSize:  1e-5,
		BatchSize: 100,
		Epochs:    2000, BurnIn: 100,
		Thin:   5,
		Chains: 2, Seed: 7,
		InitialPoints: [][]float64{{0}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := diag.Summarize(tr, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := s.Params[0]
	fmt.Printf("draws: %d chains × %d\n", tr.Chains, tr.NumDraws())
	fmt.Printf("posterior mean within 0.01 of ȳ: %v\n", abs(p.Mean-mean) < 0.01)
	fmt.Printf("posterior sd %.3f (exact %.3f)\n", p.SD, 1/31.623)
	// Output:
	// draws: 2 chains × 3800
	// posterior mean within 0.01 of ȳ: true
	// posterior sd 0.033 (exact 0.032)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
