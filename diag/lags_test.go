package diag

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLagBlocks checks that lagBlocks gives bit for bit what lagProducts and
// lagProducts4 give lag block by lag block (the numbers the diagnostics had
// before the sixteen-lag kernel), with the assembly kernel and without, for
// lengths around the kernel's limits.
func TestLagBlocks(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	saved := useLagKernel
	defer func() { useLagKernel = saved }()
	for _, n := range []int{1, 7, 15, 16, 17, 31, 40, 64, 101, 1000} {
		y := make([]float64, n)
		for i := range y {
			y[i] = rng.NormFloat64()
		}
		for _, lo := range []int{0, 4, 16, 32} {
			first := lo == 0
			// Reference: blocks of 8 (first) or 4 lags, each from the start.
			var want [16]float64
			if first {
				var b [8]float64
				lagProducts(&b, y, 0)
				copy(want[:8], b[:])
			} else {
				var b [8]float64
				lagProducts4(&b, y, lo)
				copy(want[:4], b[:4])
				b = [8]float64{}
				lagProducts4(&b, y, lo+4)
				copy(want[4:8], b[:4])
			}
			for j := 8; j < 16; j += 4 {
				var b [8]float64
				lagProducts4(&b, y, lo+j)
				copy(want[j:j+4], b[:4])
			}
			for _, kernel := range []bool{false, true} {
				useLagKernel = kernel && saved
				var got [16]float64
				lagBlocks(&got, y, lo, first)
				for k := range got {
					if math.Float64bits(got[k]) != math.Float64bits(want[k]) {
						t.Errorf("n=%d lo=%d kernel=%v: lag %d is %v, want %v", n, lo, useLagKernel, lo+k, got[k], want[k])
					}
				}
			}
		}
	}
}
