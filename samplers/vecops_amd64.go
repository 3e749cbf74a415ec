//go:build amd64 && !purego

package samplers

// AVX2 kernels of the NUTS hot path (vecops_amd64.s). Each handles the
// first n elements, n a multiple of 4; the Go callers in vecops.go finish
// the rest. The elementwise updates use the same operations in the same
// order as the Go loops (no fused multiply-add), so the vectors they write
// are bit-identical to the Go path's; the sums are accumulated in vector
// lanes, a different association than the Go loops', so they agree with
// them to rounding (a relative 1e-15 or so of the sum of magnitudes).

//go:noescape
func kickDriftAVX2(q, p, grad, inv *float64, a, eps float64, n int)

//go:noescape
func kickKineticAVX2(p, grad, inv, pOut, vOut *float64, a float64, n int) float64

//go:noescape
func kickPairAVX2(p, grad, inv, pOut, vOut, pA, sharpA, rho *float64, a float64, n int, sums *[3]float64)

//go:noescape
func mergeAVX2(rho, rhoInit, rhoFinal, sharpBeg, pInitEnd, sharpInitEnd, pFinalBeg, sharpFinalBeg, sharpEnd *float64, n int, sums *[6]float64)

// The same on eight lanes with AVX-512F (n a multiple of 4).

//go:noescape
func kickDriftAVX512(q, p, grad, inv *float64, a, eps float64, n int)

//go:noescape
func kickKineticAVX512(p, grad, inv, pOut, vOut *float64, a float64, n int) float64

//go:noescape
func kickPairAVX512(p, grad, inv, pOut, vOut, pA, sharpA, rho *float64, a float64, n int, sums *[3]float64)

//go:noescape
func mergeAVX512(rho, rhoInit, rhoFinal, sharpBeg, pInitEnd, sharpInitEnd, pFinalBeg, sharpFinalBeg, sharpEnd *float64, n int, sums *[6]float64)

//go:noescape
func cpuidSamplers(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

//go:noescape
func xgetbv0Samplers() (eax uint32)

// hasAVX2 reports whether the processor and the operating system support
// AVX2 (the YMM state is saved on context switches).
var hasAVX2 = func() bool {
	maxID, _, _, _ := cpuidSamplers(0, 0)
	if maxID < 7 {
		return false
	}
	_, _, ecx1, _ := cpuidSamplers(1, 0)
	const osxsave, avx = 1 << 27, 1 << 28
	if ecx1&osxsave == 0 || ecx1&avx == 0 {
		return false
	}
	if xgetbv0Samplers()&6 != 6 {
		return false
	}
	_, ebx7, _, _ := cpuidSamplers(7, 0)
	return ebx7&(1<<5) != 0
}()

// hasAVX512 reports whether the processor and the operating system support
// AVX-512F (the opmask and ZMM state are saved on context switches).
var hasAVX512 = func() bool {
	if !hasAVX2 || xgetbv0Samplers()&0xe6 != 0xe6 {
		return false
	}
	_, ebx7, _, _ := cpuidSamplers(7, 0)
	return ebx7&(1<<16) != 0
}()

// useAVX512 selects the eight-lane kernels over the four-lane ones when
// useAVX2 is set.
var useAVX512 = hasAVX512

// useAVX2 selects the assembly kernels (tests switch it off to compare with
// the portable loops).
var useAVX2 = hasAVX2
