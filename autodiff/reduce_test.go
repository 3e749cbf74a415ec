package autodiff

import (
	"math"
	"math/rand/v2"
	"testing"
)

// tsWeighted reduces y to a scalar Σ w_i (y_i + 0.3)² with distinct
// weights, so that every element's gradient and Hessian entry differs.
func tsWeighted(t *Tape, y *Var) *Var {
	w := make([]float64, len(y.Value))
	for i := range w {
		w[i] = 0.3 + 0.1*float64(i%7)
	}
	return Sum(Mul(Square(AddConst(y, 0.3)), t.Const(w, y.Shape...)))
}

// tsNaive sums x of shape along axis by direct indexing (the reference).
func tsNaive(x []float64, shape []int, axis int) []float64 {
	outer, inner := 1, 1
	for _, d := range shape[:axis] {
		outer *= d
	}
	for _, d := range shape[axis+1:] {
		inner *= d
	}
	n := shape[axis]
	out := make([]float64, outer*inner)
	for o := range outer {
		for j := range n {
			for i := range inner {
				out[o*inner+i] += x[o*n*inner+j*inner+i]
			}
		}
	}
	return out
}

func TestMean(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 1))
	for range 4 {
		s := randShape(rng)
		n := numel(s)
		f := func(t *Tape, x *Var) *Var { return Square(Mean(Reshape(Tanh(x), s...))) }
		checkFunc(t, "Mean", f, randVec(rng, n, -1, 1), randVec(rng, n, -1, 1), true)
	}
	g := make([]float64, 4)
	v, err := Grad(func(t *Tape, x *Var) *Var { return Mean(x) }, g, []float64{1, 2, 3, 6})
	if err != nil || v != 3 || g[0] != 0.25 || g[3] != 0.25 {
		t.Errorf("Mean([1 2 3 6]) = %g, grad %v, err %v; want 3, 0.25 each", v, g, err)
	}
}

func TestSumMeanAxis(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 2))
	for trial := range 12 {
		s := randShape(rng)
		n := numel(s)
		axis := rng.IntN(len(s))
		ax := axis
		if trial%3 == 0 {
			axis -= len(s) // the same axis counted from the end
		}
		x := randVec(rng, n, -1, 1)
		// Values against the naive reference, and shapes.
		tp := NewTape()
		xv := tp.Const(x, s...)
		want := tsNaive(x, s, ax)
		sum, mean := SumAxis(xv, axis), MeanAxis(xv, axis)
		sk, mk := SumAxisKeep(xv, axis), MeanAxisKeep(xv, axis)
		if wantShape := droppedShape(s, ax); !sameShape(sum.Shape, wantShape) || !sameShape(mean.Shape, wantShape) {
			t.Errorf("SumAxis(%v, %d) shape %v, MeanAxis %v; want %v", s, axis, sum.Shape, mean.Shape, wantShape)
		}
		if wantShape := keptShape(s, ax); !sameShape(sk.Shape, wantShape) || !sameShape(mk.Shape, wantShape) {
			t.Errorf("SumAxisKeep(%v, %d) shape %v, MeanAxisKeep %v; want %v", s, axis, sk.Shape, mk.Shape, wantShape)
		}
		for i, w := range want {
			if math.Abs(sum.Value[i]-w) > 1e-14 || math.Abs(mean.Value[i]-w/float64(s[ax])) > 1e-14 {
				t.Errorf("SumAxis(%v, %d)[%d] = %g, MeanAxis %g; want %g, %g", s, axis, i, sum.Value[i], mean.Value[i], w, w/float64(s[ax]))
			}
		}
		// Derivatives, including the keepdims views broadcast against x.
		for name, op := range map[string]func(*Var, int) *Var{"SumAxis": SumAxis, "MeanAxis": MeanAxis} {
			f := func(t *Tape, x *Var) *Var { return tsWeighted(t, op(Reshape(x, s...), axis)) }
			checkFunc(t, name, f, x, randVec(rng, n, -1, 1), true)
		}
		fk := func(t *Tape, x *Var) *Var {
			xs := Reshape(x, s...)
			return tsWeighted(t, Mul(Sub(xs, MeanAxisKeep(xs, axis)), SumAxisKeep(xs, axis)))
		}
		checkFunc(t, "AxisKeep", fk, x, randVec(rng, n, -1, 1), true)
	}
}

func TestAxisErrors(t *testing.T) {
	for _, axis := range []int{2, -3} {
		_, err := Grad(func(t *Tape, x *Var) *Var { return Sum(SumAxis(Reshape(x, 2, 2), axis)) },
			make([]float64, 4), []float64{1, 2, 3, 4})
		if err == nil {
			t.Errorf("SumAxis axis %d of a matrix: no error", axis)
		}
	}
}
