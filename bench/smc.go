package main

import (
	"context"
	"math"
	"math/rand/v2"
	"time"

	"github.com/bayesnn-go/bayesnn/bayesnn"
	"github.com/bayesnn-go/bayesnn/smc"
)

// sandboxPosterior is the Langevin sandbox's posterior: 50 points of
// 4 sin(x − 2) + sin(8x − 2) − 4x² + N(0, 0.5²) on [0, 1], a 1-50-50-1
// network with 1 + tanh, N(0, 1) weights and a Gamma(1, 1) prior on σ.
func sandboxPosterior() (*bayesnn.Posterior, error) {
	rng := rand.New(rand.NewPCG(1, 0))
	x := make([][]float64, 50)
	y := make([]float64, 50)
	for i := range x {
		v := float64(i) / 49
		x[i] = []float64{v}
		y[i] = 4*math.Sin(v-2) + math.Sin(8*v-2) - 4*v*v + 0.5*rng.NormFloat64()
	}
	m, err := bayesnn.MLP([]int{1, 50, 50, 1}, bayesnn.PosTanh)
	if err != nil {
		return nil, err
	}
	return bayesnn.LogPosterior(m, bayesnn.NewData(x, y), bayesnn.GaussianGammaNoise{Shape: 1}, bayesnn.GaussianPrior{}, nil)
}

// smcRows measures SMC's particle moves per second on the sandbox network
// (MALA moves: one gradient each; a fixed schedule of 4 stages, 32
// particles, 5 moves) with 1 and 2 goroutines, and the speed-up.
func smcRows(repeats int) []Row {
	const name = "smc sandbox 1-50-50-1, 32 particles, MALA moves"
	p, err := sandboxPosterior()
	if err != nil {
		return []Row{{Group: "sampler", Case: name, Impl: "bayesnn", Note: "error: " + err.Error()}}
	}
	stages, particles, moves := 4, 32, 5
	if *quick {
		stages, moves = 2, 2
	}
	betas := make([]float64, stages)
	for i := range betas {
		betas[i] = math.Pow(0.01, 1-float64(i+1)/float64(stages))
	}
	rate := func(par int) ([]float64, error) {
		var out []float64
		for r := range repeats {
			start := time.Now()
			_, err := bayesnn.SMC(context.Background(), p, &smc.Tempering{Betas: betas},
				smc.Options{Particles: particles, Moves: moves, Move: smc.MALA, Decorrelate: -1, Seed: uint64(r + 1), Parallel: par})
			if err != nil {
				return nil, err
			}
			out = append(out, float64(stages*particles*moves)/time.Since(start).Seconds())
		}
		return out, nil
	}
	one, err := rate(1)
	if err != nil {
		return []Row{{Group: "sampler", Case: name, Impl: "bayesnn", Note: "error: " + err.Error()}}
	}
	two, err := rate(2)
	if err != nil {
		return []Row{{Group: "sampler", Case: name, Impl: "bayesnn", Note: "error: " + err.Error()}}
	}
	r1 := summarize("sampler", name, "bayesnn", "particle-moves/s, 1 goroutine", one)
	r2 := summarize("sampler", name, "bayesnn", "particle-moves/s, 2 goroutines", two)
	sp := make([]float64, len(one))
	for i := range sp {
		sp[i] = two[i] / one[i]
	}
	r3 := summarize("sampler", name, "bayesnn", "speed-up 2 vs 1 goroutines", sp)
	r3.Note = "includes reweighting, resampling and the prior draws"
	return []Row{r1, r2, r3}
}
