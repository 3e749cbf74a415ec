package autodiff

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The fuzz target decodes arbitrary bytes into a small random graph of ops
// over a parameter vector and checks its gradient and Hessian-vector
// products against finite differences, and the replayed tape against a
// fresh recording. Every byte string decodes to a valid graph (reads past
// the end give 0), so the fuzzer explores graphs, not parse errors.

// fzReader reads bytes, giving 0 past the end.
type fzReader struct {
	b []byte
	i int
}

func (r *fzReader) next() int {
	v := 0
	if r.i < len(r.b) {
		v = int(r.b[r.i])
	}
	r.i++
	return v
}

func (r *fzReader) intn(n int) int { return r.next() % n }

// fzOps is the number of op codes build chooses from.
const fzOps = 20

// fzMaxNumel caps the size of a node, to keep each check cheap.
const fzMaxNumel = 48

// fzHeader is the decoded start of a fuzz input: the two points at which
// derivatives are checked and the Hessian direction.
type fzHeader struct {
	x, x2, v []float64
	graph    []byte // the rest, decoded by build
}

func fzDecodeHeader(data []byte) fzHeader {
	r := &fzReader{b: data}
	p := 2 + r.intn(7) // 2..8 parameters
	var h fzHeader
	for range p {
		x := (float64(r.next()) - 127.5) / 64 // in (-2, 2)
		h.x = append(h.x, x)
		h.x2 = append(h.x2, x+(float64(r.next())-127.5)/640)
		h.v = append(h.v, (float64(r.next())-127.5)/128)
	}
	if r.i < len(data) {
		h.graph = data[r.i:]
	}
	return h
}

// fzGraph records what build made, for the conditioning checks.
type fzGraph struct {
	nodes  []*Var // every op output added to the pool
	kinks  []*Var // inputs of Relu/Abs
	opUsed [fzOps]bool
}

// fzAxis picks an axis of v, sometimes counted from the end.
func fzAxis(r *fzReader, v *Var) int {
	a := r.intn(len(v.Shape))
	if r.intn(2) == 1 {
		a -= len(v.Shape)
	}
	return a
}

// fzMatrix views v as a matrix: itself if 2-D, else [numel/last, last].
func fzMatrix(v *Var) *Var {
	if len(v.Shape) == 2 {
		return v
	}
	k := v.Shape[len(v.Shape)-1]
	return Reshape(v, len(v.Value)/k, k)
}

func fzEye(t *Tape, n int) *Var {
	return t.Const(tsEye(n), n, n)
}

// build decodes the graph bytes into ops over x and returns a scalar.
func (h *fzHeader) build(t *Tape, x *Var, g *fzGraph) *Var {
	r := &fzReader{b: h.graph}
	p := x.Len()
	pool := []*Var{x}
	if p%2 == 0 {
		pool = append(pool, Reshape(x, 2, p/2))
	}
	if p%3 == 0 {
		pool = append(pool, Reshape(x, p/3, 1, 3))
	}
	nOps := 1 + r.intn(10)
	for range nOps {
		a := pool[r.intn(len(pool))]
		b := pool[r.intn(len(pool))]
		code := r.intn(fzOps)
		var y *Var
		switch code {
		case 0:
			y = Tanh(a)
		case 1:
			y = Sigmoid(a)
		case 2:
			y = Exp(Tanh(a))
		case 3:
			y = Square(a)
		case 4:
			y = Log(AddConst(Square(a), 0.5))
		case 5:
			y = Softplus(a)
		case 6:
			g.kinks = append(g.kinks, a)
			if r.intn(2) == 0 {
				y = Relu(a)
			} else {
				y = Abs(a)
			}
		case 7, 8: // elementwise binary with broadcasting
			if s, ok := broadcastShapes(a.Shape, b.Shape); !ok {
				if r.intn(2) == 0 {
					b = Mean(b)
				} else {
					b = SumAxisKeep(a, fzAxis(r, a)) // broadcasts against a
				}
			} else if numel(s) > max(a.Len(), b.Len()) {
				a = BroadcastTo(a, s...) // an outer broadcast must be explicit
			}
			switch r.intn(4) {
			case 0:
				y = Add(a, b)
			case 1:
				y = Sub(a, b)
			case 2:
				y = Mul(a, b)
			default:
				y = Div(a, AddConst(Square(b), 0.5))
			}
		case 9: // matrix product
			am := fzMatrix(a)
			k := am.Shape[1]
			if nb := b.Len(); nb%k == 0 {
				y = MatMul(am, Reshape(b, k, nb/k))
			} else {
				y = MatMul(am, Transpose(am))
			}
		case 10:
			if r.intn(2) == 0 {
				y = Sum(a)
			} else {
				y = Mean(a)
			}
		case 11:
			switch r.intn(3) {
			case 0:
				y = SumAxis(a, fzAxis(r, a))
			case 1:
				y = MeanAxis(a, fzAxis(r, a))
			default: // centring: broadcasts a keepdims mean against a
				y = Sub(a, MeanAxisKeep(a, fzAxis(r, a)))
			}
		case 12:
			y = LogSoftmax(a, fzAxis(r, a))
		case 13:
			y = LogSumExp(a, fzAxis(r, a))
		case 14:
			ax := fzAxis(r, a)
			n := a.Shape[(ax+len(a.Shape))%len(a.Shape)]
			lo := r.intn(n)
			y = Slice(a, ax, lo, lo+1+r.intn(n-lo))
		case 15:
			ax := fzAxis(r, a)
			n := a.Shape[(ax+len(a.Shape))%len(a.Shape)]
			idx := make([]int, 1+r.intn(4))
			for i := range idx {
				idx[i] = r.intn(n)
			}
			y = Gather(a, ax, idx)
		case 16:
			ax := fzAxis(r, a)
			if len(b.Shape) == len(a.Shape) {
				ok := true
				axp := (ax + len(a.Shape)) % len(a.Shape)
				for d := range a.Shape {
					ok = ok && (d == axp || a.Shape[d] == b.Shape[d])
				}
				if ok {
					y = Concat(ax, a, b)
					break
				}
			}
			y = Concat(ax, a, a)
		case 17:
			am := fzMatrix(a)
			if r.intn(2) == 0 {
				y = Transpose(am)
			} else { // a reshape to the other factorisation
				y = Reshape(Transpose(am), am.Shape[0], am.Shape[1])
			}
		case 18:
			if sameShape(a.Shape, b.Shape) {
				y = fzDot(a, b)
			} else {
				y = fzDot(a, a)
			}
		case 19: // Cholesky of a Gram matrix, and what is built on it
			am := fzMatrix(a)
			m := am.Shape[0]
			l := Cholesky(Add(MatMul(am, Transpose(am)), fzEye(t, m)))
			switch r.intn(4) {
			case 0:
				y = l
			case 1:
				y = LogDetChol(l)
			case 2:
				y = TriSolve(l, am, r.intn(2) == 0) // the upper case reads only the diagonal of L
			default:
				k := am.Shape[1]
				y = QuadFormRows(am, Add(MatMul(Transpose(am), am), fzEye(t, k)))
			}
		}
		g.opUsed[code] = true
		if y.Len() > fzMaxNumel {
			continue // recorded but unused: too big to keep checks cheap
		}
		pool = append(pool, y)
		g.nodes = append(g.nodes, y)
	}
	// Every op output contributes, with distinct weights of both signs.
	out := Scale(Sum(x), 0.01)
	for i, v := range g.nodes {
		w := make([]float64, v.Len())
		for j := range w {
			w[j] = (0.3 + 0.1*float64((i+j)%7)) * float64(1-2*((i+j)%2))
		}
		out = Add(out, Sum(Mul(v, t.Const(w, v.Shape...))))
	}
	return out
}

// fzConditioned reports why finite differences at this recording would
// be unreliable, or "" if they are fine: a non-finite or huge
// intermediate (|v| > 1e4), or a kinked op's input within 1e-3 of its kink.
func fzConditioned(g *fzGraph) (string, float64) {
	scale := 1.0 // largest intermediate magnitude
	for _, v := range g.nodes {
		for _, e := range v.Value {
			if math.IsNaN(e) || math.IsInf(e, 0) {
				return fmt.Sprintf("non-finite value in %s", v.Op()), 0
			}
			scale = max(scale, math.Abs(e))
		}
	}
	if scale > 1e4 {
		return fmt.Sprintf("intermediate magnitude %g", scale), 0
	}
	for _, v := range g.kinks {
		for _, e := range v.Value {
			if math.Abs(e) < 1e-3 {
				return "input near a kink", 0
			}
		}
	}
	return "", scale
}

// fzRichardson returns the Richardson-extrapolated central difference
// from the estimates at steps h and h/2, and an estimate of its error.
func fzRichardson(dh, dh2 float64) (est, errEst float64) {
	return (4*dh2 - dh) / 3, math.Abs(dh2-dh) / 3
}

// fzDot is the Dot that build records (a test swaps in a broken one).
var fzDot = Dot

// fzCheck is the body of the fuzz target: it returns a reason to skip, or
// the failed comparisons (and an error if the graph could not be built).
func fzCheck(data []byte) (skip string, fails []string, err error) {
	h := fzDecodeHeader(data)
	failf := func(format string, args ...any) { fails = append(fails, fmt.Sprintf(format, args...)) }
	var g fzGraph
	f := func(tp *Tape, x *Var) *Var {
		g = fzGraph{}
		return h.build(tp, x, &g)
	}
	c, err := Compile(f, h.x, nil)
	if err != nil {
		return "", nil, fmt.Errorf("decoder built an invalid graph: %w", err)
	}
	n := len(h.x)
	grad, fresh := make([]float64, n), make([]float64, n)
	hv := make([]float64, n)
	gp, gm := make([]float64, n), make([]float64, n)
	xp := make([]float64, n)
	for _, pt := range [][]float64{h.x, h.x2} {
		// A fresh recording at pt (also fills g for the conditioning check).
		v2, err := Grad(f, fresh, pt)
		if err != nil {
			return "", fails, fmt.Errorf("Grad: %w", err)
		}
		why, scale := fzConditioned(&g)
		if why != "" {
			return why, fails, nil
		}
		v := c.LogProb(grad, pt)
		if v != v2 {
			failf("replayed value %.17g, fresh recording %.17g", v, v2)
		}
		for i := range n {
			if grad[i] != fresh[i] {
				failf("replayed grad[%d] %.17g, fresh recording %.17g", i, grad[i], fresh[i])
			}
		}
		// Rounding in a central difference: ~ε·scale/step per evaluation.
		const step = 1e-5
		roundTol := 100 * 1e-16 * scale / step
		val := func(y []float64) float64 { return c.Value(y) }
		for i := range n {
			cd := func(s float64) float64 {
				copy(xp, pt)
				xp[i] = pt[i] + s
				fp := val(xp)
				xp[i] = pt[i] - s
				return (fp - val(xp)) / (2 * s)
			}
			est, e := fzRichardson(cd(step), cd(step/2))
			if e > 1e-4*max(1, math.Abs(est)) {
				continue // finite differences disagree with themselves
			}
			if d := math.Abs(grad[i] - est); d > 1e-6*max(1, math.Abs(est))+10*e+roundTol {
				failf("grad[%d] = %.10g, finite differences %.10g (error estimate %.2g)", i, grad[i], est, e)
			}
		}
		// Hessian along v against central differences of the gradient.
		if _, err := c.HessVec(hv, pt, h.v); err != nil {
			return "", fails, fmt.Errorf("HessVec: %w", err)
		}
		cdg := func(s float64, dst []float64) {
			for j := range n {
				xp[j] = pt[j] + s*h.v[j]
			}
			c.LogProb(gp, xp)
			for j := range n {
				xp[j] = pt[j] - s*h.v[j]
			}
			c.LogProb(gm, xp)
			for j := range n {
				dst[j] = (gp[j] - gm[j]) / (2 * s)
			}
		}
		d1, d2 := make([]float64, n), make([]float64, n)
		cdg(step, d1)
		cdg(step/2, d2)
		for j := range n {
			est, e := fzRichardson(d1[j], d2[j])
			if e > 1e-4*max(1, math.Abs(est)) {
				continue
			}
			if d := math.Abs(hv[j] - est); d > 1e-5*max(1, math.Abs(est))+10*e+roundTol/step {
				failf("(Hv)[%d] = %.10g, finite differences %.10g (error estimate %.2g)", j, hv[j], est, e)
			}
		}
		c.LogProb(grad, pt) // leave the tape at pt
	}
	return "", fails, nil
}

// fzSeeds returns the seed corpus: pseudo-random byte strings (fixed
// seeds) long enough to decode graphs of up to ten ops.
func fzSeeds() [][]byte {
	var seeds [][]byte
	for s := range 48 {
		rng := rand.New(rand.NewPCG(15, uint64(s)))
		b := make([]byte, 24+rng.IntN(64))
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		seeds = append(seeds, b)
	}
	return append(seeds, nil, []byte{0}, []byte{255, 255, 255})
}

func FuzzRandomGraph(f *testing.F) {
	for _, s := range fzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 512 {
			data = data[:512] // longer inputs add nothing: at most 10 ops
		}
		why, fails, err := fzCheck(data)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fails {
			t.Error(m)
		}
		if why != "" && len(fails) == 0 {
			t.Skip(why)
		}
	})
}

// TestFuzzSeedsCover checks that the seed corpus (run by go test as
// FuzzRandomGraph's ordinary cases) exercises every op code, and that
// most seeds are well conditioned enough to be checked rather than
// skipped: otherwise the fuzz test could pass without testing anything.
func TestFuzzSeedsCover(t *testing.T) {
	var used [fzOps]bool
	checked := 0
	seeds := fzSeeds()
	for _, s := range seeds {
		h := fzDecodeHeader(s)
		var g fzGraph
		if _, err := Grad(func(tp *Tape, x *Var) *Var { return h.build(tp, x, &g) }, make([]float64, len(h.x)), h.x); err != nil {
			t.Fatalf("seed %v: %v", s, err)
		}
		for i, u := range g.opUsed {
			used[i] = used[i] || u
		}
		if why, _ := fzConditioned(&g); why == "" {
			checked++
		}
	}
	for i, u := range used {
		if !u {
			t.Errorf("op code %d not exercised by the seed corpus", i)
		}
	}
	// Measured: most seeds are well conditioned; require at least two thirds.
	if 3*checked < 2*len(seeds) {
		t.Errorf("only %d of %d seeds are checked (the others are skipped as ill-conditioned)", checked, len(seeds))
	}
}

// brokenDot is a copy of Dot with one rule broken: the backward rule has
// the wrong sign for b, or (with jvpBroken) the tangent rule drops ȧ·b.
// The derivative checks must catch both.
func brokenDot(a, b *Var, jvpBroken bool) *Var {
	t := tapeOf("BrokenDot", a, b)
	y := t.newVar("BrokenDot", []int{1}, anyGrad(a, b))
	y.fwd = func() { y.Value[0] = dotSlices(a.Value, b.Value) }
	y.fwd()
	y.bwd = func() {
		g := y.Grad[0]
		axpySlices(a.Grad, g, b.Value)
		if jvpBroken {
			axpySlices(b.Grad, g, a.Value)
		} else {
			axpySlices(b.Grad, -g, a.Value) // the bug: wrong sign
		}
	}
	y.jvp = func() {
		y.Tan[0] = dotSlices(a.Value, b.Tan)
		if !jvpBroken {
			y.Tan[0] += dotSlices(a.Tan, b.Value)
		}
	}
	y.bwdTan = func() {
		g, gt := y.Grad[0], y.GradTan[0]
		axpySlices(a.GradTan, gt, b.Value)
		axpySlices(a.GradTan, g, b.Tan)
		axpySlices(b.GradTan, gt, a.Value)
		axpySlices(b.GradTan, g, a.Tan)
	}
	return t.push(y)
}

func brokenDotFunc(jvpBroken bool) Func {
	return func(t *Tape, x *Var) *Var {
		n := x.Len() / 2
		return Square(brokenDot(x.View(0, n), Tanh(x.View(n, 2*n)), jvpBroken))
	}
}

// envBrokenRule selects the broken rule TestBrokenRuleHelper checks.
const envBrokenRule = "AUTODIFF_TEST_BROKEN_RULE"

// TestBrokenRuleHelper runs checkFunc on a deliberately broken rule. It
// is skipped unless TestGradCheckCatchesBrokenRule runs it in a child
// process, where it must fail.
func TestBrokenRuleHelper(t *testing.T) {
	which := os.Getenv(envBrokenRule)
	if which == "" {
		t.Skip("run by TestGradCheckCatchesBrokenRule")
	}
	x := []float64{0.3, -0.8, 0.5, 1.1, -0.4, 0.7}
	checkFunc(t, "BrokenDot-"+which, brokenDotFunc(which == "jvp"), x, nil, true)
}

// TestGradCheckCatchesBrokenRule shows that the derivative checks fail
// when a rule is broken: checkFunc (in a child process, since it reports
// on its *testing.T), CheckGradient and the fuzz check.
func TestGradCheckCatchesBrokenRule(t *testing.T) {
	x := []float64{0.3, -0.8, 0.5, 1.1, -0.4, 0.7}
	// In process: CheckGradient flags the wrong sign, not the correct Dot.
	good := func(t *Tape, x *Var) *Var { return Square(Dot(x.View(0, 3), Tanh(x.View(3, 6)))) }
	for _, c := range []struct {
		name string
		f    Func
		ok   bool
	}{{"Dot", good, true}, {"BrokenDot", brokenDotFunc(false), false}} {
		cp, err := Compile(c.f, x, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r := CheckGradient(cp.LogProb, x, nil); r.OK(1e-6) != c.ok {
			t.Errorf("%s: CheckGradient OK = %v, want %v:\n%s", c.name, !c.ok, c.ok, r)
		}
	}
	// The fuzz check, on the seed corpus with the broken Dot recorded
	// instead of Dot: some seeds must report failures.
	fzDot = func(a, b *Var) *Var { return brokenDot(a, b, false) }
	defer func() { fzDot = Dot }()
	caught := 0
	for _, s := range fzSeeds() {
		if _, fails, err := fzCheck(s); err != nil {
			t.Fatal(err)
		} else if len(fails) > 0 {
			caught++
		}
	}
	if caught == 0 {
		t.Error("the fuzz check passed every seed with a broken Dot")
	}
	t.Logf("a broken Dot is caught by %d of %d fuzz seeds", caught, len(fzSeeds()))
	fzDot = Dot
	// checkFunc itself, in a child process: it must fail, naming the
	// gradient (wrong backward rule) or the Hessian (wrong tangent rule).
	for which, want := range map[string]string{"bwd": "grad[", "jvp": "H["} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenRuleHelper$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), envBrokenRule+"="+which)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Errorf("checkFunc passed a broken %s rule:\n%s", which, out)
			continue
		}
		if s := string(out); !strings.Contains(s, "--- FAIL: TestBrokenRuleHelper") || !strings.Contains(s, want) {
			t.Errorf("broken %s rule: child output lacks the failure on %q:\n%s", which, want, s)
		}
	}
}
