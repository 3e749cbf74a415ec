package laplace_test

import (
	"fmt"
	"log"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/bayesnn"
	"github.com/bayesnn-go/bayesnn/laplace"
)

// A logistic regression: its MAP by Adam, the Laplace approximation
// there, the prior precision tuned by the marginal likelihood, and the
// linearised predictive, whose uncertainty grows away from the data.
func Example() {
	rng := rand.New(rand.NewPCG(1, 2))
	var x [][]float64
	var y []float64
	for range 200 {
		x1, x2 := rng.NormFloat64(), rng.NormFloat64()
		x = append(x, []float64{x1, x2})
		label := 0.0
		if rng.Float64() < 1/(1+math.Exp(-(2*x1-x2))) {
			label = 1
		}
		y = append(y, label)
	}
	m, err := bayesnn.MLP([]int{2, 1}, bayesnn.Identity) // one logit: x·W + b
	if err != nil {
		log.Fatal(err)
	}
	post, err := bayesnn.LogPosterior(m, bayesnn.NewData(x, y), bayesnn.Bernoulli{}, bayesnn.GaussianPrior{}, nil)
	if err != nil {
		log.Fatal(err)
	}
	res, err := bayesnn.MAP(post, make([]float64, post.Dim()), &bayesnn.MAPOptions{Steps: 3000, LearningRate: 0.05})
	if err != nil {
		log.Fatal(err)
	}
	la, err := laplace.Network(post, res.Theta, nil) // full GGN
	if err != nil {
		log.Fatal(err)
	}
	sd := la.Gaussian().SD()
	for j, name := range post.ParamNames() {
		fmt.Printf("%-13s %6.2f ± %.2f\n", name, la.MAP[j], sd[j])
	}
	fmt.Printf("log marginal likelihood %.1f\n", la.LogMarginal())
	delta, err := la.TunePriorPrecision()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("tuned prior precision %.3f: log marginal likelihood %.1f\n", delta, la.LogMarginal())
	pred, err := la.PredictClasses([][]float64{{0.5, 0}, {5, 10}}, nil, &laplace.ClassOptions{Samples: 4000, Seed: 3})
	if err != nil {
		log.Fatal(err)
	}
	for i, where := range []string{"near the data", "far from it"} {
		fmt.Printf("%-13s p(1) = %.2f, epistemic %.3f nats\n", where, pred.Probs[i][1], pred.Epistemic[i])
	}
	// Output:
	// dense1.W[0,0]   1.52 ± 0.25
	// dense1.W[1,0]  -0.85 ± 0.18
	// dense1.b[0]    -0.16 ± 0.17
	// log marginal likelihood -105.5
	// tuned prior precision 0.944: log marginal likelihood -105.5
	// near the data p(1) = 0.64, epistemic 0.004 nats
	// far from it   p(1) = 0.33, epistemic 0.191 nats
}
