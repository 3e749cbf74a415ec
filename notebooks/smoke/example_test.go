package smoke_test

import (
	"fmt"

	"github.com/bayesnn-go/bayesnn/notebooks/smoke"
)

func ExampleHello() {
	fmt.Println(smoke.Hello())
	// Output: hello from github.com/bayesnn-go/bayesnn
}
