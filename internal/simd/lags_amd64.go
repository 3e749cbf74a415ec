//go:build amd64 && !purego

package simd

// LagKernel16AVX sets acc[k] = fma(x[i], w[i+k], acc[k]) for i < m in
// order, for k < 16, with AVX2 and FMA: diag's lagKernel16 (autocov.go),
// bit for bit. w must hold m+15 values. See lags_amd64.s.
//
//go:noescape
func LagKernel16AVX(acc *[16]float64, x, w *float64, m int)
