package samplers

import (
	"math"
	"math/rand/v2"
	"testing"
)

// dhChangePoint is the Poisson change-point model: counts y_t ~ Poisson(λ1)
// for t < τ and Poisson(λ2) for t ≥ τ, t = 0..N-1, λ_k ~ Gamma(a, b) (shape,
// rate), τ uniform on 1..N-1. The position is (log λ1, log λ2, z) with
// τ = ⌊z⌋. Integrating the rates out, p(τ | y) ∝ Γ(a+S1) (b+τ)^-(a+S1) ·
// Γ(a+S2) (b+N-τ)^-(a+S2), S1 and S2 the sums of the counts before and from
// τ, and λ1 | τ, y ~ Gamma(a+S1, b+τ): exact posterior moments by
// enumerating τ.
type dhChangePoint struct {
	a, b   float64
	cumsum []float64 // cumsum[t] = y_0 + ... + y_{t-1}
}

func newDHChangePoint(seed uint64) *dhChangePoint {
	// Simulated data: N = 60, true τ = 25, λ1 = 3, λ2 = 1.
	const n, tau = 60, 25
	rng := rand.New(rand.NewPCG(seed, 0))
	poisson := func(lambda float64) int { // Knuth's multiplication method
		l, k, p := math.Exp(-lambda), 0, 1.0
		for {
			p *= rng.Float64()
			if p <= l {
				return k
			}
			k++
		}
	}
	m := &dhChangePoint{a: 2, b: 1, cumsum: make([]float64, n+1)}
	for t := range n {
		lambda := 3.0
		if t >= tau {
			lambda = 1
		}
		m.cumsum[t+1] = m.cumsum[t] + float64(poisson(lambda))
	}
	return m
}

func (m *dhChangePoint) n() int { return len(m.cumsum) - 1 }

// sums returns the count sums and lengths of the two segments.
func (m *dhChangePoint) sums(tau int) (s1, s2, n1, n2 float64) {
	n := m.n()
	return m.cumsum[tau], m.cumsum[n] - m.cumsum[tau], float64(tau), float64(n - tau)
}

func (m *dhChangePoint) target() *DHMCEmbedded {
	return &DHMCEmbedded{
		Continuous: 2, Integers: 1,
		F: func(grad, th []float64, tau []int) float64 {
			if tau[0] < 1 || tau[0] >= m.n() {
				return math.Inf(-1)
			}
			s1, s2, n1, n2 := m.sums(tau[0])
			// log p(θ, τ | y) up to a constant, θ = log λ with its Jacobian.
			e1, e2 := math.Exp(th[0]), math.Exp(th[1])
			grad[0] = m.a + s1 - (m.b+n1)*e1
			grad[1] = m.a + s2 - (m.b+n2)*e2
			return (m.a+s1)*th[0] - (m.b+n1)*e1 + (m.a+s2)*th[1] - (m.b+n2)*e2
		},
	}
}

// exact returns E τ, Var τ, E λ1, Var λ1 and E λ2 under the posterior.
func (m *dhChangePoint) exact() (eTau, vTau, eL1, vL1, eL2 float64) {
	n := m.n()
	logw := make([]float64, n)
	mx := math.Inf(-1)
	for tau := 1; tau < n; tau++ {
		s1, s2, n1, n2 := m.sums(tau)
		g1, _ := math.Lgamma(m.a + s1)
		g2, _ := math.Lgamma(m.a + s2)
		logw[tau] = g1 - (m.a+s1)*math.Log(m.b+n1) + g2 - (m.a+s2)*math.Log(m.b+n2)
		mx = math.Max(mx, logw[tau])
	}
	var z, t1, t2, l1, l1sq, l2 float64
	for tau := 1; tau < n; tau++ {
		w := math.Exp(logw[tau] - mx)
		s1, s2, n1, n2 := m.sums(tau)
		a1, b1 := m.a+s1, m.b+n1
		z += w
		t1 += w * float64(tau)
		t2 += w * float64(tau*tau)
		l1 += w * a1 / b1
		l1sq += w * a1 * (a1 + 1) / (b1 * b1)
		l2 += w * (m.a + s2) / (m.b + n2)
	}
	eTau, eL1 = t1/z, l1/z
	return eTau, t2/z - eTau*eTau, eL1, l1sq/z - eL1*eL1, l2 / z
}

// The change-point posterior: mixed continuous rates and a discrete τ, with
// moments exact by enumeration.
func TestDHMCChangePoint(t *testing.T) {
	m := newDHChangePoint(11)
	target := m.target()
	eTau, vTau, eL1, vL1, eL2 := m.exact()
	t.Logf("exact: E τ %.3f, Var τ %.3f, E λ1 %.3f, Var λ1 %.4f, E λ2 %.3f", eTau, vTau, eL1, vL1, eL2)
	// Start inside the support: τ in the middle, rates near the data's.
	init := []float64{math.Log(2), math.Log(2), 30.5}
	k := DHMC{StepSize: 0.1, Steps: 20, Discontinuous: target.Discontinuous(), Mass: []float64{0.1}}
	tr, err := Sample(t.Context(), target, Options{
		Chains: 4, Warmup: 300, Draws: 3000, Seed: 12, Kernel: k,
		InitialPoints: [][]float64{init},
		WarmupOptions: WarmupOptions{FixedStepSize: true}, // the kernel as configured
	})
	if err != nil {
		t.Fatal(err)
	}
	tau := dhFloorChains(tr.Param(2))
	l1 := mapChains(tr.Param(0), math.Exp)
	l2 := mapChains(tr.Param(1), math.Exp)
	t.Logf("ESS τ %.0f, λ1 %.0f of %d; divergences %d", ess(tau), ess(l1), 4*3000, tr.Divergences())
	dhCheck(t, "E τ", zMean(tau, eTau))
	dhCheck(t, "Var τ", zVar(tau, eTau, vTau))
	dhCheck(t, "E λ1", zMean(l1, eL1))
	dhCheck(t, "Var λ1", zVar(l1, eL1, vL1))
	dhCheck(t, "E λ2", zMean(l2, eL2))
}
