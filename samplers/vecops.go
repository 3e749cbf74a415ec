package samplers

import (
	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/internal/simd"
)

// The fused loops of the NUTS hot path: each makes one pass over its vectors
// where separate calls would make several, and keeps several independent
// sums so that a reduction is not bound by the latency of one addition chain.

// hasAVX2 reports whether the AVX2 kernels of internal/simd run here
// (false on other architectures and with the purego build tag).
var hasAVX2 = simd.HasAVX2

// hasAVX512 reports whether the AVX-512F kernels run here.
var hasAVX512 = hasAVX2 && simd.HasAVX512F

// useAVX2 selects the assembly kernels (tests switch it off to compare with
// the portable loops).
var useAVX2 = hasAVX2

// useAVX512 selects the eight-lane kernels over the four-lane ones when
// useAVX2 is set.
var useAVX512 = hasAVX512

// leapfrogDiag takes one leapfrog step of size eps from z for a Euclidean
// Hamiltonian with diagonal inverse metric inv (nil: the identity),
// evaluating the target at the new position. It writes the new momentum
// into pOut and the velocity inv⊙p into vOut, and returns the kinetic energy
// ½ p·(inv⊙p). The arithmetic of each coordinate is that of Leapfrog.Step
// with Euclidean.
func leapfrogDiag(t density.Target, z *Point, inv []float64, eps float64, pOut, vOut []float64) float64 {
	half := 0.5 * eps
	kickDrift(z.Q, z.P, z.Grad, inv, half, eps)
	z.LogProb = logProb(t, z.Grad, z.Q)
	return 0.5 * kickKinetic(z.P, z.Grad, inv, pOut, vOut, half)
}

// kick sets p += a·g.
func kick(p, g []float64, a float64) {
	g = g[:len(p)]
	for i := range p {
		p[i] += a * g[i]
	}
}

// kickDrift sets p += a·g, then q += eps·inv⊙p (inv nil: the identity).
func kickDrift(q, p, g, inv []float64, a, eps float64) {
	n := len(q)
	p, g = p[:n], g[:n]
	if inv == nil {
		for i := range q {
			pi := p[i] + a*g[i]
			p[i] = pi
			q[i] += eps * pi
		}
		return
	}
	inv = inv[:n]
	i := 0
	if useAVX2 && n >= 4 {
		i = n &^ 3
		if useAVX512 {
			simd.KickDriftAVX512(&q[0], &p[0], &g[0], &inv[0], a, eps, i)
		} else {
			simd.KickDriftAVX2(&q[0], &p[0], &g[0], &inv[0], a, eps, i)
		}
	}
	for ; i < n; i++ {
		pi := p[i] + a*g[i]
		p[i] = pi
		q[i] += eps * (inv[i] * pi)
	}
}

// kickKinetic sets p += a·g, copies p into pOut and inv⊙p (inv nil: p) into
// vOut, and returns p·(inv⊙p).
func kickKinetic(p, g, inv, pOut, vOut []float64, a float64) float64 {
	n := len(p)
	g, pOut, vOut = g[:n], pOut[:n], vOut[:n]
	var s0, s1, s2, s3 float64
	i := 0
	if inv == nil {
		for ; i <= n-4; i += 4 {
			pp, gg, po, vo := p[i:i+4:i+4], g[i:i+4:i+4], pOut[i:i+4:i+4], vOut[i:i+4:i+4]
			p0, p1, p2, p3 := pp[0]+a*gg[0], pp[1]+a*gg[1], pp[2]+a*gg[2], pp[3]+a*gg[3]
			pp[0], pp[1], pp[2], pp[3] = p0, p1, p2, p3
			po[0], po[1], po[2], po[3] = p0, p1, p2, p3
			vo[0], vo[1], vo[2], vo[3] = p0, p1, p2, p3
			s0 += p0 * p0
			s1 += p1 * p1
			s2 += p2 * p2
			s3 += p3 * p3
		}
		for ; i < n; i++ {
			pi := p[i] + a*g[i]
			p[i], pOut[i], vOut[i] = pi, pi, pi
			s0 += pi * pi
		}
		return (s0 + s1) + (s2 + s3)
	}
	inv = inv[:n]
	if useAVX2 && n >= 4 {
		i = n &^ 3
		if useAVX512 {
			s0 = simd.KickKineticAVX512(&p[0], &g[0], &inv[0], &pOut[0], &vOut[0], a, i)
		} else {
			s0 = simd.KickKineticAVX2(&p[0], &g[0], &inv[0], &pOut[0], &vOut[0], a, i)
		}
	}
	for ; i <= n-4; i += 4 {
		pp, gg, mm, po, vo := p[i:i+4:i+4], g[i:i+4:i+4], inv[i:i+4:i+4], pOut[i:i+4:i+4], vOut[i:i+4:i+4]
		p0, p1, p2, p3 := pp[0]+a*gg[0], pp[1]+a*gg[1], pp[2]+a*gg[2], pp[3]+a*gg[3]
		pp[0], pp[1], pp[2], pp[3] = p0, p1, p2, p3
		po[0], po[1], po[2], po[3] = p0, p1, p2, p3
		v0, v1, v2, v3 := mm[0]*p0, mm[1]*p1, mm[2]*p2, mm[3]*p3
		vo[0], vo[1], vo[2], vo[3] = v0, v1, v2, v3
		s0 += v0 * p0
		s1 += v1 * p1
		s2 += v2 * p2
		s3 += v3 * p3
	}
	for ; i < n; i++ {
		pi := p[i] + a*g[i]
		vi := inv[i] * pi
		p[i], pOut[i], vOut[i] = pi, pi, vi
		s0 += vi * pi
	}
	return (s0 + s1) + (s2 + s3)
}

// dot returns a·b.
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1 float64
	i := 0
	for ; i <= len(a)-2; i += 2 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
	}
	if i < len(a) {
		s0 += a[i] * b[i]
	}
	return s0 + s1
}

// zero sets the elements of x to 0.
func zero(x []float64) {
	for i := range x {
		x[i] = 0
	}
}

// leapfrogDiagPair is leapfrogDiag for the second state b of a pair whose
// first state a has momentum pA and velocity sharpA: it also sets
// rho = pA + pB and reports the no-U-turn criterion across the pair, as
// pairNoUTurn, in the same pass.
func leapfrogDiagPair(t density.Target, z *Point, inv []float64, eps float64, pOut, vOut, pA, sharpA, rho []float64) (kinetic float64, noUTurn bool) {
	half := 0.5 * eps
	kickDrift(z.Q, z.P, z.Grad, inv, half, eps)
	z.LogProb = logProb(t, z.Grad, z.Q)
	p, g := z.P, z.Grad
	n := len(p)
	g = g[:n]

	pOut, vOut, pA, sharpA, rho = pOut[:n], vOut[:n], pA[:n], sharpA[:n], rho[:n]
	if inv != nil {
		inv = inv[:n]
	}
	var k0, k1, a0, a1, b0, b1 float64
	i := 0
	if inv != nil && useAVX2 && n >= 4 {
		i = n &^ 3
		var s [3]float64
		if useAVX512 {
			simd.KickPairAVX512(&p[0], &g[0], &inv[0], &pOut[0], &vOut[0], &pA[0], &sharpA[0], &rho[0], half, i, &s)
		} else {
			simd.KickPairAVX2(&p[0], &g[0], &inv[0], &pOut[0], &vOut[0], &pA[0], &sharpA[0], &rho[0], half, i, &s)
		}
		k0, a0, b0 = s[0], s[1], s[2]
	}
	for ; i <= n-2; i += 2 {
		pi0 := p[i] + half*g[i]
		pi1 := p[i+1] + half*g[i+1]
		vi0, vi1 := pi0, pi1
		if inv != nil {
			vi0, vi1 = inv[i]*pi0, inv[i+1]*pi1
		}
		p[i], p[i+1] = pi0, pi1
		pOut[i], pOut[i+1] = pi0, pi1
		vOut[i], vOut[i+1] = vi0, vi1
		k0 += vi0 * pi0
		k1 += vi1 * pi1
		r0, r1 := pA[i]+pi0, pA[i+1]+pi1
		rho[i], rho[i+1] = r0, r1
		a0 += sharpA[i] * r0
		a1 += sharpA[i+1] * r1
		b0 += vi0 * r0
		b1 += vi1 * r1
	}
	if i < n {
		pi := p[i] + half*g[i]
		vi := pi
		if inv != nil {
			vi = inv[i] * pi
		}
		p[i], pOut[i], vOut[i] = pi, pi, vi
		k0 += vi * pi
		r := pA[i] + pi
		rho[i] = r
		a0 += sharpA[i] * r
		b0 += vi * r
	}
	return 0.5 * (k0 + k1), a0+a1 > 0 && b0+b1 > 0
}

// startEnds starts a trajectory at a single state of momentum p: it copies p
// into pFwd, pBck and rho and inv⊙p (inv nil: p) into sharpFwd and sharpBck,
// and returns p·(inv⊙p).
func startEnds(p, inv, pFwd, sharpFwd, pBck, sharpBck, rho []float64) float64 {
	// A kick by 0 leaves a finite p as it is (p + 0·p = p) and runs the
	// fused (vector) loop that copies p and forms inv⊙p and the sum.
	s := kickKinetic(p, p, inv, pFwd, sharpFwd, 0)
	copy(pBck, pFwd)
	copy(sharpBck, sharpFwd)
	copy(rho, pFwd)
	return s
}
