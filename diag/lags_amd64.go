//go:build amd64 && !purego

package diag

import "github.com/bayesnn-go/bayesnn/internal/simd"

// hasAVX2FMA reports whether the processor and the operating system support
// AVX2 and FMA, for simd.LagKernel16AVX.
var hasAVX2FMA = simd.HasAVX2 && simd.HasFMA

// useLagKernel selects the assembly kernel (tests switch it off to compare
// with the portable loop).
var useLagKernel = hasAVX2FMA

// lagKernel16 sets acc[k] = fma(x[i], w[i+k], acc[k]) for i < m in order,
// for k < 16; w must hold m+15 values.
func lagKernel16(acc *[16]float64, x, w []float64, m int) {
	if m <= 0 {
		return
	}
	_ = x[m-1]
	_ = w[m+14]
	if useLagKernel {
		simd.LagKernel16AVX(acc, &x[0], &w[0], m)
		return
	}
	lagKernel16Go(acc, x, w, m)
}
