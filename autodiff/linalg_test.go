package autodiff

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestDot(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 1))
	for range 5 {
		s := randShape(rng)
		n := numel(s)
		f := func(t *Tape, x *Var) *Var {
			a := x.View(0, n, s...)
			b := x.View(n, 2*n, s...)
			return Square(Add(Dot(a, b), Dot(a, a)))
		}
		checkFunc(t, "Dot", f, randVec(rng, 2*n, -1, 1), randVec(rng, 2*n, -1, 1), true)
		// One operand constant.
		c := randVec(rng, n, -1, 1)
		g := func(t *Tape, x *Var) *Var { return Exp(Dot(t.Const(c, s...), Reshape(x, s...))) }
		checkFunc(t, "DotConst", g, randVec(rng, n, -1, 1), nil, true)
	}
}

func TestQuadForm(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 2))
	tp := NewTape()
	q := QuadForm(tp.Const([]float64{1, 2}), tp.Const([]float64{1, 2, 3, 4}, 2, 2))
	if q.Value[0] != 1+2*2+3*2+4*4 { // Σ x_i A_ij x_j
		t.Errorf("QuadForm = %g, want 27", q.Value[0])
	}
	for range 5 {
		m, n := 1+rng.IntN(3), 1+rng.IntN(4)
		f := func(t *Tape, x *Var) *Var {
			v := x.View(0, n)
			a := x.View(n, n+n*n, n, n)
			return Tanh(QuadForm(v, a))
		}
		checkFunc(t, "QuadForm", f, randVec(rng, n+n*n, -1, 1), randVec(rng, n+n*n, -1, 1), true)
		fr := func(t *Tape, x *Var) *Var {
			v := x.View(0, m*n, m, n)
			a := x.View(m*n, m*n+n*n, n, n)
			return tsWeighted(t, QuadFormRows(v, a))
		}
		checkFunc(t, "QuadFormRows", fr, randVec(rng, m*n+n*n, -1, 1), randVec(rng, m*n+n*n, -1, 1), true)
		// Constant A (a Gaussian's precision), parameter rows.
		ac := randVec(rng, n*n, -1, 1)
		fc := func(t *Tape, x *Var) *Var { return tsWeighted(t, QuadFormRows(Reshape(x, m, n), t.Const(ac, n, n))) }
		checkFunc(t, "QuadFormRowsConstA", fc, randVec(rng, m*n, -1, 1), nil, true)
	}
}

// tsSPD returns a random symmetric positive-definite n×n matrix M Mᵀ + I.
func tsSPD(rng *rand.Rand, n int) []float64 {
	m := randVec(rng, n*n, -1, 1)
	a := make([]float64, n*n)
	for i := range n {
		a[i*n+i] = 1
		for j := range n {
			for k := range n {
				a[i*n+j] += m[i*n+k] * m[j*n+k]
			}
		}
	}
	return a
}

func TestCholeskyValue(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 3))
	for _, n := range []int{1, 2, 5, 9} {
		a := tsSPD(rng, n)
		tp := NewTape()
		l := Cholesky(tp.Const(a, n, n))
		var ch mat.Cholesky
		if !ch.Factorize(mat.NewSymDense(n, a)) {
			t.Fatal("gonum: not positive definite")
		}
		var want mat.TriDense
		ch.LTo(&want)
		for i := range n {
			for j := range n {
				if d := math.Abs(l.Value[i*n+j] - want.At(i, j)); d > 1e-12 {
					t.Errorf("n=%d: L[%d,%d] = %g, gonum %g", n, i, j, l.Value[i*n+j], want.At(i, j))
				}
			}
		}
		ld := LogDetChol(l)
		if d := math.Abs(ld.Value[0] - ch.LogDet()); d > 1e-12 {
			t.Errorf("n=%d: LogDetChol = %g, gonum %g", n, ld.Value[0], ch.LogDet())
		}
	}
}

func TestCholeskyDerivatives(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 4))
	for _, n := range []int{1, 2, 3, 4, 6} {
		// A's entries are the parameters directly (the upper triangle is
		// not read: its gradient is zero, as finite differences agree).
		w := randVec(rng, n*n, -1, 1)
		f := func(t *Tape, x *Var) *Var {
			l := Cholesky(Reshape(x, n, n))
			return Add(Sum(Mul(l, t.Const(w, n, n))), LogDetChol(l))
		}
		checkFunc(t, "Cholesky", f, tsSPD(rng, n), tsSPD(rng, n), true)
		// A built symmetric from parameters, A = M Mᵀ + I, through a
		// Gaussian-like log density -½ bᵀA⁻¹b - ½ log det A.
		b := randVec(rng, n, -1, 1)
		g := func(t *Tape, x *Var) *Var {
			m := Reshape(x, n, n)
			a := Add(MatMul(m, Transpose(m)), t.Const(tsEye(n), n, n))
			l := Cholesky(a)
			z := TriSolve(l, t.Const(b, n), true)
			return Add(Scale(Dot(z, z), -0.5), Scale(LogDetChol(l), -0.5))
		}
		checkFunc(t, "CholeskyGaussian", g, randVec(rng, n*n, -1, 1), randVec(rng, n*n, -1, 1), true)
	}
}

func tsEye(n int) []float64 {
	e := make([]float64, n*n)
	for i := range n {
		e[i*n+i] = 1
	}
	return e
}

func TestCholeskyNotPD(t *testing.T) {
	// Indefinite: eigenvalues 3 and -1. No panic, no error: a NaN value
	// (the sampler's divergence signal) and NaN gradients.
	f := func(t *Tape, x *Var) *Var { return LogDetChol(Cholesky(Reshape(x, 2, 2))) }
	g := make([]float64, 4)
	v, err := Grad(f, g, []float64{1, 2, 2, 1})
	if err != nil || !math.IsNaN(v) || !math.IsNaN(g[0]) {
		t.Errorf("Cholesky of an indefinite matrix: value %g, grad %v, err %v; want NaN, NaN, nil", v, g, err)
	}
	// A compiled tape recovers when replayed at a positive-definite point.
	c, err := Compile(f, []float64{1, 2, 2, 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v := c.LogProb(g, []float64{4, 0, 0, 1}); math.Abs(v-math.Log(4)) > 1e-15 || math.Abs(g[0]-0.25) > 1e-15 {
		t.Errorf("replay at diag(4, 1): value %g grad %v, want log 4 and g[0] = 0.25", v, g)
	}
	// NaN in A: NaN, not a panic.
	if v, _ := Grad(f, g, []float64{math.NaN(), 0, 0, 1}); !math.IsNaN(v) {
		t.Errorf("Cholesky with a NaN: %g, want NaN", v)
	}
	// Shape misuse is an error naming the op.
	_, err = Grad(func(t *Tape, x *Var) *Var { return Sum(Cholesky(Reshape(x, 2, 3))) }, make([]float64, 6), make([]float64, 6))
	var oe *OpError
	if !errors.As(err, &oe) || !strings.Contains(err.Error(), "Cholesky") {
		t.Errorf("Cholesky of [2 3]: got %v, want an *OpError naming Cholesky", err)
	}
}

func TestTriSolve(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 5))
	// Value against gonum.
	for _, lower := range []bool{true, false} {
		n, k := 4, 2
		tm := randVec(rng, n*n, -1, 1)
		for i := range n {
			tm[i*n+i] = 1.5 + rng.Float64()
		}
		b := randVec(rng, n*k, -1, 1)
		tp := NewTape()
		x := TriSolve(tp.Const(tm, n, n), tp.Const(b, n, k), lower)
		kind := mat.Upper
		if lower {
			kind = mat.Lower
		}
		tri := mat.NewTriDense(n, kind, nil)
		for i := range n {
			for j := range n {
				if inTri(i, j, lower) {
					tri.SetTri(i, j, tm[i*n+j])
				}
			}
		}
		var want mat.Dense
		if err := want.Solve(tri, mat.NewDense(n, k, b)); err != nil {
			t.Fatal(err)
		}
		for i := range n {
			for j := range k {
				if d := math.Abs(x.Value[i*k+j] - want.At(i, j)); d > 1e-12 {
					t.Errorf("lower=%v: x[%d,%d] = %g, gonum %g", lower, i, j, x.Value[i*k+j], want.At(i, j))
				}
			}
		}
	}
	// Derivatives in T and b, vector and matrix right-hand sides.
	for trial := range 8 {
		lower := trial%2 == 0
		n := 1 + rng.IntN(6)
		bShape := []int{n}
		if trial%4 >= 2 {
			bShape = []int{n, 1 + rng.IntN(3)}
		}
		nb := numel(bShape)
		f := func(t *Tape, x *Var) *Var {
			// Keep the diagonal away from zero: T_ii = 1.5 + tanh(x_ii)·0.5 would
			// be nonlinear; instead add 2 on the diagonal.
			tm := Add(Reshape(x.View(0, n*n), n, n), t.Const(tsScaledEye(n, 2), n, n))
			b := x.View(n*n, n*n+nb, bShape...)
			return tsWeighted(t, TriSolve(tm, b, lower))
		}
		checkFunc(t, "TriSolve", f, randVec(rng, n*n+nb, -0.5, 0.5), randVec(rng, n*n+nb, -0.5, 0.5), true)
	}
	_, err := Grad(func(t *Tape, x *Var) *Var { return Sum(TriSolve(Reshape(x, 2, 2), x.View(0, 3), true)) }, make([]float64, 4), make([]float64, 4))
	if err == nil || !strings.Contains(err.Error(), "TriSolve") {
		t.Errorf("TriSolve [2 2] with b [3]: got %v, want an error naming TriSolve", err)
	}
}

func tsScaledEye(n int, c float64) []float64 {
	e := tsEye(n)
	for i := range e {
		e[i] *= c
	}
	return e
}

func TestLogDetChol(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 6))
	for range 3 {
		n := 1 + rng.IntN(4)
		f := func(t *Tape, x *Var) *Var {
			return Square(LogDetChol(Add(Reshape(x, n, n), t.Const(tsScaledEye(n, 2), n, n))))
		}
		checkFunc(t, "LogDetChol", f, randVec(rng, n*n, -0.5, 0.5), randVec(rng, n*n, -0.5, 0.5), true)
	}
}

func TestTensorOpsReplayAllocs(t *testing.T) {
	// Every op of reduce.go, shapeops.go, softmax.go and linalg.go in one
	// compiled function: replaying it must not allocate.
	const n = 3
	f := func(t *Tape, x *Var) *Var {
		m := Reshape(x.View(0, n*n), n, n)
		a := Add(MatMul(m, Transpose(m)), t.Const(tsEye(n), n, n))
		l := Cholesky(a)
		z := TriSolve(l, Slice(m, 1, 0, 2), true)
		u := TriSolve(Transpose(l), Gather(m, 1, []int{2, 0, 2}), false)
		c := Concat(1, z, u)
		s := Add(Mean(c), Sum(MeanAxis(SumAxisKeep(c, -1), 0)))
		lse := Sum(Add(LogSumExp(m, 1), Sum(LogSoftmax(m, 0))))
		q := Add(QuadForm(x.View(0, n), a), Sum(QuadFormRows(m, a)))
		return Add(Add(Add(s, lse), Add(q, Dot(x, x))), LogDetChol(l))
	}
	x := randVec(rand.New(rand.NewPCG(14, 7)), n*n, -1, 1)
	c, err := Compile(f, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := make([]float64, n*n)
	if a := testing.AllocsPerRun(50, func() { c.LogProb(g, x) }); a != 0 {
		t.Errorf("LogProb allocates %g times per call", a)
	}
	checkFunc(t, "AllOps", f, x, nil, true)
}

// The log density of a bivariate normal with a covariance matrix that is
// itself a parameter, through its Cholesky factor:
// log N(y | 0, Σ) = -½ zᵀz - ½ log det Σ - log 2π with z = L⁻¹y, Σ = LLᵀ.
func ExampleCholesky() {
	y := []float64{0.5, -1}
	logp := func(t *Tape, s *Var) *Var {
		l := Cholesky(Reshape(s, 2, 2))
		z := TriSolve(l, t.Const(y), true)
		q := Add(Scale(Dot(z, z), -0.5), Scale(LogDetChol(l), -0.5))
		return AddConst(q, -math.Log(2*math.Pi))
	}
	sigma := []float64{2, 0.5, 0.5, 1} // only the lower triangle is read
	grad := make([]float64, 4)
	v, err := Grad(logp, grad, sigma)
	if err != nil {
		panic(err)
	}
	// Closed forms: log p = -½·yᵀΣ⁻¹y - ½·log 1.75 - log 2π with
	// yᵀΣ⁻¹y = 2.75/1.75, and ∂/∂Σ = ½(Σ⁻¹yyᵀΣ⁻¹ - Σ⁻¹), the off-diagonal
	// entry counted twice since only the lower triangle is a parameter.
	fmt.Printf("log p = %.6f\n", v)
	fmt.Printf("gradient (lower triangle): %.4f %.4f %.4f\n", grad[0], grad[2], grad[3])
	// Not positive definite: NaN, which a sampler treats as a divergence.
	v, _ = Grad(logp, grad, []float64{1, 0, 2, 1})
	fmt.Println("indefinite:", v)
	// Output:
	// log p = -2.903399
	// gradient (lower triangle): -0.1224 -0.4490 0.2551
	// indefinite: NaN
}

func BenchmarkCholesky(b *testing.B) {
	for _, n := range []int{5, 20, 50} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(14, 8))
			a := tsSPD(rng, n)
			w := randVec(rng, n*n, -1, 1)
			f := func(t *Tape, x *Var) *Var {
				l := Cholesky(Reshape(x, n, n))
				return Add(Sum(Mul(l, t.Const(w, n, n))), LogDetChol(l))
			}
			c, err := Compile(f, a, nil)
			if err != nil {
				b.Fatal(err)
			}
			g := make([]float64, n*n)
			b.ReportAllocs()
			for b.Loop() {
				c.LogProb(g, a)
			}
		})
	}
}
