package dist

import (
	"math"
	"math/rand/v2"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"gonum.org/v1/gonum/stat/distuv"
)

// Continuous univariate families. Each log density is one of autodiff's
// fused <Family>LogPdf nodes; LogProbEach uses gonum's distuv (or the
// closed form where distuv has none) and Rand distuv's samplers with rng
// as the source. An invalid parameter (a scale <= 0, ...) gives NaN.

func nan() float64 { return math.NaN() }

// Normal returns the normal distribution with mean mu and standard
// deviation sigma.
func Normal(mu, sigma any) Distribution {
	d := newUnivariate("Normal", []string{"mu", "sigma"}, []any{mu, sigma})
	d.support = fixed(Real)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.NormalLogPdf(x, p[0], p[1]) }
	d.logp = func(x float64, p []float64) float64 {
		if !(p[1] > 0) {
			return nan()
		}
		return distuv.Normal{Mu: p[0], Sigma: p[1]}.LogProb(x)
	}
	d.draw = func(rng *rand.Rand, p []float64) float64 { return p[0] + p[1]*rng.NormFloat64() }
	return d
}

// StudentT returns Student's t distribution with nu degrees of freedom,
// location mu and scale sigma.
func StudentT(nu, mu, sigma any) Distribution {
	d := newUnivariate("StudentT", []string{"nu", "mu", "sigma"}, []any{nu, mu, sigma})
	d.support = fixed(Real)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.StudentTLogPdf(x, p[0], p[1], p[2]) }
	d.logp = func(x float64, p []float64) float64 {
		if !(p[0] > 0 && p[2] > 0) {
			return nan()
		}
		return distuv.StudentsT{Nu: p[0], Mu: p[1], Sigma: p[2]}.LogProb(x)
	}
	d.draw = func(rng *rand.Rand, p []float64) float64 {
		return distuv.StudentsT{Nu: p[0], Mu: p[1], Sigma: p[2], Src: rng}.Rand()
	}
	return d
}

// cauchyLogPdf is the Cauchy log density (distuv has no Cauchy).
func cauchyLogPdf(x, loc, scale float64) float64 {
	if !(scale > 0) {
		return nan()
	}
	z := (x - loc) / scale
	return -math.Log(math.Pi*scale) - math.Log1p(z*z)
}

func cauchyDraw(rng *rand.Rand, loc, scale float64) float64 {
	return loc + scale*math.Tan(math.Pi*(rng.Float64()-0.5))
}

// Cauchy returns the Cauchy distribution with location loc and scale.
func Cauchy(loc, scale any) Distribution {
	d := newUnivariate("Cauchy", []string{"loc", "scale"}, []any{loc, scale})
	d.support = fixed(Real)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.CauchyLogPdf(x, p[0], p[1]) }
	d.logp = func(x float64, p []float64) float64 { return cauchyLogPdf(x, p[0], p[1]) }
	d.draw = func(rng *rand.Rand, p []float64) float64 { return cauchyDraw(rng, p[0], p[1]) }
	return d
}

// HalfNormal returns the normal distribution with mean 0 and standard
// deviation sigma folded onto x >= 0.
func HalfNormal(sigma any) Distribution {
	d := newUnivariate("HalfNormal", []string{"sigma"}, []any{sigma})
	d.support = fixed(Positive)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.HalfNormalLogPdf(x, p[0]) }
	d.logp = func(x float64, p []float64) float64 {
		switch {
		case !(p[0] > 0):
			return nan()
		case x < 0:
			return math.Inf(-1)
		}
		return math.Ln2 + distuv.Normal{Mu: 0, Sigma: p[0]}.LogProb(x)
	}
	d.draw = func(rng *rand.Rand, p []float64) float64 { return math.Abs(p[0] * rng.NormFloat64()) }
	return d
}

// HalfCauchy returns the Cauchy distribution with location 0 and the given
// scale folded onto x >= 0.
func HalfCauchy(scale any) Distribution {
	d := newUnivariate("HalfCauchy", []string{"scale"}, []any{scale})
	d.support = fixed(Positive)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.HalfCauchyLogPdf(x, p[0]) }
	d.logp = func(x float64, p []float64) float64 {
		if x < 0 && p[0] > 0 {
			return math.Inf(-1)
		}
		return math.Ln2 + cauchyLogPdf(x, 0, p[0])
	}
	d.draw = func(rng *rand.Rand, p []float64) float64 { return math.Abs(cauchyDraw(rng, 0, p[0])) }
	return d
}

// Exponential returns the exponential distribution with the given rate.
func Exponential(rate any) Distribution {
	d := newUnivariate("Exponential", []string{"rate"}, []any{rate})
	d.support = fixed(Positive)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.ExponentialLogPdf(x, p[0]) }
	d.logp = func(x float64, p []float64) float64 {
		if !(p[0] > 0) {
			return nan()
		}
		return distuv.Exponential{Rate: p[0]}.LogProb(x)
	}
	d.draw = func(rng *rand.Rand, p []float64) float64 { return rng.ExpFloat64() / p[0] }
	return d
}

// Gamma returns the gamma distribution with shape alpha and rate beta.
func Gamma(alpha, beta any) Distribution {
	d := newUnivariate("Gamma", []string{"alpha", "beta"}, []any{alpha, beta})
	d.support = fixed(Positive)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.GammaLogPdf(x, p[0], p[1]) }
	d.logp = func(x float64, p []float64) float64 {
		if !(p[0] > 0 && p[1] > 0) {
			return nan()
		}
		return distuv.Gamma{Alpha: p[0], Beta: p[1]}.LogProb(x)
	}
	d.draw = func(rng *rand.Rand, p []float64) float64 {
		return distuv.Gamma{Alpha: p[0], Beta: p[1], Src: rng}.Rand()
	}
	return d
}

// InverseGamma returns the inverse-gamma distribution with shape alpha and
// scale beta (1/x is Gamma(alpha, beta)).
func InverseGamma(alpha, beta any) Distribution {
	d := newUnivariate("InverseGamma", []string{"alpha", "beta"}, []any{alpha, beta})
	d.support = fixed(Positive)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.InverseGammaLogPdf(x, p[0], p[1]) }
	d.logp = func(x float64, p []float64) float64 {
		if !(p[0] > 0 && p[1] > 0) {
			return nan()
		}
		return distuv.InverseGamma{Alpha: p[0], Beta: p[1]}.LogProb(x)
	}
	d.draw = func(rng *rand.Rand, p []float64) float64 {
		return 1 / distuv.Gamma{Alpha: p[0], Beta: p[1], Src: rng}.Rand()
	}
	return d
}

// Beta returns the beta distribution with shapes a and b.
func Beta(a, b any) Distribution {
	d := newUnivariate("Beta", []string{"a", "b"}, []any{a, b})
	d.support = fixed(UnitInterval)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.BetaLogPdf(x, p[0], p[1]) }
	d.logp = func(x float64, p []float64) float64 {
		if !(p[0] > 0 && p[1] > 0) {
			return nan()
		}
		return distuv.Beta{Alpha: p[0], Beta: p[1]}.LogProb(x)
	}
	d.draw = func(rng *rand.Rand, p []float64) float64 {
		return distuv.Beta{Alpha: p[0], Beta: p[1], Src: rng}.Rand()
	}
	return d
}

// LogNormal returns the distribution of exp(Normal(mu, sigma)).
func LogNormal(mu, sigma any) Distribution {
	d := newUnivariate("LogNormal", []string{"mu", "sigma"}, []any{mu, sigma})
	d.support = fixed(Positive)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.LogNormalLogPdf(x, p[0], p[1]) }
	d.logp = func(x float64, p []float64) float64 {
		switch {
		case !(p[1] > 0):
			return nan()
		case x <= 0:
			return math.Inf(-1)
		}
		return distuv.LogNormal{Mu: p[0], Sigma: p[1]}.LogProb(x)
	}
	d.draw = func(rng *rand.Rand, p []float64) float64 { return math.Exp(p[0] + p[1]*rng.NormFloat64()) }
	return d
}

// Uniform returns the uniform distribution on (lo, hi). As the support of
// a sampled variable its bounds must be constant scalars.
func Uniform(lo, hi any) Distribution {
	d := newUnivariate("Uniform", []string{"lo", "hi"}, []any{lo, hi})
	d.support = func(ps []param) (Constraint, error) {
		a, err := ps[0].constant()
		if err != nil {
			return Constraint{}, err
		}
		b, err := ps[1].constant()
		if err != nil {
			return Constraint{}, err
		}
		c := Interval(a, b)
		return c, c.Validate()
	}
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.UniformLogPdf(x, p[0], p[1]) }
	d.logp = func(x float64, p []float64) float64 {
		if !(p[0] < p[1]) {
			return nan()
		}
		if x < p[0] || x > p[1] {
			return math.Inf(-1)
		}
		return -math.Log(p[1] - p[0])
	}
	d.draw = func(rng *rand.Rand, p []float64) float64 { return p[0] + (p[1]-p[0])*rng.Float64() }
	return d
}
