package autodiff

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/integrate/quad"
)

// transformCase is one constraining transform with its closed form.
type transformCase struct {
	name string
	tr   func(u *Var) (x, logJac *Var)
	want func(u float64) float64 // x(u)
	in   func(x float64) bool    // x inside the constrained set
}

var transformCases = []transformCase{
	{"Positive", Positive, math.Exp, func(x float64) bool { return x > 0 }},
	{"LowerBound", func(u *Var) (*Var, *Var) { return LowerBound(u, -1.5) },
		func(u float64) float64 { return -1.5 + math.Exp(u) }, func(x float64) bool { return x > -1.5 }},
	{"UpperBound", func(u *Var) (*Var, *Var) { return UpperBound(u, 2.5) },
		func(u float64) float64 { return 2.5 - math.Exp(u) }, func(x float64) bool { return x < 2.5 }},
	{"Bounded", func(u *Var) (*Var, *Var) { return Bounded(u, -1, 3) },
		func(u float64) float64 { return -1 + 4/(1+math.Exp(-u)) }, func(x float64) bool { return x > -1 && x < 3 }},
	{"UnitInterval", UnitInterval,
		func(u float64) float64 { return 1 / (1 + math.Exp(-u)) }, func(x float64) bool { return x > 0 && x < 1 }},
}

// TestTransformValues checks x(u) against the closed form and the
// log-Jacobian against the log of a central finite difference of x(u).
func TestTransformValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for _, c := range transformCases {
		for range 50 {
			u := -4 + 8*rng.Float64()
			tape := NewTape()
			x, lj := c.tr(tape.Scalar(u))
			if got, want := x.Scalar(), c.want(u); math.Abs(got-want) > 1e-14*max(1, math.Abs(want)) || !c.in(got) {
				t.Errorf("%s(%g) = %.17g, want %.17g", c.name, u, got, want)
			}
			// Central differences with step 1e-6: relative error ~1e-9 for
			// these smooth maps with |u| <= 4.
			d := fd.Derivative(func(v float64) float64 {
				x, _ := c.tr(NewTape().Scalar(v))
				return x.Scalar()
			}, u, &fd.Settings{Formula: fd.Central, Step: 1e-6})
			if got, want := lj.Scalar(), math.Log(math.Abs(d)); math.Abs(got-want) > 1e-7 {
				t.Errorf("%s: logJac(%g) = %.12g, log|dx/du| by finite differences %.12g", c.name, u, got, want)
			}
		}
		// Far in the tails x stays inside (or on) the bounds and logJac is
		// finite where the closed form is.
		for _, u := range []float64{-30, 30} {
			tape := NewTape()
			x, lj := c.tr(tape.Scalar(u))
			if math.IsNaN(x.Scalar()) || math.IsNaN(lj.Scalar()) || math.IsInf(lj.Scalar(), 0) {
				t.Errorf("%s(%g): x %g logJac %g", c.name, u, x.Scalar(), lj.Scalar())
			}
		}
	}
}

// TestTransformGradients checks gradients and Hessian-vector products of a
// function of x(u) plus the log-Jacobian, on random shapes.
func TestTransformGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	for _, c := range transformCases {
		for range 4 {
			shape := randShape(rng)
			n := numel(shape)
			w := randVec(rng, n, -1, 1)
			f := func(t *Tape, p *Var) *Var {
				x, lj := c.tr(Reshape(p, shape...))
				// A nonlinear function of x so that the Hessian of x(u) matters.
				return Add(Sum(Mul(Tanh(x), t.Const(w, shape...))), lj)
			}
			checkFunc(t, c.name, f, randVec(rng, n, -3, 3), randVec(rng, n, -3, 3), true)
		}
	}
}

// TestTransformedDensityIntegrates: a density on the constrained scale,
// moved to the unconstrained scale with the log-Jacobian, integrates to 1.
func TestTransformedDensityIntegrates(t *testing.T) {
	cases := []struct {
		name string
		lp   func(u float64) float64
	}{
		{"Beta(2,3) via UnitInterval", func(u float64) float64 {
			tape := NewTape()
			x, lj := UnitInterval(tape.Scalar(u))
			return Add(BetaLogPdf(x, tape.Scalar(2), tape.Scalar(3)), lj).Scalar()
		}},
		{"Gamma(3,2) via Positive", func(u float64) float64 {
			tape := NewTape()
			x, lj := Positive(tape.Scalar(u))
			return Add(GammaLogPdf(x, tape.Scalar(3), tape.Scalar(2)), lj).Scalar()
		}},
		{"Gamma(3,2) shifted to (1, ∞) via LowerBound", func(u float64) float64 {
			tape := NewTape()
			x, lj := LowerBound(tape.Scalar(u), 1)
			return Add(GammaLogPdf(AddConst(x, -1), tape.Scalar(3), tape.Scalar(2)), lj).Scalar()
		}},
		{"HalfNormal mirrored to (-∞, 2) via UpperBound", func(u float64) float64 {
			tape := NewTape()
			x, lj := UpperBound(tape.Scalar(u), 2)
			return Add(HalfNormalLogPdf(Neg(AddConst(x, -2)), tape.Scalar(1.5)), lj).Scalar()
		}},
		{"Beta(2,3) scaled to (-1, 3) via Bounded", func(u float64) float64 {
			tape := NewTape()
			x, lj := Bounded(tape.Scalar(u), -1, 3)
			// y = (x+1)/4 ~ Beta(2,3): p_x(x) = p_y(y)/4.
			y := Scale(AddConst(x, 1), 0.25)
			return AddConst(Add(BetaLogPdf(y, tape.Scalar(2), tape.Scalar(3)), lj), -math.Log(4)).Scalar()
		}},
	}
	for _, c := range cases {
		// 2000-point Gauss–Legendre on [-40, 40]: the integrands are smooth
		// and below e^-20 outside; the quadrature error is ~1e-14.
		got := quad.Fixed(func(u float64) float64 { return math.Exp(c.lp(u)) }, -40, 40, 2000, nil, 0)
		if math.Abs(got-1) > 1e-10 {
			t.Errorf("%s: integral %.12g, want 1", c.name, got)
		}
	}
}
