//go:build !amd64 || purego

package simd

// Without the assembly the kernels are stubs that panic: callers check
// HasAVX2, HasFMA and HasAVX512F first. Their documentation is in the
// amd64 files.

// KickDriftAVX2 is a stub that panics: no assembly in this build.
func KickDriftAVX2(q, p, grad, inv *float64, a, eps float64, n int) { panic("simd: no AVX2") }

// KickKineticAVX2 is a stub that panics: no assembly in this build.
func KickKineticAVX2(p, grad, inv, pOut, vOut *float64, a float64, n int) float64 {
	panic("simd: no AVX2")
}

// KickPairAVX2 is a stub that panics: no assembly in this build.
func KickPairAVX2(p, grad, inv, pOut, vOut, pA, sharpA, rho *float64, a float64, n int, sums *[3]float64) {
	panic("simd: no AVX2")
}

// MergeAVX2 is a stub that panics: no assembly in this build.
func MergeAVX2(rho, rhoInit, rhoFinal, sharpBeg, pInitEnd, sharpInitEnd, pFinalBeg, sharpFinalBeg, sharpEnd *float64, n int, sums *[6]float64) {
	panic("simd: no AVX2")
}

// KickDriftAVX512 is a stub that panics: no assembly in this build.
func KickDriftAVX512(q, p, grad, inv *float64, a, eps float64, n int) { panic("simd: no AVX-512") }

// KickKineticAVX512 is a stub that panics: no assembly in this build.
func KickKineticAVX512(p, grad, inv, pOut, vOut *float64, a float64, n int) float64 {
	panic("simd: no AVX-512")
}

// KickPairAVX512 is a stub that panics: no assembly in this build.
func KickPairAVX512(p, grad, inv, pOut, vOut, pA, sharpA, rho *float64, a float64, n int, sums *[3]float64) {
	panic("simd: no AVX-512")
}

// MergeAVX512 is a stub that panics: no assembly in this build.
func MergeAVX512(rho, rhoInit, rhoFinal, sharpBeg, pInitEnd, sharpInitEnd, pFinalBeg, sharpFinalBeg, sharpEnd *float64, n int, sums *[6]float64) {
	panic("simd: no AVX-512")
}

// Kern4x12 is a stub that panics: no assembly in this build.
func Kern4x12(k int, a *float64, sai, sap int, b *float64, ldb int, c *float64, ldc int) {
	panic("simd: no AVX2")
}

// Kern4x16 is a stub that panics: no assembly in this build.
func Kern4x16(k int, a *float64, sai, sap int, b *float64, ldb int, c *float64, ldc int) {
	panic("simd: no AVX-512")
}

// Kern4x8 is a stub that panics: no assembly in this build.
func Kern4x8(k int, a *float64, sai, sap int, b *float64, ldb int, c *float64, ldc int) {
	panic("simd: no AVX-512")
}

// TanhAVX2 is a stub that panics: no assembly in this build.
func TanhAVX2(dst, src *float64, n int) { panic("simd: no AVX2") }

// TanhAVX512 is a stub that panics: no assembly in this build.
func TanhAVX512(dst, src *float64, n int) { panic("simd: no AVX-512") }

// LagKernel16AVX is a stub that panics: no assembly in this build.
func LagKernel16AVX(acc *[16]float64, x, w *float64, m int) { panic("simd: no AVX2") }
