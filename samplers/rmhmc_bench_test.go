package samplers

import (
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/density"
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
	rmBench(b, RMHMC{StepSize: 0.14, Steps: 25, Metric: SoftAbs})
}

func BenchmarkRMHMCFunnel10Explicit(b *testing.B) {
	rmBench(b, RMHMC{StepSize: 0.15, Steps: 25, Metric: SoftAbs, Integrator: ExplicitRMHMC,
		Binding: 10})
}

// TestRMHMCNoAllocs checks that warm RMHMC transitions allocate nothing,
// for both integrators and both metrics, on the hand-written funnel and
// on the funnel written on the autodiff tape.
func TestRMHMCNoAllocs(t *testing.T) {
	const n = 5
	x0 := rmFunnelDraws(rmFunnel{N: n}, 1, 7)[0]
	tape, err := autodiff.NewTarget(rmFunnelTape(n), x0, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []density.HessianTarget{rmFunnel{N: n}, tape} {
		for _, k := range []RMHMC{
			{StepSize: 0.14, Steps: 5, Metric: SoftAbs},
			{StepSize: 0.05, Steps: 5, Metric: Hessian},
			{StepSize: 0.15, Steps: 5, Metric: SoftAbs, Integrator: ExplicitRMHMC, Binding: 10},
			{StepSize: 0.05, Steps: 5, Metric: SoftAbs, Integrator: ExplicitRMHMC, ExplicitTest: AugmentedTest, ExactBinding: true},
		} {
			s, err := k.Init(target, x0)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 2))
			for range 3 {
				k.Step(rng, s)
			}
			if a := testing.AllocsPerRun(10, func() { k.Step(rng, s) }); a != 0 {
				t.Errorf("%T, %v %v: %v allocations per transition, want 0", target, k.Metric, k.Integrator, a)
			}
		}
	}
}
