package samplers

import (
	"fmt"

	"github.com/bayesnn-go/bayesnn/density"
)

// Integrator advances a phase-space point by one step of size eps (negative
// for a backward step) under a Hamiltonian, leaving the potential of the new
// position cached in the point.
type Integrator interface {
	Step(h Hamiltonian, z *Point, eps float64)
	// Gradients returns the number of target evaluations per step.
	Gradients() int
}

// Splitting is an explicit symmetric splitting integrator given by its
// coefficients, which alternate momentum (even index) and position (odd
// index) fractions of the step: leapfrog (velocity Verlet) is
// {0.5, 1, 0.5}. Splittings whose coefficients read the same both ways are
// time-reversible and, being compositions of shears, volume-preserving.
type Splitting struct {
	Name   string
	Coeffs []float64
}

var (
	// Leapfrog is velocity Verlet: half kick, drift, half kick. Order 2,
	// one gradient per step.
	Leapfrog = Splitting{Name: "leapfrog", Coeffs: []float64{0.5, 1, 0.5}}
	// TwoStage is McLachlan's two-stage minimal-norm splitting
	// (b = 0.1931833275037836; Blanes, Casas & Sanz-Serna 2014): order 2,
	// two gradients per step, a smaller error constant than two leapfrog
	// steps of half the size.
	TwoStage = Splitting{Name: "two-stage", Coeffs: []float64{twoStageB, 0.5, 1 - 2*twoStageB, 0.5, twoStageB}}
	// ModifiedEuler is symplectic Euler (Neal 2011, §5.2.3.3): a full kick
	// then a full drift with the new momentum. Volume-preserving (each stage
	// is a shear) but not time-reversible, and of order 1: for teaching.
	ModifiedEuler = Splitting{Name: "modified-euler", Coeffs: []float64{1, 1}}
)

// defaultIntegrator is Leapfrog as an interface value, converted once so
// that kernels using the default do not allocate per step.
var defaultIntegrator Integrator = Leapfrog

// twoStageB is McLachlan's minimal-norm two-stage coefficient.
const twoStageB = 0.1931833275037836

var _ Integrator = Splitting{}

// Step applies the splitting once.
func (s Splitting) Step(h Hamiltonian, z *Point, eps float64) {
	if e, ok := h.(*Euclidean); ok {
		if inv, ok := diagInverse(e.Metric); ok && s.fusable() {
			s.stepDiag(e.Target, z, inv, eps)
			return
		}
	}
	for i, c := range s.Coeffs {
		if c == 0 {
			continue
		}
		if i%2 == 0 {
			h.Kick(z, c*eps)
		} else {
			h.Velocity(z.V, z)
			h.Move(z, z.V, c*eps)
		}
	}
}

// fusable reports whether every stage is present, so that each drift can be
// fused with the kick before it.
func (s Splitting) fusable() bool {
	for _, c := range s.Coeffs {
		if c == 0 {
			return false
		}
	}
	return true
}

// stepDiag is Step for a Euclidean Hamiltonian with a diagonal inverse
// metric inv (nil: the identity), each kick fused with the drift after it:
// the same arithmetic in fewer passes and no interface calls but the target.
func (s Splitting) stepDiag(t density.Target, z *Point, inv []float64, eps float64) {
	c := s.Coeffs
	for i := 0; i < len(c); i += 2 {
		a := c[i] * eps
		if i+1 == len(c) {
			kick(z.P, z.Grad, a)
			return
		}
		kickDrift(z.Q, z.P, z.Grad, inv, a, c[i+1]*eps)
		z.LogProb = logProb(t, z.Grad, z.Q)
	}
}

// diagInverse returns the diagonal of a unit (nil) or diagonal inverse
// metric and whether m is one of those.
func diagInverse(m Metric) ([]float64, bool) {
	switch m := m.(type) {
	case UnitMetric:
		return nil, true
	case *DiagMetric:
		return m.inv, true
	}
	return nil, false
}

// Gradients returns the number of position stages.
func (s Splitting) Gradients() int {
	n := 0
	for i := 1; i < len(s.Coeffs); i += 2 {
		if s.Coeffs[i] != 0 {
			n++
		}
	}
	return n
}

// String returns the name.
func (s Splitting) String() string {
	if s.Name != "" {
		return s.Name
	}
	return fmt.Sprintf("splitting%v", s.Coeffs)
}

// EulerIntegrator is the explicit Euler method of Neal (2011, §5.2.3.1):
// momentum and position both move with the derivatives at the start of the
// step. It is neither volume-preserving nor reversible, so the energy drifts
// and HMC with it is not exact: for teaching only.
type EulerIntegrator struct{}

// Euler is the explicit Euler integrator.
var Euler Integrator = EulerIntegrator{}

// Step applies one explicit Euler step.
func (EulerIntegrator) Step(h Hamiltonian, z *Point, eps float64) {
	h.Velocity(z.V, z) // velocity at the old momentum
	h.Kick(z, eps)
	h.Move(z, z.V, eps)
}

// Gradients returns 1.
func (EulerIntegrator) Gradients() int { return 1 }

// String returns "euler".
func (EulerIntegrator) String() string { return "euler" }
