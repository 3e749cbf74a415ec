package gibbshmc

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/bayesnn-go/bayesnn/samplers"
)

// Integrators are the three integrators the tutorial compares, in the
// order of its tables.
var Integrators = []samplers.Integrator{samplers.Euler, samplers.ModifiedEuler, samplers.Leapfrog}

// trajectory integrates steps steps of size eps from (q0, p0) under the
// Euclidean unit-metric Hamiltonian of t and returns the energy after
// every step (index 0 is the start) and the final point.
func trajectory(integ samplers.Integrator, t samplers.Target, q0, p0 []float64, eps float64, steps int) ([]float64, *samplers.Point) {
	h := &samplers.Euclidean{Target: t, Metric: samplers.UnitMetric{N: t.Dim()}}
	z := samplers.NewPoint(t.Dim())
	copy(z.Q, q0)
	copy(z.P, p0)
	h.Update(z)
	e := make([]float64, steps+1)
	e[0] = samplers.Energy(h, z)
	for s := 1; s <= steps; s++ {
		integ.Step(h, z, eps)
		e[s] = samplers.Energy(h, z)
	}
	return e, z
}

// EnergyPath returns the Hamiltonian H = −log p(q) + ½|p|² after each of
// steps integrator steps from (q0, p0) (index 0 is the start).
func EnergyPath(integ samplers.Integrator, t samplers.Target, q0, p0 []float64, eps float64, steps int) []float64 {
	if len(q0) != t.Dim() || len(p0) != t.Dim() {
		panic(fmt.Sprintf("gibbshmc: EnergyPath needs len(q0) == len(p0) == %d, got %d and %d", t.Dim(), len(q0), len(p0)))
	}
	e, _ := trajectory(integ, t, q0, p0, eps, steps)
	return e
}

// EnergyError returns the mean and the mean absolute value of the energy
// error ΔH = H(end) − H(start) of trajectories of steps steps of size eps
// from q0 with n standard normal momenta drawn from seed.
func EnergyError(integ samplers.Integrator, t samplers.Target, q0 []float64, eps float64, steps, n int, seed uint64) (mean, meanAbs float64) {
	rng := rand.New(rand.NewPCG(seed, 0xe4e))
	p0 := make([]float64, t.Dim())
	for i := 0; i < n; i++ {
		for j := range p0 {
			p0[j] = rng.NormFloat64()
		}
		e := EnergyPath(integ, t, q0, p0, eps, steps)
		d := e[steps] - e[0]
		mean += d
		meanAbs += math.Abs(d)
	}
	return mean / float64(n), meanAbs / float64(n)
}

// VolumeFactor returns |det J| of the map (q0, p0) ↦ (q, p) made of steps
// integrator steps, J its Jacobian computed by central finite differences:
// 1 for a volume-preserving integrator, the factor by which the trajectory
// stretches phase-space volume otherwise.
func VolumeFactor(integ samplers.Integrator, t samplers.Target, q0, p0 []float64, eps float64, steps int) float64 {
	n := t.Dim()
	if len(q0) != n || len(p0) != n {
		panic(fmt.Sprintf("gibbshmc: VolumeFactor needs len(q0) == len(p0) == %d, got %d and %d", n, len(q0), len(p0)))
	}
	f := func(y, x []float64) {
		_, z := trajectory(integ, t, x[:n], x[n:], eps, steps)
		copy(y[:n], z.Q)
		copy(y[n:], z.P)
	}
	x := append(append([]float64(nil), q0...), p0...)
	jac := mat.NewDense(2*n, 2*n, nil)
	fd.Jacobian(jac, f, x, &fd.JacobianSettings{Formula: fd.Central})
	return math.Abs(mat.Det(jac))
}
