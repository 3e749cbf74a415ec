package autodiff

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

var allActs = []Activation{ActIdentity, ActTanh, ActRelu, ActSigmoid, ActSoftplus, ActPosTanh}

// unfusedDense is Dense written with the elementary ops.
func unfusedDense(x, w, b *Var, act Activation) *Var {
	z := MatMul(x, w)
	if b != nil {
		z = Add(z, b)
	}
	switch act {
	case ActTanh:
		return Tanh(z)
	case ActRelu:
		return Relu(z)
	case ActSigmoid:
		return Sigmoid(z)
	case ActSoftplus:
		return Softplus(z)
	case ActPosTanh:
		return AddConst(Tanh(z), 1)
	}
	return z
}

func TestDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for _, act := range allActs {
		for trial := range 4 {
			n, in, out := 1+rng.IntN(5), 1+rng.IntN(5), 1+rng.IntN(5)
			bias := trial%2 == 0
			xParam := trial < 2 // else x is data (a constant)
			xd := randVec(rng, n*in, -1.5, 1.5)
			f := func(t *Tape, p *Var) *Var {
				off := 0
				var x *Var
				if xParam {
					x = p.View(0, n*in, n, in)
					off = n * in
				} else {
					x = t.Const(xd, n, in)
				}
				w := p.View(off, off+in*out, in, out)
				off += in * out
				var b *Var
				if bias {
					b = p.View(off, off+out, out)
				}
				y := Dense(x, w, b, act)
				// A weighted sum of squares so every output matters differently.
				wt := make([]float64, n*out)
				for i := range wt {
					wt[i] = 0.5 + 0.1*float64(i%5)
				}
				return Sum(Mul(Square(AddConst(y, 0.3)), t.Const(wt, n, out)))
			}
			dim := in * out
			if xParam {
				dim += n * in
			}
			if bias {
				dim += out
			}
			x0, x1 := randVec(rng, dim, -1, 1), randVec(rng, dim, -1, 1)
			// Relu: a pre-activation within the step 1e-6 of its kink has
			// probability ~1e-5 over these few dozen uniform draws.
			checkFunc(t, "Dense/"+act.String(), f, x0, x1, true)
		}
	}
}

// The fused op must give the same value and gradient as MatMul+Add+act:
// bitwise for every activation but tanh (Dense uses tanhFast, Tanh uses
// math.Tanh: values within 2 ulps, so gradients within ~1e-14 relative).
func TestDenseMatchesUnfused(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	for _, act := range allActs {
		for _, sz := range [][3]int{{100, 1, 50}, {100, 50, 50}, {100, 50, 1}, {7, 13, 29}} {
			n, in, out := sz[0], sz[1], sz[2]
			xd := randVec(rng, n*in, -2, 2)
			model := func(dense func(x, w, b *Var, act Activation) *Var) Func {
				return func(t *Tape, p *Var) *Var {
					x := t.Const(xd, n, in)
					w := p.View(0, in*out, in, out)
					b := p.View(in*out, in*out+out, out)
					return Sum(Square(dense(x, w, b, act)))
				}
			}
			p := randVec(rng, in*out+out, -1, 1)
			g1, g2 := make([]float64, len(p)), make([]float64, len(p))
			v1, err1 := Grad(model(Dense), g1, p)
			v2, err2 := Grad(model(unfusedDense), g2, p)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			tol := 0.0
			if act == ActTanh || act == ActPosTanh {
				tol = 1e-13
			}
			if math.Abs(v1-v2) > tol*math.Abs(v2) {
				t.Errorf("%v %v: fused value %.17g, unfused %.17g", act, sz, v1, v2)
			}
			for i := range g1 {
				if math.Abs(g1[i]-g2[i]) > tol*max(1, math.Abs(g2[i])) {
					t.Errorf("%v %v: fused grad[%d] %.17g, unfused %.17g", act, sz, i, g1[i], g2[i])
					break
				}
			}
		}
	}
}

// The fused postanh against the composition the layers used before it was
// fused, AddConst(Dense(·, ActTanh), 1): the same value, gradient and
// Hessian, bit for bit (so that fixed-seed draws do not move).
func TestDensePosTanhBitwise(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 36))
	for _, sz := range [][3]int{{100, 1, 50}, {100, 50, 50}, {7, 3, 5}} {
		n, in, out := sz[0], sz[1], sz[2]
		xd := randVec(rng, n*in, -2, 2)
		model := func(fused bool) Func {
			return func(t *Tape, p *Var) *Var {
				x := t.Const(xd, n, in)
				w := p.View(0, in*out, in, out)
				b := p.View(in*out, in*out+out, out)
				if fused {
					return Sum(Square(Dense(x, w, b, ActPosTanh)))
				}
				return Sum(Square(AddConst(Dense(x, w, b, ActTanh), 1)))
			}
		}
		p := randVec(rng, in*out+out, -1, 1)
		g1, g2 := make([]float64, len(p)), make([]float64, len(p))
		v1, err1 := Grad(model(true), g1, p)
		v2, err2 := Grad(model(false), g2, p)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if v1 != v2 {
			t.Errorf("%v: fused value %.17g, composed %.17g", sz, v1, v2)
		}
		for i := range g1 {
			if g1[i] != g2[i] {
				t.Fatalf("%v: fused grad[%d] %.17g, composed %.17g", sz, i, g1[i], g2[i])
			}
		}
		if len(p) > 60 {
			continue // the Hessian of the small size suffices
		}
		h1, err1 := Hessian(model(true), p)
		h2, err2 := Hessian(model(false), p)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		for i := range len(p) {
			for j := range len(p) {
				if h1.At(i, j) != h2.At(i, j) {
					t.Fatalf("%v: fused Hessian[%d,%d] %.17g, composed %.17g", sz, i, j, h1.At(i, j), h2.At(i, j))
				}
			}
		}
	}
}

func TestDenseMisuse(t *testing.T) {
	_, err := Grad(func(t *Tape, p *Var) *Var {
		return Sum(Dense(p.View(0, 6, 2, 3), p.View(0, 8, 4, 2), nil, ActTanh))
	}, make([]float64, 8), make([]float64, 8))
	if err == nil {
		t.Fatal("Dense with [2 3]·[4 2]: no error")
	}
	_, err = Grad(func(t *Tape, p *Var) *Var {
		return Sum(Dense(p.View(0, 6, 2, 3), p.View(0, 6, 3, 2), p.View(0, 3), ActTanh))
	}, make([]float64, 8), make([]float64, 8))
	if err == nil {
		t.Fatal("Dense with a bias of 3 for 2 outputs: no error")
	}
}

func ExampleDense() {
	// One tanh layer: two inputs, three units, for two data points.
	f := func(t *Tape, p *Var) *Var {
		x := t.Const([]float64{1, 2, -1, 0.5}, 2, 2)
		w := p.View(0, 6, 2, 3)
		b := p.View(6, 9, 3)
		return Sum(Dense(x, w, b, ActTanh))
	}
	p := []float64{0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0, 0.1, 0.2}
	g := make([]float64, len(p))
	v, err := Grad(f, g, p)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Checked by hand: Σ tanh(x·w + b) and d/db_j = Σ_rows (1 − tanh²).
	fmt.Printf("value %.4f, d/db %.4f %.4f %.4f\n", v, g[6], g[7], g[8])
	// Output:
	// value 1.0485, d/db 1.4770 1.2364 1.4904
}
