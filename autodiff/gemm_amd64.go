//go:build amd64 && !purego

package autodiff

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// kern4x12 adds the 4×12 product of a k-long strip of A (element (i, p) at
// a[i*sai+p*sap]) and a k×12 panel of B (row stride ldb) to C (row stride
// ldc), with AVX2 and FMA. See gemm_amd64.s.
//
//go:noescape
func kern4x12(k int, a *float64, sai, sap int, b *float64, ldb int, c *float64, ldc int)

// kern4x16 is kern4x12 for a 4×16 tile with AVX-512F.
//
//go:noescape
func kern4x16(k int, a *float64, sai, sap int, b *float64, ldb int, c *float64, ldc int)

// kern4x8 is the 4×8 AVX-512 kernel for narrow last panels.
//
//go:noescape
func kern4x8(k int, a *float64, sai, sap int, b *float64, ldb int, c *float64, ldc int)

// hasAVX2FMA reports whether the processor and the operating system support
// AVX2 and FMA (golang.org/x/sys/cpu checks that the OS saves the YMM state).
var hasAVX2FMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// hasAVX512 reports whether the processor and the operating system support
// AVX-512F (x/sys/cpu checks that the opmask and ZMM state are saved).
var hasAVX512 = hasAVX2FMA && cpu.X86.HasAVX512F

// useKernel selects the assembly micro-kernel (tests switch it off to
// compare with the portable one).
var useKernel = hasAVX2FMA

// useAVX512 selects the 4×16 AVX-512 kernel over the 4×12 AVX2 one.
var useAVX512 = hasAVX512

// microKernel computes C[0:4, 0:nr] += A·B for a 4×nr tile (nr =
// gemmWidth()); see kern4x12.
func microKernel(k int, a []float64, sai, sap int, b []float64, ldb int, c []float64, ldc int) {
	if useAVX512 {
		kern4x16(k, unsafe.SliceData(a), sai, sap, unsafe.SliceData(b), ldb, unsafe.SliceData(c), ldc)
		return
	}
	kern4x12(k, unsafe.SliceData(a), sai, sap, unsafe.SliceData(b), ldb, unsafe.SliceData(c), ldc)
}

// narrowWidth returns the width of the narrow kernel for last panels of
// at most that many columns, or 0 if there is none.
func narrowWidth() int {
	if useKernel && useAVX512 {
		return 8
	}
	return 0
}

// narrowKernel is microKernel for a 4×narrowWidth() tile.
func narrowKernel(k int, a []float64, sai, sap int, b []float64, ldb int, c []float64, ldc int) {
	kern4x8(k, unsafe.SliceData(a), sai, sap, unsafe.SliceData(b), ldb, unsafe.SliceData(c), ldc)
}

// gemmWidth returns the tile width of the kernel in use.
func gemmWidth() int {
	switch {
	case useKernel && useAVX512:
		return 16
	case useKernel:
		return 12
	}
	return gemmNRGo
}
