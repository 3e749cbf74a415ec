package laplace

import (
	"math"
	"strings"
	"testing"

	"github.com/bayesnn-go/bayesnn/bayesnn"
)

// TestKronExactForGaussian: with a Gaussian likelihood the output
// curvature Λ = τ is the same on every row, so the Kronecker factors are
// exact: KronLastLayer's precision diagonal, variances, log marginal
// likelihood (before and after tuning the prior precision) and GLM
// predictive equal LastLayer's (to 1e-9 relative).
func TestKronExactForGaussian(t *testing.T) {
	p, mode := mlpRegression(t)
	ll, err := Network(p, mode, &NetOptions{Structure: LastLayer})
	if err != nil {
		t.Fatal(err)
	}
	kr, err := Network(p, mode, &NetOptions{Structure: KronLastLayer})
	if err != nil {
		t.Fatal(err)
	}
	if kr.Lo != ll.Lo || kr.Hi != ll.Hi || kr.Gaussian() != nil {
		t.Fatalf("kron covers [%d, %d), last layer [%d, %d)", kr.Lo, kr.Hi, ll.Lo, ll.Hi)
	}
	cmp := func(what string, a, b []float64) {
		for j := range a {
			if relDiff(a[j], b[j]) > 1e-9 {
				t.Errorf("%s %d: kron %.12g, last layer %.12g", what, j, a[j], b[j])
			}
		}
	}
	cmp("precision", kr.Precision(), ll.Precision())
	cmp("variance", kr.Variance(), ll.Variance())
	cmp("log marginal", []float64{kr.LogMarginal()}, []float64{ll.LogMarginal()})
	xs := [][]float64{{-3}, {0.2}, {1.7}}
	a, err := kr.PredictRegression(xs)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ll.PredictRegression(xs)
	if err != nil {
		t.Fatal(err)
	}
	cmp("GLM epistemic variance", a.Epistemic, b.Epistemic)
	da, err := kr.TunePriorPrecision()
	if err != nil {
		t.Fatal(err)
	}
	db, err := ll.TunePriorPrecision()
	if err != nil {
		t.Fatal(err)
	}
	cmp("tuned prior precision", []float64{da}, []float64{db})
	cmp("tuned log marginal", []float64{kr.LogMarginal()}, []float64{ll.LogMarginal()})
}

// TestKronClassifier: on a 3-class problem (where K-FAC is an
// approximation) Sample's draws of the head have the approximation's
// mean and variances within 4 MCSE, the Monte Carlo GLM and sampling
// predictives agree within 4 MCSE (the head is linear), and a network
// not ending in a linear Dense layer is an error.
func TestKronClassifier(t *testing.T) {
	x, y, _ := twoMoons(4, 120)
	for i := range x {
		if i%3 == 2 {
			y[i] = 2
		}
	}
	m, err := bayesnn.MLP([]int{2, 8, 3}, bayesnn.Tanh)
	if err != nil {
		t.Fatal(err)
	}
	p, err := bayesnn.LogPosterior(m, bayesnn.NewData(x, y), bayesnn.Categorical{}, bayesnn.GaussianPrior{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mode := make([]float64, p.Dim())
	for i := range mode {
		mode[i] = 0.3 * math.Sin(float64(i))
	}
	kr, err := Network(p, mode, &NetOptions{Structure: KronLastLayer})
	if err != nil {
		t.Fatal(err)
	}
	const S = 20000
	tr, err := kr.Sample(S/4, 4, 3)
	if err != nil {
		t.Fatal(err)
	}
	v := kr.Variance()
	for j := range kr.Dim() {
		var s, s2 float64
		for _, c := range tr.Param(kr.Lo + j) {
			for _, d := range c {
				e := d - mode[kr.Lo+j]
				s += e
				s2 += e * e
			}
		}
		mean, vr := s/S, s2/S
		if math.Abs(mean) > 4*math.Sqrt(v[j]/S) || math.Abs(vr-v[j]) > 4*v[j]*math.Sqrt(2.0/S) {
			t.Errorf("weight %d: draws' mean offset %g and variance %g, want 0 and %g", j, mean, vr, v[j])
		}
	}
	xs := [][]float64{{0, 0}, {2, -1}, {-1, 2}}
	glm, err := kr.PredictClasses(xs, nil, &ClassOptions{Samples: S, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	smp, err := kr.PredictClasses(xs, nil, &ClassOptions{Samples: S, Weights: true, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i := range xs {
		for k := range 3 {
			if d := math.Abs(glm.Probs[i][k] - smp.Probs[i][k]); d > 4*math.Sqrt(0.5/S) {
				t.Errorf("row %d class %d: GLM %.4f, sampling %.4f", i, k, glm.Probs[i][k], smp.Probs[i][k])
			}
		}
	}
	t.Logf("log marginal %.3f", kr.LogMarginal())
	m2, _ := bayesnn.MLP([]int{2, 8, 3}, bayesnn.Tanh)
	layers, _ := m2.Layers()
	m3, err := bayesnn.NewSequential([]int{2}, append(layers, bayesnn.ActivationLayer{Act: bayesnn.Tanh})...)
	if err != nil {
		t.Fatal(err)
	}
	q, err := bayesnn.LogPosterior(m3, bayesnn.NewData(x, y), bayesnn.Categorical{}, bayesnn.GaussianPrior{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Network(q, mode, &NetOptions{Structure: KronLastLayer}); err == nil || !strings.Contains(err.Error(), "Dense layer with the identity") {
		t.Errorf("head with a trailing tanh: error %v", err)
	}
	r, err := bayesnn.LogPosterior(m, bayesnn.NewData(x, y), bayesnn.Categorical{}, bayesnn.GaussianPrior{WeightSD: 1, BiasSD: 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Network(r, mode, &NetOptions{Structure: KronLastLayer}); err == nil || !strings.Contains(err.Error(), "one prior precision") {
		t.Errorf("different weight and bias priors: error %v", err)
	}
}
