// Package mnistcnn is the tutorial "hamiltorch MNIST CNN".
package mnistcnn

import "github.com/bayesnn-go/bayesnn/tutorials/tutorial"

// State is carried from section to section (and from notebook cell to
// cell, gob-encoded): exported fields only.
type State struct{}

// Tutorial is the tutorial; its program is tutorials/cmd/mnistcnn and its
// notebook notebooks/03_mnist_cnn.ipynb.
var Tutorial = &tutorial.Tutorial{
	Name:     "03_mnist_cnn",
	Title:    "hamiltorch MNIST CNN",
	Intro:    "TODO",
	Package:  "github.com/bayesnn-go/bayesnn/tutorials/mnistcnn",
	Var:      "Tutorial",
	NewState: func() any { return new(State) },
}
