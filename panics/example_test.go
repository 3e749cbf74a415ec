package panics_test

import (
	"fmt"
	"strings"

	"github.com/bayesnn-go/bayesnn/panics"
)

func ExampleCall() {
	err := panics.Call("chain 0", func() error {
		var x []float64
		_ = x[3] // a bug in a user's log density
		return nil
	})
	fmt.Println(strings.SplitN(err.Error(), "\n", 2)[0])
	// Output: chain 0: panic: runtime error: index out of range [3] with length 0
}
