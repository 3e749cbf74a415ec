package autodiff

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// directConv2D is the textbook seven-loop convolution, the reference for
// Conv2D's im2col + gemm.
func directConv2D(x, w, b []float64, n, c, h, wd, f, kh, kw, stride, pad int) []float64 {
	oh, ow := (h+2*pad-kh)/stride+1, (wd+2*pad-kw)/stride+1
	y := make([]float64, n*f*oh*ow)
	for in := range n {
		for fo := range f {
			for oy := range oh {
				for ox := range ow {
					s := 0.0
					if b != nil {
						s = b[fo]
					}
					for ci := range c {
						for i := range kh {
							for j := range kw {
								iy, ix := oy*stride+i-pad, ox*stride+j-pad
								if iy < 0 || iy >= h || ix < 0 || ix >= wd {
									continue
								}
								s += x[((in*c+ci)*h+iy)*wd+ix] * w[((fo*c+ci)*kh+i)*kw+j]
							}
						}
					}
					y[((in*f+fo)*oh+oy)*ow+ox] = s
				}
			}
		}
	}
	return y
}

type convCase struct{ n, c, h, w, f, kh, kw, stride, pad int }

var convCases = []convCase{
	{1, 1, 4, 4, 1, 3, 3, 1, 0},
	{2, 2, 5, 4, 3, 2, 3, 1, 1},
	{2, 3, 6, 5, 2, 3, 2, 2, 0},
	{1, 2, 5, 5, 2, 3, 3, 2, 1},
	{3, 1, 4, 3, 2, 1, 1, 1, 0},
}

func TestConv2DValue(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for _, cc := range append(convCases, convCase{4, 3, 12, 12, 13, 5, 5, 1, 0}) {
		xs := randVec(rng, cc.n*cc.c*cc.h*cc.w, -1, 1)
		ws := randVec(rng, cc.f*cc.c*cc.kh*cc.kw, -1, 1)
		bs := randVec(rng, cc.f, -1, 1)
		tp := NewTape()
		y := Conv2D(tp.Const(xs, cc.n, cc.c, cc.h, cc.w), tp.Const(ws, cc.f, cc.c, cc.kh, cc.kw), tp.Const(bs, cc.f), cc.stride, cc.pad)
		want := directConv2D(xs, ws, bs, cc.n, cc.c, cc.h, cc.w, cc.f, cc.kh, cc.kw, cc.stride, cc.pad)
		if len(y.Value) != len(want) {
			t.Fatalf("%+v: %d outputs, want %d", cc, len(y.Value), len(want))
		}
		for i := range want {
			// Sums of ≤ 75 products of values in [-1, 1], in another order.
			if math.Abs(y.Value[i]-want[i]) > 1e-13 {
				t.Fatalf("%+v: y[%d] = %.17g, direct %.17g", cc, i, y.Value[i], want[i])
			}
		}
	}
}

func TestConv2DGrad(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	for ci, cc := range convCases {
		nx, nw := cc.n*cc.c*cc.h*cc.w, cc.f*cc.c*cc.kh*cc.kw
		bias := ci%2 == 0
		xParam := ci != 2 // one case with the images as data
		xd := randVec(rng, nx, -1, 1)
		f := func(t *Tape, p *Var) *Var {
			off := 0
			var x *Var
			if xParam {
				x = p.View(0, nx, cc.n, cc.c, cc.h, cc.w)
				off = nx
			} else {
				x = t.Const(xd, cc.n, cc.c, cc.h, cc.w)
			}
			w := p.View(off, off+nw, cc.f, cc.c, cc.kh, cc.kw)
			off += nw
			var b *Var
			if bias {
				b = p.View(off, off+cc.f, cc.f)
			}
			// tanh makes the Hessian depend on both operands.
			return Sum(Tanh(Conv2D(x, w, b, cc.stride, cc.pad)))
		}
		dim := nw
		if xParam {
			dim += nx
		}
		if bias {
			dim += cc.f
		}
		checkFunc(t, "Conv2D", f, randVec(rng, dim, -1, 1), randVec(rng, dim, -1, 1), true)
	}
}

func TestMaxPool2D(t *testing.T) {
	// Values: a tie (first max wins) and a NaN window.
	tp := NewTape()
	x := tp.Param([]float64{
		1, 3, 2, 0,
		3, 0, 5, 5,
		4, 1, math.NaN(), 2,
		0, 4, 7, 1,
	}, 1, 1, 4, 4)
	y := MaxPool2D(x, 2, 2)
	want := []float64{3, 5, 4, math.NaN()}
	for i, w := range want {
		if !(y.Value[i] == w || math.IsNaN(w) && math.IsNaN(y.Value[i])) {
			t.Errorf("MaxPool2D y[%d] = %g, want %g", i, y.Value[i], w)
		}
	}
	g := make([]float64, 16)
	v, err := Grad(func(t *Tape, p *Var) *Var {
		return Sum(MaxPool2D(Reshape(p, 1, 1, 4, 4), 2, 2).View(0, 3))
	}, g, []float64{1, 3, 2, 0, 3, 0, 5, 5, 4, 1, 0, 2, 0, 4, 7, 1})
	wantG := []float64{0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0} // first of the tied 3s and 5s
	if err != nil || v != 12 {
		t.Fatalf("MaxPool2D sum = %g, %v; want 12", v, err)
	}
	for i := range g {
		if g[i] != wantG[i] {
			t.Errorf("MaxPool2D grad = %v, want %v", g, wantG)
			break
		}
	}
	// Derivatives (distinct values, so the argmax is stable under the
	// finite-difference steps), with overlapping windows (stride < k) and
	// the argmax moving between the two points (replay recomputes it).
	rng := rand.New(rand.NewPCG(45, 46))
	for _, cc := range []struct{ n, c, h, w, k, s int }{{1, 1, 4, 4, 2, 2}, {3, 4, 4, 6, 2, 2}, {2, 3, 5, 6, 3, 1}, {1, 2, 7, 5, 2, 3}} {
		nx := cc.n * cc.c * cc.h * cc.w
		f := func(t *Tape, p *Var) *Var {
			return Sum(Square(MaxPool2D(Reshape(Tanh(p), cc.n, cc.c, cc.h, cc.w), cc.k, cc.s)))
		}
		checkFunc(t, "MaxPool2D", f, randVec(rng, nx, -2, 2), randVec(rng, nx, -2, 2), true)
	}
}

// An empty batch gives empty outputs and a zero gradient, not a panic.
func TestConvPoolEmptyBatch(t *testing.T) {
	g := make([]float64, 9)
	p := randVec(rand.New(rand.NewPCG(51, 52)), 9, -1, 1)
	v, err := Grad(func(t *Tape, p *Var) *Var {
		x := t.Const(nil, 0, 1, 4, 4)
		y := MaxPool2D(Conv2D(x, Reshape(p, 1, 1, 3, 3), nil, 1, 0), 2, 2)
		return Add(Sum(y), Sum(p))
	}, g, p)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, pi := range p {
		sum += pi
	}
	if v != sum {
		t.Errorf("value %g, want Σp = %g", v, sum)
	}
	for i := range g {
		if g[i] != 1 { // only Sum(p) contributes
			t.Fatalf("grad = %v, want all 1", g)
		}
	}
}

func TestConvPoolMisuse(t *testing.T) {
	cases := map[string]Func{
		"channels": func(t *Tape, p *Var) *Var {
			return Sum(Conv2D(Reshape(p.View(0, 16), 1, 1, 4, 4), Reshape(p.View(0, 8), 1, 2, 2, 2), nil, 1, 0))
		},
		"stride": func(t *Tape, p *Var) *Var {
			return Sum(Conv2D(Reshape(p.View(0, 16), 1, 1, 4, 4), Reshape(p.View(0, 4), 1, 1, 2, 2), nil, 0, 0))
		},
		"kernel": func(t *Tape, p *Var) *Var {
			return Sum(Conv2D(Reshape(p.View(0, 4), 1, 1, 2, 2), Reshape(p.View(0, 9), 1, 1, 3, 3), nil, 1, 0))
		},
		"pool rank": func(t *Tape, p *Var) *Var { return Sum(MaxPool2D(Reshape(p, 4, 4), 2, 2)) },
		"pool size": func(t *Tape, p *Var) *Var { return Sum(MaxPool2D(Reshape(p, 1, 1, 4, 4), 5, 1)) },
	}
	for name, f := range cases {
		if _, err := Grad(f, make([]float64, 16), make([]float64, 16)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// Conv2D splits the images over the worker pool in fixed groups: its value
// and gradient must be bitwise the same whatever GOMAXPROCS.
func TestConv2DWorkersDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(47, 48))
	const n, c, h, f, k = 11, 3, 9, 4, 3 // 11 images: uneven groups
	xd := randVec(rng, n*c*h*h, -1, 1)
	fn := func(t *Tape, p *Var) *Var {
		x := Tanh(Add(t.Const(xd, n, c, h, h), p.View(0, 1, 1))) // x depends on p: dx path too
		w := p.View(1, 1+f*c*k*k, f, c, k, k)
		b := p.View(1+f*c*k*k, 1+f*c*k*k+f, f)
		return Sum(Square(Conv2D(x, w, b, 1, 1)))
	}
	p := randVec(rng, 1+f*c*k*k+f, -1, 1)
	var ref []float64
	var refV float64
	for _, procs := range []int{1, 2, 3} {
		prev := runtime.GOMAXPROCS(procs)
		g := make([]float64, len(p))
		v, err := Grad(fn, g, p)
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref, refV = g, v
			continue
		}
		if v != refV {
			t.Errorf("GOMAXPROCS=%d: value %.17g, with 1: %.17g", procs, v, refV)
		}
		for i := range g {
			if g[i] != ref[i] {
				t.Fatalf("GOMAXPROCS=%d: grad[%d] %.17g, with 1: %.17g", procs, i, g[i], ref[i])
			}
		}
	}
}

// Several goroutines (chains) sharing the worker pool at once: no deadlock,
// and each gets the result it would get alone.
func TestPoolConcurrentCallers(t *testing.T) {
	rng := rand.New(rand.NewPCG(49, 50))
	const n, c, h, f, k = 16, 4, 12, 8, 3
	xd := randVec(rng, n*c*h*h, -1, 1)
	fn := func(t *Tape, p *Var) *Var {
		w := p.View(0, f*c*k*k, f, c, k, k)
		y := Relu(MaxPool2D(Conv2D(t.Const(xd, n, c, h, h), w, nil, 1, 0), 2, 2))
		d := Dense(Reshape(y, n, f*5*5), p.View(f*c*k*k, f*c*k*k+f*25*40, f*25, 40), nil, ActTanh)
		return Sum(Square(d))
	}
	dim := f*c*k*k + f*25*40
	p := randVec(rng, dim, -0.3, 0.3)
	want := make([]float64, dim)
	wantV, err := Grad(fn, want, p)
	if err != nil {
		t.Fatal(err)
	}
	c0, err := Compile(fn, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan string, 4)
	done := make(chan struct{})
	for range 4 {
		cc := c0.Clone()
		go func() {
			defer func() { done <- struct{}{} }()
			g := make([]float64, dim)
			for range 20 {
				if v := cc.LogProb(g, p); v != wantV {
					errs <- "value differs"
					return
				}
				for i := range g {
					if g[i] != want[i] {
						errs <- "gradient differs"
						return
					}
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// Without gradients Conv2D reuses one image's columns per group: its
// values, on replays with new inputs too, equal bitwise those of the
// recording that keeps every image's columns for the backward pass.
func TestConv2DInferenceMatchesGrad(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	const n, c, h, f, k = 11, 3, 9, 4, 3 // 11 images: uneven groups
	xd := randVec(rng, n*c*h*h, -1, 1)
	wd := randVec(rng, f*c*k*k, -1, 1)
	bd := randVec(rng, f, -1, 1)
	inf := NewTape()
	yInf := Conv2D(inf.Input(xd, n, c, h, h), inf.Input(wd, f, c, k, k), inf.Input(bd, f), 1, 1)
	grd := NewTape()
	xg := append([]float64(nil), xd...)
	yGrad := Conv2D(grd.Input(xg, n, c, h, h), grd.Param(wd, f, c, k, k), grd.Param(bd, f), 1, 1)
	if yInf.NeedsGrad() || !yGrad.NeedsGrad() {
		t.Fatalf("NeedsGrad: inference %v, with parameters %v", yInf.NeedsGrad(), yGrad.NeedsGrad())
	}
	for rep := range 3 {
		for i := range yInf.Value {
			if yInf.Value[i] != yGrad.Value[i] {
				t.Fatalf("replay %d: y[%d] = %.17g without gradients, %.17g with", rep, i, yInf.Value[i], yGrad.Value[i])
			}
		}
		for i := range xd { // new images for the next replay
			xd[i] = 2*rng.Float64() - 1
			xg[i] = xd[i]
		}
		inf.Forward()
		grd.Forward()
	}
}
