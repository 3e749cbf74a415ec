package dist

import (
	"math"
	"math/rand/v2"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"gonum.org/v1/gonum/stat/distuv"
)

// Discrete univariate families. Observations must be constants; a value
// outside the support gives -Inf. A discrete variable cannot be sampled
// by HMC: the model layer rejects it as a latent.

// logit records log(p) - log(1-p).
func logit(p *ad.Var) *ad.Var { return ad.Sub(ad.Log(p), ad.Log1p(ad.Neg(p))) }

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

func softplus(x float64) float64 { return max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }

// bernoulliLogitLogPmf is log Bernoulli(y | sigmoid(l)).
func bernoulliLogitLogPmf(y, l float64) float64 {
	switch y {
	case 1:
		return -softplus(-l)
	case 0:
		return -softplus(l)
	}
	return math.Inf(-1)
}

func bernoulliDraw(rng *rand.Rand, p float64) float64 {
	if rng.Float64() < p {
		return 1
	}
	return 0
}

// Bernoulli returns the Bernoulli distribution on {0, 1} with
// probability p of 1.
func Bernoulli(p any) Distribution {
	d := newUnivariate("Bernoulli", []string{"p"}, []any{p})
	d.support = fixed(Boolean)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.BernoulliLogitLogPmf(x, logit(p[0])) }
	d.logp = func(x float64, p []float64) float64 {
		if !(p[0] >= 0 && p[0] <= 1) {
			return nan()
		}
		if x != 0 && x != 1 {
			return math.Inf(-1)
		}
		return distuv.Bernoulli{P: p[0]}.LogProb(x)
	}
	d.draw = func(rng *rand.Rand, p []float64) float64 { return bernoulliDraw(rng, p[0]) }
	return d
}

// BernoulliLogit returns the Bernoulli distribution with probability
// sigmoid(logit) of 1.
func BernoulliLogit(logit any) Distribution {
	d := newUnivariate("BernoulliLogit", []string{"logit"}, []any{logit})
	d.support = fixed(Boolean)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.BernoulliLogitLogPmf(x, p[0]) }
	d.logp = func(x float64, p []float64) float64 { return bernoulliLogitLogPmf(x, p[0]) }
	d.draw = func(rng *rand.Rand, p []float64) float64 { return bernoulliDraw(rng, sigmoid(p[0])) }
	return d
}

// Binomial returns the binomial distribution of successes in n trials of
// probability p.
func Binomial(n, p any) Distribution {
	d := newUnivariate("Binomial", []string{"n", "p"}, []any{n, p})
	d.support = fixed(Count)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.BinomialLogitLogPmf(x, p[0], logit(p[1])) }
	d.logp = func(x float64, p []float64) float64 {
		if !(p[1] >= 0 && p[1] <= 1) || !(p[0] >= 0) || p[0] != math.Floor(p[0]) {
			return nan()
		}
		return distuv.Binomial{N: p[0], P: p[1]}.LogProb(x)
	}
	d.draw = func(rng *rand.Rand, p []float64) float64 { return distuv.Binomial{N: p[0], P: p[1], Src: rng}.Rand() }
	return d
}

// BinomialLogit returns the binomial distribution of successes in n
// trials of probability sigmoid(logit).
func BinomialLogit(n, logit any) Distribution {
	d := newUnivariate("BinomialLogit", []string{"n", "logit"}, []any{n, logit})
	d.support = fixed(Count)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.BinomialLogitLogPmf(x, p[0], p[1]) }
	d.logp = func(x float64, p []float64) float64 {
		n, l := p[0], p[1]
		if !(n >= 0) || n != math.Floor(n) {
			return nan()
		}
		if x < 0 || x > n || x != math.Floor(x) {
			return math.Inf(-1)
		}
		lc, _ := math.Lgamma(n + 1)
		a, _ := math.Lgamma(x + 1)
		b, _ := math.Lgamma(n - x + 1)
		return lc - a - b - x*softplus(-l) - (n-x)*softplus(l)
	}
	d.draw = func(rng *rand.Rand, p []float64) float64 {
		return distuv.Binomial{N: p[0], P: sigmoid(p[1]), Src: rng}.Rand()
	}
	return d
}

func poissonLogPmf(k, lambda float64) float64 {
	if !(lambda >= 0) {
		return nan()
	}
	if k < 0 || k != math.Floor(k) || math.IsInf(k, 1) {
		return math.Inf(-1)
	}
	return distuv.Poisson{Lambda: lambda}.LogProb(k)
}

// Poisson returns the Poisson distribution with the given rate.
func Poisson(rate any) Distribution {
	d := newUnivariate("Poisson", []string{"rate"}, []any{rate})
	d.support = fixed(Count)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.PoissonLogLogPmf(x, ad.Log(p[0])) }
	d.logp = func(x float64, p []float64) float64 { return poissonLogPmf(x, p[0]) }
	d.draw = func(rng *rand.Rand, p []float64) float64 { return distuv.Poisson{Lambda: p[0], Src: rng}.Rand() }
	return d
}

// PoissonLog returns the Poisson distribution with rate exp(logRate).
func PoissonLog(logRate any) Distribution {
	d := newUnivariate("PoissonLog", []string{"logRate"}, []any{logRate})
	d.support = fixed(Count)
	d.tape = func(_ *ad.Tape, x *ad.Var, p []*ad.Var) *ad.Var { return ad.PoissonLogLogPmf(x, p[0]) }
	d.logp = func(x float64, p []float64) float64 {
		if k := x; k >= 0 && k == math.Floor(k) && !math.IsInf(k, 1) {
			lg, _ := math.Lgamma(k + 1)
			return k*p[0] - math.Exp(p[0]) - lg
		}
		return math.Inf(-1)
	}
	d.draw = func(rng *rand.Rand, p []float64) float64 {
		return distuv.Poisson{Lambda: math.Exp(p[0]), Src: rng}.Rand()
	}
	return d
}

// NegativeBinomial returns the negative binomial distribution with mean mu
// and dispersion phi (Stan's neg_binomial_2: variance mu + mu²/phi), the
// Poisson distribution of a Gamma(phi, phi/mu) rate.
func NegativeBinomial(mu, phi any) Distribution {
	d := newUnivariate("NegativeBinomial", []string{"mu", "phi"}, []any{mu, phi})
	d.support = fixed(Count)
	d.tape = func(_ *ad.Tape, k *ad.Var, p []*ad.Var) *ad.Var {
		mu, phi := p[0], p[1]
		// lgamma(k+φ) - lgamma(k+1) - lgamma(φ) + k·(log μ - log(μ+φ)) + φ·(log φ - log(μ+φ))
		logMuPhi := ad.Log(ad.Add(mu, phi))
		lp := ad.Sub(ad.Lgamma(ad.Add(k, phi)), ad.Lgamma(phi))
		lp = ad.Add(lp, ad.Mul(k, ad.Sub(ad.Log(mu), logMuPhi)))
		lp = ad.Add(lp, ad.Mul(phi, ad.Sub(ad.Log(phi), logMuPhi)))
		lp = ad.Sub(lp, ad.Lgamma(ad.AddConst(k, 1)))
		return ad.Sum(lp)
	}
	d.logp = func(k float64, p []float64) float64 {
		mu, phi := p[0], p[1]
		if !(mu > 0 && phi > 0) {
			return nan()
		}
		if k < 0 || k != math.Floor(k) || math.IsInf(k, 1) {
			return math.Inf(-1)
		}
		a, _ := math.Lgamma(k + phi)
		b, _ := math.Lgamma(k + 1)
		c, _ := math.Lgamma(phi)
		l := math.Log(mu + phi)
		return a - b - c + k*(math.Log(mu)-l) + phi*(math.Log(phi)-l)
	}
	d.draw = func(rng *rand.Rand, p []float64) float64 {
		lambda := distuv.Gamma{Alpha: p[1], Beta: p[1] / p[0], Src: rng}.Rand()
		return distuv.Poisson{Lambda: lambda, Src: rng}.Rand()
	}
	return d
}
