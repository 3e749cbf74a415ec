//go:build amd64 && !purego

package samplers

import "golang.org/x/sys/cpu"

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

// hasAVX2 reports whether the processor and the operating system support
// AVX2 (golang.org/x/sys/cpu checks that the OS saves the YMM state).
var hasAVX2 = cpu.X86.HasAVX2

// hasAVX512 reports whether the processor and the operating system support
// AVX-512F (x/sys/cpu checks that the opmask and ZMM state are saved).
var hasAVX512 = hasAVX2 && cpu.X86.HasAVX512F

// useAVX512 selects the eight-lane kernels over the four-lane ones when
// useAVX2 is set.
var useAVX512 = hasAVX512

// useAVX2 selects the assembly kernels (tests switch it off to compare with
// the portable loops).
var useAVX2 = hasAVX2
