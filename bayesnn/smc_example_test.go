package bayesnn_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/bayesnn"
	"github.com/bayesnn-go/bayesnn/smc"
)

// SMC on a small Bayesian network, from the same posterior object NUTS
// samples: one call, default settings, weighted particles for prediction.
func ExampleSMC() {
	rng := rand.New(rand.NewPCG(1, 0))
	x, y := make([][]float64, 30), make([]float64, 30)
	for i := range x {
		x[i] = []float64{float64(i) / 29}
		y[i] = 2*x[i][0] - 1 + 0.3*rng.NormFloat64() // a line through (0.5, 0)
	}
	net, _ := bayesnn.MLP([]int{1, 3, 1}, bayesnn.Tanh)
	post, err := bayesnn.LogPosterior(net, bayesnn.NewData(x, y), bayesnn.GaussianGammaNoise{Shape: 1}, bayesnn.GaussianPrior{}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := bayesnn.SMC(context.Background(), post, nil, smc.Options{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	pred, err := bayesnn.PredictSMC(net, post.Lik, res, [][]float64{{0.5}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d particles, final β %v, %d warnings\n", len(res.Particles), res.Stages[len(res.Stages)-1].Beta, len(res.Warnings))
	fmt.Println("predictive mean at x = 0.5 within 0.2 of 0:", math.Abs(pred.Mean[0]) < 0.2)
	// Output:
	// 100 particles, final β 1, 0 warnings
	// predictive mean at x = 0.5 within 0.2 of 0: true
}
