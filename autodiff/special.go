package autodiff

import "math"

// Special functions used by the log densities: log Γ and its first two
// derivatives, the digamma ψ and trigamma ψ₁ functions.

// lgamma returns log |Γ(x)|.
func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// digamma returns ψ(x) = d/dx log Γ(x). It is accurate to a few ulps for
// x > 0: the recurrence ψ(x) = ψ(x+1) - 1/x lifts x to at least 10, where
// the asymptotic series (DLMF 5.11.2) truncated after the x⁻¹⁴ term has
// error below 1e-17. Negative non-integers use the reflection formula
// ψ(1-x) - ψ(x) = π cot(πx) (DLMF 5.5.4); poles (0, -1, ...) give NaN
// (±Inf at 0, as mathext.Digamma).
func digamma(x float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 1):
		return x
	case math.IsInf(x, -1):
		return math.NaN()
	case x == 0:
		return math.Copysign(math.Inf(1), -x)
	case x < 0:
		if x == math.Floor(x) {
			return math.NaN()
		}
		_, r := math.Modf(x)
		return digamma(1-x) - math.Pi/math.Tan(math.Pi*r)
	}
	s := 0.0
	for x < 10 {
		s -= 1 / x
		x++
	}
	z := 1 / (x * x)
	// Bernoulli-number coefficients B_2n/(2n): 1/12, 1/120, 1/252, 1/240, 1/132, 691/32760, 1/12.
	series := z * (1.0/12 - z*(1.0/120-z*(1.0/252-z*(1.0/240-z*(1.0/132-z*(691.0/32760-z*(1.0/12)))))))
	return s + math.Log(x) - 0.5/x - series
}

// trigamma returns ψ₁(x) = d²/dx² log Γ(x). For x > 0 the recurrence
// ψ₁(x) = ψ₁(x+1) + 1/x² lifts x to at least 10, where the asymptotic
// series (DLMF 5.15.8) truncated after the x⁻¹⁵ term has relative error
// below 1e-17; negative non-integers use ψ₁(1-x) + ψ₁(x) = π²/sin²(πx)
// (DLMF 5.15.6); poles give +Inf.
func trigamma(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return x
	case math.IsInf(x, 1):
		return 0
	case math.IsInf(x, -1):
		return math.NaN()
	case x <= 0:
		if x == math.Floor(x) {
			return math.Inf(1)
		}
		s := math.Sin(math.Pi * x)
		return math.Pi*math.Pi/(s*s) - trigamma(1-x)
	}
	s := 0.0
	for x < 10 {
		s += 1 / (x * x)
		x++
	}
	z := 1 / (x * x)
	// ψ₁(x) ~ 1/x + 1/(2x²) + Σ B_2k / x^(2k+1):
	// B_2..B_14 = 1/6, -1/30, 1/42, -1/30, 5/66, -691/2730, 7/6.
	series := (1 + z*(1.0/6-z*(1.0/30-z*(1.0/42-z*(1.0/30-z*(5.0/66-z*(691.0/2730-z*(7.0/6)))))))) / x
	return s + series + 0.5*z
}

var (
	lgammaRule = &unaryRule{name: "Lgamma", f: lgamma,
		d1: func(x, _ float64) float64 { return digamma(x) },
		d2: func(x, _ float64) float64 { return trigamma(x) }}
)

// Lgamma returns log |Γ(x)| elementwise; its derivative is the digamma
// function ψ(x) and its second derivative the trigamma function ψ₁(x).
func Lgamma(x *Var) *Var { return unary(lgammaRule, x) }
