// Package boston is the tutorial "TFP-style Bayesian neural network on Boston housing".
package boston

import "github.com/bayesnn-go/bayesnn/tutorials/tutorial"

// State is carried from section to section (and from notebook cell to
// cell, gob-encoded): exported fields only.
type State struct{}

// Tutorial is the tutorial; its program is tutorials/cmd/boston and its
// notebook notebooks/04_boston_housing.ipynb.
var Tutorial = &tutorial.Tutorial{
	Name:     "04_boston_housing",
	Title:    "TFP-style Bayesian neural network on Boston housing",
	Intro:    "TODO",
	Package:  "github.com/bayesnn-go/bayesnn/tutorials/boston",
	Var:      "Tutorial",
	NewState: func() any { return new(State) },
}
