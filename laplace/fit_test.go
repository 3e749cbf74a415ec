package laplace

import (
	"math"
	"testing"

	"github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/dist"
	"github.com/bayesnn-go/bayesnn/model"
)

// TestFitModel: Fit takes any target, here a model written with the
// modelling layer: the conjugate normal mean μ ~ N(0, 2²), y_i ~ N(μ, 1)
// has the posterior N(Σy/(n + 1/4), 1/(n + 1/4)) and the evidence
// log N(y | 0, I + 4·11ᵀ). The model's Target has no Hessian (central
// differences, to 1e-7); its Func compiled as a HessianTarget gives the
// exact one (to 1e-10).
func TestFitModel(t *testing.T) {
	y := []float64{1.2, 0.4, 2.1, 1.7, 0.9, 1.3, 0.2, 1.8, 1.1, 1.5}
	md := model.New("normal_mean", func(m *model.M) {
		mu := m.Sample("mu", dist.Normal(0, 2))
		m.Observe("y", dist.Normal(mu, 1), y)
	})
	n, s := float64(len(y)), 0.0
	for _, v := range y {
		s += v
	}
	prec := n + 0.25
	mean := s / prec
	// Evidence: y ~ N(0, I + 4·11ᵀ): det = 1 + 4n, inverse I - 4·11ᵀ/(1 + 4n).
	ss := 0.0
	for _, v := range y {
		ss += v * v
	}
	logEv := -0.5*(ss-4*s*s/(1+4*n)) - 0.5*math.Log(1+4*n) - 0.5*n*log2Pi

	plain, err := md.Target()
	if err != nil {
		t.Fatal(err)
	}
	exact, err := autodiff.NewTarget(md.Func(), []float64{0}, md.UnconstrainedNames())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		t    density.Target
		tol  float64
	}{{"differences", plain, 1e-7}, {"exact", exact, 1e-10}} {
		mode, err := Mode(c.t, []float64{0}, nil)
		if err != nil {
			t.Fatal(err)
		}
		a, err := Fit(c.t, mode, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, isH := c.t.(Hessianer); a.Exact != isH {
			t.Errorf("%s: Exact = %v", c.name, a.Exact)
		}
		if math.Abs(a.Mean[0]-mean) > 1e-9 || relDiff(a.Precision.At(0, 0), prec) > c.tol || relDiff(a.LogMarginal(), logEv) > c.tol {
			t.Errorf("%s: mean %.12g precision %.12g log evidence %.12g; exact %.12g, %.12g, %.12g", c.name,
				a.Mean[0], a.Precision.At(0, 0), a.LogMarginal(), mean, prec, logEv)
		}
		tr, err := a.Sample(1000, 2, 1)
		if err != nil {
			t.Fatal(err)
		}
		if tr.Chains != 2 || tr.NumDraws() != 1000 || tr.Names[0] != "mu" {
			t.Errorf("%s: trace %d chains × %d draws, names %v", c.name, tr.Chains, tr.NumDraws(), tr.Names)
		}
	}
}

// TestGaussianSample: draws of a correlated Gaussian have its mean and
// covariance within 4 Monte Carlo standard errors, and lp__ is its log
// density.
func TestGaussianSample(t *testing.T) {
	x, y := logisticData(3, 400)
	p := logisticPosterior(t, x, y)
	mode, err := Mode(p, make([]float64, p.Dim()), nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Fit(p, mode, nil)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := a.Sample(5000, 4, 7)
	if err != nil {
		t.Fatal(err)
	}
	d := a.Dim()
	cols := make([][]float64, d)
	for j := range d {
		for _, c := range tr.Param(j) {
			cols[j] = append(cols[j], c...)
		}
	}
	m, c := meanCov(cols)
	cov := a.Cov()
	N := float64(len(cols[0]))
	for i := range d {
		if e := math.Abs(m[i] - a.Mean[i]); e > 4*math.Sqrt(cov.At(i, i)/N) {
			t.Errorf("mean %d: %g, want %g", i, m[i], a.Mean[i])
		}
		for j := range d {
			// MCSE of a sample covariance: √((σ_ii σ_jj + σ_ij²)/N).
			se := math.Sqrt((cov.At(i, i)*cov.At(j, j) + cov.At(i, j)*cov.At(i, j)) / N)
			if e := math.Abs(c.At(i, j) - cov.At(i, j)); e > 4*se {
				t.Errorf("cov (%d,%d): %g, want %g (%.1f MCSE)", i, j, c.At(i, j), cov.At(i, j), e/se)
			}
		}
	}
	draw := tr.Samples[:d]
	if lp := tr.Stats[0].LogDensity; math.Abs(lp-a.LogProb(draw)) > 1e-12 {
		t.Errorf("lp__ %g, log density %g", lp, a.LogProb(draw))
	}
	if _, err := a.Sample(0, 1, 1); err == nil {
		t.Error("zero draws accepted")
	}
}
