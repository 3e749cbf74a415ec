// Package all lists the project's tutorials, in order.
package all

import (
	"github.com/bayesnn-go/bayesnn/tutorials/gibbshmc"
	"github.com/bayesnn-go/bayesnn/tutorials/hamiltorch"
	"github.com/bayesnn-go/bayesnn/tutorials/tutorial"
)

// Tutorials are the tutorials in the order of the reports' index. The
// MNIST CNN and Boston housing tutorials are notebooks written by hand
// (notebooks/03_mnist_cnn.ipynb, notebooks/04_boston_housing.ipynb).
var Tutorials = []*tutorial.Tutorial{
	gibbshmc.Tutorial,
	hamiltorch.Tutorial,
}

// Module is this repository's module path (the notebooks import it).
const Module = "github.com/bayesnn-go/bayesnn"
