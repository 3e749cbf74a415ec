package diag

import (
	"math/rand/v2"
	"testing"
)

func sortBenchData() []float64 {
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, 400_000)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	return x
}

// BenchmarkSortPerm sorts 400,000 N(0, 1) draws (one parameter of the
// Summarize benchmark).
func BenchmarkSortPerm(b *testing.B) {
	x := sortBenchData()
	n := len(x)
	perm := make([]uint32, n)
	k1, k2 := make([]uint64, n), make([]uint64, n)
	cpu := cpuSeconds()
	for b.Loop() {
		sortPerm(perm, x, k1, k2)
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
}

// BenchmarkLagBlock computes eight lags of autocovariance of 400,000 draws.
func BenchmarkLagBlock(b *testing.B) {
	x := sortBenchData()
	var out [8]float64
	for b.Loop() {
		lagProducts(&out, x, 0)
	}
}
