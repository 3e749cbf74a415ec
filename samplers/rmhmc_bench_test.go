package samplers

import (
	"math/rand/v2"
	"testing"
)

// rmBench times RMHMC transitions on the D = 10 funnel with SoftAbs.
func rmBench(b *testing.B, k RMHMC) {
	f := rmFunnel{N: 10}
	s, err := k.Init(f, rmFunnelDraws(f, 1, 7)[0])
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		k.Step(rng, s)
	}
}

func BenchmarkRMHMCFunnel10Implicit(b *testing.B) {
	rmBench(b, RMHMC{StepSize: 0.14, Steps: 25, Metric: SoftAbsMetric})
}

func BenchmarkRMHMCFunnel10Explicit(b *testing.B) {
	rmBench(b, RMHMC{StepSize: 0.05, Steps: 25, Metric: SoftAbsMetric, Integrator: ExplicitRMHMC})
}
