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
