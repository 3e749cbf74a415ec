//go:build !amd64 || purego

package samplers

// Without the AVX2 kernels (another architecture, or the purego tag) the
// Go loops of vecops.go do all the work; these stubs are never called.

const hasAVX2 = false

var useAVX2 = false

const hasAVX512 = false

var useAVX512 = false

func kickDriftAVX2(q, p, grad, inv *float64, a, eps float64, n int) { panic("samplers: no AVX2") }

func kickKineticAVX2(p, grad, inv, pOut, vOut *float64, a float64, n int) float64 {
	panic("samplers: no AVX2")
}

func kickPairAVX2(p, grad, inv, pOut, vOut, pA, sharpA, rho *float64, a float64, n int, sums *[3]float64) {
	panic("samplers: no AVX2")
}

func mergeAVX2(rho, rhoInit, rhoFinal, sharpBeg, pInitEnd, sharpInitEnd, pFinalBeg, sharpFinalBeg, sharpEnd *float64, n int, sums *[6]float64) {
	panic("samplers: no AVX2")
}

func kickDriftAVX512(q, p, grad, inv *float64, a, eps float64, n int) {
	panic("samplers: no AVX-512")
}

func kickKineticAVX512(p, grad, inv, pOut, vOut *float64, a float64, n int) float64 {
	panic("samplers: no AVX-512")
}

func kickPairAVX512(p, grad, inv, pOut, vOut, pA, sharpA, rho *float64, a float64, n int, sums *[3]float64) {
	panic("samplers: no AVX-512")
}

func mergeAVX512(rho, rhoInit, rhoFinal, sharpBeg, pInitEnd, sharpInitEnd, pFinalBeg, sharpFinalBeg, sharpEnd *float64, n int, sums *[6]float64) {
	panic("samplers: no AVX-512")
}
