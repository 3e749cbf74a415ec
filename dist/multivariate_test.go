package dist_test

import (
	"math"
	"math/rand/v2"
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/dist"
	"gonum.org/v1/gonum/mat"
)

func close(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*max(1, math.Abs(want)) {
		t.Errorf("%s = %.12g, want %.12g", what, got, want)
	}
}

// checkGrad compiles f at x0 and compares its gradient with finite
// differences.
func checkGrad(t *testing.T, f ad.Func, x0 []float64) {
	t.Helper()
	comp, err := ad.Compile(f, x0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep := ad.CheckGradient(comp.LogProb, x0, nil); !rep.OK(1e-6) {
		t.Errorf("gradient:\n%v", rep)
	}
}

// must returns a function that fails t on an error and returns the Var.
func must(t *testing.T) func(*ad.Var, error) *ad.Var {
	return func(v *ad.Var, err error) *ad.Var {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

var (
	mvMu = []float64{1, -0.5, 2}
	mvL  = []float64{1.2, 0, 0, 0.3, 0.8, 0, -0.4, 0.5, 1.5}
	mvX  = []float64{0.5, 0, 1, 2, -1, 3}
)

func TestMultivariateNormal(t *testing.T) {
	sigma := mat.NewSymDense(3, nil)
	l := mat.NewDense(3, 3, mvL)
	var s mat.Dense
	s.Mul(l, l.T())
	for i := range 3 {
		for j := range 3 {
			sigma.SetSym(i, j, s.At(i, j))
		}
	}
	// Reference: -k/2 log 2π - ½ log det Σ - ½ (x-μ)ᵀ Σ⁻¹ (x-μ) with gonum's
	// Cholesky of Σ.
	var ch mat.Cholesky
	if !ch.Factorize(sigma) {
		t.Fatal("reference covariance not positive definite")
	}
	ref := func(x []float64) float64 {
		r := mat.NewVecDense(3, nil)
		for i := range 3 {
			r.SetVec(i, x[i]-mvMu[i])
		}
		var z mat.VecDense
		if err := ch.SolveVecTo(&z, r); err != nil {
			t.Fatal(err)
		}
		return -1.5*math.Log(2*math.Pi) - 0.5*ch.LogDet() - 0.5*mat.Dot(r, &z)
	}
	lrows := [][]float64{mvL[0:3], mvL[3:6], mvL[6:9]}
	d := dist.MultivariateNormal(mvMu, lrows)
	each := make([]float64, 2)
	if err := d.LogProbEach(each, mvX); err != nil {
		t.Fatal(err)
	}
	want := 0.0
	for u := range 2 {
		r := ref(mvX[3*u : 3*u+3])
		close(t, "LogProbEach", each[u], r, 1e-10)
		want += r
	}
	tp := ad.NewTape()
	lp := must(t)(d.LogProb(tp.Const(mvX, 2, 3)))
	close(t, "LogProb", lp.Value[0], want, 1e-10)

	// Gradient in mu, L and x.
	x0 := append(append(append([]float64(nil), mvMu...), mvL...), mvX...)
	checkGrad(t, func(tp *ad.Tape, v *ad.Var) *ad.Var {
		return must(t)(dist.MultivariateNormal(v.View(0, 3), v.View(3, 12, 3, 3)).LogProb(v.View(12, 18, 2, 3)))
	}, x0)

	// Draws: mean and covariance within 4 MCSE.
	const n = 20000
	x := make([]float64, 3*n)
	if err := d.Rand(rand.New(rand.NewPCG(3, 3)), x); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		m := 0.0
		for u := range n {
			m += x[3*u+i]
		}
		m /= n
		if se := math.Sqrt(s.At(i, i) / n); math.Abs(m-mvMu[i]) > 4*se {
			t.Errorf("mean[%d] = %.4g, exact %.4g (4 MCSE %.3g)", i, m, mvMu[i], 4*se)
		}
		for j := range 3 {
			c, c2 := 0.0, 0.0
			for u := range n {
				p := (x[3*u+i] - mvMu[i]) * (x[3*u+j] - mvMu[j])
				c += p
				c2 += p * p
			}
			c /= n
			se := math.Sqrt((c2/n - c*c) / n)
			if math.Abs(c-s.At(i, j)) > 4*se {
				t.Errorf("cov[%d,%d] = %.4g, exact %.4g (4 MCSE %.3g)", i, j, c, s.At(i, j), 4*se)
			}
		}
	}
}

func TestDirichlet(t *testing.T) {
	alpha := []float64{2, 3, 4.5}
	x := []float64{0.2, 0.3, 0.5, 0.6, 0.1, 0.3}
	// Reference: Γ(Σα)/ΠΓ(α_i) Π x_i^(α_i-1), with math.Gamma.
	ref := func(x []float64) float64 {
		p := math.Gamma(9.5) / (math.Gamma(2) * math.Gamma(3) * math.Gamma(4.5))
		for i, a := range alpha {
			p *= math.Pow(x[i], a-1)
		}
		return math.Log(p)
	}
	d := dist.Dirichlet(alpha)
	each := make([]float64, 2)
	if err := d.LogProbEach(each, x); err != nil {
		t.Fatal(err)
	}
	want := 0.0
	for u := range 2 {
		r := ref(x[3*u : 3*u+3])
		close(t, "LogProbEach", each[u], r, 1e-10)
		want += r
	}
	tp := ad.NewTape()
	close(t, "LogProb", must(t)(d.LogProb(tp.Const(x, 2, 3))).Value[0], want, 1e-10)
	checkGrad(t, func(tp *ad.Tape, v *ad.Var) *ad.Var {
		return must(t)(dist.Dirichlet(v.View(0, 3)).LogProb(v.View(3, 9, 2, 3)))
	}, append(append([]float64(nil), alpha...), x...))

	const n = 20000
	draws := make([]float64, 3*n)
	if err := d.Rand(rand.New(rand.NewPCG(4, 4)), draws); err != nil {
		t.Fatal(err)
	}
	a0 := 9.5
	for i, a := range alpha {
		m := 0.0
		for u := range n {
			m += draws[3*u+i]
		}
		m /= n
		v := a * (a0 - a) / (a0 * a0 * (a0 + 1))
		if se := math.Sqrt(v / n); math.Abs(m-a/a0) > 4*se {
			t.Errorf("mean[%d] = %.4g, exact %.4g", i, m, a/a0)
		}
	}
	if !dist.Simplex(3).Contains(draws[:3]) {
		t.Error("a draw is not on the simplex")
	}
}

func TestCategorical(t *testing.T) {
	logits := []float64{0.5, -1, 2}
	lse := math.Log(math.Exp(0.5) + math.Exp(-1) + math.Exp(2))
	labels := []float64{2, 0, 2, 1}
	d := dist.Categorical(logits)
	each := make([]float64, 4)
	if err := d.LogProbEach(each, labels); err != nil {
		t.Fatal(err)
	}
	want := 0.0
	for i, k := range labels {
		r := logits[int(k)] - lse
		close(t, "LogProbEach", each[i], r, 1e-12)
		want += r
	}
	tp := ad.NewTape()
	close(t, "LogProb", must(t)(d.LogProb(tp.Const(labels))).Value[0], want, 1e-12)
	checkGrad(t, func(tp *ad.Tape, v *ad.Var) *ad.Var {
		return must(t)(dist.Categorical(v).LogProb(tp.Const(labels)))
	}, logits)
	checkGrad(t, func(tp *ad.Tape, v *ad.Var) *ad.Var { // one row per label
		return must(t)(dist.Categorical(ad.Reshape(v, 2, 3)).LogProb(tp.Const([]float64{1, 2})))
	}, []float64{0.1, 0.2, -0.3, 1, 0, 0.5})
	if _, err := d.LogProb(tp.Const([]float64{3})); err == nil {
		t.Error("label 3 of 3 gave no error")
	}
	const n = 30000
	x := make([]float64, n)
	if err := d.Rand(rand.New(rand.NewPCG(5, 5)), x); err != nil {
		t.Fatal(err)
	}
	counts := make([]float64, 3)
	for _, v := range x {
		counts[int(v)]++
	}
	for k, l := range logits {
		p := math.Exp(l - lse)
		if se := math.Sqrt(p * (1 - p) / n); math.Abs(counts[k]/n-p) > 4*se {
			t.Errorf("frequency of %d = %.4f, exact %.4f", k, counts[k]/n, p)
		}
	}
}

// TestLKJCholeskyNormalised integrates exp(log p(L(u)) + log J(u)) over the
// unconstrained space: 1 for k = 2 and 3 exactly when the LKJ normalising
// constant and the Cholesky-correlation transform's Jacobian are right.
func TestLKJCholeskyNormalised(t *testing.T) {
	for _, tc := range []struct {
		k   int
		eta float64
		m   int // grid points per axis
	}{{2, 1.5, 801}, {2, 0.7, 1601}, {3, 2, 61}} {
		c := dist.CholeskyCorr(tc.k)
		n, _ := c.FreeSize([]int{tc.k, tc.k})
		f := func(tp *ad.Tape, u *ad.Var) *ad.Var {
			x, lj := c.Transform(u, []int{tc.k, tc.k})
			return ad.Add(must(t)(dist.LKJCholesky(tc.k, tc.eta).LogProb(x)), lj)
		}
		comp, err := ad.Compile(f, make([]float64, n), nil)
		if err != nil {
			t.Fatal(err)
		}
		const lo, hi = -9.0, 9.0
		h := (hi - lo) / float64(tc.m-1)
		u := make([]float64, n)
		idx := make([]int, n)
		total := 0.0
		for {
			for i := range n {
				u[i] = lo + h*float64(idx[i])
			}
			total += math.Exp(comp.Value(u))
			i := 0
			for ; i < n; i++ {
				idx[i]++
				if idx[i] < tc.m {
					break
				}
				idx[i] = 0
			}
			if i == n {
				break
			}
		}
		total *= math.Pow(h, float64(n))
		if math.Abs(total-1) > 2e-3 {
			t.Errorf("k=%d eta=%g: integral %.6f, want 1", tc.k, tc.eta, total)
		}
	}
	checkGrad(t, func(tp *ad.Tape, v *ad.Var) *ad.Var { // in L and eta
		l := ad.Reshape(v.View(0, 9), 3, 3)
		return must(t)(dist.LKJCholesky(3, v.View(9, 10)).LogProb(l))
	}, []float64{1, 0, 0, 0.6, 0.8, 0, -0.3, 0.4, math.Sqrt(1 - 0.25), 1.7})
}

// TestLKJCholeskyRand checks the draws: Cholesky factors of correlation
// matrices whose off-diagonal correlations have mean 0 and variance
// 1/(2η+k-1) (each is 2·Beta(η-1+k/2, η-1+k/2) - 1).
func TestLKJCholeskyRand(t *testing.T) {
	const k, eta, n = 4, 1.5, 20000
	d := dist.LKJCholesky(k, eta)
	x := make([]float64, k*k*n)
	if err := d.Rand(rand.New(rand.NewPCG(6, 6)), x); err != nil {
		t.Fatal(err)
	}
	v := 1 / (2*eta + k - 1)
	for i := 1; i < k; i++ {
		for j := range i {
			m, s2, s4 := 0.0, 0.0, 0.0
			for u := range n {
				l := x[u*k*k : (u+1)*k*k]
				if u == 0 && !dist.CholeskyCorr(k).Contains(l) {
					t.Fatal("draw is not a Cholesky factor of a correlation matrix")
				}
				r := 0.0
				for p := range k {
					r += l[i*k+p] * l[j*k+p]
				}
				m += r
				s2 += r * r
				s4 += r * r * r * r
			}
			m, s2, s4 = m/n, s2/n, s4/n
			if se := math.Sqrt(v / n); math.Abs(m) > 4*se {
				t.Errorf("E r[%d,%d] = %.4f, want 0", i, j, m)
			}
			if se := math.Sqrt((s4 - s2*s2) / n); math.Abs(s2-v) > 4*se {
				t.Errorf("Var r[%d,%d] = %.4f, want %.4f", i, j, s2, v)
			}
		}
	}
}
