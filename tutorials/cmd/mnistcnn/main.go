// Command mnistcnn runs the tutorial "hamiltorch MNIST CNN" and writes its HTML report
// (flags: -out DIR, -ci, -seed N, -quiet).
package main

import (
	"github.com/bayesnn-go/bayesnn/tutorials/mnistcnn"
	"github.com/bayesnn-go/bayesnn/tutorials/tutorial"
)

func main() { tutorial.Main(mnistcnn.Tutorial) }
