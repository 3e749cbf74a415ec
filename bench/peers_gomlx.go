package main

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend" // GoMLX's pure-Go backend, registered as "go"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/core/tensors/images"

	"github.com/bayesnn-go/bayesnn/bayesnn"
	"github.com/bayesnn-go/bayesnn/datasets"
)

// GoMLX (github.com/gomlx/gomlx v0.28.2) with its pure-Go backend
// (github.com/gomlx/compute v0.1.2): the MLP and CNN log posteriors as one
// compiled graph θ ↦ (log p, ∇ log p), in float64 like ours, taking and
// returning flat Go slices like a density.Target. Only the Go backend is
// linked; compute.New picks $GOMLX_BACKEND if set, else DefaultConfig,
// which we set to "go".

func init() {
	peers = append(peers, peer{name: "gomlx", run: runGoMLX})
}

// gomlxTarget evaluates log p and its gradient with a GoMLX executable.
type gomlxTarget struct {
	dim     int
	exec    *Exec
	backend string // the backend's name
}

// LogProb is a density.Target's method: grad ← ∇ log p(x), returns log p.
func (t *gomlxTarget) LogProb(grad, x []float64) float64 {
	in := tensors.FromFlatDataAndDimensions(x, len(x))
	lp, g := t.exec.MustExec2(in)
	_ = tensors.ConstFlatData(g, func(flat []float64) { copy(grad, flat) })
	v := tensors.ToScalar[float64](lp)
	in.FinalizeAll()
	lp.FinalizeAll()
	g.FinalizeAll()
	return v
}

func (t *gomlxTarget) Dim() int { return t.dim }

func gomlxBackend() (compute.Backend, error) {
	compute.DefaultConfig = "go"
	return compute.New()
}

// unpacker slices the flat θ node into the blocks of a bayesnn model, in
// packing order.
type unpacker struct {
	theta  *Node
	blocks []bayesnn.Block
	next   int
}

func (u *unpacker) pop() *Node {
	b := u.blocks[u.next]
	u.next++
	n := 1
	for _, d := range b.Spec.Shape {
		n *= d
	}
	return Reshape(Slice(u.theta, AxisRange(b.Offset, b.Offset+n)), b.Spec.Shape...)
}

// gaussianPrior is Σ log N(θ_i | 0, 1).
func gaussianPrior(theta *Node) *Node {
	n := float64(theta.Shape().Size())
	return AddScalar(MulScalar(ReduceAllSum(Square(theta)), -0.5), -0.5*n*log2Pi)
}

const log2Pi = 1.8378770664093453 // log(2π)

// dense is x·W + b.
func dense(x, w, b *Node) *Node {
	return Add(MatMul(x, w), ExpandAxes(b, 0))
}

func gomlxMLP() (*gomlxTarget, error) {
	d, err := datasets.LangevinCurve().Simulate(1)
	if err != nil {
		return nil, err
	}
	m, err := bayesnn.MLP([]int{1, 50, 50, 1}, bayesnn.Tanh)
	if err != nil {
		return nil, err
	}
	backend, err := gomlxBackend()
	if err != nil {
		return nil, err
	}
	n := len(d.Y)
	xs := make([]float64, 0, n)
	for _, r := range d.X {
		xs = append(xs, r...)
	}
	const tau = 4 // bayesnn.Gaussian{Tau: 4} in gradients.go
	exec, err := NewExec(backend, func(theta *Node) (*Node, *Node) {
		g := theta.Graph()
		u := &unpacker{theta: theta, blocks: m.Blocks()}
		h := Const(g, tensors.FromFlatDataAndDimensions(xs, n, 1))
		h = Tanh(dense(h, u.pop(), u.pop()))
		h = Tanh(dense(h, u.pop(), u.pop()))
		out := dense(h, u.pop(), u.pop())
		y := Const(g, tensors.FromFlatDataAndDimensions(append([]float64(nil), d.Y...), n, 1))
		sse := ReduceAllSum(Square(Sub(y, out)))
		ll := AddScalar(MulScalar(sse, -0.5*tau), float64(n)*(0.5*math.Log(tau)-0.5*log2Pi))
		lp := Add(ll, gaussianPrior(theta))
		return lp, Gradient(lp, theta)[0]
	})
	if err != nil {
		return nil, err
	}
	return &gomlxTarget{dim: m.NumParams(), exec: exec, backend: backend.Name()}, nil
}

func gomlxCNN() (*gomlxTarget, error) {
	mn, err := datasets.LoadMNIST(context.Background(), datasets.MNISTTrain, 100)
	if err != nil {
		return nil, err
	}
	m := bayesnn.HamiltorchCNN()
	backend, err := gomlxBackend()
	if err != nil {
		return nil, err
	}
	n := mn.Len()
	flat := mn.Floats(nil, datasets.ScaleUnit)
	onehot := make([]float64, n*10)
	for i, l := range mn.IntLabels() {
		onehot[i*10+l] = 1
	}
	exec, err := NewExec(backend, func(theta *Node) (*Node, *Node) {
		g := theta.Graph()
		u := &unpacker{theta: theta, blocks: m.Blocks()}
		conv := func(x *Node) *Node {
			w, b := u.pop(), u.pop()
			y := Convolve(x, w).ChannelsAxis(images.ChannelsFirst).NoPadding().Done()
			return Add(y, Reshape(b, 1, b.Shape().Size(), 1, 1))
		}
		// 2×2 max pooling as a reshape and ReduceMax: MaxPool's gradient
		// needs the op SelectAndScatterMax, which the go backend lacks
		// ("sorry, op "SelectAndScatterMax" not implemented in the "go"
		// backend yet").
		pool := func(x *Node) *Node {
			d := x.Shape().Dimensions
			return ReduceMax(Reshape(x, d[0], d[1], d[2]/2, 2, d[3]/2, 2), 3, 5)
		}
		relu := func(x *Node) *Node { return Max(x, ZerosLike(x)) }
		h := Const(g, tensors.FromFlatDataAndDimensions(flat, n, 1, 28, 28))
		h = relu(pool(conv(h)))
		h = relu(pool(conv(h)))
		h = Reshape(h, n, 800)
		h = relu(dense(h, u.pop(), u.pop()))
		logits := dense(h, u.pop(), u.pop())
		ll := ReduceAllSum(Mul(Const(g, tensors.FromFlatDataAndDimensions(onehot, n, 10)), LogSoftmax(logits, -1)))
		lp := Add(ll, gaussianPrior(theta))
		return lp, Gradient(lp, theta)[0]
	})
	if err != nil {
		return nil, err
	}
	return &gomlxTarget{dim: m.NumParams(), exec: exec, backend: backend.Name()}, nil
}

// gomlxCall runs one evaluation, turning a panic (GoMLX reports graph
// errors by panicking) into an error.
func gomlxCall(t *gomlxTarget, grad, x []float64) (lp float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return t.LogProb(grad, x), nil
}

func runGoMLX(repeats int) []Row {
	cases := []struct {
		name  string
		procs int // as our row: the MLP on one core, the CNN on all
		sd    float64
		make  func() (*gomlxTarget, error)
		note  string
	}{
		{"mlp 1-50-50-1 tanh, 100 points", 1, 0.3, gomlxMLP, ""},
		{"cnn 431,080 params, 100 digits", 0, 0.05, gomlxCNN, "; max pooling as reshape + ReduceMax"},
	}
	var rows []Row
	for _, c := range cases {
		if (selected(c.name) || *only == "gomlx") && inGroup("gradient") {
			row := gomlxGradient(c.name, c.procs, c.sd, c.make, repeats)
			row.Note += c.note
			rows = append(rows, row)
		}
	}
	return rows
}

func gomlxGradient(name string, procs int, sd float64, mk func() (*gomlxTarget, error), repeats int) Row {
	fail := func(err error) Row {
		return Row{Group: "gradient", Case: name, Impl: "gomlx", Metric: "gradients/s", Note: "error: " + err.Error()}
	}
	if procs > 0 {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
	}
	t, err := mk()
	if err != nil {
		return fail(err)
	}
	x := randomPoint(dimOnly(t.dim), sd, 1)
	g := make([]float64, t.dim)
	if _, err := gomlxCall(t, g, x); err != nil { // the first call compiles the graph
		return fail(err)
	}
	var rates []float64
	var allocs float64
	for range repeats {
		r := testing.Benchmark(func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				t.LogProb(g, x)
			}
		})
		rates = append(rates, 1e9/float64(r.NsPerOp()))
		allocs = float64(r.AllocsPerOp())
	}
	row := summarize("gradient", name, "gomlx", "gradients/s", rates)
	row.Allocs = allocs
	row.Note = fmt.Sprintf("backend %q, float64", t.backend)
	return row
}
