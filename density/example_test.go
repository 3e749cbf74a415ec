package density_test

import (
	"fmt"

	"github.com/bayesnn-go/bayesnn/density"
)

// A standard normal in two dimensions as a Target, with its names.
func ExampleFuncTarget() {
	t := density.FuncTarget{
		N: 2,
		F: func(grad, x []float64) float64 {
			grad[0], grad[1] = -x[0], -x[1]
			return -0.5 * (x[0]*x[0] + x[1]*x[1])
		},
		Names: []string{"mu", "tau"},
	}
	grad := make([]float64, 2)
	lp := t.LogProb(grad, []float64{1, 2})
	fmt.Println(lp, grad, density.Names(t))
	// Output: -2.5 [-1 -2] [mu tau]
}
