package smc

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/panics"
)

func TestPanicIsAnError(t *testing.T) {
	bb := smcBB{a: 2, b: 3, n: 100, k: 70}
	for _, par := range []int{1, 4} {
		var calls atomic.Int32
		like := bb.loglik()
		bad := density.FuncTarget{N: 1, F: func(g, x []float64) float64 {
			if calls.Add(1) == 700 {
				panic(errors.New("likelihood bug"))
			}
			return like.LogProb(g, x)
		}}
		_, err := Run(context.Background(), bb.prior(), &Tempering{LogLik: bad}, Options{Particles: 200, Seed: 1, Parallel: par})
		var pe *panics.Error
		if !errors.As(err, &pe) {
			t.Fatalf("Parallel %d: error %v, want a *panics.Error", par, err)
		}
		if !strings.Contains(pe.Where, "smc: stage") || !strings.Contains(err.Error(), "likelihood bug") {
			t.Errorf("Parallel %d: message %.200s", par, err)
		}
	}
	// A panic while drawing from the prior.
	p := bb.prior()
	p.Sample = func(rng *rand.Rand, dst []float64) { panic("prior bug") }
	_, err := Run(context.Background(), p, &Tempering{LogLik: bb.loglik()}, Options{Particles: 20, Seed: 1})
	if !errors.As(err, new(*panics.Error)) || !strings.Contains(err.Error(), "prior bug") {
		t.Fatalf("panicking prior: error %v", err)
	}
}

// TestSMCPosInfIsOutsideTheSupport: a likelihood of +Inf gives the particle
// zero weight, as NaN does, instead of ending the run.
func TestPosInfIsOutsideTheSupport(t *testing.T) {
	prior := Prior{
		Sample: func(rng *rand.Rand, dst []float64) { dst[0] = rng.NormFloat64() },
		Target: density.FuncTarget{N: 1, F: func(g, x []float64) float64 {
			g[0] = -x[0]
			return -0.5*x[0]*x[0] - 0.5*math.Log(2*math.Pi)
		}},
	}
	like := density.FuncTarget{N: 1, F: func(g, x []float64) float64 {
		g[0] = -x[0]
		if x[0] > 1 {
			return math.Inf(1)
		}
		return -0.5 * x[0] * x[0]
	}}
	res, err := Run(context.Background(), prior, &Tempering{LogLik: like}, Options{Particles: 500, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range res.Particles {
		if x[0] > 1 && res.Weights[i] > 0 {
			t.Fatalf("particle %d at %v (log-likelihood +Inf) has weight %v", i, x[0], res.Weights[i])
		}
	}
}
