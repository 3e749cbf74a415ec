package models

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/density"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// checkGradient compares target's gradient at x with central differences
// (autodiff.CheckGradient), and its log density with grad nil with the one
// with grad.
func checkGradient(t *testing.T, name string, target density.Target, x []float64) {
	t.Helper()
	rep := ad.CheckGradient(target.LogProb, x, nil)
	if math.IsNaN(rep.LogProb) || math.IsInf(rep.LogProb, 0) {
		t.Fatalf("%s: log p(%v) = %v", name, x, rep.LogProb)
	}
	if lp := target.LogProb(nil, x); lp != rep.LogProb {
		t.Errorf("%s: log p with nil grad %v differs from %v", name, lp, rep.LogProb)
	}
	if !rep.OK(1e-6) {
		t.Errorf("%s at %v: gradient vs finite differences, max relative error %.2e\n%v", name, x, rep.MaxRelError(), rep)
	}
}

func TestFunnelValidate(t *testing.T) {
	for _, f := range []Funnel{{D: 1}, {Scale: -1}, {Scale: math.Inf(1)}} {
		if f.Validate() == nil {
			t.Errorf("%+v validates", f)
		}
	}
	if (Funnel{}).Validate() != nil {
		t.Error("zero Funnel invalid")
	}
}

func TestFunnelLogProbAndGradient(t *testing.T) {
	norm := func(x, sd float64) float64 { return distuv.Normal{Mu: 0, Sigma: sd}.LogProb(x) }
	q := []float64{1.3, -0.5, 2, 0.1, -3}
	cf := Funnel{D: 5}
	want := norm(q[0], 3)
	for _, x := range q[1:] {
		want += norm(x, math.Exp(q[0]/2))
	}
	if lp := cf.LogProb(nil, q); !near(lp, want, 1e-12) {
		t.Errorf("centred log p = %v, reference %v", lp, want)
	}
	nc := Funnel{D: 5, NonCentered: true, Scale: 2}
	want = norm(q[0], 2)
	for _, z := range q[1:] {
		want += norm(z, 1)
	}
	if lp := nc.LogProb(nil, q); !near(lp, want, 1e-12) {
		t.Errorf("non-centred log p = %v, reference %v", lp, want)
	}
	for _, v := range []float64{-6, -1, 0, 2.5, 7} {
		x := []float64{v, 0.3, -1.2, 0.01, 2}
		checkGradient(t, "centred funnel", cf, x)
		checkGradient(t, "non-centred funnel", nc, x)
	}
	var zero Funnel
	if zero.Dim() != 10 || zero.ParamNames()[9] != "x[9]" || nc.ParamNames()[1] != "z[1]" {
		t.Errorf("defaults: dim %d names %v", zero.Dim(), zero.ParamNames())
	}
	checkGradient(t, "default funnel", zero, []float64{-2, 1, 0, -1, 0.5, 0.2, 0.1, -0.3, 0.4, 0.9})
}

// TestFunnelDraws: v ~ N(0, 9) and z = x exp(-v/2) ~ N(0, 1) independent of
// v. Means within 4 SE; variances within 4 SE of the sample variance of a
// normal (sd² √(2/n)).
func TestFunnelDraws(t *testing.T) {
	const n = 20000
	f := Funnel{D: 3}
	d := f.Draws(n, 3)
	nc := Funnel{D: 3, NonCentered: true}
	dn := nc.Draws(n, 3)
	var sv, svv, sz, szz, svz float64
	for k, q := range d {
		z := q[1] * math.Exp(-q[0]/2)
		sv += q[0]
		svv += q[0] * q[0]
		sz += z
		szz += z * z
		svz += q[0] * z
		if c := nc.Centered(nil, dn[k]); !near(c[1], q[1], 1e-12*math.Max(1, math.Abs(q[1]))) || c[0] != q[0] {
			t.Fatalf("draw %d: non-centred %v maps to %v, centred draw %v", k, dn[k], c, q)
		}
	}
	if se := 3 / math.Sqrt(n); !near(sv/n, 0, 4*se) {
		t.Errorf("mean v = %v (4 SE %v)", sv/n, 4*se)
	}
	if se := 9 * math.Sqrt(2.0/n); !near(svv/n, 9, 4*se) {
		t.Errorf("E v² = %v, want 9 (4 SE %v)", svv/n, 4*se)
	}
	if se := 1 / math.Sqrt(n); !near(sz/n, 0, 4*se) {
		t.Errorf("mean z = %v", sz/n)
	}
	if se := math.Sqrt(2.0 / n); !near(szz/n, 1, 4*se) {
		t.Errorf("E z² = %v", szz/n)
	}
	if se := 3 / math.Sqrt(n); !near(svz/n, 0, 4*se) {
		t.Errorf("E v z = %v, want 0", svz/n)
	}
}

// TestFunnelDrawsReproducible pins the first draw of a seed: the stream
// moved from datasets.Funnel with its draws unchanged.
func TestFunnelDrawsReproducible(t *testing.T) {
	got := Funnel{D: 3}.Draws(2, 1)
	want := [][]float64{{3.326, 8.512, -4.650}, {4.681, -6.881, -0.269}}
	for k := range want {
		for i := range want[k] {
			if !near(got[k][i], want[k][i], 5e-4) {
				t.Fatalf("draws %v, want %v (3 decimals)", got, want)
			}
		}
	}
}

// TestFunnelModel: the tape version has the hand-written target's log
// density (centred, non-centred, another scale), its Constrain maps to the
// centred coordinates, and its Hessian (what RMHMC uses) matches finite
// differences of the hand-written gradient.
func TestFunnelModel(t *testing.T) {
	x := []float64{0.7, -0.3, 1.2, 0.1}
	for _, f := range []Funnel{{D: 4}, {D: 4, NonCentered: true}, {D: 4, Scale: 1}, {D: 4, Scale: 2, NonCentered: true}} {
		m := f.Model()
		c, err := ad.Compile(m.LogDensity, make([]float64, 4), nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := c.Value(x), f.LogProb(nil, x); !near(got, want, 1e-12) {
			t.Errorf("%s: tape log density %.15g, hand-written %.15g", m.Name, got, want)
		}
		out := m.Constrain(nil, x)
		if want := f.Centered(nil, x); out[0] != want[0] || !near(out[1], want[1], 1e-15) {
			t.Errorf("%s: constrain %v, want %v", m.Name, out, want)
		}
		if len(m.Unconstrained) != 4 || m.Unconstrained[1] != f.ParamNames()[1] || m.Names[1] != "x[1]" {
			t.Errorf("%s: names %v, %v", m.Name, m.Unconstrained, m.Names)
		}
		target, err := m.Target()
		if err != nil {
			t.Fatal(err)
		}
		ht, ok := target.(density.HessianTarget)
		if !ok {
			t.Fatalf("%s: Target is a %T, not a HessianTarget", m.Name, target)
		}
		h := mat.NewSymDense(4, nil)
		if err := ht.Hessian(h, x); err != nil {
			t.Fatal(err)
		}
		for i := range 4 {
			col := fd.Gradient(nil, func(y []float64) float64 {
				g := make([]float64, 4)
				f.LogProb(g, y)
				return g[i]
			}, x, &fd.Settings{Formula: fd.Central})
			for j := range 4 {
				if !near(h.At(i, j), col[j], 1e-6*math.Max(1, math.Abs(col[j]))) {
					t.Errorf("%s: Hessian[%d,%d] = %v, finite differences %v", m.Name, i, j, h.At(i, j), col[j])
				}
			}
		}
	}
	if n := (Funnel{D: 11, Scale: 1}).Model().Name; n != "funnel_11_sd1" {
		t.Errorf("name %q", n)
	}
}
