package autodiff_test

import (
	"math"
	"testing"

	"github.com/bayesnn-go/bayesnn/autodiff"
	"gonum.org/v1/gonum/mat"
)

// TestCompiledTarget checks the target of an already compiled log
// density against closed forms: log p(x) = -½ xᵀPx + x₀³/6 has gradient
// -Px + (x₀²/2, 0), Hessian -P + diag(x₀, 0) and one non-zero third
// derivative, ∂³/∂x₀³ = 1. The Hessian is exact (forward over reverse); the
// third derivatives are Richardson-extrapolated differences, good to ~1e-8.
func TestCompiledTarget(t *testing.T) {
	prec := []float64{2, 0.5, 0.5, 1}
	f := func(tp *autodiff.Tape, x *autodiff.Var) *autodiff.Var {
		x0 := x.View(0, 1)
		quad := autodiff.Scale(autodiff.QuadForm(x, tp.Const(prec, 2, 2)), -0.5)
		return autodiff.Add(quad, autodiff.Scale(autodiff.Mul(x0, autodiff.Mul(x0, x0)), 1.0/6))
	}
	x := []float64{0.7, -1.3}
	c, err := autodiff.Compile(f, make([]float64, 2), nil)
	if err != nil {
		t.Fatal(err)
	}
	h := c.Target()
	if h.Dim() != 2 {
		t.Fatalf("Dim %d, want 2", h.Dim())
	}
	grad := make([]float64, 2)
	lp := h.LogProb(grad, x)
	wantLP := -0.5*(2*x[0]*x[0]+2*0.5*x[0]*x[1]+x[1]*x[1]) + x[0]*x[0]*x[0]/6
	wantGrad := []float64{-(2*x[0] + 0.5*x[1]) + x[0]*x[0]/2, -(0.5*x[0] + x[1])}
	if math.Abs(lp-wantLP) > 1e-12 || math.Abs(grad[0]-wantGrad[0]) > 1e-12 || math.Abs(grad[1]-wantGrad[1]) > 1e-12 {
		t.Errorf("LogProb %v, grad %v; want %v, %v", lp, grad, wantLP, wantGrad)
	}

	hess := mat.NewSymDense(2, nil)
	if err := h.Hessian(hess, x); err != nil {
		t.Fatal(err)
	}
	wantH := [2][2]float64{{-2 + x[0], -0.5}, {-0.5, -1}}
	for i := range 2 {
		for j := range 2 {
			if got := hess.At(i, j); math.Abs(got-wantH[i][j]) > 1e-12 {
				t.Errorf("Hessian[%d][%d] = %v, want %v", i, j, got, wantH[i][j])
			}
		}
	}

	deriv := []*mat.SymDense{mat.NewSymDense(2, nil), mat.NewSymDense(2, nil)}
	if err := h.HessianDeriv(deriv, x); err != nil {
		t.Fatal(err)
	}
	for k := range 2 {
		for i := range 2 {
			for j := range 2 {
				want := 0.0
				if k == 0 && i == 0 && j == 0 {
					want = 1
				}
				if got := deriv[k].At(i, j); math.Abs(got-want) > 1e-6 {
					t.Errorf("∂H[%d][%d]/∂x%d = %v, want %v", i, j, k, got, want)
				}
			}
		}
	}

	// The same compiled function through NewTarget gives the same values.
	h2, err := autodiff.NewTarget(f, make([]float64, 2), nil)
	if err != nil {
		t.Fatal(err)
	}
	hess2 := mat.NewSymDense(2, nil)
	if err := h2.Hessian(hess2, x); err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(hess, hess2) {
		t.Errorf("Compiled.Target and NewTarget disagree:\n%v\n%v", mat.Formatted(hess), mat.Formatted(hess2))
	}
}
