//go:build amd64 && !purego

package autodiff

import (
	"unsafe"

	"github.com/bayesnn-go/bayesnn/internal/simd"
)

// hasAVX2FMA reports whether the processor and the operating system support
// AVX2 and FMA, for the kernels of internal/simd.
var hasAVX2FMA = simd.HasAVX2 && simd.HasFMA

// hasAVX512 reports whether the processor and the operating system support
// AVX-512F (x/sys/cpu checks that the opmask and ZMM state are saved).
var hasAVX512 = hasAVX2FMA && simd.HasAVX512F

// useKernel selects the assembly micro-kernel (tests switch it off to
// compare with the portable one).
var useKernel = hasAVX2FMA

// useAVX512 selects the 4×16 AVX-512 kernel over the 4×12 AVX2 one.
var useAVX512 = hasAVX512

// microKernel computes C[0:4, 0:nr] += A·B for a 4×nr tile (nr =
// gemmWidth()); see simd.Kern4x12.
func microKernel(k int, a []float64, sai, sap int, b []float64, ldb int, c []float64, ldc int) {
	if useAVX512 {
		simd.Kern4x16(k, unsafe.SliceData(a), sai, sap, unsafe.SliceData(b), ldb, unsafe.SliceData(c), ldc)
		return
	}
	simd.Kern4x12(k, unsafe.SliceData(a), sai, sap, unsafe.SliceData(b), ldb, unsafe.SliceData(c), ldc)
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
	simd.Kern4x8(k, unsafe.SliceData(a), sai, sap, unsafe.SliceData(b), ldb, unsafe.SliceData(c), ldc)
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
