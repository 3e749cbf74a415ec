package models

import (
	"fmt"
	"math"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// PoissonChangePoint is the Poisson change-point model of counts y_0..y_{N-1}
// (Raftery and Akman 1986; Carlin, Gelfand and Smith 1992): y_t ~
// Poisson(λ1) for t < τ and Poisson(λ2) for t ≥ τ, with λ1, λ2 ~ Gamma(A, B)
// (shape, rate) and the switch point τ uniform on 1..N-1 (τ is the number of
// counts before the change). Its posterior is known exactly by enumerating
// τ: p(τ | y) ∝ Γ(A+S1)(B+τ)^-(A+S1) · Γ(A+S2)(B+N-τ)^-(A+S2), with S1, S2
// the sums of the counts before and from τ, and λ1 | τ, y ~ Gamma(A+S1, B+τ),
// λ2 | τ, y ~ Gamma(A+S2, B+N-τ).
//
// It has two samplable forms: DHMCTarget, the mixed posterior of
// (log λ1, log λ2, τ) for discontinuous HMC, and Marginal, the posterior of
// (log λ1, log λ2) with τ summed out, for NUTS (the baseline of the DHMC
// paper).
type PoissonChangePoint struct {
	// A and B are the shape and rate of the Gamma prior of both rates.
	A, B   float64
	cumsum []float64 // cumsum[t] = y_0 + ... + y_{t-1}
}

// NewPoissonChangePoint returns the model of counts (at least 2 of them,
// none negative) with a Gamma(a, b) prior on the rates.
func NewPoissonChangePoint(counts []int, a, b float64) (*PoissonChangePoint, error) {
	if len(counts) < 2 {
		return nil, fmt.Errorf("models: change point needs at least 2 counts, got %d", len(counts))
	}
	if !(a > 0) || !(b > 0) || math.IsInf(a, 0) || math.IsInf(b, 0) {
		return nil, fmt.Errorf("models: change point Gamma prior shape %v, rate %v: both must be finite and positive", a, b)
	}
	m := &PoissonChangePoint{A: a, B: b, cumsum: make([]float64, len(counts)+1)}
	for t, y := range counts {
		if y < 0 {
			return nil, fmt.Errorf("models: change point count %d is %d, must not be negative", t, y)
		}
		m.cumsum[t+1] = m.cumsum[t] + float64(y)
	}
	return m, nil
}

// N returns the number of counts.
func (m *PoissonChangePoint) N() int { return len(m.cumsum) - 1 }

// logJoint returns log p(log λ, τ | y) up to a constant (Jacobian of the log
// included) and writes its gradient with respect to (log λ1, log λ2) into g
// when g is not nil.
func (m *PoissonChangePoint) logJoint(g []float64, th0, th1 float64, tau int) float64 {
	n := m.N()
	s1, s2 := m.cumsum[tau], m.cumsum[n]-m.cumsum[tau]
	n1, n2 := float64(tau), float64(n-tau)
	e0, e1 := math.Exp(th0), math.Exp(th1)
	if g != nil {
		g[0] = m.A + s1 - (m.B+n1)*e0
		g[1] = m.A + s2 - (m.B+n2)*e1
	}
	return (m.A+s1)*th0 - (m.B+n1)*e0 + (m.A+s2)*th1 - (m.B+n2)*e1
}

// DHMCTarget returns the posterior of x = (log λ1, log λ2, z) with τ = ⌊z⌋
// (the unit embedding of discontinuous HMC): sample it with
// samplers.DHMC{Discontinuous: t.Discontinuous(), ...}. Outside 1 ≤ τ ≤ N-1
// the log density is -Inf.
func (m *PoissonChangePoint) DHMCTarget() *samplers.DHMCEmbedded {
	return &samplers.DHMCEmbedded{
		Continuous: 2, Integers: 1,
		F: func(grad, th []float64, tau []int) float64 {
			if tau[0] < 1 || tau[0] >= m.N() {
				grad[0], grad[1] = 0, 0
				return math.Inf(-1)
			}
			return m.logJoint(grad, th[0], th[1], tau[0])
		},
		Names: []string{"log_lambda1", "log_lambda2", "tau"},
	}
}

// Marginal returns the posterior of (log λ1, log λ2) with τ summed out:
// log Σ_τ p(log λ, τ | y), a smooth density for NUTS. It is safe for
// concurrent use.
func (m *PoissonChangePoint) Marginal() density.Target {
	return density.FuncTarget{N: 2, Names: []string{"log_lambda1", "log_lambda2"},
		F: func(grad, x []float64) float64 {
			// Two passes: the maximum, then the weighted sums.
			mx := math.Inf(-1)
			for tau := 1; tau < m.N(); tau++ {
				mx = math.Max(mx, m.logJoint(nil, x[0], x[1], tau))
			}
			var z, g0, g1 float64
			var g [2]float64
			for tau := 1; tau < m.N(); tau++ {
				w := math.Exp(m.logJoint(g[:], x[0], x[1], tau) - mx)
				z += w
				g0 += w * g[0]
				g1 += w * g[1]
			}
			grad[0], grad[1] = g0/z, g1/z
			return mx + math.Log(z)
		}}
}

// SwitchGivenRates writes p(τ | λ, y) for τ = 0..N-1 into dst (τ = 0 has
// probability 0) and returns it: the Rao-Blackwellised draw of τ for a draw
// of the marginal's (log λ1, log λ2).
func (m *PoissonChangePoint) SwitchGivenRates(dst []float64, logL1, logL2 float64) []float64 {
	dst = resize(dst, m.N())
	mx := math.Inf(-1)
	for tau := 1; tau < m.N(); tau++ {
		dst[tau] = m.logJoint(nil, logL1, logL2, tau)
		mx = math.Max(mx, dst[tau])
	}
	return normalizeLog(dst, mx)
}

// SwitchPosterior returns the exact p(τ | y) for τ = 0..N-1 (τ = 0 has
// probability 0).
func (m *PoissonChangePoint) SwitchPosterior() []float64 {
	p := make([]float64, m.N())
	mx := math.Inf(-1)
	for tau := 1; tau < m.N(); tau++ {
		a1, a2, b1, b2 := m.shapesRates(tau)
		l1, _ := math.Lgamma(a1)
		l2, _ := math.Lgamma(a2)
		p[tau] = l1 - a1*math.Log(b1) + l2 - a2*math.Log(b2)
		mx = math.Max(mx, p[tau])
	}
	return normalizeLog(p, mx)
}

// shapesRates returns the Gamma posteriors of λ1 and λ2 given τ.
func (m *PoissonChangePoint) shapesRates(tau int) (a1, a2, b1, b2 float64) {
	n := m.N()
	return m.A + m.cumsum[tau], m.A + m.cumsum[n] - m.cumsum[tau], m.B + float64(tau), m.B + float64(n-tau)
}

// RateMoments returns the exact posterior means and variances of λ1 and λ2.
func (m *PoissonChangePoint) RateMoments() (mean1, var1, mean2, var2 float64) {
	p := m.SwitchPosterior()
	var sq1, sq2 float64
	for tau := 1; tau < m.N(); tau++ {
		a1, a2, b1, b2 := m.shapesRates(tau)
		mean1 += p[tau] * a1 / b1
		mean2 += p[tau] * a2 / b2
		sq1 += p[tau] * a1 * (a1 + 1) / (b1 * b1)
		sq2 += p[tau] * a2 * (a2 + 1) / (b2 * b2)
	}
	return mean1, sq1 - mean1*mean1, mean2, sq2 - mean2*mean2
}

func resize(dst []float64, n int) []float64 {
	if cap(dst) < n {
		return make([]float64, n)
	}
	return dst[:n]
}

// normalizeLog turns log weights in p[1:] (maximum mx) into probabilities;
// p[0] becomes 0.
func normalizeLog(p []float64, mx float64) []float64 {
	p[0] = 0
	var z float64
	for i := 1; i < len(p); i++ {
		p[i] = math.Exp(p[i] - mx)
		z += p[i]
	}
	for i := range p {
		p[i] /= z
	}
	return p
}
