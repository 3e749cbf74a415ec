package samplers

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkDHMCStep times one transition (10 integrator steps, no jitter)
// on y | n ~ N(n, 1), n ~ Poisson(2), with and without the cheap Delta.
func BenchmarkDHMCStep(b *testing.B) {
	for _, c := range []struct {
		name  string
		delta bool
	}{{"full", false}, {"delta", true}} {
		b.Run(c.name, func(b *testing.B) {
			target := dhMixed(c.delta)
			k := DHMC{StepSize: 0.5, StepSizeJitter: -1, MinSteps: 10, Discontinuous: []int{1}, Mass: []float64{0.5}}
			s, err := k.Init(target, []float64{2, 2.5})
			if err != nil {
				b.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 1))
			b.ReportAllocs()
			for b.Loop() {
				k.Step(rng, s)
			}
		})
	}
}
