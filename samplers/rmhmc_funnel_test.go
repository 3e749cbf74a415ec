package samplers

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// rmFunnelDraws returns n exact draws from the D-dimensional funnel, as
// starting points in the stationary distribution.
func rmFunnelDraws(f rmFunnel, n int, seed uint64) [][]float64 {
	d, sd := f.N, 1/math.Sqrt(f.prec())
	rng := rand.New(rand.NewPCG(seed, 1))
	out := make([][]float64, n)
	for c := range out {
		x := make([]float64, d)
		x[0] = sd * rng.NormFloat64()
		for i := 1; i < d; i++ {
			x[i] = math.Exp(x[0]/2) * rng.NormFloat64()
		}
		out[c] = x
	}
	return out
}

// TestRMFunnel samples Neal's funnel in D = 10 with the SoftAbs metric and
// the implicit integrator at hamiltorch's settings (step 0.14, 25 steps,
// α = 1e6), and checks the v marginal, N(0, 3²), within 4 MCSE for its
// mean and variance. The explicit integrator with the exact binding flow
// gets a narrower funnel, v ~ N(0, 1): on Neal's its copies come unbound
// in the neck (TestRMExplicitStudy; TestRMExplicitHamiltorch runs
// hamiltorch's variant there); not under -short.
func TestRMFunnel(t *testing.T) {
	type rmCase struct {
		f     rmFunnel
		k     RMHMC
		draws int
	}
	cases := []rmCase{
		{rmFunnel{N: 10}, RMHMC{StepSize: 0.14, Steps: 25, Metric: SoftAbs}, 600},
	}
	if !testing.Short() {
		cases = append(cases, rmCase{rmFunnel{N: 10, SD: 1},
			RMHMC{StepSize: 0.05, Steps: 30, Metric: SoftAbs, Integrator: ExplicitRMHMC}, 600})
	}
	for _, tc := range cases {
		k := tc.k
		sd := 1 / math.Sqrt(tc.f.prec())
		tr, err := Sample(context.Background(), tc.f, Options{Chains: 2, Warmup: -1, Draws: tc.draws, Seed: 5,
			Kernel: k, InitialPoints: rmFunnelDraws(tc.f, 2, 7)})
		if err != nil {
			t.Fatal(err)
		}
		v := tr.Param(0)
		zm, zv := zMean(v, 0), zVar(v, 0, sd*sd)
		t.Logf("%v, v ~ N(0, %g²): accept %.3f, divergent %d, v mean %.3f (z %.2f), E v² %.3f (z %.2f), ESS %.0f",
			k.Integrator, sd, mean(flatten(tr.Stat("accept_stat__"))), tr.Divergences(), mean(flatten(v)), zm,
			mean(flatten(mapChains(v, func(x float64) float64 { return x * x }))), zv, ess(v))
		if math.Abs(zm) > 4 || math.Abs(zv) > 4 {
			t.Errorf("%v: v mean z = %.2f, variance z = %.2f, want |z| <= 4", k.Integrator, zm, zv)
		}
		// A sampler that rejects everything would keep v at its start.
		if e := ess(v); e < 50 {
			t.Errorf("%v: ESS of v %.0f, want at least 50", k.Integrator, e)
		}
	}
}
