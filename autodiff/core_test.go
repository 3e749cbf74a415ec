package autodiff

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// randShape returns a random shape of rank 1..3 with dims 1..4.
func randShape(rng *rand.Rand) []int {
	s := make([]int, 1+rng.IntN(3))
	for i := range s {
		s[i] = 1 + rng.IntN(4)
	}
	return s
}

// broadcastPartner returns a shape that broadcasts with s: s itself, a
// suffix of s, s with some dims set to 1, or a scalar.
func broadcastPartner(rng *rand.Rand, s []int) []int {
	switch rng.IntN(4) {
	case 0:
		return cloneShape(s)
	case 1:
		return cloneShape(s[rng.IntN(len(s)):])
	case 2:
		p := cloneShape(s)
		for i := range p {
			if rng.IntN(2) == 0 {
				p[i] = 1
			}
		}
		return p
	}
	return []int{1}
}

func TestBinaryOpsBroadcast(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ops := map[string]func(a, b *Var) *Var{"Add": Add, "Sub": Sub, "Mul": Mul, "Div": Div}
	for name, op := range ops {
		for trial := range 12 {
			sa := randShape(rng)
			sb := broadcastPartner(rng, sa)
			if trial%2 == 1 {
				sa, sb = sb, sa
			}
			na, nb := numel(sa), numel(sb)
			f := func(t *Tape, x *Var) *Var {
				a := x.View(0, na, sa...)
				b := x.View(na, na+nb, sb...)
				// Weighted sum so that every output element matters differently.
				y := op(a, b)
				w := make([]float64, len(y.Value))
				for i := range w {
					w[i] = 0.3 + 0.1*float64(i%7)
				}
				return Sum(Mul(Square(y), t.Const(w, y.Shape...)))
			}
			x := randVec(rng, na+nb, 0.5, 2)
			x2 := randVec(rng, na+nb, 0.5, 2)
			checkFunc(t, name, f, x, x2, true)
		}
	}
}

func TestUnaryOps(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ops := map[string]func(*Var) *Var{
		"Neg": Neg, "Exp": Exp, "Log": Log, "Log1p": Log1p, "Expm1": Expm1, "Sqrt": Sqrt,
		"Square": Square, "Abs": Abs, "Tanh": Tanh, "Sigmoid": Sigmoid, "Relu": Relu,
		"Softplus": Softplus, "LogSigmoid": LogSigmoid,
		"Pow2.5":    func(x *Var) *Var { return Pow(x, 2.5) },
		"LeakyRelu": func(x *Var) *Var { return LeakyRelu(x, 0.1) },
		"Scale":     func(x *Var) *Var { return Scale(x, -1.7) },
		"AddConst":  func(x *Var) *Var { return AddConst(x, 0.3) },
	}
	positive := map[string]bool{"Log": true, "Log1p": true, "Sqrt": true, "Pow2.5": true}
	kinked := map[string]bool{"Abs": true, "Relu": true, "LeakyRelu": true}
	for name, op := range ops {
		lo, hi := -2.0, 2.0
		if positive[name] {
			lo, hi = 0.2, 3
		}
		n := 1 + rng.IntN(6)
		x := randVec(rng, n, lo, hi)
		if kinked[name] { // keep finite differences away from the kink
			for i := range x {
				if math.Abs(x[i]) < 0.1 {
					x[i] += 0.3
				}
			}
		}
		f := func(t *Tape, x *Var) *Var { return Sum(Square(op(x))) }
		checkFunc(t, name, f, x, nil, true)
	}
}

func TestEdgeValues(t *testing.T) {
	// relu at 0: subgradient 0 (PyTorch's convention).
	g := make([]float64, 1)
	v, err := Grad(func(t *Tape, x *Var) *Var { return Sum(Relu(x)) }, g, []float64{0})
	if err != nil || v != 0 || g[0] != 0 {
		t.Errorf("relu(0): value %g grad %g err %v, want 0 0", v, g[0], err)
	}
	// log(0) = -Inf, gradient +Inf, no panic.
	v, err = Grad(func(t *Tape, x *Var) *Var { return Sum(Log(x)) }, g, []float64{0})
	if err != nil || !math.IsInf(v, -1) || !math.IsInf(g[0], 1) {
		t.Errorf("log(0): value %g grad %g err %v, want -Inf +Inf", v, g[0], err)
	}
	// exp overflow: +Inf, not a panic.
	v, err = Grad(func(t *Tape, x *Var) *Var { return Sum(Exp(x)) }, g, []float64{1000})
	if err != nil || !math.IsInf(v, 1) || !math.IsInf(g[0], 1) {
		t.Errorf("exp(1000): value %g grad %g err %v, want +Inf +Inf", v, g[0], err)
	}
	// softplus and log-sigmoid stay finite for large arguments.
	for _, x := range []float64{-800, 800} {
		v, _ = Grad(func(t *Tape, x *Var) *Var { return Sum(Softplus(x)) }, g, []float64{x})
		if math.IsInf(v, 0) || math.IsNaN(v) || math.IsNaN(g[0]) {
			t.Errorf("softplus(%g) = %g, grad %g", x, v, g[0])
		}
		v, _ = Grad(func(t *Tape, x *Var) *Var { return Sum(LogSigmoid(x)) }, g, []float64{x})
		if math.IsInf(v, 0) || math.IsNaN(v) || math.IsNaN(g[0]) {
			t.Errorf("logsigmoid(%g) = %g, grad %g", x, v, g[0])
		}
	}
}

func TestMisuseErrors(t *testing.T) {
	cases := []struct {
		name string
		f    Func
		want []string
	}{
		{"shape mismatch", func(t *Tape, x *Var) *Var {
			return Sum(Add(x.View(0, 2, 2), x.View(0, 3, 3)))
		}, []string{"Add", "broadcast", "[2]", "[3]"}},
		{"matmul", func(t *Tape, x *Var) *Var {
			return Sum(MatMul(x.View(0, 2, 1, 2), x.View(1, 3, 1, 2)))
		}, []string{"MatMul", "[1 2]"}},
		{"other tape", func(t *Tape, x *Var) *Var {
			other := NewTape().Param([]float64{1, 2, 3})
			return Sum(Mul(x, other))
		}, []string{"Mul", "different tapes"}},
		{"not scalar", func(t *Tape, x *Var) *Var { return Exp(x) }, []string{"not a scalar", "[3]"}},
	}
	for _, c := range cases {
		_, err := Grad(c.f, make([]float64, 3), []float64{1, 2, 3})
		var oe *OpError
		if !errors.As(err, &oe) {
			t.Errorf("%s: got %v, want an *OpError", c.name, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, w)
			}
		}
	}
}

func TestMatMul(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 5 {
		m, k, n := 1+rng.IntN(4), 1+rng.IntN(4), 1+rng.IntN(4)
		f := func(t *Tape, x *Var) *Var {
			a := x.View(0, m*k, m, k)
			b := x.View(m*k, m*k+k*n, k, n)
			return Sum(Tanh(MatMul(a, b)))
		}
		checkFunc(t, "MatMul", f, randVec(rng, m*k+k*n, -1, 1), randVec(rng, m*k+k*n, -1, 1), true)
	}
}

func TestBranchRerecords(t *testing.T) {
	// f(x) = x² for x > 0 and -x³ otherwise: a value-dependent branch.
	guarded := func(t *Tape, x *Var) *Var {
		if t.Branch(x, 0, func(v float64) bool { return v > 0 }) {
			return Sum(Square(x))
		}
		return Neg(Sum(Pow(x, 3)))
	}
	c, err := Compile(guarded, []float64{2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := make([]float64, 1)
	if v := c.LogProb(g, []float64{-2}); v != 8 || g[0] != -12 {
		t.Errorf("guarded at -2: value %g grad %g, want 8 -12", v, g[0])
	}
	if c.Rerecords != 1 {
		t.Errorf("Rerecords = %d, want 1", c.Rerecords)
	}
	if v := c.LogProb(g, []float64{-1}); v != 1 || c.Rerecords != 1 {
		t.Errorf("same branch should replay without re-recording: v %g rerecords %d", v, c.Rerecords)
	}
	// The same function without Branch keeps the recorded branch on
	// replay: documented behaviour, shown here.
	plain := func(t *Tape, x *Var) *Var {
		if x.Value[0] > 0 {
			return Sum(Square(x))
		}
		return Neg(Sum(Pow(x, 3)))
	}
	c2, _ := Compile(plain, []float64{2}, nil)
	if v := c2.LogProb(g, []float64{-2}); v != 4 {
		t.Errorf("unguarded replay: got %g, want the recorded branch's 4", v)
	}
	// Rerecord mode evaluates the Go code every time.
	c3, _ := Compile(plain, []float64{2}, &CompileOptions{Rerecord: true})
	if v := c3.LogProb(g, []float64{-2}); v != 8 {
		t.Errorf("Rerecord mode: got %g, want 8", v)
	}
}

func TestGradientReport(t *testing.T) {
	f := func(t *Tape, x *Var) *Var { return Sum(Mul(Exp(x), x)) }
	c, _ := Compile(f, []float64{0.5, -0.4}, &CompileOptions{Names: []string{"a", "b"}})
	r := CheckGradient(c.LogProb, []float64{0.5, -0.4}, &CheckOptions{Names: c.ParamNames()})
	if !r.OK(1e-6) {
		t.Errorf("correct gradient flagged:\n%s", r)
	}
	s := r.String()
	for _, w := range []string{"param", "finite diff", "a", "b"} {
		if !strings.Contains(s, w) {
			t.Errorf("report lacks %q:\n%s", w, s)
		}
	}
	// A wrong gradient is caught.
	bad := func(grad, x []float64) float64 {
		v := c.LogProb(grad, x)
		grad[1] *= 1.01
		return v
	}
	if r := CheckGradient(bad, []float64{0.5, -0.4}, nil); r.OK(1e-4) {
		t.Errorf("1%% error not caught:\n%s", r)
	}
}

func TestCompiledLogProbAllocs(t *testing.T) {
	f := func(t *Tape, x *Var) *Var {
		w := x.View(0, 12, 3, 4)
		in := t.Const([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
		return Sum(Tanh(Add(MatMul(in, w), x.View(12, 16, 4))))
	}
	x := randVec(rand.New(rand.NewPCG(7, 8)), 16, -1, 1)
	c, err := Compile(f, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := make([]float64, 16)
	if a := testing.AllocsPerRun(100, func() { c.LogProb(g, x) }); a != 0 {
		t.Errorf("LogProb allocates %g times per call", a)
	}
}
