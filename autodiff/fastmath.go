package autodiff

import "math"

// Fast elementwise functions for the hot paths (Dense's activation).
//
// tanhFast(x) = u/(u+2) with u = expm1(2|x|), sign restored. expm1 is
// evaluated by range reduction 2|x| = k·ln2 + r with k = floor(2|x|/ln2),
// so 0 ≤ r < ln2 (ln2 split in a high part exact in products with small k
// and a low part, as fdlibm), a degree-17 Taylor polynomial for expm1(r)
// (truncation error below 1e-17 relative: r¹⁷/18! < 3e-19 for r < ln2),
// and expm1(k·ln2 + r) = 2^k·expm1(r) + (2^k − 1), a sum of two
// non-negative terms (no cancellation). TestTanhFast measures the error
// against math.Tanh on 2e6 uniform points in [-25, 25], a dense sweep of
// [0, 0.4] and a log-spaced sweep of |x| in [1e-300, 30] (the maximum is
// logged: 1-2 ulps of the difference, math.Tanh being itself within ~1 ulp).
// Special values: tanh(±0) = ±0, tanh(±Inf) = ±1, tanh(NaN) = NaN, and
// tanh(x) = ±1 exactly for |x| > 19.1 (where 1 − tanh|x| < 2⁻⁵⁴).

const (
	ln2Hi = 6.93147180369123816490e-01 // 0x3fe62e42fee00000
	ln2Lo = 1.90821492927058770002e-10 // 0x3dea39ef35793c76
	log2e = 1.44269504088896338700e+00
)

// expm1Reduced returns expm1(r) for 0 ≤ r < ln2 (degree-17 Taylor).
func expm1Reduced(r float64) float64 {
	const (
		c2  = 1.0 / 2
		c3  = 1.0 / 6
		c4  = 1.0 / 24
		c5  = 1.0 / 120
		c6  = 1.0 / 720
		c7  = 1.0 / 5040
		c8  = 1.0 / 40320
		c9  = 1.0 / 362880
		c10 = 1.0 / 3628800
		c11 = 1.0 / 39916800
		c12 = 1.0 / 479001600
		c13 = 1.0 / 6227020800
		c14 = 1.0 / 87178291200
		c15 = 1.0 / 1307674368000
		c16 = 1.0 / 20922789888000
		c17 = 1.0 / 355687428096000
	)
	// expm1(r) = r + r²·Q(r), Q evaluated by Estrin's scheme (a shorter
	// dependency chain than Horner's).
	r2 := r * r
	r4 := r2 * r2
	r8 := r4 * r4
	q0 := (c2 + c3*r) + (c4+c5*r)*r2
	q1 := (c6 + c7*r) + (c8+c9*r)*r2
	q2 := (c10 + c11*r) + (c12+c13*r)*r2
	q3 := (c14 + c15*r) + (c16+c17*r)*r2
	return r + r2*((q0+r4*q1)+r8*(q2+r4*q3))
}

// tanhFast returns tanh(x); see the comment above for its accuracy.
func tanhFast(x float64) float64 {
	ax := math.Abs(x)
	switch {
	case !(ax <= 19.1): // large, ±Inf or NaN
		if ax != ax {
			return x
		}
		return math.Copysign(1, x)
	case ax < 0x1p-28: // tanh x = x(1 − x²/3 + …) rounds to x; keeps -0
		return x
	}
	y := 2 * ax
	k := math.Floor(y * log2e)
	r := max((y-k*ln2Hi)-k*ln2Lo, 0) // rounding could give -1e-17
	p := expm1Reduced(r)
	s := math.Float64frombits(uint64(int64(k)+1023) << 52) // 2^k
	u := s*p + (s - 1)
	return math.Copysign(u/(u+2), x)
}
