package samplers

import (
	"context"
	"math"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
)

// MALA and its underdamped form on the Beta-Binomial of the issue: a
// Beta(1, 1) prior and 5 successes in 50 trials; the posterior of p is
// Beta(6, 46), mean 6/52.
func TestMALABetaBinomial(t *testing.T) {
	bb := betaBinom{a: 1, b: 1, n: 50, k: 5}
	for _, c := range []struct {
		name   string
		k      MALA
		accept float64
	}{
		{"MALA", MALA{StepSize: 0.5}, 0.6},
		{"GHMC persistence 0.9", MALA{StepSize: 0.3, Persistence: 0.9}, 0.8},
	} {
		tr, err := Sample(context.Background(), bb.posterior(), Options{
			Chains: 4, Warmup: 500, Draws: 4000, Seed: 3, Kernel: c.k, TargetAccept: c.accept,
		})
		if err != nil {
			t.Fatal(err)
		}
		p := mapChains(tr.Param(0), func(v float64) float64 { return 1 / (1 + math.Exp(-v)) })
		if m := mean(flatten(p)); math.Abs(m-6.0/52) > 0.02 {
			t.Errorf("%s: mean %.4f far from 6/52", c.name, m)
		}
		dhCheck(t, c.name+" mean of p", zMean(p, bb.postMean()))
		dhCheck(t, c.name+" variance of p", zVar(p, bb.postMean(), bb.postVar()))
		acc := mean(flatten(tr.Stat("accept_stat")))
		if math.Abs(acc-c.accept) > 0.1 {
			t.Errorf("%s: acceptance %.2f after warm-up, aimed at %.2f", c.name, acc, c.accept)
		}
	}
}

// A correlated 2-D Gaussian (ρ = 0.9) with the unit metric: the exact
// moments for MALA and for GHMC with persistence 0.8.
func TestMALACorrelatedGaussian(t *testing.T) {
	const rho = 0.9
	target := density.FuncTarget{N: 2, F: func(g, x []float64) float64 {
		d := 1 - rho*rho
		g[0] = -(x[0] - rho*x[1]) / d
		g[1] = -(x[1] - rho*x[0]) / d
		return -0.5 * (x[0]*x[0] - 2*rho*x[0]*x[1] + x[1]*x[1]) / d
	}}
	for _, a := range []float64{0, 0.8} {
		tr, err := Sample(context.Background(), target, Options{
			Chains: 4, Warmup: 200, Draws: 4000, Seed: 5, Kernel: MALA{StepSize: 0.35, Persistence: a},
			Metric: Unit, StepSize: 0.35,
		})
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < 2; j++ {
			x := tr.Param(j)
			dhCheck(t, "mean", zMean(x, 0))
			dhCheck(t, "variance", zVar(x, 0, 1))
		}
	}
}

func TestMALABadInput(t *testing.T) {
	tg := density.FuncTarget{N: 1, F: func(g, x []float64) float64 { g[0] = -x[0]; return -0.5 * x[0] * x[0] }}
	for _, k := range []MALA{{StepSize: 0}, {StepSize: math.NaN()}, {StepSize: 0.1, Persistence: 1}, {StepSize: 0.1, Persistence: -0.1}} {
		if _, err := k.Init(tg, []float64{0}); err == nil {
			t.Errorf("%+v: no error", k)
		}
	}
}
