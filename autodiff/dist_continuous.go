package autodiff

import "math"

// Log densities of continuous distributions (see dist.go for the
// conventions shared by all families).

const (
	lpLogSqrt2Pi = 0.91893853320467274178 // log √(2π)
	lpLogPi      = 1.14472988584940017414 // log π
)

// lpDivz returns n/d, or 0 when n is 0 (a term (a-1)·log x with a = 1 at
// x = 0 contributes nothing).
func lpDivz(n, d float64) float64 {
	if n == 0 {
		return 0
	}
	return n / d
}

// lpSetSym sets h[i,j] and h[j,i] of a k×k row-major matrix.
func lpSetSym(h []float64, k, i, j int, v float64) {
	h[i*k+j] = v
	h[j*k+i] = v
}

var normalRule = &lpRule{name: "NormalLogPdf", nArg: 3, mk: func(int) lpEval {
	var logS lpMemo
	return func(_ int, a, d, h []float64, order int) float64 {
		x, mu, s := a[0], a[1], a[2]
		if !(s > 0) {
			return lpNaN(d, h, order)
		}
		z := (x - mu) / s
		if order >= 1 {
			d[0] = -z / s
			d[1] = z / s
			d[2] = (z*z - 1) / s
		}
		if order >= 2 {
			s2 := s * s
			lpSetSym(h, 3, 0, 0, -1/s2)
			lpSetSym(h, 3, 0, 1, 1/s2)
			lpSetSym(h, 3, 1, 1, -1/s2)
			lpSetSym(h, 3, 0, 2, 2*z/s2)
			lpSetSym(h, 3, 1, 2, -2*z/s2)
			lpSetSym(h, 3, 2, 2, (1-3*z*z)/s2)
		}
		return -0.5*z*z - logS.of(s, math.Log) - lpLogSqrt2Pi
	}
}}

// NormalLogPdf returns Σ log N(x | mu, sigma), sigma the standard
// deviation. With a scalar sigma (a prior on many weights, a likelihood
// with one noise scale) it runs a specialised loop with no per-element
// logarithm.
func NormalLogPdf(x, mu, sigma *Var) *Var {
	if x != nil && mu != nil && sigma != nil && len(sigma.Value) == 1 {
		return normalScalarScale(x, mu, sigma)
	}
	return logDensity(normalRule, x, mu, sigma)
}

var halfNormalRule = &lpRule{name: "HalfNormalLogPdf", nArg: 2, mk: func(int) lpEval {
	var logS lpMemo
	return func(_ int, a, d, h []float64, order int) float64 {
		x, s := a[0], a[1]
		if !(s > 0) {
			return lpNaN(d, h, order)
		}
		if x < 0 {
			return lpOutside(d, h, order)
		}
		z := x / s
		if order >= 1 {
			d[0] = -z / s
			d[1] = (z*z - 1) / s
		}
		if order >= 2 {
			s2 := s * s
			lpSetSym(h, 2, 0, 0, -1/s2)
			lpSetSym(h, 2, 0, 1, 2*z/s2)
			lpSetSym(h, 2, 1, 1, (1-3*z*z)/s2)
		}
		return math.Ln2 - 0.5*z*z - logS.of(s, math.Log) - lpLogSqrt2Pi
	}
}}

// HalfNormalLogPdf returns Σ log HalfNormal(x | sigma): the density of |X|
// for X ~ N(0, sigma²), twice the normal density on x >= 0.
func HalfNormalLogPdf(x, sigma *Var) *Var { return logDensity(halfNormalRule, x, sigma) }

// cauchyDerivs writes the derivatives of the Cauchy log density
// log s - log(s² + r²) - log π in r = x - loc and the scale s.
func cauchyDerivs(r, s float64, order int) (dr, ds, hrr, hrs, hss float64) {
	D := s*s + r*r
	dr = -2 * r / D
	ds = 1/s - 2*s/D
	if order >= 2 {
		D2 := D * D
		hrr = 2 * (r*r - s*s) / D2
		hrs = 4 * r * s / D2
		hss = -1/(s*s) - 2/D + 4*s*s/D2
	}
	return
}

var cauchyRule = &lpRule{name: "CauchyLogPdf", nArg: 3, mk: func(int) lpEval {
	var logS lpMemo
	return func(_ int, a, d, h []float64, order int) float64 {
		x, loc, s := a[0], a[1], a[2]
		if !(s > 0) {
			return lpNaN(d, h, order)
		}
		if order >= 1 {
			dr, ds, hrr, hrs, hss := cauchyDerivs(x-loc, s, order)
			d[0], d[1], d[2] = dr, -dr, ds
			if order >= 2 {
				lpSetSym(h, 3, 0, 0, hrr)
				lpSetSym(h, 3, 0, 1, -hrr)
				lpSetSym(h, 3, 1, 1, hrr)
				lpSetSym(h, 3, 0, 2, hrs)
				lpSetSym(h, 3, 1, 2, -hrs)
				lpSetSym(h, 3, 2, 2, hss)
			}
		}
		z := (x - loc) / s
		return -lpLogPi - logS.of(s, math.Log) - math.Log1p(z*z)
	}
}}

// CauchyLogPdf returns Σ log Cauchy(x | loc, scale).
func CauchyLogPdf(x, loc, scale *Var) *Var { return logDensity(cauchyRule, x, loc, scale) }

var halfCauchyRule = &lpRule{name: "HalfCauchyLogPdf", nArg: 2, mk: func(int) lpEval {
	var logS lpMemo
	return func(_ int, a, d, h []float64, order int) float64 {
		x, s := a[0], a[1]
		if !(s > 0) {
			return lpNaN(d, h, order)
		}
		if x < 0 {
			return lpOutside(d, h, order)
		}
		if order >= 1 {
			dr, ds, hrr, hrs, hss := cauchyDerivs(x, s, order)
			d[0], d[1] = dr, ds
			if order >= 2 {
				lpSetSym(h, 2, 0, 0, hrr)
				lpSetSym(h, 2, 0, 1, hrs)
				lpSetSym(h, 2, 1, 1, hss)
			}
		}
		z := x / s
		return math.Ln2 - lpLogPi - logS.of(s, math.Log) - math.Log1p(z*z)
	}
}}

// HalfCauchyLogPdf returns Σ log HalfCauchy(x | scale): twice the Cauchy(0,
// scale) density on x >= 0.
func HalfCauchyLogPdf(x, scale *Var) *Var { return logDensity(halfCauchyRule, x, scale) }

// Terms of the Student-t log density that depend on nu only.
func studentTConst(nu float64) float64 {
	return lgamma((nu+1)/2) - lgamma(nu/2) - 0.5*math.Log(nu) - 0.5*lpLogPi
}
func studentTDigamma(nu float64) float64  { return 0.5*(digamma((nu+1)/2)-digamma(nu/2)) + 0.5 }
func studentTTrigamma(nu float64) float64 { return 0.25*(trigamma((nu+1)/2)-trigamma(nu/2)) + 0.5/nu }

var studentTRule = &lpRule{name: "StudentTLogPdf", nArg: 4, mk: func(int) lpEval {
	var cNu, dNu, hNu, logS lpMemo
	return func(_ int, a, d, h []float64, order int) float64 {
		// Arguments x, nu, mu, s (indices 0..3). With r = x - mu, z = r/s,
		// A = nu s² + r² and L = log(1 + z²/nu):
		// log p = C(nu) - log s - (nu+1)/2 · L.
		x, nu, mu, s := a[0], a[1], a[2], a[3]
		if !(s > 0) || !(nu > 0) {
			return lpNaN(d, h, order)
		}
		r := x - mu
		z := r / s
		L := math.Log1p(z * z / nu)
		if order >= 1 {
			s2 := s * s
			A := nu*s2 + r*r
			dx := -(nu + 1) * r / A
			d[0] = dx
			d[2] = -dx
			d[3] = nu/s - (nu+1)*nu*s/A
			d[1] = dNu.of(nu, studentTDigamma) - 0.5*L - 0.5*(nu+1)/(nu+z*z)
			if order >= 2 {
				A2 := A * A
				hxx := -(nu + 1) * (A - 2*r*r) / A2
				hxs := 2 * nu * (nu + 1) * r * s / A2
				hxn := -r/A + (nu+1)*r*s2/A2
				lpSetSym(h, 4, 0, 0, hxx)
				lpSetSym(h, 4, 0, 2, -hxx)
				lpSetSym(h, 4, 2, 2, hxx)
				lpSetSym(h, 4, 0, 3, hxs)
				lpSetSym(h, 4, 2, 3, -hxs)
				lpSetSym(h, 4, 0, 1, hxn)
				lpSetSym(h, 4, 1, 2, -hxn)
				lpSetSym(h, 4, 3, 3, -nu/s2-nu*(nu+1)*(A-2*nu*s2)/A2)
				lpSetSym(h, 4, 1, 3, 1/s-(2*nu+1)*s/A+nu*(nu+1)*s*s2/A2)
				lpSetSym(h, 4, 1, 1, hNu.of(nu, studentTTrigamma)-s2/A+0.5*(nu+1)*s2*s2/A2)
			}
		}
		return cNu.of(nu, studentTConst) - logS.of(s, math.Log) - 0.5*(nu+1)*L
	}
}}

// StudentTLogPdf returns Σ log StudentT(x | nu, mu, sigma): nu degrees of
// freedom, location mu, scale sigma.
func StudentTLogPdf(x, nu, mu, sigma *Var) *Var { return logDensity(studentTRule, x, nu, mu, sigma) }

// gammaShape memoises the terms of the (inverse) gamma density that depend
// on alpha or beta only.
type gammaShape struct{ lgA, psiA, triA, logB lpMemo }

var gammaRule = &lpRule{name: "GammaLogPdf", nArg: 3, mk: func(int) lpEval {
	var m gammaShape
	var logX lpMemo
	return func(_ int, a, d, h []float64, order int) float64 {
		x, al, be := a[0], a[1], a[2]
		if !(al > 0) || !(be > 0) {
			return lpNaN(d, h, order)
		}
		if x < 0 || (x == 0 && al > 1) {
			return lpOutside(d, h, order)
		}
		lx, lb := logX.of(x, math.Log), m.logB.of(be, math.Log)
		if order >= 1 {
			d[0] = lpDivz(al-1, x) - be
			d[1] = lb - m.psiA.of(al, digamma) + lx
			d[2] = al/be - x
			if order >= 2 {
				lpSetSym(h, 3, 0, 0, -lpDivz(al-1, x*x))
				lpSetSym(h, 3, 0, 1, 1/x)
				lpSetSym(h, 3, 0, 2, -1)
				lpSetSym(h, 3, 1, 1, -m.triA.of(al, trigamma))
				lpSetSym(h, 3, 1, 2, 1/be)
				lpSetSym(h, 3, 2, 2, -al/(be*be))
			}
		}
		v := al*lb - m.lgA.of(al, lgamma) - be*x
		if al != 1 { // at x = 0 with alpha = 1 the density is beta
			v += (al - 1) * lx
		}
		return v
	}
}}

// GammaLogPdf returns Σ log Gamma(x | alpha, beta), shape alpha and rate
// beta (mean alpha/beta).
func GammaLogPdf(x, alpha, beta *Var) *Var { return logDensity(gammaRule, x, alpha, beta) }

var invGammaRule = &lpRule{name: "InverseGammaLogPdf", nArg: 3, mk: func(int) lpEval {
	var m gammaShape
	var logX lpMemo
	return func(_ int, a, d, h []float64, order int) float64 {
		x, al, be := a[0], a[1], a[2]
		if !(al > 0) || !(be > 0) {
			return lpNaN(d, h, order)
		}
		if x <= 0 {
			return lpOutside(d, h, order)
		}
		lx, lb := logX.of(x, math.Log), m.logB.of(be, math.Log)
		if order >= 1 {
			d[0] = -(al+1)/x + be/(x*x)
			d[1] = lb - m.psiA.of(al, digamma) - lx
			d[2] = al/be - 1/x
			if order >= 2 {
				x2 := x * x
				lpSetSym(h, 3, 0, 0, (al+1)/x2-2*be/(x2*x))
				lpSetSym(h, 3, 0, 1, -1/x)
				lpSetSym(h, 3, 0, 2, 1/x2)
				lpSetSym(h, 3, 1, 1, -m.triA.of(al, trigamma))
				lpSetSym(h, 3, 1, 2, 1/be)
				lpSetSym(h, 3, 2, 2, -al/(be*be))
			}
		}
		return al*lb - m.lgA.of(al, lgamma) - (al+1)*lx - be/x
	}
}}

// InverseGammaLogPdf returns Σ log InverseGamma(x | alpha, beta), shape
// alpha and scale beta (the law of 1/X for X ~ Gamma(alpha, rate beta)).
func InverseGammaLogPdf(x, alpha, beta *Var) *Var {
	return logDensity(invGammaRule, x, alpha, beta)
}

func logBetaFn(a, b float64) float64   { return lgamma(a+b) - lgamma(a) - lgamma(b) }
func digammaSum(a, b float64) float64  { return digamma(a + b) }
func trigammaSum(a, b float64) float64 { return trigamma(a + b) }
func log1mx(x float64) float64         { return math.Log1p(-x) }

var betaRule = &lpRule{name: "BetaLogPdf", nArg: 3, mk: func(int) lpEval {
	var lB, psiAB, triAB lpMemo2
	var psiA, psiB, triA, triB, logX, log1mX lpMemo
	return func(_ int, a, d, h []float64, order int) float64 {
		x, al, be := a[0], a[1], a[2]
		if !(al > 0) || !(be > 0) {
			return lpNaN(d, h, order)
		}
		if x < 0 || x > 1 || (x == 0 && al > 1) || (x == 1 && be > 1) {
			return lpOutside(d, h, order)
		}
		lx, l1x := logX.of(x, math.Log), log1mX.of(x, log1mx)
		if order >= 1 {
			dab := psiAB.of(al, be, digammaSum)
			d[0] = lpDivz(al-1, x) - lpDivz(be-1, 1-x)
			d[1] = dab - psiA.of(al, digamma) + lx
			d[2] = dab - psiB.of(be, digamma) + l1x
			if order >= 2 {
				tab := triAB.of(al, be, trigammaSum)
				lpSetSym(h, 3, 0, 0, -lpDivz(al-1, x*x)-lpDivz(be-1, (1-x)*(1-x)))
				lpSetSym(h, 3, 0, 1, 1/x)
				lpSetSym(h, 3, 0, 2, -1/(1-x))
				lpSetSym(h, 3, 1, 1, tab-triA.of(al, trigamma))
				lpSetSym(h, 3, 1, 2, tab)
				lpSetSym(h, 3, 2, 2, tab-triB.of(be, trigamma))
			}
		}
		v := lB.of(al, be, logBetaFn)
		if al != 1 {
			v += (al - 1) * lx
		}
		if be != 1 {
			v += (be - 1) * l1x
		}
		return v
	}
}}

// BetaLogPdf returns Σ log Beta(x | a, b).
func BetaLogPdf(x, a, b *Var) *Var { return logDensity(betaRule, x, a, b) }

var exponentialRule = &lpRule{name: "ExponentialLogPdf", nArg: 2, mk: func(int) lpEval {
	var logL lpMemo
	return func(_ int, a, d, h []float64, order int) float64 {
		x, l := a[0], a[1]
		if !(l > 0) {
			return lpNaN(d, h, order)
		}
		if x < 0 {
			return lpOutside(d, h, order)
		}
		if order >= 1 {
			d[0] = -l
			d[1] = 1/l - x
			if order >= 2 {
				lpSetSym(h, 2, 0, 0, 0)
				lpSetSym(h, 2, 0, 1, -1)
				lpSetSym(h, 2, 1, 1, -1/(l*l))
			}
		}
		return logL.of(l, math.Log) - l*x
	}
}}

// ExponentialLogPdf returns Σ log Exponential(x | rate).
func ExponentialLogPdf(x, rate *Var) *Var { return logDensity(exponentialRule, x, rate) }

var laplaceRule = &lpRule{name: "LaplaceLogPdf", nArg: 3, mk: func(int) lpEval {
	var logB lpMemo
	return func(_ int, a, d, h []float64, order int) float64 {
		x, mu, b := a[0], a[1], a[2]
		if !(b > 0) {
			return lpNaN(d, h, order)
		}
		r := x - mu
		sg := 0.0 // the subgradient of |r| at 0 is 0, as Abs's
		switch {
		case r > 0:
			sg = 1
		case r < 0:
			sg = -1
		}
		ar := math.Abs(r)
		if order >= 1 {
			d[0] = -sg / b
			d[1] = sg / b
			d[2] = -1/b + ar/(b*b)
			if order >= 2 {
				b2 := b * b
				lpSetSym(h, 3, 0, 0, 0)
				lpSetSym(h, 3, 0, 1, 0)
				lpSetSym(h, 3, 1, 1, 0)
				lpSetSym(h, 3, 0, 2, sg/b2)
				lpSetSym(h, 3, 1, 2, -sg/b2)
				lpSetSym(h, 3, 2, 2, 1/b2-2*ar/(b2*b))
			}
		}
		return -math.Ln2 - logB.of(b, math.Log) - ar/b
	}
}}

// LaplaceLogPdf returns Σ log Laplace(x | mu, b), location mu and scale b.
// At x = mu the derivative in x and mu is taken as 0.
func LaplaceLogPdf(x, mu, b *Var) *Var { return logDensity(laplaceRule, x, mu, b) }

var logNormalRule = &lpRule{name: "LogNormalLogPdf", nArg: 3, mk: func(int) lpEval {
	var logS, logX lpMemo
	return func(_ int, a, d, h []float64, order int) float64 {
		x, mu, s := a[0], a[1], a[2]
		if !(s > 0) {
			return lpNaN(d, h, order)
		}
		if !(x > 0) {
			return lpOutside(d, h, order)
		}
		lx := logX.of(x, math.Log)
		z := (lx - mu) / s
		if order >= 1 {
			d[0] = -(1 + z/s) / x
			d[1] = z / s
			d[2] = (z*z - 1) / s
			if order >= 2 {
				s2 := s * s
				lpSetSym(h, 3, 0, 0, (1-1/s2+z/s)/(x*x))
				lpSetSym(h, 3, 0, 1, 1/(s2*x))
				lpSetSym(h, 3, 0, 2, 2*z/(s2*x))
				lpSetSym(h, 3, 1, 1, -1/s2)
				lpSetSym(h, 3, 1, 2, -2*z/s2)
				lpSetSym(h, 3, 2, 2, (1-3*z*z)/s2)
			}
		}
		return -lx - logS.of(s, math.Log) - lpLogSqrt2Pi - 0.5*z*z
	}
}}

// LogNormalLogPdf returns Σ log LogNormal(x | mu, sigma): log x is
// N(mu, sigma²). x <= 0 gives -Inf.
func LogNormalLogPdf(x, mu, sigma *Var) *Var { return logDensity(logNormalRule, x, mu, sigma) }

var uniformRule = &lpRule{name: "UniformLogPdf", nArg: 3, mk: func(int) lpEval {
	return func(_ int, a, d, h []float64, order int) float64 {
		x, lo, hi := a[0], a[1], a[2]
		if !(lo < hi) {
			return lpNaN(d, h, order)
		}
		if x < lo || x > hi {
			return lpOutside(d, h, order)
		}
		w := hi - lo
		if order >= 1 {
			d[0], d[1], d[2] = 0, 1/w, -1/w
			if order >= 2 {
				w2 := 1 / (w * w)
				clear(h)
				lpSetSym(h, 3, 1, 1, w2)
				lpSetSym(h, 3, 1, 2, -w2)
				lpSetSym(h, 3, 2, 2, w2)
			}
		}
		return -math.Log(w)
	}
}}

// UniformLogPdf returns Σ log Uniform(x | lo, hi) = -log(hi - lo) on
// [lo, hi] and -Inf outside; lo >= hi gives NaN. The bounds may be
// parameters (the gradient flows to them).
func UniformLogPdf(x, lo, hi *Var) *Var { return logDensity(uniformRule, x, lo, hi) }
