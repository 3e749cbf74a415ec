package boston_test

import (
	"fmt"

	"github.com/bayesnn-go/bayesnn/tutorials/boston"
)

// A chain that goes from the lower mode to the upper one and back, with a
// detour to the saddle that does not count.
func ExampleCountSwitches() {
	x := []float64{-2, -2.5, 0.3, -1.8, 2.1, 1.7, 0.2, 2.2, -2}
	y := []float64{-2, -1.5, 0.1, -2.2, 1.9, 2.4, -0.4, 1.8, -2}
	fmt.Println(boston.CountSwitches(x, y))
	// Output: 2
}
