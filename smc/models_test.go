package smc

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/stat/distuv"
)

// Test models for SMC with known posteriors and evidences.

// smcBB is a Beta(a, b) prior on p with k successes out of n, worked on the
// logit scale θ = log(p/(1-p)) with the Jacobian p(1-p).
type smcBB struct {
	a, b float64
	n, k int
}

// smcLogSigmoid returns log σ(θ) = -log(1+e^{-θ}), stably.
func smcLogSigmoid(t float64) float64 {
	if t > 0 {
		return -math.Log1p(math.Exp(-t))
	}
	return t - math.Log1p(math.Exp(t))
}

func (m smcBB) prior() Prior {
	lb, _ := math.Lgamma(m.a)
	lb2, _ := math.Lgamma(m.b)
	lb3, _ := math.Lgamma(m.a + m.b)
	logB := lb + lb2 - lb3
	return Prior{
		Sample: func(rng *rand.Rand, dst []float64) {
			p := distuv.Beta{Alpha: m.a, Beta: m.b, Src: rng}.Rand()
			dst[0] = math.Log(p) - math.Log1p(-p)
		},
		// log π(θ) = a log p + b log(1-p) - log B(a, b): Beta(a, b) times
		// the Jacobian dp/dθ = p(1-p).
		Target: density.FuncTarget{N: 1, F: func(g, x []float64) float64 {
			p := 1 / (1 + math.Exp(-x[0]))
			g[0] = m.a*(1-p) - m.b*p
			return m.a*smcLogSigmoid(x[0]) + m.b*smcLogSigmoid(-x[0]) - logB
		}},
	}
}

func smcLogChoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// loglik is the binomial log-likelihood of k out of n.
func (m smcBB) loglik() density.Target {
	lc := smcLogChoose(m.n, m.k)
	k, nk := float64(m.k), float64(m.n-m.k)
	return density.FuncTarget{N: 1, F: func(g, x []float64) float64 {
		p := 1 / (1 + math.Exp(-x[0]))
		g[0] = k*(1-p) - nk*p
		return k*smcLogSigmoid(x[0]) + nk*smcLogSigmoid(-x[0]) + lc
	}}
}

// y returns the i-th Bernoulli datum: the k successes spread over the n.
func (m smcBB) y(i int) float64 {
	// Datum i is a success when floor((i+1)k/n) > floor(ik/n): exactly k
	// successes, evenly spread.
	if (i+1)*m.k/m.n > i*m.k/m.n {
		return 1
	}
	return 0
}

// datum is the Bernoulli log-likelihood of datum i.
func (m smcBB) datum(g, x []float64, i int) float64 {
	p := 1 / (1 + math.Exp(-x[0]))
	y := m.y(i)
	g[0] = y - p
	return y*smcLogSigmoid(x[0]) + (1-y)*smcLogSigmoid(-x[0])
}

// Posterior Beta(a+k, b+n-k) moments of p and the log evidence of the
// binomial count: log C(n,k) + log B(a+k, b+n-k) - log B(a, b).
func (m smcBB) postMean() float64 {
	return (m.a + float64(m.k)) / (m.a + m.b + float64(m.n))
}

func (m smcBB) postVar() float64 {
	a, b := m.a+float64(m.k), m.b+float64(m.n-m.k)
	return a * b / ((a + b) * (a + b) * (a + b + 1))
}

func smcLogBeta(a, b float64) float64 {
	x, _ := math.Lgamma(a)
	y, _ := math.Lgamma(b)
	z, _ := math.Lgamma(a + b)
	return x + y - z
}

func (m smcBB) logEvidence() float64 {
	return smcLogChoose(m.n, m.k) + smcLogBeta(m.a+float64(m.k), m.b+float64(m.n-m.k)) - smcLogBeta(m.a, m.b)
}

// smcGG is θ ~ N(0, τ² I_d), y_j ~ N(θ, σ² I_d), j < m.
type smcGG struct {
	tau, sigma float64
	y          [][]float64
}

func smcNewGG(d, m int, seed uint64) smcGG {
	rng := rand.New(rand.NewPCG(seed, 99))
	g := smcGG{tau: 2, sigma: 1, y: make([][]float64, m)}
	theta := make([]float64, d)
	for i := range theta {
		theta[i] = g.tau * rng.NormFloat64()
	}
	for j := range g.y {
		g.y[j] = make([]float64, d)
		for i := range theta {
			g.y[j][i] = theta[i] + g.sigma*rng.NormFloat64()
		}
	}
	return g
}

func (g smcGG) prior() Prior {
	d := len(g.y[0])
	return Prior{
		Sample: func(rng *rand.Rand, dst []float64) {
			for i := range dst {
				dst[i] = g.tau * rng.NormFloat64()
			}
		},
		Target: density.FuncTarget{N: d, F: func(gr, x []float64) float64 {
			lp := -0.5 * float64(d) * math.Log(2*math.Pi*g.tau*g.tau)
			for i, v := range x {
				gr[i] = -v / (g.tau * g.tau)
				lp -= 0.5 * v * v / (g.tau * g.tau)
			}
			return lp
		}},
	}
}

func (g smcGG) datum(gr, x []float64, j int) float64 {
	s2 := g.sigma * g.sigma
	lp := -0.5 * float64(len(x)) * math.Log(2*math.Pi*s2)
	for i, v := range x {
		r := g.y[j][i] - v
		gr[i] = r / s2
		lp -= 0.5 * r * r / s2
	}
	return lp
}

func (g smcGG) loglik() density.Target {
	d := len(g.y[0])
	return density.FuncTarget{N: d, F: func(gr, x []float64) float64 {
		tmp := make([]float64, d)
		for i := range gr {
			gr[i] = 0
		}
		var lp float64
		for j := range g.y {
			lp += g.datum(tmp, x, j)
			for i, v := range tmp {
				gr[i] += v
			}
		}
		return lp
	}}
}

// post returns the posterior mean and variance of each coordinate.
func (g smcGG) post() (mean []float64, v float64) {
	m := float64(len(g.y))
	prec := 1/(g.tau*g.tau) + m/(g.sigma*g.sigma)
	v = 1 / prec
	mean = make([]float64, len(g.y[0]))
	for _, y := range g.y {
		for i, yi := range y {
			mean[i] += yi
		}
	}
	for i := range mean {
		mean[i] *= v / (g.sigma * g.sigma)
	}
	return mean, v
}

// logEvidence: per coordinate, y ~ N(0, σ² I + τ² 11ᵀ).
func (g smcGG) logEvidence() float64 {
	m := float64(len(g.y))
	s2, t2 := g.sigma*g.sigma, g.tau*g.tau
	var lz float64
	for i := range g.y[0] {
		var sy, syy float64
		for _, y := range g.y {
			sy += y[i]
			syy += y[i] * y[i]
		}
		logDet := m*math.Log(s2) + math.Log1p(m*t2/s2)
		quad := (syy - t2*sy*sy/(s2+m*t2)) / s2
		lz += -0.5*m*math.Log(2*math.Pi) - 0.5*logDet - 0.5*quad
	}
	return lz
}

// smcCheckGrad compares t's gradient with central finite differences.
func smcCheckGrad(t *testing.T, name string, tg density.Target, x []float64) {
	t.Helper()
	n := tg.Dim()
	g := make([]float64, n)
	tg.LogProb(g, x)
	want := fd.Gradient(nil, func(x []float64) float64 { return tg.LogProb(make([]float64, n), x) }, x, &fd.Settings{Formula: fd.Central})
	for i := range g {
		if math.Abs(g[i]-want[i]) > 1e-6*(1+math.Abs(want[i])) {
			t.Errorf("%s at %v: grad[%d] = %v, finite differences %v", name, x, i, g[i], want[i])
		}
	}
}

func TestModelGradients(t *testing.T) {
	bb := smcBB{a: 2, b: 3, n: 20, k: 14}
	gg := smcNewGG(2, 10, 1)
	for _, x := range [][]float64{{0.3, -0.7}, {-1.4, 2.2}, {3, 0.1}} {
		x1 := x[:1]
		smcCheckGrad(t, "bb prior", bb.prior().Target, x1)
		smcCheckGrad(t, "bb loglik", bb.loglik(), x1)
		for i := 0; i < bb.n; i += 7 {
			smcCheckGrad(t, "bb datum", density.FuncTarget{N: 1, F: func(g, x []float64) float64 { return bb.datum(g, x, i) }}, x1)
		}
		smcCheckGrad(t, "gg prior", gg.prior().Target, x)
		smcCheckGrad(t, "gg loglik", gg.loglik(), x)
		// The stage targets built by SMC.
		tt := &smcTarget{prior: gg.prior().Target, like: gg.loglik(), beta: 0.37, g: make([]float64, 2)}
		smcCheckGrad(t, "tempered", tt, x)
		td := &smcTarget{prior: gg.prior().Target, data: &DataAnnealing{N: 10, LogLik: gg.datum}, nData: 4, g: make([]float64, 2)}
		smcCheckGrad(t, "data-annealed", td, x)
	}
}

func TestModelTruths(t *testing.T) {
	// The closed forms against quadrature on p: a check of the test's own
	// formulas, whatever SMC does.
	bb := smcBB{a: 2, b: 3, n: 20, k: 14}
	var z, m1, m2 float64
	const steps = 200000
	for i := 0; i < steps; i++ {
		p := (float64(i) + 0.5) / steps
		f := math.Exp(smcLogChoose(bb.n, bb.k)+float64(bb.k)*math.Log(p)+float64(bb.n-bb.k)*math.Log1p(-p)+
			(bb.a-1)*math.Log(p)+(bb.b-1)*math.Log1p(-p)-smcLogBeta(bb.a, bb.b)) / steps
		z += f
		m1 += p * f
		m2 += p * p * f
	}
	if math.Abs(math.Log(z)-bb.logEvidence()) > 1e-6 {
		t.Errorf("log evidence %v, quadrature %v", bb.logEvidence(), math.Log(z))
	}
	if math.Abs(m1/z-bb.postMean()) > 1e-8 || math.Abs(m2/z-m1*m1/z/z-bb.postVar()) > 1e-8 {
		t.Errorf("posterior moments %v %v, quadrature %v %v", bb.postMean(), bb.postVar(), m1/z, m2/z-m1*m1/z/z)
	}
}

func TestModelGaussianEvidence(t *testing.T) {
	// Candidate's formula: log Z = log prior(θ) + log L(θ) − log post(θ) at
	// any θ, the posterior N(mean, v I) being exact.
	gg := smcNewGG(2, 10, 1)
	mu, v := gg.post()
	g := make([]float64, 2)
	for _, th := range [][]float64{{0, 0}, {1.5, -0.3}} {
		lpost := 0.0
		for i, x := range th {
			lpost += -0.5*math.Log(2*math.Pi*v) - 0.5*(x-mu[i])*(x-mu[i])/v
		}
		lz := gg.prior().Target.LogProb(g, th) + gg.loglik().LogProb(g, th) - lpost
		if math.Abs(lz-gg.logEvidence()) > 1e-9 {
			t.Errorf("at %v: candidate's formula %v, closed form %v", th, lz, gg.logEvidence())
		}
	}
}
