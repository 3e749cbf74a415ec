package samplers

import (
	"context"
	"testing"
)

// BenchmarkSMCBetaBinomial times a whole tempered SMC run with 1000
// particles and 10 random-walk moves per stage.
func BenchmarkSMCBetaBinomial(b *testing.B) {
	bb := smcBB{a: 2, b: 3, n: 100, k: 70}
	for b.Loop() {
		if _, err := SMC(context.Background(), bb.prior(), &Tempering{LogLik: bb.loglik()}, SMCOptions{Particles: 1000, Seed: 1, Parallel: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
