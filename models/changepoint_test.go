package models

import (
	"math"
	"testing"
)

var cpCounts = []int{4, 5, 4, 1, 0, 4, 3, 4, 0, 6, 3, 3, 1, 1, 0, 1, 0, 2, 1, 0, 0, 1}

// The marginal's gradient agrees with central finite differences, and its
// density is the log-sum over τ of the DHMC target's.
func TestPoissonChangePointMarginal(t *testing.T) {
	m, err := NewPoissonChangePoint(cpCounts, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	marg, joint := m.Marginal(), m.DHMCTarget()
	x := []float64{0.9, -0.3}
	g := make([]float64, 2)
	lp := marg.LogProb(g, x)
	const h = 1e-6
	for i := range x {
		xp := append([]float64(nil), x...)
		xm := append([]float64(nil), x...)
		xp[i] += h
		xm[i] -= h
		fd := (marg.LogProb(make([]float64, 2), xp) - marg.LogProb(make([]float64, 2), xm)) / (2 * h)
		if math.Abs(fd-g[i]) > 1e-6*math.Max(1, math.Abs(fd)) {
			t.Errorf("gradient %d: %v, finite differences %v", i, g[i], fd)
		}
	}
	var z float64
	gj := make([]float64, 3)
	for tau := 1; tau < m.N(); tau++ {
		z += math.Exp(joint.LogProb(gj, []float64{x[0], x[1], float64(tau) + 0.5}) - lp)
	}
	if math.Abs(z-1) > 1e-12 {
		t.Errorf("Σ_τ p(x, τ) / p(x) = %v, want 1", z)
	}
	if lo := joint.LogProb(gj, []float64{0, 0, 0.5}); !math.IsInf(lo, -1) {
		t.Errorf("τ = 0 has log density %v, want -Inf", lo)
	}
	// p(τ | λ, y) sums to one; the exact p(τ | y) too, with its mean
	// between the ends.
	var s, mean float64
	for _, p := range m.SwitchGivenRates(nil, x[0], x[1]) {
		s += p
	}
	post := m.SwitchPosterior()
	var s2 float64
	for tau, p := range post {
		s2 += p
		mean += float64(tau) * p
	}
	if math.Abs(s-1) > 1e-12 || math.Abs(s2-1) > 1e-12 || post[0] != 0 || mean < 1 || mean > float64(m.N()-1) {
		t.Errorf("pmfs sum to %v and %v, p(0) %v, mean %v", s, s2, post[0], mean)
	}
	m1, v1, m2, v2 := m.RateMoments()
	if !(m1 > 0 && v1 > 0 && m2 > 0 && v2 > 0) {
		t.Errorf("rate moments %v %v %v %v", m1, v1, m2, v2)
	}
}

func TestPoissonChangePointBadInput(t *testing.T) {
	for _, c := range []struct {
		name   string
		counts []int
		a, b   float64
	}{{"one count", []int{1}, 1, 1}, {"negative count", []int{1, -1}, 1, 1}, {"zero shape", []int{1, 2}, 0, 1}, {"NaN rate", []int{1, 2}, 1, math.NaN()}} {
		if _, err := NewPoissonChangePoint(c.counts, c.a, c.b); err == nil {
			t.Errorf("%s: no error", c.name)
		} else {
			t.Logf("%s: %v", c.name, err)
		}
	}
}
