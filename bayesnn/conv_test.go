package bayesnn

import (
	"math/rand/v2"
	"testing"
)

func TestHamiltorchCNNParams(t *testing.T) {
	// hamiltorch's tutorial reports 431,080 parameters for this network.
	if n := HamiltorchCNN().NumParams(); n != 431080 {
		t.Errorf("CNN has %d parameters, want 431080", n)
	}
}

func TestSmallCNNGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	m, err := NewSequential([]int{1, 6, 6},
		Conv2D{In: 1, Out: 2, K: 3, Act: Tanh}, MaxPool2D{K: 2}, ActivationLayer{Act: Relu},
		Flatten{}, Dense{In: 8, Out: 3})
	if err != nil {
		t.Fatal(err)
	}
	x := make([][]float64, 4)
	labels := []int{0, 1, 2, 1}
	for i := range x {
		x[i] = make([]float64, 36)
		for j := range x[i] {
			x[i][j] = rng.Float64()
		}
	}
	p, err := LogPosterior(m, NewLabels(x, labels), Categorical{}, GaussianPrior{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkPosteriorGradient(t, "small CNN", p, rng)
	if _, err := NewSequential([]int{3, 6, 6}, Conv2D{In: 1, Out: 2, K: 3}); err == nil {
		t.Error("channel mismatch accepted")
	}
}
