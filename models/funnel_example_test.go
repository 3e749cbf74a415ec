package models_test

import (
	"fmt"

	"github.com/bayesnn-go/bayesnn/models"
)

// Neal's funnel as a target with a hand-written gradient, and exact draws
// (for example as the starting points of chains).
func ExampleFunnel() {
	f := models.Funnel{D: 3} // centred; NonCentered: true for (v, z)
	grad := make([]float64, f.Dim())
	lp := f.LogProb(grad, []float64{-1, 0.5, -0.5})
	fmt.Println(f.ParamNames())
	fmt.Printf("log p = %.4f, grad = %.4f\n", lp, grad)
	fmt.Printf("%.3f\n", f.Draws(2, 1))
	fmt.Println(f.Model().Name, "on the tape, for Hessians")
	// Output:
	// [v x[1] x[2]]
	// log p = -3.5906, grad = [-0.2093 -1.3591 1.3591]
	// [[3.326 8.512 -4.650] [4.681 -6.881 -0.269]]
	// funnel_3 on the tape, for Hessians
}
