// Command gibbshmc runs the tutorial "Gibbs-within-HMC regression" and writes its HTML report
// (flags: -out DIR, -ci, -seed N, -quiet).
package main

import (
	"github.com/bayesnn-go/bayesnn/tutorials/gibbshmc"
	"github.com/bayesnn-go/bayesnn/tutorials/tutorial"
)

func main() { tutorial.Main(gibbshmc.Tutorial) }
