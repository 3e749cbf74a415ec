package bayesnn_test

import (
	"fmt"
	"log"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/bayesnn"
)

// An Ensemble scores draws one at a time and averages their class
// probabilities, keeping no draw: feed it from a sampler's callback.
func ExampleEnsemble() {
	m, err := bayesnn.MLP([]int{2, 2}, bayesnn.Identity) // logits = x·W + b
	if err != nil {
		log.Fatal(err)
	}
	x := [][]float64{{2, 0}, {0, 3}, {1, 0}}
	ens, err := bayesnn.NewEnsemble(m, x, []int{0, 1, 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, draw := range [][]float64{
		{1, 0, 0, 1, 0, 0},  // W = I, b = 0
		{1, 0, 0, 1, -1, 1}, // W = I, b = (-1, 1)
	} {
		acc, err := ens.Add(draw)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("draw accuracy %.3f\n", acc)
	}
	p, err := ens.Prediction()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("ensemble accuracy %.3f, predicted %v\n", p.Accuracy, p.Predicted)
	// Output:
	// draw accuracy 0.667
	// draw accuracy 1.000
	// ensemble accuracy 0.667, predicted [0 1 0]
}

// TorchInit starts a network where PyTorch would: uniform on ±1/sqrt(fan_in).
func ExampleTorchInit() {
	m := bayesnn.HamiltorchCNN()
	theta, err := bayesnn.TorchInit(m, rand.New(rand.NewPCG(1, 2)), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(theta), m.NumParams())
	// Output:
	// 431080 431080
}

// A prediction made on a standardised target is mapped back to the
// target's units before it is scored.
func ExampleRegressionPrediction_Rescale() {
	m, err := bayesnn.MLP([]int{1, 1}, bayesnn.Identity) // mean w·x + b
	if err != nil {
		log.Fatal(err)
	}
	draws := [][]float64{{1, 0}, {1, 0.2}} // (w, b) of two draws
	p, err := bayesnn.PredictRegression(m, bayesnn.Gaussian{Tau: 100}, draws, [][]float64{{0.5}})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := p.Rescale(10, 20); err != nil { // y = 20 + 10·z
		log.Fatal(err)
	}
	fmt.Printf("mean %.1f, epistemic sd %.1f, aleatoric sd %.1f\n", p.Mean[0], math.Sqrt(p.Epistemic[0]), math.Sqrt(p.Aleatoric[0]))
	// Output:
	// mean 26.0, epistemic sd 1.0, aleatoric sd 1.0
}
