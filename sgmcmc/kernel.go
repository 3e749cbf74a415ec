package sgmcmc

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// State is one chain's state: its position and each kernel's auxiliary
// variables. Its slices are owned by the state and overwritten by Update.
type State struct {
	// Position is the chain's current point.
	Position []float64
	// Momentum is SGHMC's velocity v (nil for the other kernels).
	Momentum []float64
	// Precond is PSGLD's running average of squared mean gradients, and
	// SGHMC's running average of squared gradients when it estimates the
	// gradient noise (nil otherwise).
	Precond []float64
	// GradMean is SGHMC's running average of gradients when it estimates
	// the gradient noise (nil otherwise).
	GradMean []float64
	// Steps counts the updates made.
	Steps int
}

// Kernel is a stochastic-gradient transition: Init builds a state at a
// position, Update moves it one step given the minibatch gradient there.
// Kernels are immutable configured values; the random stream is an
// argument. Update allocates nothing.
type Kernel interface {
	// Name names the kernel, e.g. "sghmc".
	Name() string
	// Check reports invalid settings.
	Check() error
	// Init returns a state at a copy of x.
	Init(x []float64) *State
	// Update moves s one step of size h given grad, the minibatch estimate
	// of ∇log p at s.Position scaled to the whole data set (see Target),
	// for a data set of n rows. With noise false it injects no noise: an
	// optimisation step (a cyclical schedule's exploration).
	Update(rng *rand.Rand, s *State, grad []float64, h float64, n int, noise bool)
}

// SGLD is stochastic-gradient Langevin dynamics (Welling and Teh 2011):
//
//	θ ← θ + h·∇̃log p(θ) + √(2h)·ξ,  ξ ~ N(0, I),
//
// the Euler–Maruyama step of the Langevin diffusion dθ = ∇log p dt + √2 dW
// with time step h (Welling and Teh's ε is 2h).
type SGLD struct{}

var _ Kernel = SGLD{}

// Name returns "sgld".
func (SGLD) Name() string { return "sgld" }

// Check returns nil: SGLD has no settings.
func (SGLD) Check() error { return nil }

// Init returns a state at a copy of x.
func (SGLD) Init(x []float64) *State { return &State{Position: append([]float64(nil), x...)} }

// Update takes one SGLD step.
func (SGLD) Update(rng *rand.Rand, s *State, grad []float64, h float64, _ int, noise bool) {
	sd := math.Sqrt(2 * h)
	for i, g := range grad {
		s.Position[i] += h * g
		if noise {
			s.Position[i] += sd * rng.NormFloat64()
		}
	}
	s.Steps++
}

// SGHMC is stochastic-gradient Hamiltonian Monte Carlo with friction
// (Chen, Fox and Guestrin 2014, eq. 15, unit mass):
//
//	v ← (1−α)·v + h·∇̃log p(θ) + N(0, 2(α − β̂)h),  θ ← θ + v,
//
// where h = ε² is the learning rate, α = Friction the friction per step
// (1 − momentum, in SGD's words) and β̂ = ½·h·V̂ the part of the needed
// noise that the gradient noise already supplies (V̂ its variance). The
// velocity starts at 0.
//
// With NoiseEstimate, V̂ is estimated per coordinate as the running
// variance of the stochastic gradients over the last ~1/(1−NoiseDecay)
// steps, and β̂ is capped at α (no noise is then injected in that
// coordinate). That running variance also holds part of the gradient's
// change as θ moves, so it overestimates the minibatch noise (on the tests'
// Gaussian posterior by about a quarter) and leans towards too little
// noise; Chen et al. themselves mostly set β̂ = 0, the default.
type SGHMC struct {
	// Friction α in (0, 1] (default 0.1, a momentum of 0.9).
	Friction float64
	// NoiseEstimate subtracts the estimated gradient noise β̂ from the
	// injected noise.
	NoiseEstimate bool
	// NoiseDecay is the decay of the running averages in [0, 1) (default
	// 0.99).
	NoiseDecay float64
}

var _ Kernel = SGHMC{}

// Name returns "sghmc".
func (SGHMC) Name() string { return "sghmc" }

func (k SGHMC) friction() float64 {
	if k.Friction == 0 {
		return 0.1
	}
	return k.Friction
}

func (k SGHMC) decay() float64 {
	if k.NoiseDecay == 0 {
		return 0.99
	}
	return k.NoiseDecay
}

// Check reports a friction outside (0, 1] or a decay outside [0, 1).
func (k SGHMC) Check() error {
	if a := k.friction(); !(a > 0 && a <= 1) {
		return fmt.Errorf("sgmcmc: SGHMC friction %v, must be in (0, 1]", k.Friction)
	}
	if d := k.decay(); !(d > 0 && d < 1) {
		return fmt.Errorf("sgmcmc: SGHMC noise decay %v, must be in [0, 1)", k.NoiseDecay)
	}
	return nil
}

// Init returns a state at a copy of x with zero velocity.
func (k SGHMC) Init(x []float64) *State {
	s := &State{Position: append([]float64(nil), x...), Momentum: make([]float64, len(x))}
	if k.NoiseEstimate {
		s.Precond, s.GradMean = make([]float64, len(x)), make([]float64, len(x))
	}
	return s
}

// Update takes one SGHMC step.
func (k SGHMC) Update(rng *rand.Rand, s *State, grad []float64, h float64, _ int, noise bool) {
	a := k.friction()
	d := k.decay()
	sd := math.Sqrt(2 * a * h)
	first := s.Steps == 0
	for i, g := range grad {
		v := (1-a)*s.Momentum[i] + h*g
		if noise {
			if k.NoiseEstimate {
				m, q := &s.GradMean[i], &s.Precond[i]
				if first {
					*m, *q = g, g*g
				} else {
					*m = d**m + (1-d)*g
					*q = d**q + (1-d)*g*g
				}
				beta := 0.5 * h * max(*q-*m**m, 0)
				v += math.Sqrt(2*h*max(a-beta, 0)) * rng.NormFloat64()
			} else {
				v += sd * rng.NormFloat64()
			}
		}
		s.Momentum[i] = v
		s.Position[i] += v
	}
	s.Steps++
}

// PSGLD is preconditioned SGLD (Li, Chen, Carlson and Carin 2016) with
// RMSprop's diagonal preconditioner:
//
//	V ← δ·V + (1−δ)·ḡ⊙ḡ,  G = 1/(λ + √V),
//	θ ← θ + h·G⊙∇̃log p(θ) + √(2h·G)⊙ξ,
//
// where ḡ = ∇̃log p/N is the mean gradient per data row and δ = Decay. V
// starts at the first step's ḡ⊙ḡ. Like Li et al., it leaves out the small
// correction term Γ (the derivative of G), which vanishes as δ → 1.
type PSGLD struct {
	// Decay δ of the running average in (0, 1) (default 0.99).
	Decay float64
	// Lambda λ > 0 regularises the preconditioner (default 1e-5).
	Lambda float64
}

var _ Kernel = PSGLD{}

// Name returns "psgld".
func (PSGLD) Name() string { return "psgld" }

func (k PSGLD) decay() float64 {
	if k.Decay == 0 {
		return 0.99
	}
	return k.Decay
}

func (k PSGLD) lambda() float64 {
	if k.Lambda == 0 {
		return 1e-5
	}
	return k.Lambda
}

// Check reports a decay outside (0, 1) or a negative λ.
func (k PSGLD) Check() error {
	if d := k.decay(); !(d > 0 && d < 1) {
		return fmt.Errorf("sgmcmc: PSGLD decay %v, must be in (0, 1)", k.Decay)
	}
	if l := k.lambda(); !(l > 0) || math.IsInf(l, 0) {
		return fmt.Errorf("sgmcmc: PSGLD lambda %v, must be finite and positive", k.Lambda)
	}
	return nil
}

// Init returns a state at a copy of x.
func (PSGLD) Init(x []float64) *State {
	return &State{Position: append([]float64(nil), x...), Precond: make([]float64, len(x))}
}

// Update takes one preconditioned SGLD step.
func (k PSGLD) Update(rng *rand.Rand, s *State, grad []float64, h float64, n int, noise bool) {
	d, l := k.decay(), k.lambda()
	inv := 1 / float64(max(n, 1))
	first := s.Steps == 0
	for i, g := range grad {
		gb := g * inv
		if first {
			s.Precond[i] = gb * gb
		} else {
			s.Precond[i] = d*s.Precond[i] + (1-d)*gb*gb
		}
		G := 1 / (l + math.Sqrt(s.Precond[i]))
		s.Position[i] += h * G * g
		if noise {
			s.Position[i] += math.Sqrt(2*h*G) * rng.NormFloat64()
		}
	}
	s.Steps++
}
