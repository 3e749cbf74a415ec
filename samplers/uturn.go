package samplers

import "github.com/bayesnn-go/bayesnn/internal/simd"

// The no-U-turn criterion of NUTS, in one reference function and the fused
// kernels that NUTS's fast path runs in its place.
//
// The criterion is Betancourt's generalized one (Betancourt 2017, "A
// Conceptual Introduction to Hamiltonian Monte Carlo", appendix A.4.2), in
// the form of Stan's base_nuts (compute_criterion): a trajectory, or a
// subtree of it, whose momenta sum to rho, first state has velocity
// p♯₋ = M⁻¹p₋ and last state velocity p♯₊ = M⁻¹p₊, keeps going while
//
//	p♯₋·rho > 0  and  p♯₊·rho > 0.
//
// With a unit metric and rho = q₊ − q₋ over a continuous trajectory this
// is Hoffman and Gelman's original check; the momentum sum makes it hold
// for any metric and for the discrete trajectory. Each merge of two
// adjacent subtrees checks it three times, as Stan has done since 2.21
// (the "extra checks" that stop a U-turn hidden between two subtrees):
// across the merged tree, across the initial subtree extended by the first
// state of the final one, and across the final subtree extended by the
// last state of the initial one. BlackJAX and NumPyro check the same
// criterion iteratively over checkpoints of the trajectory.
//
// noUTurn is the reference: plain Go, one dot product per end. NUTS merges
// single states with pairNoUTurn (the reference itself), merges subtrees
// with mergeNoUTurn, and on its fast path (leapfrog, unit or diagonal
// metric) fuses the pair check into the leapfrog step (leapfrogDiagPair).
// The fused kernels make one pass over their vectors where the reference
// makes several; their assembly twins (internal/simd) run on amd64 with
// AVX2 or AVX-512. TestNoUTurnKernelsMatchReference checks every one of
// them against noUTurn. BenchmarkNoUTurn measures what the fusion buys (2
// shared cores under load, ns/op, n = 100): mergeNoUTurn 277 with AVX-512,
// 374 with AVX2, 1306 in Go, against 3209 composed from noUTurn; the fused
// pair step 274 (AVX-512) and 351 (AVX2) against 322 and 1062 for the
// leapfrog step followed by pairNoUTurn. In pure Go the fused pair loop
// (1795) does not beat the two passes (1549); it stays because it is also
// the tail of the assembly kernels, and replacing it would change the
// rounding of the kinetic energy (two accumulators, not four), and with it
// the fixed-seed energies that the tests and the posteriordb suite pin.

// noUTurn reports the generalized no-U-turn criterion for a trajectory or
// subtree whose momenta sum to rho and whose first and last states have
// velocities sharpMinus and sharpPlus: sharpMinus·rho > 0 and
// sharpPlus·rho > 0. A NaN anywhere makes it false (the tree stops).
func noUTurn(sharpMinus, sharpPlus, rho []float64) bool {
	return dot(sharpMinus, rho) > 0 && dot(sharpPlus, rho) > 0
}

// pairNoUTurn merges two adjacent single states a and b of a trajectory:
// it sets rho = pA + pB and reports noUTurn(sharpA, sharpB, rho). (Of
// Stan's three checks on such a merge, the two extra ones coincide with
// the first.)
func pairNoUTurn(rho, pA, sharpA, pB, sharpB []float64) bool {
	pA, pB = pA[:len(rho)], pB[:len(rho)]
	for i := range rho {
		rho[i] = pA[i] + pB[i]
	}
	return noUTurn(sharpA, sharpB, rho)
}

// mergeNoUTurn merges two adjacent subtrees of a trajectory, the initial one
// (summed momenta rhoInit, first velocity sharpBeg, last momentum and
// velocity pInitEnd, sharpInitEnd) and the final one (rhoFinal, first
// momentum and velocity pFinalBeg, sharpFinalBeg, last velocity sharpEnd).
// It sets rho = rhoInit + rhoFinal (rho may alias either) and reports Stan's
// three checks, in one pass over the vectors:
//
//	noUTurn(sharpBeg, sharpEnd, rho) &&
//	noUTurn(sharpBeg, sharpFinalBeg, rhoInit + pFinalBeg) &&
//	noUTurn(sharpInitEnd, sharpEnd, rhoFinal + pInitEnd)
//
// The Go loop is the portable twin of the AVX2 and AVX-512 kernels, which
// take the first len(rho)&^3 elements; its sums are the reference's to
// rounding (one accumulator each, not two).
func mergeNoUTurn(rho, rhoInit, rhoFinal, sharpBeg, pInitEnd, sharpInitEnd, pFinalBeg, sharpFinalBeg, sharpEnd []float64) bool {
	n := len(rho)
	rhoInit, rhoFinal = rhoInit[:n], rhoFinal[:n]
	sharpBeg, pInitEnd, sharpInitEnd = sharpBeg[:n], pInitEnd[:n], sharpInitEnd[:n]
	pFinalBeg, sharpFinalBeg, sharpEnd = pFinalBeg[:n], sharpFinalBeg[:n], sharpEnd[:n]
	var begAll, endAll, begInit, finalBegInit, initEndFinal, endFinal float64
	i0 := 0
	if useAVX2 && n >= 4 {
		i0 = n &^ 3
		var s [6]float64
		if useAVX512 {
			simd.MergeAVX512(&rho[0], &rhoInit[0], &rhoFinal[0], &sharpBeg[0], &pInitEnd[0], &sharpInitEnd[0], &pFinalBeg[0], &sharpFinalBeg[0], &sharpEnd[0], i0, &s)
		} else {
			simd.MergeAVX2(&rho[0], &rhoInit[0], &rhoFinal[0], &sharpBeg[0], &pInitEnd[0], &sharpInitEnd[0], &pFinalBeg[0], &sharpFinalBeg[0], &sharpEnd[0], i0, &s)
		}
		begAll, endAll, begInit, finalBegInit, initEndFinal, endFinal = s[0], s[1], s[2], s[3], s[4], s[5]
	}
	for i := i0; i < n; i++ {
		ri, rf := rhoInit[i], rhoFinal[i]
		r := ri + rf
		rho[i] = r
		sb, se := sharpBeg[i], sharpEnd[i]
		begAll += sb * r
		endAll += se * r
		ext := ri + pFinalBeg[i] // the initial subtree and the final's first state
		begInit += sb * ext
		finalBegInit += sharpFinalBeg[i] * ext
		ext = rf + pInitEnd[i] // the final subtree and the initial's last state
		initEndFinal += sharpInitEnd[i] * ext
		endFinal += se * ext
	}
	return begAll > 0 && endAll > 0 && begInit > 0 && finalBegInit > 0 && initEndFinal > 0 && endFinal > 0
}
