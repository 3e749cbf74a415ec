package bayesnn

import (
	"math/rand/v2"
	"testing"
)

// These benchmarks mirror autodiff's BenchmarkLogPostMLP and
// BenchmarkLogPostCNN (same shapes, sizes and kinds of data) through the
// layer abstraction: compare their grads/s in one run with
//
//	go test -run '^$' -bench 'LogPost|Posterior' ./autodiff/ ./bayesnn/

func benchPosterior(b *testing.B, p *Posterior, sd float64) {
	rng := rand.New(rand.NewPCG(103, 104))
	x := p.InitialPoint(rng, sd)
	g := make([]float64, p.Dim())
	p.LogProb(g, x)
	b.ReportAllocs()
	for b.Loop() {
		p.LogProb(g, x)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "grads/s")
}

func BenchmarkPosteriorMLP(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([][]float64, 100)
	y := make([]float64, 100)
	for i := range x {
		x[i] = []float64{2*rng.Float64() - 1}
		y[i] = rng.NormFloat64()
	}
	m, _ := MLP([]int{1, 50, 50, 1}, Tanh)
	p, err := LogPosterior(m, NewData(x, y), Gaussian{Tau: 4}, GaussianPrior{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	benchPosterior(b, p, 0.3)
}

func BenchmarkPosteriorCNN(b *testing.B) {
	if testing.Short() {
		b.Skip("CNN benchmark: ~1.3 GFLOP per op")
	}
	rng := rand.New(rand.NewPCG(105, 106))
	x := make([][]float64, 100)
	labels := make([]int, 100)
	for i := range x {
		x[i] = make([]float64, 784)
		for j := range x[i] {
			x[i][j] = rng.Float64()
		}
		labels[i] = rng.IntN(10)
	}
	p, err := LogPosterior(HamiltorchCNN(), NewLabels(x, labels), Categorical{}, GaussianPrior{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	benchPosterior(b, p, 0.05)
}

// BenchmarkEnsembleCNN scores one draw of the hamiltorch CNN on 1,000
// digits, as notebook 03 does every 10th iteration: one forward pass
// without gradients (inference).
func BenchmarkEnsembleCNN(b *testing.B) {
	if testing.Short() {
		b.Skip("CNN benchmark: ~4.6 GFLOP per op")
	}
	rng := rand.New(rand.NewPCG(107, 108))
	x := make([][]float64, 1000)
	labels := make([]int, 1000)
	for i := range x {
		x[i] = make([]float64, 784)
		for j := range x[i] {
			x[i][j] = rng.Float64()
		}
		labels[i] = rng.IntN(10)
	}
	m := HamiltorchCNN()
	e, err := NewEnsemble(m, x, labels)
	if err != nil {
		b.Fatal(err)
	}
	theta := make([]float64, m.NumParams())
	for i := range theta {
		theta[i] = 0.05 * rng.NormFloat64()
	}
	if _, err := e.Accuracy(theta); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Accuracy(theta); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPosteriorBoston is the gradient NUTS takes in notebook 04: a
// 13-13-6-2 ReLU network with a heteroscedastic normal likelihood on 404
// rows of 13 inputs (synthetic standard normal data of that shape).
func BenchmarkPosteriorBoston(b *testing.B) {
	rng := rand.New(rand.NewPCG(109, 110))
	x := make([][]float64, 404)
	y := make([]float64, 404)
	for i := range x {
		x[i] = make([]float64, 13)
		for j := range x[i] {
			x[i][j] = rng.NormFloat64()
		}
		y[i] = rng.NormFloat64()
	}
	m, err := MLP(TaperWidths(13, 2, 2), Relu)
	if err != nil {
		b.Fatal(err)
	}
	p, err := LogPosterior(m, NewData(x, y), Heteroscedastic{}, GaussianPrior{WeightSD: 0.2, BiasSD: 0.2}, nil)
	if err != nil {
		b.Fatal(err)
	}
	benchPosterior(b, p, 0.2)
}
