package models

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/datasets"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/samplers"
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

// DHMC with warm-up adaptation on the coal-mining disasters: the adapted ε
// takes 0.8 ± 0.05 of the coordinate-wise moves of τ, and the histogram of τ
// is within total variation 0.02 of enumeration.
func TestPoissonChangePointCoalDHMC(t *testing.T) {
	_, counts := datasets.CoalDisasters()
	m, err := NewPoissonChangePoint(counts, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	target := m.DHMCTarget()
	k0 := samplers.DHMC{StepSize: 0.5, Steps: 20, Discontinuous: target.Discontinuous()}
	init := []float64{1, 0, 40.5}
	tr, err := samplers.Sample(t.Context(), target, samplers.Options{
		Chains: 4, Warmup: 1000, Draws: 6000, Seed: 7, Kernel: k0, InitialPoints: [][]float64{init},
	})
	if err != nil {
		t.Fatal(err)
	}
	hist := make([]float64, m.N())
	for _, chain := range tr.Param(2) {
		for _, z := range chain {
			hist[int(math.Floor(z))] += 1.0 / (4 * 6000)
		}
	}
	ess, _ := diag.ESS(tr.Param(2))
	tv, err := diag.TotalVariation(hist, m.SwitchPosterior())
	t.Logf("ESS of τ %.0f, total variation %.4f", ess, tv)
	if err != nil || tv >= 0.02 {
		t.Errorf("total variation %v (%v), want < 0.02", tv, err)
	}
	for c, a := range tr.Adapted {
		metric, err := a.NewMetric(2)
		if err != nil {
			t.Fatal(err)
		}
		k := k0.Tuned(a.StepSize, metric).(samplers.DHMC)
		s, err := k.Init(target, init)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(8, uint64(c)))
		for range 300 {
			k.Step(rng, s)
		}
		c0 := k.Counts(s)
		for range 2000 {
			k.Step(rng, s)
		}
		rate := k.Counts(s).Sub(c0).MoveRate()
		t.Logf("chain %d: ε %.3f, moves taken %.3f", c, a.StepSize, rate)
		if math.Abs(rate-0.8) > 0.05 {
			t.Errorf("chain %d: adapted ε %.3f takes %.3f of the moves, want 0.8 ± 0.05", c, a.StepSize, rate)
		}
	}
}
