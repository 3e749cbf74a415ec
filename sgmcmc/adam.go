package sgmcmc

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Adam is Kingma and Ba's optimiser as a Kernel: it ascends log p and
// never injects noise (whatever Update's noise says), so Sample with Adam
// finds a MAP estimate by minibatches, keeping the optimisation path (one
// position per Thin steps), and bayesnn.MAP takes its full-batch steps with
// it. The schedule's step size is the learning rate. The moments start at
// 0 with the usual bias correction:
//
//	m ← β₁m + (1−β₁)g,  s ← β₂s + (1−β₂)g²,
//	θ ← θ + h·(m/(1−β₁ᵗ)) / (√(s/(1−β₂ᵗ)) + ϵ).
type Adam struct {
	// Beta1 and Beta2 are the moments' decays (default 0.9 and 0.999).
	Beta1, Beta2 float64
	// Epsilon guards the denominator (default 1e-8).
	Epsilon float64
}

var _ Kernel = Adam{}

// Name returns "adam".
func (Adam) Name() string { return "adam" }

func (k Adam) params() (b1, b2, eps float64) {
	b1, b2, eps = k.Beta1, k.Beta2, k.Epsilon
	if b1 == 0 {
		b1 = 0.9
	}
	if b2 == 0 {
		b2 = 0.999
	}
	if eps == 0 {
		eps = 1e-8
	}
	return
}

// Check reports decays outside [0, 1) or a negative Epsilon.
func (k Adam) Check() error {
	b1, b2, eps := k.params()
	if !(b1 > 0 && b1 < 1) || !(b2 > 0 && b2 < 1) {
		return fmt.Errorf("sgmcmc: Adam decays %v and %v, must be in [0, 1)", k.Beta1, k.Beta2)
	}
	if !(eps > 0) || math.IsInf(eps, 0) {
		return fmt.Errorf("sgmcmc: Adam epsilon %v, must be finite and positive", k.Epsilon)
	}
	return nil
}

// Init returns a state at a copy of x with zero moments (Momentum holds
// the first, Precond the second).
func (Adam) Init(x []float64) *State {
	return &State{Position: append([]float64(nil), x...), Momentum: make([]float64, len(x)), Precond: make([]float64, len(x))}
}

// Update takes one Adam ascent step of learning rate h; rng, n and noise
// are not used.
func (k Adam) Update(_ *rand.Rand, s *State, grad []float64, h float64, _ int, _ bool) {
	b1, b2, eps := k.params()
	s.Steps++
	c1 := 1 - math.Pow(b1, float64(s.Steps))
	c2 := 1 - math.Pow(b2, float64(s.Steps))
	for i, g := range grad {
		s.Momentum[i] = b1*s.Momentum[i] + (1-b1)*g
		s.Precond[i] = b2*s.Precond[i] + (1-b2)*g*g
		s.Position[i] += h * (s.Momentum[i] / c1) / (math.Sqrt(s.Precond[i]/c2) + eps)
	}
}
