package autodiff

import (
	"math"
	"math/rand/v2"
	"testing"
)

// genericBinary records r through the generic rule loop, bypassing the
// specialised kernels, as the reference for them.
func genericBinary(r *binaryRule) func(a, b *Var) *Var {
	rc := *r
	rc.kind = kGeneric
	return func(a, b *Var) *Var { return binary(&rc, a, b) }
}

// closeRel reports whether a and b agree to rel (relative, with an
// absolute floor of rel for values near 0); equal infinities and two NaNs
// agree.
func closeRel(a, b, rel float64) bool {
	if a == b || (math.IsNaN(a) && math.IsNaN(b)) {
		return true
	}
	return math.Abs(a-b) <= rel*max(1, math.Abs(a), math.Abs(b))
}

// TestBinaryFastPaths compares the specialised Add/Sub/Mul/Div kernels
// with the generic rule loop on every broadcast pattern they cover (and
// on two they do not), with
// either operand a constant, and with both operands the same Var. The
// tolerance 1e-13 allows for the different summation order of a
// broadcast scalar's adjoint (a sum of a few O(1) terms).
func TestBinaryFastPaths(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	rules := []*binaryRule{addRule, subRule, mulRule, divRule}
	shapes := [][2][]int{
		{{1}, {1}}, {{}, {1}}, {{3, 4}, {3, 4}}, {{1}, {5}}, {{5}, {1}}, {{2, 3}, {}},
		{{2, 3}, {3}}, {{3}, {2, 3}}, {{2, 2, 3}, {1, 3}}, // row broadcast
		{{2, 3}, {2, 1}}, {{2, 1}, {2, 3}}, // no kernel: the generic path both ways
	}
	for _, r := range rules {
		fast := func(a, b *Var) *Var { return binary(r, a, b) }
		slow := genericBinary(r)
		for _, sh := range shapes {
			for _, cst := range []int{0, 1, 2, 3} { // 1: a constant, 2: b constant, 3: b is a
				sa, sb := sh[0], sh[1]
				if cst == 3 && !sameShape(sa, sb) {
					continue
				}
				na, nb := numel(sa), numel(sb)
				xa := randVec(rng, na, 0.5, 2)
				xb := randVec(rng, nb, 0.5, 2)
				f := func(op func(a, b *Var) *Var) Func {
					return func(t *Tape, x *Var) *Var {
						var a, b *Var
						switch cst {
						case 1:
							a, b = t.Const(xa, sa...), x.View(0, nb, sb...)
						case 2:
							a, b = x.View(0, na, sa...), t.Const(xb, sb...)
						case 3:
							a = x.View(0, na, sa...)
							b = a
						default:
							a, b = x.View(0, na, sa...), x.View(na, na+nb, sb...)
						}
						y := op(a, b)
						w := make([]float64, len(y.Value))
						for i := range w {
							w[i] = 0.3 + 0.1*float64(i%7)
						}
						return Sum(Mul(Square(y), t.Const(w, y.Shape...)))
					}
				}
				x := append(append([]float64{}, xa...), xb...)
				if cst == 1 {
					x = xb
				}
				gf, gs := make([]float64, len(x)), make([]float64, len(x))
				cf, err := Compile(f(fast), x, nil)
				if err != nil {
					t.Fatal(err)
				}
				cs, err := Compile(f(slow), x, nil)
				if err != nil {
					t.Fatal(err)
				}
				for range 2 { // recorded point, then a replay at a new one
					vf, vs := cf.LogProb(gf, x), cs.LogProb(gs, x)
					if !closeRel(vf, vs, 1e-13) {
						t.Errorf("%s %v %v case %d: value %v, generic %v", r.name, sa, sb, cst, vf, vs)
					}
					for i := range gf {
						if !closeRel(gf[i], gs[i], 1e-13) {
							t.Errorf("%s %v %v case %d: grad[%d] %v, generic %v", r.name, sa, sb, cst, i, gf[i], gs[i])
						}
					}
					x = randVec(rng, len(x), 0.5, 2)
				}
			}
		}
	}
}

// TestUnaryFastPaths compares the specialised unary kernels with the
// generic loop over the same rule, on vectors and scalars, including zero
// adjoints met with an infinite derivative (skipped by both).
func TestUnaryFastPaths(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	rules := []*unaryRule{negRule, expRule, logRule, sqrtRule, squareRule, tanhRule,
		{name: "Scale", kind: uScale, c: -1.7, f: func(x float64) float64 { return -1.7 * x },
			d1: func(_, _ float64) float64 { return -1.7 }, d2: func(_, _ float64) float64 { return 0 }},
		{name: "AddConst", kind: uAddConst, c: 0.3, f: func(x float64) float64 { return x + 0.3 },
			d1: func(_, _ float64) float64 { return 1 }, d2: func(_, _ float64) float64 { return 0 }},
	}
	for _, r := range rules {
		rc := *r
		rc.kind = uGeneric
		for _, n := range []int{1, 7} {
			f := func(r *unaryRule) Func {
				return func(t *Tape, x *Var) *Var {
					y := unary(r, x)
					// The last element's adjoint is 0: Mul by a zero weight.
					w := make([]float64, n)
					for i := range w {
						w[i] = 0.5 + 0.1*float64(i)
					}
					w[n-1] = 0
					return Sum(Mul(y, t.Const(w)))
				}
			}
			x := randVec(rng, n, 0.2, 2)
			gf, gs := make([]float64, n), make([]float64, n)
			cf, err := Compile(f(r), x, nil)
			if err != nil {
				t.Fatal(err)
			}
			cs, err := Compile(f(&rc), x, nil)
			if err != nil {
				t.Fatal(err)
			}
			for trial := range 3 {
				if trial == 2 && (r.kind == uLog || r.kind == uSqrt) {
					x[n-1] = 0 // infinite derivative where the adjoint is 0
				}
				vf, vs := cf.LogProb(gf, x), cs.LogProb(gs, x)
				if !closeRel(vf, vs, 0) {
					t.Errorf("%s n=%d: value %v, generic %v", r.name, n, vf, vs)
				}
				for i := range gf {
					if !closeRel(gf[i], gs[i], 0) {
						t.Errorf("%s n=%d: grad[%d] %v, generic %v", r.name, n, i, gf[i], gs[i])
					}
				}
				x = randVec(rng, n, 0.2, 2)
			}
		}
	}
}

// TestGemv compares gemm's matrix·vector path with the plain triple loop
// (gemmLoops), for both layouts of A and every kind of beta.
func TestGemv(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, tA := range []bool{false, true} {
		for _, mk := range [][2]int{{1, 1}, {7, 3}, {434, 4}, {5, 200}, {9, 6}} {
			m, k := mk[0], mk[1]
			for _, beta := range []float64{0, 1, -0.5} {
				a := randVec(rng, m*k, -1, 1)
				b := randVec(rng, k, -1, 1)
				c0 := randVec(rng, m, -1, 1)
				got := append([]float64{}, c0...)
				gemv(tA, m, k, 1.3, a, b, beta, got)
				want := append([]float64{}, c0...)
				for i := range want {
					want[i] *= beta
				}
				sai, sap := k, 1
				if tA {
					sai, sap = 1, m
				}
				gemmLoops(false, m, 1, k, 1.3, a, sai, sap, b, want)
				for i := range got {
					// Same products summed in the same order: equal up to
					// the beta scaling's rounding.
					if !closeRel(got[i], want[i], 1e-14) {
						t.Errorf("tA=%v m=%d k=%d beta=%g: c[%d] = %v, want %v", tA, m, k, beta, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// TestReplayGradsCleared checks that adjoints do not leak from one replay
// to the next (the shared adjoint slabs are cleared), with views, several
// consumers of a node and a buffer larger than a slab's small-buffer
// limit.
func TestReplayGradsCleared(t *testing.T) {
	n := gradChunk // a vector with a slab of its own
	f := func(t *Tape, x *Var) *Var {
		big := Square(x)
		h := x.View(0, 2)
		s := Add(Mul(h, h), Exp(h)) // h consumed three times
		return Add(Add(Sum(big), Sum(s)), Sum(Scale(big, 0.5)))
	}
	x := randVec(rand.New(rand.NewPCG(13, 14)), n, -1, 1)
	c, err := Compile(f, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	g1, g2, g3 := make([]float64, n), make([]float64, n), make([]float64, n)
	c.LogProb(g1, x)
	c.LogProb(g2, x)
	if _, err := Grad(f, g3, x); err != nil {
		t.Fatal(err)
	}
	for i := range g1 {
		// d/dx_i: 2x_i + x_i (the scaled copy) + (2x_i + e^{x_i}) for i < 2.
		want := 3 * x[i]
		if i < 2 {
			want += 2*x[i] + math.Exp(x[i])
		}
		if g1[i] != g2[i] || g1[i] != g3[i] || !closeRel(g1[i], want, 1e-14) {
			t.Fatalf("grad[%d]: %v, %v (replays), %v (fresh), want %v", i, g1[i], g2[i], g3[i], want)
		}
	}
}
