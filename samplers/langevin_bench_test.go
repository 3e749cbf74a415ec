package samplers

import (
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
)

// BenchmarkLgBAOABStep100 times one BAOAB step on a 100-D standard normal
// (one gradient per step).
func BenchmarkLgBAOABStep100(b *testing.B) {
	const n = 100
	tg := density.FuncTarget{N: n, F: func(g, x []float64) float64 {
		var lp float64
		for i, v := range x {
			g[i] = -v
			lp -= 0.5 * v * v
		}
		return lp
	}}
	k := BAOAB{StepSize: 0.5}
	s, err := k.Init(tg, make([]float64, n))
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	b.ReportAllocs()
	for b.Loop() {
		k.Step(rng, s)
	}
}
