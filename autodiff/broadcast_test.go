package autodiff

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// An observation vector [n] against predictions [n, 1] would broadcast to
// [n, n] (every observation against every prediction): a wrong log density
// with no error. Each way of meeting it (binary ops, the fused normal
// density, a generic density) is an *OpError naming both shapes, from Grad
// and from Compile.
func TestImplicitOuterBroadcastIsAnError(t *testing.T) {
	y := []float64{0.5, -1, 2}
	cases := map[string]Func{
		"Add": func(t *Tape, p *Var) *Var { return Sum(Add(t.Const(y), Reshape(p, 3, 1))) },
		"Sub": func(t *Tape, p *Var) *Var { return Sum(Sub(Reshape(p, 3, 1), t.Const(y))) },
		"Mul": func(t *Tape, p *Var) *Var { return Sum(Mul(Reshape(p, 3, 1), Reshape(p, 1, 3))) },
		"NormalLogPdf": func(t *Tape, p *Var) *Var {
			return NormalLogPdf(t.Const(y), Reshape(p, 3, 1), t.Scalar(1))
		},
		"StudentTLogPdf": func(t *Tape, p *Var) *Var {
			return StudentTLogPdf(t.Const(y), t.Scalar(4), Reshape(p, 3, 1), t.Scalar(1))
		},
	}
	x := []float64{0.1, 0.2, 0.3}
	for name, f := range cases {
		for how, err := range map[string]error{
			"Grad":    func() error { _, err := Grad(f, make([]float64, 3), x); return err }(),
			"Compile": func() error { _, err := Compile(f, x, nil); return err }(),
		} {
			var oe *OpError
			if !errors.As(err, &oe) {
				t.Fatalf("%s via %s: error %v, want an *OpError", name, how, err)
			}
			msg := err.Error()
			if oe.Op != name || !strings.Contains(msg, "[3]") && !strings.Contains(msg, "[1 3]") ||
				!strings.Contains(msg, "[3 1]") || !strings.Contains(msg, "BroadcastTo") {
				t.Errorf("%s via %s: %q does not name the op, both shapes and the remedy", name, how, msg)
			}
		}
	}
}

// Broadcasts that do not enlarge every operand stay implicit: scalars,
// a bias row against a matrix, a column against a matrix, a rank change.
func TestImplicitBroadcastsThatStayAllowed(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	for _, sh := range [][2][]int{{{5}, {1}}, {{1}, {2, 3}}, {{4, 3}, {3}}, {{4, 3}, {4, 1}}, {{3}, {1, 3}}, {{2, 1, 3}, {2, 4, 3}}} {
		na, nb := numel(sh[0]), numel(sh[1])
		f := func(t *Tape, p *Var) *Var {
			a, b := p.View(0, na, sh[0]...), p.View(na, na+nb, sh[1]...)
			return Add(Sum(Square(Mul(a, b))), NormalLogPdf(a, b, t.Scalar(2)))
		}
		if _, err := Grad(f, make([]float64, na+nb), randVec(rng, na+nb, -1, 1)); err != nil {
			t.Errorf("%v against %v: %v", sh[0], sh[1], err)
		}
	}
}

// An outer broadcast asked for with BroadcastTo works: the value is the
// double sum over observations and predictions, and the gradient (and the
// Hessian) match finite differences.
func TestBroadcastToExplicitOuter(t *testing.T) {
	y := []float64{0.5, -1, 2}
	f := func(t *Tape, p *Var) *Var {
		mu := Reshape(p.View(0, 3), 3, 1)
		sigma := Exp(p.View(3, 4))
		return NormalLogPdf(BroadcastTo(t.Const(y), 3, 3), mu, sigma)
	}
	x := []float64{0.1, -0.4, 0.7, 0.2}
	v, err := Grad(f, make([]float64, 4), x)
	if err != nil {
		t.Fatal(err)
	}
	s := math.Exp(x[3])
	var want float64
	for i := range 3 {
		for _, yj := range y {
			z := (yj - x[i]) / s
			want += -0.5*z*z - math.Log(s) - 0.5*math.Log(2*math.Pi)
		}
	}
	if math.Abs(v-want) > 1e-12*math.Abs(want) {
		t.Errorf("log p = %.15g, double sum %.15g", v, want)
	}
	checkFunc(t, "NormalLogPdf(BroadcastTo(y, 3, 3), mu[3,1], sigma)", f, x, []float64{-0.3, 0.5, 0.2, -0.1}, true)

	g := func(t *Tape, p *Var) *Var {
		a := BroadcastTo(Reshape(p.View(0, 2), 2, 1), 2, 3)         // column stretched along rows
		b := BroadcastTo(p.View(2, 5), 4, 2, 3)                     // row stretched along two new axes
		c := BroadcastTo(p.View(5, 6), 2, 3)                        // scalar
		return Sum(Square(Add(Mul(Tanh(b), Add(a, c)), Mul(a, a)))) // [4,2,3]
	}
	rng := rand.New(rand.NewPCG(63, 64))
	checkFunc(t, "BroadcastTo", g, randVec(rng, 6, -1, 1), randVec(rng, 6, -1, 1), true)
}

func TestBroadcastToBadShape(t *testing.T) {
	for name, f := range map[string]Func{
		"incompatible": func(t *Tape, p *Var) *Var { return Sum(BroadcastTo(p, 2, 4)) },
		"shrinks":      func(t *Tape, p *Var) *Var { return Sum(BroadcastTo(p, 1)) },
		"negative":     func(t *Tape, p *Var) *Var { return Sum(BroadcastTo(p, -3)) },
	} {
		_, err := Grad(f, make([]float64, 3), []float64{1, 2, 3})
		var oe *OpError
		if !errors.As(err, &oe) || oe.Op != "BroadcastTo" || !strings.Contains(err.Error(), "[3]") {
			t.Errorf("%s: error %v, want a BroadcastTo *OpError naming shape [3]", name, err)
		}
	}
}
