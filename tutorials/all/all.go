// Package all lists the project's tutorials, in order.
package all

import (
	"github.com/bayesnn-go/bayesnn/tutorials/boston"
	"github.com/bayesnn-go/bayesnn/tutorials/mnistcnn"
	"github.com/bayesnn-go/bayesnn/tutorials/tutorial"
)

// Tutorials are the tutorials in the order of the reports' index.
var Tutorials = []*tutorial.Tutorial{
	mnistcnn.Tutorial,
	boston.Tutorial,
}

// Module is this repository's module path (the notebooks import it).
const Module = "github.com/bayesnn-go/bayesnn"
