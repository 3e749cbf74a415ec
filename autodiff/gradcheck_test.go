package autodiff

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// checkFunc is the shared derivative check used by every op's test: for f
// at x (and at a second point x2, to exercise replay) it compares
//   - the compiled gradient with central finite differences of the value,
//   - Grad (fresh recording) with the compiled gradient,
//   - Hessian-vector products with central differences of the gradient
//     (when second is true).
//
// Tolerances: central differences with step h have truncation error
// O(h²·f”') and rounding error O(ε·|f|/h); with h = 1e-6 (value) and
// h = 1e-5 (gradient) both are far below 1e-5 relative for the smooth,
// O(1)-scaled test functions used here.
func checkFunc(t *testing.T, name string, f Func, x, x2 []float64, second bool) {
	t.Helper()
	c, err := Compile(f, x, nil)
	if err != nil {
		t.Fatalf("%s: compile: %v", name, err)
	}
	for _, pt := range [][]float64{x, x2} {
		if pt == nil {
			continue
		}
		n := len(pt)
		g := make([]float64, n)
		v := c.LogProb(g, pt)
		val := func(y []float64) float64 { return c.Value(y) }
		want := fd.Gradient(nil, val, pt, &fd.Settings{Formula: fd.Central, Step: 1e-6})
		for i := range n {
			if d := math.Abs(g[i] - want[i]); d > 1e-5*max(1, math.Abs(want[i])) {
				t.Errorf("%s: grad[%d] = %.10g, finite differences %.10g", name, i, g[i], want[i])
			}
		}
		g2 := make([]float64, n)
		v2, err := Grad(f, g2, pt)
		if err != nil {
			t.Fatalf("%s: Grad: %v", name, err)
		}
		if v2 != v && !(math.IsNaN(v) && math.IsNaN(v2)) {
			t.Errorf("%s: replayed value %g, recorded value %g", name, v, v2)
		}
		for i := range n {
			if g2[i] != g[i] {
				t.Errorf("%s: replayed grad[%d] %g, recorded %g", name, i, g[i], g2[i])
			}
		}
		if !second {
			continue
		}
		gradAt := func(dst, y []float64) { c.LogProb(dst, y) }
		h := mat.NewDense(n, n, nil)
		fd.Jacobian(h, gradAt, pt, &fd.JacobianSettings{Formula: fd.Central, Step: 1e-5})
		hv := make([]float64, n)
		e := make([]float64, n)
		for j := range n {
			e[j] = 1
			if _, err := c.HessVec(hv, pt, e); err != nil {
				t.Fatalf("%s: HessVec: %v", name, err)
			}
			e[j] = 0
			for i := range n {
				if d := math.Abs(hv[i] - h.At(i, j)); d > 1e-4*max(1, math.Abs(h.At(i, j))) {
					t.Errorf("%s: H[%d,%d] = %.8g, finite differences %.8g", name, i, j, hv[i], h.At(i, j))
				}
			}
		}
	}
}

// randVec returns n values uniform in [lo, hi).
func randVec(rng *rand.Rand, n int, lo, hi float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = lo + (hi-lo)*rng.Float64()
	}
	return x
}
