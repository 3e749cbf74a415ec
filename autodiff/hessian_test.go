package autodiff

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// funnel is Neal's funnel log density: v ~ N(0, 3²), x_i | v ~ N(0, e^v),
// with v = x[0] (constants dropped).
func funnel(t *Tape, p *Var) *Var {
	n := p.Len()
	v := p.View(0, 1, 1)
	x := p.View(1, n, n-1)
	// -v²/18 - Σ x_i² e^{-v}/2 - (n-1) v/2
	lv := Scale(Square(v), -1.0/18)
	lx := Scale(Mul(Sum(Square(x)), Exp(Neg(v))), -0.5)
	return Sum(Add(Add(lv, lx), Scale(v, -float64(n-1)/2)))
}

// funnelHessian is the closed form of funnel's Hessian.
func funnelHessian(p []float64) *mat.SymDense {
	n := len(p)
	v, e := p[0], math.Exp(-p[0])
	h := mat.NewSymDense(n, nil)
	s := 0.0
	for i := 1; i < n; i++ {
		s += p[i] * p[i]
		h.SetSym(0, i, p[i]*e)
		h.SetSym(i, i, -e)
	}
	_ = v
	h.SetSym(0, 0, -1.0/9-0.5*s*e)
	return h
}

// funnelHessianDeriv is the closed form of ∂H/∂p_k.
func funnelHessianDeriv(p []float64, k int) *mat.SymDense {
	n := len(p)
	e := math.Exp(-p[0])
	d := mat.NewSymDense(n, nil)
	if k == 0 {
		s := 0.0
		for i := 1; i < n; i++ {
			s += p[i] * p[i]
			d.SetSym(0, i, -p[i]*e)
			d.SetSym(i, i, e)
		}
		d.SetSym(0, 0, 0.5*s*e)
		return d
	}
	d.SetSym(0, 0, -p[k]*e)
	d.SetSym(0, k, e)
	return d
}

func symClose(t *testing.T, name string, got, want *mat.SymDense, rel float64) {
	t.Helper()
	n := want.SymmetricDim()
	for i := range n {
		for j := range n {
			g, w := got.At(i, j), want.At(i, j)
			if math.Abs(g-w) > rel*max(1, math.Abs(w)) {
				t.Errorf("%s[%d,%d] = %.12g, want %.12g", name, i, j, g, w)
			}
		}
	}
}

func TestHessianClosedForms(t *testing.T) {
	// Quadratic ½ xᵀAx + bᵀx: Hessian A.
	a := []float64{4, 1, 0.5, 1, 3, -1, 0.5, -1, 2}
	quad := func(t *Tape, x *Var) *Var {
		A := t.Const(a, 3, 3)
		xc := Reshape(x, 3, 1)
		q := MatMul(Reshape(x, 1, 3), MatMul(A, xc))
		return Sum(Add(Scale(q, 0.5), MatMul(t.Const([]float64{1, -2, 3}, 1, 3), xc)))
	}
	h, err := Hessian(quad, []float64{0.3, -0.7, 1.1})
	if err != nil {
		t.Fatal(err)
	}
	symClose(t, "quadratic", h, mat.NewSymDense(3, a), 1e-12)

	// Rosenbrock (1-x)² + 100(y-x²)².
	rosen := func(t *Tape, p *Var) *Var {
		x, y := p.View(0, 1), p.View(1, 2)
		return Sum(Add(Square(AddConst(Neg(x), 1)), Scale(Square(Sub(y, Square(x))), 100)))
	}
	for _, p := range [][]float64{{1, 1}, {-1.2, 1}, {0.3, -0.4}} {
		x, y := p[0], p[1]
		want := mat.NewSymDense(2, []float64{
			2 - 400*(y-x*x) + 800*x*x, -400 * x,
			-400 * x, 200})
		h, err := Hessian(rosen, p)
		if err != nil {
			t.Fatal(err)
		}
		symClose(t, "rosenbrock", h, want, 1e-12)
	}

	// Funnel in 5 dimensions.
	for _, p := range [][]float64{{0.5, 1, -0.3, 0.2, 2}, {-2, 0.1, 0.4, -0.5, 0.05}} {
		h, err := Hessian(funnel, p)
		if err != nil {
			t.Fatal(err)
		}
		symClose(t, "funnel", h, funnelHessian(p), 1e-12)
	}
}

func TestHessianDerivFunnel(t *testing.T) {
	// The RMHMC metric derivatives to 1e-6 relative (the foundation issue's bar).
	for _, p := range [][]float64{{0.5, 1, -0.3, 0.2}, {-1.5, 0.1, 0.4, -2}} {
		c, err := Compile(funnel, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		d, err := c.HessianDeriv(nil, p)
		if err != nil {
			t.Fatal(err)
		}
		for k := range p {
			symClose(t, "dH/dp", d[k], funnelHessianDeriv(p, k), 1e-6)
		}
	}
}

func TestHessianNoSecondOrderRule(t *testing.T) {
	// An op recorded without second-order rules is reported by name.
	f := func(t *Tape, x *Var) *Var {
		y := t.newVar("Custom", x.Shape, true)
		y.fwd = func() { copy(y.Value, x.Value) }
		y.fwd()
		y.bwd = func() {
			for i := range y.Grad {
				x.Grad[i] += y.Grad[i]
			}
		}
		return Sum(Square(t.push(y)))
	}
	_, err := Hessian(f, []float64{1, 2})
	if err == nil || !strings.Contains(err.Error(), "Custom") {
		t.Errorf("got %v, want an error naming the op", err)
	}
}
