// Command boston runs the tutorial "TFP-style Bayesian neural network on Boston housing" and writes its HTML report
// (flags: -out DIR, -ci, -seed N, -quiet).
package main

import (
	"github.com/bayesnn-go/bayesnn/tutorials/boston"
	"github.com/bayesnn-go/bayesnn/tutorials/tutorial"
)

func main() { tutorial.Main(boston.Tutorial) }
