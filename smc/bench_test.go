package smc

import (
	"context"
	"testing"
)

// BenchmarkBetaBinomial times a whole tempered SMC run with 1000
// particles and 10 random-walk moves per stage.
func BenchmarkBetaBinomial(b *testing.B) {
	bb := smcBB{a: 2, b: 3, n: 100, k: 70}
	for b.Loop() {
		if _, err := Run(context.Background(), bb.prior(), &Tempering{LogLik: bb.loglik()}, Options{Particles: 1000, Seed: 1, Parallel: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
