// Command hamiltorch runs the tutorial "hamiltorch-style sampling: Gaussian and Neal's funnel" and writes its HTML report
// (flags: -out DIR, -ci, -seed N, -quiet).
package main

import (
	"github.com/bayesnn-go/bayesnn/tutorials/hamiltorch"
	"github.com/bayesnn-go/bayesnn/tutorials/tutorial"
)

func main() { tutorial.Main(hamiltorch.Tutorial) }
