package autodiff

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func TestLogSumExpLogSoftmax(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 1))
	for trial := range 10 {
		s := randShape(rng)
		n := numel(s)
		axis := rng.IntN(len(s))
		if trial%2 == 1 {
			axis -= len(s)
		}
		x := randVec(rng, n, -2, 2)
		// Values against the naive formula (safe for |x| ≤ 2).
		tp := NewTape()
		xv := tp.Const(x, s...)
		lse, ls := LogSumExp(xv, axis), LogSoftmax(xv, axis)
		ax := axis
		if ax < 0 {
			ax += len(s)
		}
		ex := make([]float64, n)
		for i := range x {
			ex[i] = math.Exp(x[i])
		}
		sums := tsNaive(ex, s, ax)
		if !sameShape(lse.Shape, droppedShape(s, ax)) || !sameShape(ls.Shape, s) {
			t.Errorf("shapes: LogSumExp %v, LogSoftmax %v for x %v axis %d", lse.Shape, ls.Shape, s, axis)
		}
		for i, v := range sums {
			if math.Abs(lse.Value[i]-math.Log(v)) > 1e-13 {
				t.Errorf("LogSumExp[%d] = %.15g, want %.15g", i, lse.Value[i], math.Log(v))
			}
		}
		// exp(LogSoftmax) sums to one along the axis.
		ps := make([]float64, n)
		for i, v := range ls.Value {
			ps[i] = math.Exp(v)
		}
		for i, v := range tsNaive(ps, s, ax) {
			if math.Abs(v-1) > 1e-14 {
				t.Errorf("Σ softmax[%d] = %.16g, want 1", i, v)
			}
		}
		f := func(t *Tape, x *Var) *Var { return tsWeighted(t, LogSumExp(Reshape(x, s...), axis)) }
		checkFunc(t, "LogSumExp", f, x, randVec(rng, n, -2, 2), true)
		g := func(t *Tape, x *Var) *Var { return tsWeighted(t, LogSoftmax(Reshape(x, s...), axis)) }
		checkFunc(t, "LogSoftmax", g, x, randVec(rng, n, -2, 2), true)
		h := func(t *Tape, x *Var) *Var { return tsWeighted(t, Softmax(Reshape(x, s...), axis)) }
		checkFunc(t, "Softmax", h, x, randVec(rng, n, -2, 2), true)
	}
}

func TestLogSumExpStable(t *testing.T) {
	g := make([]float64, 3)
	// Large logits: no overflow; the result is 1000 + log(1 + 2e^{-1}).
	f := func(t *Tape, x *Var) *Var { return LogSumExp(x, 0) }
	v, err := Grad(f, g, []float64{1000, 999, 999})
	want := 1000 + math.Log(1+2*math.Exp(-1))
	if err != nil || math.Abs(v-want) > 1e-12 {
		t.Errorf("LogSumExp(1000, 999, 999) = %.15g (err %v), want %.15g", v, err, want)
	}
	p0 := 1 / (1 + 2*math.Exp(-1))
	if math.Abs(g[0]-p0) > 1e-15 || math.Abs(g[0]+g[1]+g[2]-1) > 1e-15 {
		t.Errorf("gradient %v, want softmax weights with p0 = %g", g, p0)
	}
	// Very negative logits: no underflow to -Inf.
	v, _ = Grad(f, g, []float64{-1000, -1000, -1000})
	if want := -1000 + math.Log(3); math.Abs(v-want) > 1e-12 {
		t.Errorf("LogSumExp(-1000 ×3) = %.15g, want %.15g", v, want)
	}
	// All -Inf: -Inf with zero gradient; +Inf gives +Inf; neither panics.
	v, _ = Grad(f, g, []float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)})
	if !math.IsInf(v, -1) || g[0] != 0 || g[1] != 0 || g[2] != 0 {
		t.Errorf("LogSumExp(-Inf ×3) = %g grad %v, want -Inf and zeros", v, g)
	}
	v, _ = Grad(f, g, []float64{math.Inf(1), 0, 0})
	if !math.IsInf(v, 1) {
		t.Errorf("LogSumExp(+Inf, 0, 0) = %g, want +Inf", v)
	}
	// LogSoftmax of large logits stays finite.
	ls := func(t *Tape, x *Var) *Var { return Sum(Gather(LogSoftmax(x, 0), 0, []int{1})) }
	v, _ = Grad(ls, g, []float64{800, 0, -800})
	if v != -800 || g[0] != -1 || g[1] != 1 || g[2] != 0 {
		t.Errorf("LogSoftmax(800, 0, -800)[1] = %g grad %v, want -800 and [-1 1 0]", v, g)
	}
}

// A categorical log-likelihood Σ_r log softmax(logits_r)[label_r]: each
// row's label is picked from the flattened log-probabilities with Gather.
func ExampleLogSoftmax() {
	labels := []int{2, 0}
	const k = 3
	loglik := func(t *Tape, x *Var) *Var {
		lp := LogSoftmax(Reshape(x, len(labels), k), 1)
		idx := make([]int, len(labels))
		for r, c := range labels {
			idx[r] = r*k + c
		}
		return Sum(Gather(Reshape(lp, len(labels)*k), 0, idx))
	}
	logits := []float64{1, 2, 3, 0, 0, 0}
	grad := make([]float64, len(logits))
	v, err := Grad(loglik, grad, logits)
	if err != nil {
		panic(err)
	}
	// Closed forms: -log(1 + e⁻¹ + e⁻²) - log 3, and the gradient is
	// one-hot(label) minus the softmax probabilities.
	fmt.Printf("log-likelihood %.6f\n", v)
	fmt.Printf("gradient %.4f\n", grad)
	// Output:
	// log-likelihood -1.506218
	// gradient [-0.0900 -0.2447 0.3348 0.6667 -0.3333 -0.3333]
}
