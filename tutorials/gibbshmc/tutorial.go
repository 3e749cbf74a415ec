// Package gibbshmc is the tutorial "Gibbs-within-HMC regression".
package gibbshmc

import "github.com/bayesnn-go/bayesnn/tutorials/tutorial"

// State is carried from section to section (and from notebook cell to
// cell, gob-encoded): exported fields only.
type State struct{}

// Tutorial is the tutorial; its program is tutorials/cmd/gibbshmc and its
// notebook notebooks/01_gibbs_hmc.ipynb.
var Tutorial = &tutorial.Tutorial{
	Name:     "01_gibbs_hmc",
	Title:    "Gibbs-within-HMC regression",
	Intro:    "TODO",
	Package:  "github.com/bayesnn-go/bayesnn/tutorials/gibbshmc",
	Var:      "Tutorial",
	NewState: func() any { return new(State) },
}
