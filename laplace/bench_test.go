package laplace

import (
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/bayesnn"
)

// benchNet is a tanh MLP 13-50-40-1 (2,791 weights, about the 2,702 of
// issue 20's sandbox network) on 400 regression rows, at a random point.
func benchNet(b *testing.B) (*bayesnn.Posterior, []float64) {
	rng := rand.New(rand.NewPCG(1, 1))
	x, y := make([][]float64, 400), make([]float64, 400)
	for i := range x {
		x[i] = make([]float64, 13)
		for j := range x[i] {
			x[i][j] = rng.NormFloat64()
		}
		y[i] = x[i][0] - x[i][1] + 0.1*rng.NormFloat64()
	}
	m, err := bayesnn.MLP([]int{13, 50, 40, 1}, bayesnn.Tanh)
	if err != nil {
		b.Fatal(err)
	}
	p, err := bayesnn.LogPosterior(m, bayesnn.NewData(x, y), bayesnn.Gaussian{Tau: 10}, bayesnn.GaussianPrior{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	return p, p.InitialPoint(rng, 0.3)
}

// BenchmarkNetwork times building each structure's approximation (the
// GGN over 400 rows and, for Full and LastLayer, its Cholesky factor).
func BenchmarkNetwork(b *testing.B) {
	p, theta := benchNet(b)
	for _, s := range []Structure{Full, Diag, LastLayer, KronLastLayer} {
		b.Run(s.String(), func(b *testing.B) {
			for b.Loop() {
				if _, err := Network(p, theta, &NetOptions{Structure: s}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPredictRegression times the GLM predictive of the full
// approximation at 100 rows.
func BenchmarkPredictRegression(b *testing.B) {
	p, theta := benchNet(b)
	n, err := Network(p, theta, nil)
	if err != nil {
		b.Fatal(err)
	}
	xs := p.Data().X[:100]
	for b.Loop() {
		if _, err := n.PredictRegression(xs); err != nil {
			b.Fatal(err)
		}
	}
}
