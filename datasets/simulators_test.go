package datasets

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// checkGradient compares LogProb's gradient with central finite
// differences at x. The tolerance 1e-6 (relative to max(1,|g|)) is well
// above the O(h²)=O(1e-8) truncation plus O(ε/h) rounding error of the
// central formula with gonum's default step.
func checkGradient(t *testing.T, name string, target logDensity, x []float64) {
	t.Helper()
	grad := make([]float64, len(x))
	lp := target.LogProb(grad, x)
	if math.IsNaN(lp) || math.IsInf(lp, 0) {
		t.Fatalf("%s: log p(%v) = %v", name, x, lp)
	}
	if lp2 := target.LogProb(nil, x); lp2 != lp {
		t.Errorf("%s: log p with nil grad %v differs from %v", name, lp2, lp)
	}
	want := fd.Gradient(nil, func(y []float64) float64 { return target.LogProb(nil, y) }, x, &fd.Settings{Formula: fd.Central})
	for i := range grad {
		if !near(grad[i], want[i], 1e-6*math.Max(1, math.Abs(want[i]))) {
			t.Errorf("%s at %v: grad[%d] = %v, finite differences %v", name, x, i, grad[i], want[i])
		}
	}
}

func TestMixtureLogProbAndGradient(t *testing.T) {
	g, err := NewGaussianMixture2D([]MixtureComponent{
		{Weight: 1, Mean: [2]float64{-1, 2}, SD: [2]float64{0.5, 2}, Rho: 0.6},
		{Weight: 3, Mean: [2]float64{2, 0}, SD: [2]float64{1.5, 1}, Rho: -0.3},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Reference density: the multivariate normal formula evaluated with a
	// gonum Cholesky factorisation (distmv needs a module go.sum lacks).
	pts := [][]float64{{0, 0}, {-1, 2}, {3, -1}, {8, 8}, {-4, 5}}
	for _, x := range pts {
		var p float64
		for _, c := range g.Components() {
			cxy := c.Rho * c.SD[0] * c.SD[1]
			p += c.Weight / 4 * math.Exp(mvnLogProb(t, x, c.Mean[:], mat.NewSymDense(2, []float64{c.SD[0] * c.SD[0], cxy, cxy, c.SD[1] * c.SD[1]})))
		}
		if lp := g.LogProb(nil, x); !near(lp, math.Log(p), 1e-12*math.Max(1, math.Abs(lp))) {
			t.Errorf("log p(%v) = %v, reference %v", x, lp, math.Log(p))
		}
		checkGradient(t, "mixture", g, x)
	}
	b := Bimodal()
	for _, x := range pts {
		checkGradient(t, "bimodal", b, x)
	}
	// Far in the tail the log-sum-exp keeps log p finite.
	if lp := b.LogProb(nil, []float64{100, -100}); math.IsInf(lp, 0) || math.IsNaN(lp) {
		t.Errorf("tail log p = %v", lp)
	}
	// Overflowing coordinates give -Inf, NaN gives NaN, never a panic.
	if lp := b.LogProb(nil, []float64{1e200, 0}); !math.IsInf(lp, -1) {
		t.Errorf("log p at 1e200 = %v, want -Inf", lp)
	}
	if lp := b.LogProb(make([]float64, 2), []float64{math.NaN(), 0}); !math.IsNaN(lp) {
		t.Errorf("log p at NaN = %v", lp)
	}
	// One component underflows to -Inf (u² overflows), the other does not.
	tail, _ := NewGaussianMixture2D([]MixtureComponent{
		{Weight: 1, Mean: [2]float64{-1e155, 0}, SD: [2]float64{1e-10, 1}},
		{Weight: 1, SD: [2]float64{1, 1}},
	})
	if lp := tail.LogProb(nil, []float64{0, 0}); !near(lp, math.Log(0.5/(2*math.Pi)), 1e-12) {
		t.Errorf("log p with an overflowing component = %v", lp)
	}
	if d := b.Density(2, 2); !near(d, 0.5/(2*math.Pi)*(1+math.Exp(-16)), 1e-15) {
		t.Errorf("density at a mode %v", d)
	}
}

func TestMixtureValidation(t *testing.T) {
	for _, c := range []struct {
		comps []MixtureComponent
		want  string
	}{
		{nil, "no components"},
		{[]MixtureComponent{{Weight: 0, SD: [2]float64{1, 1}}}, "weight 0"},
		{[]MixtureComponent{{Weight: 1, SD: [2]float64{1, 0}}}, "standard deviations"},
		{[]MixtureComponent{{Weight: 1, SD: [2]float64{1, 1}, Rho: 1}}, "correlation 1"},
		{[]MixtureComponent{{Weight: 1, SD: [2]float64{1, 1}, Mean: [2]float64{math.NaN(), 0}}}, "mean"},
	} {
		if _, err := NewGaussianMixture2D(c.comps); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want %q", c.comps, err, c.want)
		}
	}
}

// TestMixtureDraws checks exact draws against the exact moments. With
// n = 40000 iid draws the standard error of a mean is sd/√n; 4 SE bounds
// each of the 4 checks (false-alarm rate < 3e-4 overall, normal
// approximation).
func TestMixtureDraws(t *testing.T) {
	g, _ := NewGaussianMixture2D([]MixtureComponent{
		{Weight: 1, Mean: [2]float64{-1, 2}, SD: [2]float64{0.5, 2}, Rho: 0.6},
		{Weight: 3, Mean: [2]float64{2, 0}, SD: [2]float64{1.5, 1}, Rho: -0.3},
	})
	const n = 40000
	d := g.Draws(n, 1)
	m, c := g.Mean(), g.Cov()
	var sx, sy, sxy float64
	for _, p := range d {
		sx += p[0]
		sy += p[1]
		sxy += (p[0] - m[0]) * (p[1] - m[1])
	}
	for j, s := range []float64{sx, sy} {
		se := math.Sqrt(c[j][j] / n)
		if !near(s/n, m[j], 4*se) {
			t.Errorf("mean[%d] = %v, exact %v (4 SE = %v)", j, s/n, m[j], 4*se)
		}
	}
	// Fraction of draws from the first component (weight 1/4): binomial SE.
	var first int
	b := Bimodal()
	for _, p := range b.Draws(n, 2) {
		if p[0]+p[1] < 0 {
			first++
		}
	}
	// P(x+y<0 | comp at (-2,-2)) = Φ(4/√2); symmetric mixture: 1/2 exactly.
	if se := math.Sqrt(0.25 / n); !near(float64(first)/n, 0.5, 4*se) {
		t.Errorf("bimodal: %d of %d draws in the lower mode", first, n)
	}
	// Covariance: the SE of the sample covariance is sqrt(Var[dx·dy]/n),
	// with Var[dx·dy] estimated from the draws.
	var m4 float64
	for _, p := range d {
		v := (p[0]-m[0])*(p[1]-m[1]) - c[0][1]
		m4 += v * v
	}
	if se := math.Sqrt(m4 / n / n); !near(sxy/n, c[0][1], 4*se) {
		t.Errorf("cov = %v, exact %v (4 SE = %v)", sxy/n, c[0][1], 4*se)
	}
	if d2 := g.Draws(3, 1); d2[2][1] != d[2][1] {
		t.Error("draws not reproducible")
	}
}

func TestLinearGaussian(t *testing.T) {
	s := GibbsHMCLinear()
	d, err := s.Simulate(42)
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 100 || d.Dim() != 3 {
		t.Fatalf("%d×%d", d.Len(), d.Dim())
	}
	d2, _ := s.Simulate(42)
	if d2.Y[99] != d.Y[99] || d2.X[50][2] != d.X[50][2] {
		t.Error("same seed, different data")
	}
	// Residuals are the noise: mean 0 ± 4σ/√n, variance σ² ± 4σ²√(2/n).
	s.N = 20000
	d, _ = s.Simulate(7)
	var sr, srr float64
	for i, x := range d.X {
		r := d.Y[i] - s.Intercept
		for j, w := range s.Weights {
			if x[j] < -1 || x[j] >= 1 {
				t.Fatalf("x[%d][%d] = %v outside [-1, 1)", i, j, x[j])
			}
			r -= w * x[j]
		}
		sr += r
		srr += r * r
	}
	n := float64(s.N)
	if !near(sr/n, 0, 4*0.5/math.Sqrt(n)) || !near(srr/n, 0.25, 4*0.25*math.Sqrt(2/n)) {
		t.Errorf("residual mean %v, mean square %v", sr/n, srr/n)
	}
	for _, bad := range []struct {
		s    LinearGaussian
		want string
	}{
		{LinearGaussian{N: 10, Sigma: 1, High: 1}, "no weights"},
		{LinearGaussian{Weights: []float64{1}, N: 0, High: 1}, "N = 0"},
		{LinearGaussian{Weights: []float64{1}, N: 1, Sigma: -1, High: 1}, "Sigma = -1"},
		{LinearGaussian{Weights: []float64{1}, N: 1, Low: 1, High: 1}, "range"},
	} {
		if _, err := bad.s.Simulate(1); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%+v: err = %v, want %q", bad.s, err, bad.want)
		}
	}
}

func TestToyCurveAndPolynomial(t *testing.T) {
	c := LangevinCurve()
	d, err := c.Simulate(3)
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 100 {
		t.Fatalf("%d points", d.Len())
	}
	if v := ToyCurveMean(0); !near(v, 4*math.Sin(-2)+math.Sin(-2), 1e-15) {
		t.Errorf("f(0) = %v", v)
	}
	c.N = 20000
	d, _ = c.Simulate(4)
	var sr, srr float64
	for i := range d.X {
		if i > 0 && d.X[i][0] < d.X[i-1][0] {
			t.Fatal("x not sorted")
		}
		r := d.Y[i] - ToyCurveMean(d.X[i][0])
		sr += r
		srr += r * r
	}
	n := float64(c.N)
	if !near(sr/n, 0, 4*0.5/math.Sqrt(n)) || !near(srr/n, 0.25, 4*0.25*math.Sqrt(2/n)) {
		t.Errorf("curve residual mean %v, mean square %v", sr/n, srr/n)
	}

	if v := PolyEval([]float64{1, -2, 3}, 2); v != 1-4+12 {
		t.Errorf("PolyEval = %v", v)
	}
	p := RandomPolynomial(3, 9)
	if len(p.Coef) != 4 || p.Coef[0] == RandomPolynomial(3, 10).Coef[0] {
		t.Errorf("coefficients %v", p.Coef)
	}
	p.Sigma = 0
	pd, err := p.Simulate(1)
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range pd.X {
		if pd.Y[i] != PolyEval(p.Coef, x[0]) {
			t.Fatalf("noise-free y[%d] = %v, want %v", i, pd.Y[i], PolyEval(p.Coef, x[0]))
		}
	}
	f := PolynomialFeatures([]float64{2, -1}, 3)
	if f[0][2] != 8 || f[1][1] != 1 || len(f[1]) != 3 {
		t.Errorf("features %v", f)
	}
	if _, err := (Polynomial{N: 1, High: 1}).Simulate(1); err == nil {
		t.Error("empty polynomial: no error")
	}
}

// mvnLogProb is the multivariate normal log density via Cholesky.
func mvnLogProb(t *testing.T, x, mu []float64, cov *mat.SymDense) float64 {
	var ch mat.Cholesky
	if !ch.Factorize(cov) {
		t.Fatal("reference covariance not positive definite")
	}
	d := mat.NewVecDense(len(x), nil)
	d.SubVec(mat.NewVecDense(len(x), append([]float64(nil), x...)), mat.NewVecDense(len(mu), append([]float64(nil), mu...)))
	var sol mat.VecDense
	if err := ch.SolveVecTo(&sol, d); err != nil {
		t.Fatal(err)
	}
	q := mat.Dot(d, &sol)
	return -0.5*q - 0.5*ch.LogDet() - float64(len(x))/2*math.Log(2*math.Pi)
}
