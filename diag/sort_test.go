package diag

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortPerm checks the radix sort against slices.Sort on inputs with
// ties, signed zeros, infinities, values that agree in their high bits and
// both the small-input and the radix path. Equal values keep index order
// (−0 sorts before +0, which is harmless: ranks treat them as tied).
func TestSortPerm(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 7, 511, 512, 5000, 70000} {
		for kind := range 4 {
			x := make([]float64, n)
			for i := range x {
				switch kind {
				case 0:
					x[i] = rng.NormFloat64()
				case 1: // heavy ties
					x[i] = float64(rng.IntN(5)) - 2
				case 2: // signed zeros, infinities, tiny values
					x[i] = []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), 5e-324, -5e-324, 1}[rng.IntN(7)]
				case 3: // values that differ only in their low mantissa bits
					x[i] = math.Float64frombits(math.Float64bits(1.5) + uint64(rng.IntN(1<<20)))
				}
			}
			perm := make([]uint32, n)
			sortPerm(perm, x, make([]uint64, n), make([]uint64, n))
			got := make([]float64, n)
			for i, p := range perm {
				got[i] = x[p]
			}
			want := slices.Clone(x)
			slices.Sort(want)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("n=%d kind=%d: position %d has %v, want %v", n, kind, i, got[i], want[i])
				}
				if i > 0 && math.Float64bits(got[i]) == math.Float64bits(got[i-1]) && perm[i] < perm[i-1] {
					t.Fatalf("n=%d kind=%d: equal values out of index order at %d", n, kind, i)
				}
			}
			seen := make([]bool, n)
			for _, p := range perm {
				if seen[p] {
					t.Fatalf("n=%d kind=%d: index %d twice", n, kind, p)
				}
				seen[p] = true
			}
		}
	}
}
