// Package hamiltorch is the tutorial "hamiltorch-style sampling: Gaussian and Neal's funnel".
package hamiltorch

import "github.com/bayesnn-go/bayesnn/tutorials/tutorial"

// State is carried from section to section (and from notebook cell to
// cell, gob-encoded): exported fields only.
type State struct{}

// Tutorial is the tutorial; its program is tutorials/cmd/hamiltorch and its
// notebook notebooks/02_hamiltorch_gaussian_funnel.ipynb.
var Tutorial = &tutorial.Tutorial{
	Name:     "02_hamiltorch_gaussian_funnel",
	Title:    "hamiltorch-style sampling: Gaussian and Neal's funnel",
	Intro:    "TODO",
	Package:  "github.com/bayesnn-go/bayesnn/tutorials/hamiltorch",
	Var:      "Tutorial",
	NewState: func() any { return new(State) },
}
