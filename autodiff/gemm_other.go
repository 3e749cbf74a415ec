//go:build !amd64 || purego

package autodiff

// useKernel is false: no assembly micro-kernel on this platform.
var useKernel = false

var hasAVX2FMA = false

func microKernel(k int, a []float64, sai, sap int, b []float64, ldb int, c []float64, ldc int) {
	goKernel(k, a, sai, sap, b, ldb, c, ldc)
}

var useAVX512, hasAVX512 = false, false

func gemmWidth() int { return gemmNRGo }

func narrowWidth() int { return 0 }

func narrowKernel(k int, a []float64, sai, sap int, b []float64, ldb int, c []float64, ldc int) {
	panic("autodiff: no narrow kernel")
}
