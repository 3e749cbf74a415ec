package dist_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/dist"
)

// A distribution is a value: its log density goes on the tape (with the
// gradient flowing to Var parameters), its draws and pointwise densities
// are plain numbers, and its support gives the transform a sampler needs.
func Example() {
	t := autodiff.NewTape()
	mu := t.Param([]float64{0.5})
	d := dist.Normal(mu, 2) // parameters: float64, int, []float64, [][]float64 or *autodiff.Var
	lp, err := d.LogProb(t.Const([]float64{1, -1, 0.5}))
	if err != nil {
		panic(err)
	}
	fmt.Printf("log p(y) = %.4f\n", lp.Value[0])

	each := make([]float64, 3)
	_ = d.LogProbEach(each, []float64{1, -1, 0.5})
	fmt.Printf("pointwise: %.4f\n", each)

	x := make([]float64, 3)
	_ = dist.Dirichlet([]float64{1, 2, 3}).Rand(rand.New(rand.NewPCG(1, 2)), x)
	sup, _ := dist.Dirichlet([]float64{1, 2, 3}).Support()
	fmt.Println(sup, "contains the draw:", sup.Contains(x))

	_, err = dist.Normal("zero", 1).Shape()
	fmt.Println(err)
	// Output:
	// log p(y) = -5.1488
	// pointwise: [-1.6433 -1.8933 -1.6121]
	// simplex(3) contains the draw: true
	// dist: parameter mu has type string; want float64, int, []float64, []int, [][]float64 or *autodiff.Var (in Normal)
}
