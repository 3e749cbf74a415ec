package autodiff_test

import (
	"fmt"
	"log"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

// The tape of f(x, y) = x·y + exp(x) at (0, 3) as a Wengert list, after
// the backward pass: each node's adjoint is ∂f/∂node. A View shares the
// storage of its parameter, so it shows the parameter's total adjoint.
func ExampleTape_Backward() {
	t := ad.NewTape()
	p := t.Param([]float64{0, 3})
	f := ad.Add(ad.Mul(p.View(0, 1), p.View(1, 2)), ad.Exp(p.View(0, 1)))
	if err := t.Backward(f); err != nil {
		log.Fatal(err)
	}
	fmt.Print(t.Listing())
	fmt.Println("∂f/∂x, ∂f/∂y =", p.Grad)
	// Output:
	//   0 param    shape [2]   value [0 3]  adjoint [4 0]
	//   1 View     shape [1]   value [0]  adjoint [4]
	//   2 View     shape [1]   value [3]  adjoint [0]
	//   3 Mul      shape [1]   value [0]  adjoint [1]
	//   4 View     shape [1]   value [0]  adjoint [4]
	//   5 Exp      shape [1]   value [1]  adjoint [1]
	//   6 Add      shape [1]   value [1]  adjoint [1]
	// ∂f/∂x, ∂f/∂y = [4 0]
}
