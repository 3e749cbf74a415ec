package sgmcmc

import (
	"fmt"
	"math"
)

// Schedule gives each step's step size h (see the kernels for its meaning)
// and whether the step explores: takes no noise and keeps no draw.
type Schedule interface {
	// At returns the step size of step k (0-based) of a run of total steps
	// and whether that step explores.
	At(k, total int) (h float64, explore bool)
	// Check reports invalid settings.
	Check() error
}

// Constant is a fixed step size.
type Constant struct {
	StepSize float64
}

var _ Schedule = Constant{}

// At returns c.StepSize; no step explores.
func (c Constant) At(int, int) (float64, bool) { return c.StepSize, false }

// Check reports a step size that is not finite and positive.
func (c Constant) Check() error { return checkStep("step size", c.StepSize) }

func checkStep(what string, h float64) error {
	if !(h > 0) || math.IsInf(h, 0) {
		return fmt.Errorf("sgmcmc: %s %v, must be finite and positive", what, h)
	}
	return nil
}

// Polynomial is Welling and Teh's decaying step size
// h_k = A·(B + k)^(−Gamma), whose sum diverges and whose sum of squares
// converges for Gamma in (0.5, 1].
type Polynomial struct {
	A, B, Gamma float64
}

var _ Schedule = Polynomial{}

// At returns A·(B + k)^(−Gamma); no step explores.
func (p Polynomial) At(k, _ int) (float64, bool) {
	return p.A * math.Pow(p.B+float64(k), -p.Gamma), false
}

// Check reports A ≤ 0, B < 1 or Gamma outside (0, 1].
func (p Polynomial) Check() error {
	if err := checkStep("polynomial schedule's A", p.A); err != nil {
		return err
	}
	if !(p.B >= 1) || math.IsInf(p.B, 0) {
		return fmt.Errorf("sgmcmc: polynomial schedule's B %v, must be finite and at least 1", p.B)
	}
	if !(p.Gamma > 0 && p.Gamma <= 1) {
		return fmt.Errorf("sgmcmc: polynomial schedule's Gamma %v, must be in (0, 1]", p.Gamma)
	}
	return nil
}

// Cyclical is the cosine cyclical step size of Zhang, Li, Zhang, Chen and
// Wilson (2020): the run of K steps is cut into Cycles cycles of ⌈K/Cycles⌉
// steps, and step k of a cycle, at r = (k mod ⌈K/M⌉)/⌈K/M⌉, takes
//
//	h = StepSize/2 · (cos(π·r) + 1),
//
// falling from StepSize to about 0. The steps with r < Explore explore
// (optimise: no noise, no draws); the rest sample. With SGLD or SGHMC as
// the kernel this is their cSGLD or cSGHMC.
type Cyclical struct {
	// StepSize is the largest step, at the start of each cycle.
	StepSize float64
	// Cycles is the number of cycles M (≥ 1).
	Cycles int
	// Explore is the fraction of each cycle that explores, in [0, 1)
	// (Zhang et al. use 0.8 on CIFAR-10 with cSGHMC).
	Explore float64
}

var _ Schedule = Cyclical{}

// At returns the cosine step size and whether step k explores.
func (c Cyclical) At(k, total int) (float64, bool) {
	l := (total + c.Cycles - 1) / c.Cycles
	r := float64(k%l) / float64(l)
	return c.StepSize / 2 * (math.Cos(math.Pi*r) + 1), r < c.Explore
}

// Check reports a step size that is not finite and positive, fewer than
// one cycle or Explore outside [0, 1).
func (c Cyclical) Check() error {
	if err := checkStep("cyclical schedule's step size", c.StepSize); err != nil {
		return err
	}
	if c.Cycles < 1 {
		return fmt.Errorf("sgmcmc: cyclical schedule with %d cycles, need at least 1", c.Cycles)
	}
	if !(c.Explore >= 0 && c.Explore < 1) {
		return fmt.Errorf("sgmcmc: cyclical schedule's Explore %v, must be in [0, 1)", c.Explore)
	}
	return nil
}
