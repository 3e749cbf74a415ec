package samplers

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// This file measures the two properties that make an integrator fit for
// HMC: how well it conserves the energy, and whether it preserves
// phase-space volume. Both use the Euclidean Hamiltonian with the identity
// metric, H(q, p) = −log p(q) + ½|p|².

// trajectory integrates steps steps of size eps from (q0, p0) and returns
// the energy after every step (index 0 is the start) and the end point.
func trajectory(integ Integrator, t density.Target, q0, p0 []float64, eps float64, steps int) ([]float64, *Point) {
	h := &Euclidean{Target: t, Metric: UnitMetric{N: t.Dim()}}
	z := NewPoint(t.Dim())
	copy(z.Q, q0)
	copy(z.P, p0)
	h.Update(z)
	e := make([]float64, steps+1)
	e[0] = Energy(h, z)
	for s := 1; s <= steps; s++ {
		integ.Step(h, z, eps)
		e[s] = Energy(h, z)
	}
	return e, z
}

func checkTrajectoryArgs(what string, t density.Target, q0, p0 []float64, eps float64, steps int) error {
	if t == nil {
		return fmt.Errorf("samplers: %s: nil target", what)
	}
	if len(q0) != t.Dim() || (p0 != nil && len(p0) != t.Dim()) {
		return fmt.Errorf("samplers: %s: the target has %d dimensions, the start %d positions and %d momenta", what, t.Dim(), len(q0), len(p0))
	}
	if !(eps > 0) || math.IsInf(eps, 1) {
		return fmt.Errorf("samplers: %s: step size %v, want a finite positive number", what, eps)
	}
	if steps < 1 {
		return fmt.Errorf("samplers: %s: %d steps, want at least 1", what, steps)
	}
	return nil
}

// EnergyPath returns the Hamiltonian H = −log p(q) + ½|p|² after each of
// steps integrator steps of size eps from (q0, p0); index 0 is the start.
func EnergyPath(integ Integrator, t density.Target, q0, p0 []float64, eps float64, steps int) ([]float64, error) {
	if err := checkTrajectoryArgs("EnergyPath", t, q0, p0, eps, steps); err != nil {
		return nil, err
	}
	if p0 == nil {
		return nil, fmt.Errorf("samplers: EnergyPath: no starting momentum")
	}
	e, _ := trajectory(integ, t, q0, p0, eps, steps)
	return e, nil
}

// EnergyError returns the mean and the mean absolute value of the energy
// error ΔH = H(end) − H(start) of n trajectories of steps steps of size
// eps from q0, each with a standard normal momentum drawn from seed.
func EnergyError(integ Integrator, t density.Target, q0 []float64, eps float64, steps, n int, seed uint64) (mean, meanAbs float64, err error) {
	if err := checkTrajectoryArgs("EnergyError", t, q0, nil, eps, steps); err != nil {
		return 0, 0, err
	}
	if n < 1 {
		return 0, 0, fmt.Errorf("samplers: EnergyError: %d trajectories, want at least 1", n)
	}
	rng := rand.New(rand.NewPCG(seed, 0xe4e))
	p0 := make([]float64, t.Dim())
	for i := 0; i < n; i++ {
		for j := range p0 {
			p0[j] = rng.NormFloat64()
		}
		e, _ := trajectory(integ, t, q0, p0, eps, steps)
		d := e[steps] - e[0]
		mean += d
		meanAbs += math.Abs(d)
	}
	return mean / float64(n), meanAbs / float64(n), nil
}

// VolumeFactor returns |det J| of the map (q0, p0) ↦ (q, p) made of steps
// integrator steps of size eps, J its Jacobian by central finite
// differences: 1 for a volume-preserving integrator (leapfrog, modified
// Euler), the factor by which the trajectory stretches phase-space volume
// otherwise (Euler's method: det(I + ε²K) per step on a Gaussian of
// precision K).
func VolumeFactor(integ Integrator, t density.Target, q0, p0 []float64, eps float64, steps int) (float64, error) {
	if err := checkTrajectoryArgs("VolumeFactor", t, q0, p0, eps, steps); err != nil {
		return 0, err
	}
	if p0 == nil {
		return 0, fmt.Errorf("samplers: VolumeFactor: no starting momentum")
	}
	n := t.Dim()
	f := func(y, x []float64) {
		_, z := trajectory(integ, t, x[:n], x[n:], eps, steps)
		copy(y[:n], z.Q)
		copy(y[n:], z.P)
	}
	x := append(append([]float64(nil), q0...), p0...)
	jac := mat.NewDense(2*n, 2*n, nil)
	fd.Jacobian(jac, f, x, &fd.JacobianSettings{Formula: fd.Central})
	return math.Abs(mat.Det(jac)), nil
}
