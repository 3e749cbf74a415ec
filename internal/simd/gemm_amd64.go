//go:build amd64 && !purego

package simd

// Kern4x12 adds the 4×12 product of a k-long strip of A (element (i, p) at
// a[i*sai+p*sap]) and a k×12 panel of B (row stride ldb) to C (row stride
// ldc), with AVX2 and FMA: the micro-kernel of autodiff's GEMM (gemm.go).
// See gemm_amd64.s.
//
//go:noescape
func Kern4x12(k int, a *float64, sai, sap int, b *float64, ldb int, c *float64, ldc int)

// Kern4x16 is Kern4x12 for a 4×16 tile with AVX-512F.
//
//go:noescape
func Kern4x16(k int, a *float64, sai, sap int, b *float64, ldb int, c *float64, ldc int)

// Kern4x8 is the 4×8 AVX-512 kernel for narrow last panels.
//
//go:noescape
func Kern4x8(k int, a *float64, sai, sap int, b *float64, ldb int, c *float64, ldc int)
