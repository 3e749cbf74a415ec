package samplers

import (
	"math"
	"testing"

	"github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// rmClose reports whether got and want agree to tol relative to
// max(1, |want|).
func rmClose(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func TestRMFunnelDerivatives(t *testing.T) {
	// The hand-written test target itself: Hessian against differences of
	// the gradient, Hessian derivatives against differences of the Hessian.
	f := rmFunnel{N: 4, SD: 1.7}
	x := []float64{0.7, -0.4, 1.3, 0.2}
	n := f.N
	h := mat.NewSymDense(n, nil)
	f.Hessian(h, x)
	grad := make([]float64, n)
	for i := range n {
		col := fd.Gradient(nil, func(y []float64) float64 {
			f.LogProb(grad, y)
			return grad[i]
		}, x, &fd.Settings{Formula: fd.Central})
		for j := range n {
			if !rmClose(h.At(i, j), col[j], 1e-6) {
				t.Errorf("Hessian[%d,%d] = %v, finite differences %v", i, j, h.At(i, j), col[j])
			}
		}
	}
	dh := make([]*mat.SymDense, n)
	for k := range dh {
		dh[k] = mat.NewSymDense(n, nil)
	}
	f.HessianDeriv(dh, x)
	hy := mat.NewSymDense(n, nil)
	for i := range n {
		for j := range n {
			d := fd.Gradient(nil, func(y []float64) float64 {
				f.Hessian(hy, y)
				return hy.At(i, j)
			}, x, &fd.Settings{Formula: fd.Central})
			for k := range n {
				if !rmClose(dh[k].At(i, j), d[k], 1e-6) {
					t.Errorf("dH[%d][%d,%d] = %v, finite differences %v", k, i, j, dh[k].At(i, j), d[k])
				}
			}
		}
	}
}

func TestRMAdapterMatchesAnalytic(t *testing.T) {
	const n = 4
	x := []float64{0.7, -0.4, 1.3, 0.2}
	ht, err := autodiff.NewTarget(rmFunnelTape(n), x, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := rmFunnel{N: n}
	g1, g2 := make([]float64, n), make([]float64, n)
	if a, b := ht.LogProb(g1, x), f.LogProb(g2, x); !rmClose(a, b, 1e-12) {
		t.Errorf("log p: tape %v, analytic %v", a, b)
	}
	h1, h2 := mat.NewSymDense(n, nil), mat.NewSymDense(n, nil)
	if err := ht.Hessian(h1, x); err != nil {
		t.Fatal(err)
	}
	f.Hessian(h2, x)
	if !mat.EqualApprox(h1, h2, 1e-10) {
		t.Errorf("Hessian: tape\n%v\nanalytic\n%v", mat.Formatted(h1), mat.Formatted(h2))
	}
	d1, d2 := make([]*mat.SymDense, n), make([]*mat.SymDense, n)
	for k := range n {
		d1[k], d2[k] = mat.NewSymDense(n, nil), mat.NewSymDense(n, nil)
	}
	if err := ht.HessianDeriv(d1, x); err != nil {
		t.Fatal(err)
	}
	f.HessianDeriv(d2, x)
	for k := range n {
		// autodiff documents its Hessian derivatives to 1e-6 relative.
		if !mat.EqualApprox(d1[k], d2[k], 1e-6) {
			t.Errorf("dH[%d]: tape\n%v\nanalytic\n%v", k, mat.Formatted(d1[k]), mat.Formatted(d2[k]))
		}
	}
}

// rmEnergyAt returns H(q, p) for the metric configuration.
func rmEnergyAt(cfg *rmMetricConfig, tg density.HessianTarget, q, p []float64) float64 {
	g := rmNewGeom(len(q))
	if !cfg.eval(tg, g, q, false) {
		return math.NaN()
	}
	return g.energy(p, make([]float64, len(q)))
}

// TestRMKineticDerivatives checks ∂H/∂q (which holds the metric
// derivatives: ½ tr(G⁻¹∂G) - ½ pᵀG⁻¹∂G G⁻¹p) and ∂H/∂p = G⁻¹p against
// finite differences of H, for both metrics on the funnel.
func TestRMKineticDerivatives(t *testing.T) {
	f := rmFunnel{N: 5}
	p := []float64{0.3, -1.1, 0.8, 0.5, -0.2}
	for _, tc := range []struct {
		name string
		cfg  rmMetricConfig
		q    []float64
	}{
		// Small x: the funnel's Hessian is positive definite there
		// (Schur complement 1/9 - ½Σx²e^{-v} > 0), no jitter.
		{"hessian", rmMetricConfig{kind: Hessian}, []float64{0.5, 0.1, -0.2, 0.15, 0.05}},
		// Indefinite Hessian: SoftAbs at hamiltorch's α = 1e6 (|λ| there)
		// and at α = 1, where λ coth(αλ) and the divided differences of J
		// matter.
		{"softabs-1e6", rmMetricConfig{kind: SoftAbs, alpha: 1e6}, []float64{-0.5, 1.1, -0.7, 0.4, 0.9}},
		{"softabs-1", rmMetricConfig{kind: SoftAbs, alpha: 1}, []float64{-0.5, 1.1, -0.7, 0.4, 0.9}},
		{"softabs-1-near-psd", rmMetricConfig{kind: SoftAbs, alpha: 1}, []float64{0.5, 0.1, -0.2, 0.15, 0.05}},
	} {
		g := rmNewGeom(f.N)
		if !tc.cfg.eval(f, g, tc.q, true) {
			t.Fatalf("%s: metric evaluation failed", tc.name)
		}
		if tc.name == "hessian" && mat.Cond(g.g, 2) > 1e12 {
			t.Fatalf("%s: ill-conditioned", tc.name)
		}
		got := make([]float64, f.N)
		g.dHdq(got, p, make([]float64, f.N))
		want := fd.Gradient(nil, func(q []float64) float64 { return rmEnergyAt(&tc.cfg, f, q, p) },
			tc.q, &fd.Settings{Formula: fd.Central})
		for i := range got {
			if !rmClose(got[i], want[i], 1e-6) {
				t.Errorf("%s: dH/dq[%d] = %v, finite differences %v", tc.name, i, got[i], want[i])
			}
		}
		vel := make([]float64, f.N)
		g.velocity(vel, p)
		wantV := fd.Gradient(nil, func(pp []float64) float64 { return rmEnergyAt(&tc.cfg, f, tc.q, pp) },
			p, &fd.Settings{Formula: fd.Central})
		for i := range vel {
			if !rmClose(vel[i], wantV[i], 1e-6) {
				t.Errorf("%s: dH/dp[%d] = %v, finite differences %v", tc.name, i, vel[i], wantV[i])
			}
		}
		// G = R Rᵀ, the root used to draw momenta.
		var rr mat.Dense
		rr.Mul(g.root, g.root.T())
		if !mat.EqualApprox(&rr, g.g, 1e-10) {
			t.Errorf("%s: R Rᵀ differs from G", tc.name)
		}
	}
}

func TestRMSoftAbsValue(t *testing.T) {
	// λ coth(αλ) and its derivative against the closed form and finite
	// differences, across the three branches (series for |αλ| < 1e-4,
	// closed form, |λ| for |αλ| > 20), for α = 1 and hamiltorch's 1e6.
	for _, alpha := range []float64{1, 1e6} {
		for _, x := range []float64{-40, -19, -2, -0.3, -5e-5, 0, 3e-5, 0.3, 2, 19, 21, 40} {
			lam := x / alpha
			v, dv := rmSoftAbsValue(lam, alpha)
			want := 1 / alpha
			if x != 0 {
				want = lam / math.Tanh(x)
			}
			if !rmClose(v*alpha, want*alpha, 1e-12) {
				t.Errorf("α=%g λ=%g: value %v, want %v", alpha, lam, v, want)
			}
			h := 1e-5 * math.Max(math.Abs(lam), 1/alpha)
			vp, _ := rmSoftAbsValue(lam+h, alpha)
			vm, _ := rmSoftAbsValue(lam-h, alpha)
			if fdv := (vp - vm) / (2 * h); !rmClose(dv, fdv, 1e-6) {
				t.Errorf("α=%g λ=%g: derivative %v, finite differences %v", alpha, lam, dv, fdv)
			}
		}
	}
}

func TestRMHessianJitter(t *testing.T) {
	// At (0, 0.5, 0.5) the funnel's ∇²U has a negative eigenvalue (Schur
	// complement 1/9 - ½·0.5 < 0, smallest eigenvalue about -0.12): the
	// retries add 0.01·2^k until G = ∇²U + jitter·I is positive definite.
	f := rmFunnel{N: 3}
	q := []float64{0, 0.5, 0.5}
	g := rmNewGeom(3)
	hu := mat.NewSymDense(3, nil)
	f.Hessian(hu, q)
	hu.ScaleSym(-1, hu)
	var eig mat.EigenSym
	eig.Factorize(hu, false)
	lmin := eig.Values(nil)[0]
	if lmin >= 0 {
		t.Fatalf("smallest eigenvalue %v, want negative", lmin)
	}
	cfg := rmMetricConfig{kind: Hessian, jitter: 0.01, retries: 10}
	if !cfg.eval(f, g, q, true) {
		t.Fatal("jittered metric failed")
	}
	// The jitter used is the first 0.01·2^k above -λmin.
	want := 0.01
	for want <= -lmin {
		want *= 2
	}
	for i := range 3 {
		if d := g.g.At(i, i) - hu.At(i, i); math.Abs(d-want) > 1e-12 {
			t.Errorf("jitter on diagonal %d is %v, want %v", i, d, want)
		}
	}
	cfg.retries = 2 // at most 0.02: not enough
	if cfg.eval(f, g, q, true) {
		t.Error("metric formed with too small a jitter")
	}
}
