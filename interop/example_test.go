package interop_test

import (
	"fmt"

	"github.com/bayesnn-go/bayesnn/interop"
)

func ExampleVars() {
	vs, err := interop.Vars([]string{"sigma", "beta[1]", "beta[2]", "L[1,1]", "L[1,2]", "L[2,1]", "L[2,2]"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range vs {
		fmt.Println(v.Name, v.Shape, v.Columns)
	}
	// Output:
	// sigma [] [0]
	// beta [2] [1 2]
	// L [2 2] [3 4 5 6]
}
