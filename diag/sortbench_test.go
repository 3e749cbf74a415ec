package diag

import (
	"math/rand/v2"
	"slices"
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

func BenchmarkSortPerm(b *testing.B) {
	x := sortBenchData()
	n := len(x)
	perm := make([]uint32, n)
	k1, k2 := make([]uint64, n), make([]uint64, n)
	for b.Loop() {
		sortPerm(perm, x, k1, k2)
	}
}

func BenchmarkSortSlices(b *testing.B) {
	x := sortBenchData()
	y := make([]float64, len(x))
	for b.Loop() {
		copy(y, x)
		slices.Sort(y)
	}
}

func BenchmarkScatterOnly(b *testing.B) {
	x := sortBenchData()
	n := len(x)
	k1, k2 := make([]uint64, n), make([]uint64, n)
	for i, v := range x {
		k1[i] = floatKey(v)
	}
	var h [2048]uint32
	for b.Loop() {
		clear(h[:])
		for _, k := range k1 {
			h[(k>>40)&2047]++
		}
		var s uint32
		for i, c := range h {
			h[i] = s
			s += c
		}
		for _, k := range k1 {
			d := (k >> 40) & 2047
			k2[h[d]] = k
			h[d]++
		}
	}
}

func BenchmarkLagBlock(b *testing.B) {
	x := sortBenchData()
	var out [8]float64
	for b.Loop() {
		lagProducts(&out, x, 0)
	}
}
