//go:build amd64 && !purego

package simd

// The kernels of the NUTS hot path (leapfrog_amd64.s), for samplers'
// vecops.go and uturn.go. Each handles the first n elements, n a multiple
// of 4; the callers finish the rest. The elementwise updates use the same
// operations in the same order as the Go loops (no fused multiply-add), so
// the vectors they write are bit-identical to the Go path's; the sums are
// accumulated in vector lanes, a different association than the Go
// loops', so they agree with them to rounding (a relative 1e-15 or so of
// the sum of magnitudes).

// KickDriftAVX2 sets p[i] += a·grad[i], then q[i] += eps·(inv[i]·p[i]).
//
//go:noescape
func KickDriftAVX2(q, p, grad, inv *float64, a, eps float64, n int)

// KickKineticAVX2 sets p[i] += a·grad[i], pOut[i] = p[i] and vOut[i] =
// inv[i]·p[i], and returns Σ vOut[i]·p[i].
//
//go:noescape
func KickKineticAVX2(p, grad, inv, pOut, vOut *float64, a float64, n int) float64

// KickPairAVX2 is KickKineticAVX2 that also sets rho[i] = pA[i] + p[i] and
// writes sums = (Σ vOut·p, Σ sharpA·rho, Σ vOut·rho).
//
//go:noescape
func KickPairAVX2(p, grad, inv, pOut, vOut, pA, sharpA, rho *float64, a float64, n int, sums *[3]float64)

// MergeAVX2 sets rho = rhoInit + rhoFinal (rho may alias either) and writes
// the six sums of samplers' mergeNoUTurn, in its order: sharpBeg·rho,
// sharpEnd·rho, sharpBeg·ext, sharpFinalBeg·ext with ext = rhoInit +
// pFinalBeg, then sharpInitEnd·ext, sharpEnd·ext with ext = rhoFinal +
// pInitEnd.
//
//go:noescape
func MergeAVX2(rho, rhoInit, rhoFinal, sharpBeg, pInitEnd, sharpInitEnd, pFinalBeg, sharpFinalBeg, sharpEnd *float64, n int, sums *[6]float64)

// KickDriftAVX512 is KickDriftAVX2 on eight lanes with AVX-512F.
//
//go:noescape
func KickDriftAVX512(q, p, grad, inv *float64, a, eps float64, n int)

// KickKineticAVX512 is KickKineticAVX2 on eight lanes with AVX-512F.
//
//go:noescape
func KickKineticAVX512(p, grad, inv, pOut, vOut *float64, a float64, n int) float64

// KickPairAVX512 is KickPairAVX2 on eight lanes with AVX-512F.
//
//go:noescape
func KickPairAVX512(p, grad, inv, pOut, vOut, pA, sharpA, rho *float64, a float64, n int, sums *[3]float64)

// MergeAVX512 is MergeAVX2 on eight lanes with AVX-512F.
//
//go:noescape
func MergeAVX512(rho, rhoInit, rhoFinal, sharpBeg, pInitEnd, sharpInitEnd, pFinalBeg, sharpFinalBeg, sharpEnd *float64, n int, sums *[6]float64)
