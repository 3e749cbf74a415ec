package dist_test

import (
	"math"
	"math/rand/v2"
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/dist"
	"gonum.org/v1/gonum/stat/distuv"
)

// uniCase is a univariate family at fixed parameters, with a reference log
// density written independently of the package (gonum's distuv or the
// closed form) and the exact mean and variance (NaN: none; then median is
// the exact median).
type uniCase struct {
	name     string
	mk       func(p []any) dist.Distribution
	params   []float64
	constant []bool // parameters that must stay constants (a trial count)
	x        []float64
	ref      func(x float64) float64
	mean     float64
	variance float64
	median   float64
	discrete bool
}

func sig(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func uniCases() []uniCase {
	nan := math.NaN()
	return []uniCase{
		{name: "Normal", mk: func(p []any) dist.Distribution { return dist.Normal(p[0], p[1]) }, params: []float64{1.5, 2},
			x: []float64{-1, 0.3, 4}, ref: distuv.Normal{Mu: 1.5, Sigma: 2}.LogProb, mean: 1.5, variance: 4},
		{name: "StudentT", mk: func(p []any) dist.Distribution { return dist.StudentT(p[0], p[1], p[2]) }, params: []float64{5, 1, 2},
			x: []float64{-3, 0.5, 2}, ref: distuv.StudentsT{Nu: 5, Mu: 1, Sigma: 2}.LogProb, mean: 1, variance: 4 * 5.0 / 3},
		{name: "Cauchy", mk: func(p []any) dist.Distribution { return dist.Cauchy(p[0], p[1]) }, params: []float64{1, 2},
			x: []float64{-3, 0.5, 2}, ref: func(x float64) float64 { z := (x - 1) / 2; return math.Log(1 / (math.Pi * 2 * (1 + z*z))) },
			mean: nan, median: 1},
		{name: "HalfNormal", mk: func(p []any) dist.Distribution { return dist.HalfNormal(p[0]) }, params: []float64{2},
			x: []float64{0.1, 1, 3}, ref: func(x float64) float64 { return math.Log(2 * distuv.Normal{Mu: 0, Sigma: 2}.Prob(x)) },
			mean: 2 * math.Sqrt(2/math.Pi), variance: 4 * (1 - 2/math.Pi)},
		{name: "HalfCauchy", mk: func(p []any) dist.Distribution { return dist.HalfCauchy(p[0]) }, params: []float64{2},
			x: []float64{0.1, 1, 3}, ref: func(x float64) float64 { z := x / 2; return math.Log(2 / (math.Pi * 2 * (1 + z*z))) },
			mean: nan, median: 2},
		{name: "Exponential", mk: func(p []any) dist.Distribution { return dist.Exponential(p[0]) }, params: []float64{1.5},
			x: []float64{0.1, 1, 3}, ref: distuv.Exponential{Rate: 1.5}.LogProb, mean: 1 / 1.5, variance: 1 / 2.25},
		{name: "Gamma", mk: func(p []any) dist.Distribution { return dist.Gamma(p[0], p[1]) }, params: []float64{2.5, 1.5},
			x: []float64{0.1, 1, 3}, ref: distuv.Gamma{Alpha: 2.5, Beta: 1.5}.LogProb, mean: 2.5 / 1.5, variance: 2.5 / 2.25},
		{name: "InverseGamma", mk: func(p []any) dist.Distribution { return dist.InverseGamma(p[0], p[1]) }, params: []float64{4.5, 2},
			x: []float64{0.1, 1, 3}, ref: distuv.InverseGamma{Alpha: 4.5, Beta: 2}.LogProb, mean: 2 / 3.5, variance: 4 / (3.5 * 3.5 * 2.5)},
		{name: "Beta", mk: func(p []any) dist.Distribution { return dist.Beta(p[0], p[1]) }, params: []float64{2, 3},
			x: []float64{0.1, 0.5, 0.9}, ref: distuv.Beta{Alpha: 2, Beta: 3}.LogProb, mean: 0.4, variance: 6.0 / (25 * 6)},
		{name: "LogNormal", mk: func(p []any) dist.Distribution { return dist.LogNormal(p[0], p[1]) }, params: []float64{0.2, 0.5},
			x: []float64{0.1, 1, 3}, ref: distuv.LogNormal{Mu: 0.2, Sigma: 0.5}.LogProb,
			mean: math.Exp(0.2 + 0.125), variance: (math.Exp(0.25) - 1) * math.Exp(0.4+0.25)},
		{name: "Uniform", mk: func(p []any) dist.Distribution { return dist.Uniform(p[0], p[1]) }, params: []float64{-1, 2},
			x: []float64{-0.5, 0, 1.5}, ref: distuv.Uniform{Min: -1, Max: 2}.LogProb, mean: 0.5, variance: 9.0 / 12},
		{name: "Bernoulli", mk: func(p []any) dist.Distribution { return dist.Bernoulli(p[0]) }, params: []float64{0.3},
			x: []float64{0, 1, 1}, ref: distuv.Bernoulli{P: 0.3}.LogProb, mean: 0.3, variance: 0.21, discrete: true},
		{name: "BernoulliLogit", mk: func(p []any) dist.Distribution { return dist.BernoulliLogit(p[0]) }, params: []float64{-0.4},
			x: []float64{0, 1, 0}, ref: distuv.Bernoulli{P: sig(-0.4)}.LogProb, mean: sig(-0.4), variance: sig(-0.4) * sig(0.4), discrete: true},
		{name: "Binomial", mk: func(p []any) dist.Distribution { return dist.Binomial(p[0], p[1]) }, params: []float64{10, 0.3}, constant: []bool{true, false},
			x: []float64{0, 3, 10}, ref: distuv.Binomial{N: 10, P: 0.3}.LogProb, mean: 3, variance: 2.1, discrete: true},
		{name: "BinomialLogit", mk: func(p []any) dist.Distribution { return dist.BinomialLogit(p[0], p[1]) }, params: []float64{10, 0.2}, constant: []bool{true, false},
			x: []float64{0, 3, 10}, ref: distuv.Binomial{N: 10, P: sig(0.2)}.LogProb, mean: 10 * sig(0.2), variance: 10 * sig(0.2) * sig(-0.2), discrete: true},
		{name: "Poisson", mk: func(p []any) dist.Distribution { return dist.Poisson(p[0]) }, params: []float64{3.5},
			x: []float64{0, 3, 9}, ref: distuv.Poisson{Lambda: 3.5}.LogProb, mean: 3.5, variance: 3.5, discrete: true},
		{name: "PoissonLog", mk: func(p []any) dist.Distribution { return dist.PoissonLog(p[0]) }, params: []float64{1.2},
			x: []float64{0, 3, 9}, ref: distuv.Poisson{Lambda: math.Exp(1.2)}.LogProb, mean: math.Exp(1.2), variance: math.Exp(1.2), discrete: true},
		{name: "NegativeBinomial", mk: func(p []any) dist.Distribution { return dist.NegativeBinomial(p[0], p[1]) }, params: []float64{3, 2},
			// Γ(k+φ)/(k! Γ(φ)) (φ/(μ+φ))^φ (μ/(μ+φ))^k at μ = 3, φ = 2.
			x: []float64{0, 3, 9}, ref: func(k float64) float64 {
				return math.Log(math.Gamma(k+2) / (math.Gamma(k+1) * math.Gamma(2)) * math.Pow(0.4, 2) * math.Pow(0.6, k))
			}, mean: 3, variance: 3 + 9.0/2, discrete: true},
	}
}

// TestUnivariateLogProb checks the tape's log density and LogProbEach
// against the reference at each point.
func TestUnivariateLogProb(t *testing.T) {
	for _, c := range uniCases() {
		t.Run(c.name, func(t *testing.T) {
			ps := make([]any, len(c.params))
			for i, v := range c.params {
				ps[i] = v
			}
			d := c.mk(ps)
			want := 0.0
			each := make([]float64, len(c.x))
			if err := d.LogProbEach(each, c.x); err != nil {
				t.Fatal(err)
			}
			for i, x := range c.x {
				r := c.ref(x)
				want += r
				if math.Abs(each[i]-r) > 1e-10*max(1, math.Abs(r)) {
					t.Errorf("LogProbEach(%g) = %.15g, reference %.15g", x, each[i], r)
				}
			}
			tp := ad.NewTape()
			lp, err := d.LogProb(tp.Const(c.x))
			if err != nil {
				t.Fatal(err)
			}
			if got := lp.Value[0]; math.Abs(got-want) > 1e-10*max(1, math.Abs(want)) {
				t.Errorf("LogProb = %.15g, reference %.15g", got, want)
			}
		})
	}
}

// TestUnivariateGradients checks the gradient with respect to every
// non-constant parameter (and x for a continuous family) against central
// finite differences.
func TestUnivariateGradients(t *testing.T) {
	for _, c := range uniCases() {
		t.Run(c.name, func(t *testing.T) {
			np := len(c.params)
			x0 := append([]float64(nil), c.params...)
			if !c.discrete {
				x0 = append(x0, c.x...)
			}
			f := func(tp *ad.Tape, v *ad.Var) *ad.Var {
				ps := make([]any, np)
				for i := range ps {
					if c.constant != nil && c.constant[i] {
						ps[i] = c.params[i]
					} else {
						ps[i] = v.View(i, i+1)
					}
				}
				x := tp.Const(c.x)
				if !c.discrete {
					x = v.View(np, np+len(c.x))
				}
				lp, err := c.mk(ps).LogProb(x)
				if err != nil {
					t.Fatal(err)
				}
				return lp
			}
			comp, err := ad.Compile(f, x0, nil)
			if err != nil {
				t.Fatal(err)
			}
			rep := ad.CheckGradient(comp.LogProb, x0, nil)
			for i, row := range rep.Rows {
				if c.constant != nil && i < np && c.constant[i] {
					continue
				}
				if row.RelError > 1e-6 {
					t.Errorf("gradient:\n%v", rep)
					break
				}
			}
		})
	}
}

// TestUnivariateRand compares the mean and variance of 40000 draws with the
// exact ones within 4 Monte Carlo standard errors (or the fraction below
// the exact median with 0.5 for the Cauchy families).
func TestUnivariateRand(t *testing.T) {
	const n = 40000
	for k, c := range uniCases() {
		t.Run(c.name, func(t *testing.T) {
			ps := make([]any, len(c.params))
			for i, v := range c.params {
				ps[i] = v
			}
			d := c.mk(ps)
			x := make([]float64, n)
			if err := d.Rand(rand.New(rand.NewPCG(7, uint64(k))), x); err != nil {
				t.Fatal(err)
			}
			sup, err := d.Support()
			if err != nil {
				t.Fatal(err)
			}
			if !sup.Contains(x) {
				t.Errorf("a draw lies outside the support %v", sup)
			}
			if math.IsNaN(c.mean) {
				below := 0.0
				for _, v := range x {
					if v < c.median {
						below++
					}
				}
				if p := below / n; math.Abs(p-0.5) > 4*math.Sqrt(0.25/n) {
					t.Errorf("fraction below the median %g = %.4f", c.median, p)
				}
				return
			}
			m := 0.0
			for _, v := range x {
				m += v
			}
			m /= n
			s2, s4 := 0.0, 0.0
			for _, v := range x {
				s2 += (v - m) * (v - m)
			}
			s2 /= n
			for _, v := range x {
				e := (v-m)*(v-m) - s2
				s4 += e * e
			}
			if se := math.Sqrt(c.variance / n); math.Abs(m-c.mean) > 4*se {
				t.Errorf("mean %.5g, exact %.5g (4 MCSE = %.3g)", m, c.mean, 4*se)
			}
			if se := math.Sqrt(s4 / n / n); math.Abs(s2-c.variance) > 4*se {
				t.Errorf("variance %.5g, exact %.5g (4 MCSE = %.3g)", s2, c.variance, 4*se)
			}
		})
	}
}

// TestBadParameters checks that a parameter of the wrong type and
// parameters that would broadcast the value to a larger shape are errors,
// not panics.
func TestBadParameters(t *testing.T) {
	tp := ad.NewTape()
	if _, err := dist.Normal("zero", 1.0).LogProb(tp.Const([]float64{1})); err == nil {
		t.Error("a string parameter gave no error")
	}
	if _, err := dist.Normal(0.0, 1.0).Shape(); err != nil {
		t.Error(err)
	}
	mu := tp.Const(make([]float64, 3), 3, 1)
	if _, err := dist.Normal(mu, 1.0).LogProb(tp.Const([]float64{1, 2, 3})); err == nil {
		t.Error("mu [3,1] against y [3] gave no error")
	}
	if err := dist.Normal([]float64{0, 1}, 1.0).Rand(rand.New(rand.NewPCG(1, 1)), make([]float64, 3)); err == nil {
		t.Error("2 means for 3 draws gave no error")
	}
}
