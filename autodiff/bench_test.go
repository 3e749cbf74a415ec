package autodiff

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Benchmarks of whole log densities: value + gradient per op, reported as
// ns/op, allocs/op, gradients/s and GFLOP/s. The FLOP counts are those of
// the matrix products only (2 flops per multiply-add; elementwise work,
// tanh, im2col and pooling are not counted), so GFLOP/s is a lower bound on
// the arithmetic rate. Run single-core and two-core numbers with
//
//	go test ./autodiff/ -run '^$' -bench 'LogPost|Gauss|Conv' -cpu 1,2 -benchtime 2s

// --- a. 1-50-50-1 tanh MLP, Gaussian likelihood, N(0, 1) priors ---

const (
	mlpN     = 100 // data points
	mlpH     = 50  // hidden units per layer
	mlpSigma = 0.1 // fixed noise standard deviation
	// mlpFLOP counts the products of one value+gradient: forward
	// 2·N·(1·H + H·H + H·1); backward dW1 (2·N·H), dH1 and dW2
	// (2·2·N·H·H), dH2 and dW3 (2·2·N·H).
	mlpFLOP = 2*mlpN*(mlpH+mlpH*mlpH+mlpH) + 2*mlpN*mlpH + 4*mlpN*mlpH*mlpH + 4*mlpN*mlpH
)

// mlpDim is the number of parameters: W1 [1,H], b1, W2 [H,H], b2, W3 [H,1], b3.
const mlpDim = mlpH + mlpH + mlpH*mlpH + mlpH + mlpH + 1

// mlpData returns the regression data: x uniform in [-2, 2], y = sin(2x) + noise.
func mlpData() (x, y []float64) {
	rng := rand.New(rand.NewPCG(101, 102))
	x, y = make([]float64, mlpN), make([]float64, mlpN)
	for i := range x {
		x[i] = -2 + 4*rng.Float64()
		y[i] = math.Sin(2*x[i]) + mlpSigma*rng.NormFloat64()
	}
	return x, y
}

// mlpLogPost returns the log posterior (up to a constant) of the MLP,
// written with plain ops; fused selects Dense over MatMul+Add+Tanh.
func mlpLogPost(fused bool) Func {
	xd, yd := mlpData()
	layer := Dense
	if !fused {
		layer = unfusedDense
	}
	return func(t *Tape, p *Var) *Var {
		x := t.Const(xd, mlpN, 1)
		y := t.Const(yd, mlpN, 1)
		off := 0
		next := func(shape ...int) *Var {
			n := numel(shape)
			v := p.View(off, off+n, shape...)
			off += n
			return v
		}
		w1, b1 := next(1, mlpH), next(mlpH)
		w2, b2 := next(mlpH, mlpH), next(mlpH)
		w3, b3 := next(mlpH, 1), next(1)
		h := layer(x, w1, b1, ActTanh)
		h = layer(h, w2, b2, ActTanh)
		f := layer(h, w3, b3, ActIdentity)
		// log N(y | f, σ²) summed, and log N(θ | 0, 1), constants dropped.
		loglik := Scale(Sum(Square(Sub(y, f))), -0.5/(mlpSigma*mlpSigma))
		logprior := Scale(Sum(Square(p)), -0.5)
		return Add(loglik, logprior)
	}
}

func benchCompiled(b *testing.B, f Func, dim int, flop float64) {
	rng := rand.New(rand.NewPCG(103, 104))
	x := make([]float64, dim)
	for i := range x {
		x[i] = 0.3 * rng.NormFloat64()
	}
	c, err := Compile(f, x, nil)
	if err != nil {
		b.Fatal(err)
	}
	g := make([]float64, dim)
	c.LogProb(g, x)
	b.ReportAllocs()
	for b.Loop() {
		c.LogProb(g, x)
	}
	reportRate(b, flop)
}

func reportRate(b *testing.B, flop float64) {
	perSec := float64(b.N) / b.Elapsed().Seconds()
	b.ReportMetric(perSec, "grads/s")
	b.ReportMetric(perSec*flop/1e9, "GFLOP/s")
}

func BenchmarkLogPostMLP(b *testing.B) {
	b.Run("compiled_fused", func(b *testing.B) { benchCompiled(b, mlpLogPost(true), mlpDim, mlpFLOP) })
	b.Run("compiled_unfused", func(b *testing.B) { benchCompiled(b, mlpLogPost(false), mlpDim, mlpFLOP) })
	b.Run("recorded_fused", func(b *testing.B) { // Grad: a fresh tape per call
		f := mlpLogPost(true)
		x, g := make([]float64, mlpDim), make([]float64, mlpDim)
		for i := range x {
			x[i] = 0.1 * float64(i%7-3)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Grad(f, g, x); err != nil {
				b.Fatal(err)
			}
		}
		reportRate(b, mlpFLOP)
	})
}

// --- b. the MNIST CNN of the hamiltorch tutorial ---

const (
	cnnN = 100 // images
	// cnnDim: conv1 20·1·5·5+20, conv2 50·20·5·5+50, dense 800·500+500, 500·10+10.
	cnnDim = 20*25 + 20 + 50*20*25 + 50 + 800*500 + 500 + 500*10 + 10
	// cnnFLOP: forward conv1 2·N·20·576·25, conv2 2·N·50·64·500, dense
	// 2·N·800·500 and 2·N·500·10; backward the weight products of all
	// four layers and the input products of all but conv1 (its input is
	// data).
	cnnFwd  = 2*cnnN*20*576*25 + 2*cnnN*50*64*500 + 2*cnnN*800*500 + 2*cnnN*500*10
	cnnBwd  = 2*cnnN*20*576*25 + 2*2*cnnN*50*64*500 + 2*2*cnnN*800*500 + 2*2*cnnN*500*10
	cnnFLOP = cnnFwd + cnnBwd
)

// cnnLogPost returns the log posterior of the CNN (categorical likelihood
// through LogSoftmax, N(0, 1) prior) for 100 random images and labels.
func cnnLogPost() Func {
	rng := rand.New(rand.NewPCG(105, 106))
	img := make([]float64, cnnN*28*28)
	for i := range img {
		img[i] = rng.Float64()
	}
	onehot := make([]float64, cnnN*10)
	for i := range cnnN {
		onehot[i*10+rng.IntN(10)] = 1
	}
	return func(t *Tape, p *Var) *Var {
		x := t.Const(img, cnnN, 1, 28, 28)
		off := 0
		next := func(shape ...int) *Var {
			n := numel(shape)
			v := p.View(off, off+n, shape...)
			off += n
			return v
		}
		c1w, c1b := next(20, 1, 5, 5), next(20)
		c2w, c2b := next(50, 20, 5, 5), next(50)
		d1w, d1b := next(800, 500), next(500)
		d2w, d2b := next(500, 10), next(10)
		h := Relu(MaxPool2D(Conv2D(x, c1w, c1b, 1, 0), 2, 2)) // [N,20,12,12]
		h = Relu(MaxPool2D(Conv2D(h, c2w, c2b, 1, 0), 2, 2))  // [N,50,4,4]
		h = Dense(Reshape(h, cnnN, 800), d1w, d1b, ActRelu)
		logits := Dense(h, d2w, d2b, ActIdentity)
		loglik := Sum(Mul(LogSoftmax(logits, 1), t.Const(onehot, cnnN, 10)))
		return Add(loglik, Scale(Sum(Square(p)), -0.5))
	}
}

func BenchmarkLogPostCNN(b *testing.B) {
	if testing.Short() {
		b.Skip("CNN benchmark: ~1.3 GFLOP per op")
	}
	rng := rand.New(rand.NewPCG(107, 108))
	x := make([]float64, cnnDim)
	for i := range x {
		x[i] = 0.05 * rng.NormFloat64()
	}
	c, err := Compile(cnnLogPost(), x, nil)
	if err != nil {
		b.Fatal(err)
	}
	g := make([]float64, cnnDim)
	c.LogProb(g, x)
	b.ReportAllocs()
	for b.Loop() {
		c.LogProb(g, x)
	}
	reportRate(b, cnnFLOP)
}

// --- c. a 100-D Gaussian log density ---

// BenchmarkGauss100 is a diagonal Gaussian (Sub, Mul, Square, Sum) and a
// dense one, −½ (x−μ)ᵀ P (x−μ) with a 100×100 precision P (MatMul).
func BenchmarkGauss100(b *testing.B) {
	const d = 100
	rng := rand.New(rand.NewPCG(109, 110))
	mu := randVec(rng, d, -1, 1)
	invSigma := randVec(rng, d, 0.5, 2)
	prec := make([]float64, d*d) // P = AᵀA/d + I, symmetric positive definite
	a := randVec(rng, d*d, -1, 1)
	for i := range d {
		for j := range d {
			s := 0.0
			for k := range d {
				s += a[k*d+i] * a[k*d+j]
			}
			prec[i*d+j] = s / d
		}
		prec[i*d+i]++
	}
	diag := func(t *Tape, x *Var) *Var {
		z := Mul(Sub(x, t.Const(mu, d)), t.Const(invSigma, d))
		return Scale(Sum(Square(z)), -0.5)
	}
	dense := func(t *Tape, x *Var) *Var {
		r := Reshape(Sub(x, t.Const(mu, d)), 1, d)
		pr := MatMul(r, t.Const(prec, d, d))
		return Scale(Sum(Mul(pr, r)), -0.5)
	}
	b.Run("diagonal", func(b *testing.B) { benchCompiled(b, diag, d, 0) })
	// dense: forward 2d² and backward 2d² (dr = dpr·Pᵀ; P is constant).
	b.Run("dense", func(b *testing.B) { benchCompiled(b, dense, d, 4*d*d) })
}

// --- Conv2D: im2col + gemm against a direct loop nest ---

// directConvInto is a direct convolution (no padding, stride 1) with the
// innermost loop running along an output row (contiguous, an axpy).
func directConvInto(y, x, w []float64, n, c, h, wd, f, k int) {
	oh, ow := h-k+1, wd-k+1
	clear(y)
	for in := range n {
		for fo := range f {
			yf := y[(in*f+fo)*oh*ow : (in*f+fo+1)*oh*ow]
			for ci := range c {
				xc := x[(in*c+ci)*h*wd : (in*c+ci+1)*h*wd]
				for i := range k {
					for j := range k {
						wv := w[((fo*c+ci)*k+i)*k+j]
						for oy := range oh {
							src := xc[(oy+i)*wd+j : (oy+i)*wd+j+ow]
							dst := yf[oy*ow : (oy+1)*ow]
							for ox, v := range src {
								dst[ox] += wv * v
							}
						}
					}
				}
			}
		}
	}
}

// BenchmarkConvForward times the CNN's second convolution (100 images,
// 20→50 channels, 12×12 → 8×8, 5×5 filters: 320 MFLOP) forward only.
func BenchmarkConvForward(b *testing.B) {
	const n, c, h, f, k = 100, 20, 12, 50, 5
	rng := rand.New(rand.NewPCG(111, 112))
	xs := randVec(rng, n*c*h*h, -1, 1)
	ws := randVec(rng, f*c*k*k, -1, 1)
	flop := float64(2 * n * f * 64 * c * k * k)
	b.Run("im2col_gemm", func(b *testing.B) {
		tp := NewTape()
		y := Conv2D(tp.Const(xs, n, c, h, h), tp.Const(ws, f, c, k, k), nil, 1, 0)
		b.ReportAllocs()
		for b.Loop() {
			y.fwd()
		}
		b.ReportMetric(flop*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	})
	b.Run("direct", func(b *testing.B) {
		y := make([]float64, n*f*64)
		b.ReportAllocs()
		for b.Loop() {
			directConvInto(y, xs, ws, n, c, h, h, f, k)
		}
		b.ReportMetric(flop*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	})
}

// TestBenchModelsAllocs checks the 0 allocs/op requirement of the compiled
// MLP and CNN log posteriors (and that the benchmark models differentiate
// correctly: the MLP against finite differences on a few coordinates).
func TestBenchModelsAllocs(t *testing.T) {
	models := []struct {
		name string
		f    Func
		dim  int
	}{{"MLP fused", mlpLogPost(true), mlpDim}, {"MLP unfused", mlpLogPost(false), mlpDim}}
	if !testing.Short() {
		models = append(models, struct {
			name string
			f    Func
			dim  int
		}{"CNN", cnnLogPost(), cnnDim})
	}
	for _, m := range models {
		rng := rand.New(rand.NewPCG(113, 114))
		x := make([]float64, m.dim)
		for i := range x {
			x[i] = 0.05 * rng.NormFloat64()
		}
		c, err := Compile(m.f, x, nil)
		if err != nil {
			t.Fatal(err)
		}
		g := make([]float64, m.dim)
		c.LogProb(g, x)
		if a := testing.AllocsPerRun(3, func() { c.LogProb(g, x) }); a != 0 {
			t.Errorf("%s: LogProb allocates %g times per call", m.name, a)
		}
	}
}

// TestMLPFusedUnfused: the benchmark's fused and unfused MLP agree (to the
// 2-ulp difference of tanhFast and math.Tanh, amplified by the network).
func TestMLPFusedUnfused(t *testing.T) {
	rng := rand.New(rand.NewPCG(115, 116))
	x := make([]float64, mlpDim)
	for i := range x {
		x[i] = 0.5 * rng.NormFloat64()
	}
	g1, g2 := make([]float64, mlpDim), make([]float64, mlpDim)
	v1, _ := Grad(mlpLogPost(true), g1, x)
	v2, _ := Grad(mlpLogPost(false), g2, x)
	if math.Abs(v1-v2) > 1e-12*math.Abs(v2) {
		t.Errorf("fused %.17g, unfused %.17g", v1, v2)
	}
	for i := range g1 {
		if math.Abs(g1[i]-g2[i]) > 1e-10*max(1, math.Abs(g2[i])) {
			t.Errorf("grad[%d]: fused %.17g, unfused %.17g", i, g1[i], g2[i])
		}
	}
}
