package bayesnn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// sandboxData is the Langevin sandbox's data: x = linspace(0, 1, 50),
// y = 4 sin(x − 2) + sin(8x − 2) − 4x² + N(0, 0.5²).
func sandboxData(seed uint64) Data {
	rng := rand.New(rand.NewPCG(seed, 0))
	x := make([][]float64, 50)
	y := make([]float64, 50)
	for i := range x {
		v := float64(i) / 49
		x[i] = []float64{v}
		y[i] = 4*math.Sin(v-2) + math.Sin(8*v-2) - 4*v*v + 0.5*rng.NormFloat64()
	}
	return NewData(x, y)
}

// sandboxPosterior is the sandbox's 1-50-50-1 network with 1 + tanh, N(0, 1)
// weights and a Gamma(1, 1) prior on σ.
func sandboxPosterior(t testing.TB, data Data) *Posterior {
	t.Helper()
	m, err := MLP([]int{1, 50, 50, 1}, PosTanh)
	if err != nil {
		t.Fatal(err)
	}
	p, err := LogPosterior(m, data, GaussianGammaNoise{Shape: 1}, GaussianPrior{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
