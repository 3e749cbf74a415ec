package samplers_test

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// gaussian2 is a 2-D Gaussian with precision K = [[4, 1], [1, 2]].
var gaussian2 = density.FuncTarget{N: 2, F: func(grad, x []float64) float64 {
	grad[0] = -(4*x[0] + x[1])
	grad[1] = -(x[0] + 2*x[1])
	return -0.5 * (4*x[0]*x[0] + 2*x[0]*x[1] + 2*x[1]*x[1])
}}

// TestVolumeFactor: leapfrog and modified Euler preserve volume; Euler
// expands it by det(I + ε²K) per step on a Gaussian of precision K.
func TestVolumeFactor(t *testing.T) {
	const eps, steps = 0.1, 20
	q0, p0 := []float64{1, -0.5}, []float64{0.3, 1}
	for _, integ := range []samplers.Integrator{samplers.Leapfrog, samplers.ModifiedEuler} {
		// The map is linear: central differences are exact up to rounding,
		// so 1e-6 is far above rounding and far below Euler's factor.
		v, err := samplers.VolumeFactor(integ, gaussian2, q0, p0, eps, steps)
		if err != nil || math.Abs(v-1) > 1e-6 {
			t.Errorf("%v: volume factor %v (%v), want 1", integ, v, err)
		}
	}
	k := mat.NewDense(2, 2, []float64{1 + 4*eps*eps, eps * eps, eps * eps, 1 + 2*eps*eps})
	want := math.Pow(mat.Det(k), steps)
	v, err := samplers.VolumeFactor(samplers.Euler, gaussian2, q0, p0, eps, steps)
	if err != nil || math.Abs(v-want) > 1e-6*want {
		t.Errorf("Euler volume factor %v (%v), want det(I + ε²K)^L = %v", v, err, want)
	}
}

// TestEnergyError: leapfrog's energy error on a Gaussian is O(ε²), so
// halving ε divides the mean |ΔH| by about 4; Euler gains energy on average.
func TestEnergyError(t *testing.T) {
	q0 := []float64{0.5, 0.5}
	_, a1, err := samplers.EnergyError(samplers.Leapfrog, gaussian2, q0, 0.1, 10, 200, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, a2, _ := samplers.EnergyError(samplers.Leapfrog, gaussian2, q0, 0.05, 20, 200, 1)
	if r := a1 / a2; r < 3 || r > 5 {
		t.Errorf("leapfrog |ΔH| ratio for ε halved: %.2f, want about 4", r)
	}
	if m, _, _ := samplers.EnergyError(samplers.Euler, gaussian2, q0, 0.1, 10, 200, 1); !(m > 0) {
		t.Errorf("Euler mean ΔH %v, want > 0", m)
	}
	path, err := samplers.EnergyPath(samplers.Leapfrog, gaussian2, q0, []float64{1, 0}, 0.1, 5)
	if err != nil || len(path) != 6 {
		t.Fatalf("EnergyPath: %d energies, %v", len(path), err)
	}
}

// TestIntegratorCheckErrors: bad input is an error naming the problem.
func TestIntegratorCheckErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
	}{
		{"short start", func() error {
			_, err := samplers.EnergyPath(samplers.Leapfrog, gaussian2, []float64{1}, []float64{1, 0}, 0.1, 5)
			return err
		}()},
		{"no momentum", func() error {
			_, err := samplers.VolumeFactor(samplers.Leapfrog, gaussian2, []float64{1, 0}, nil, 0.1, 5)
			return err
		}()},
		{"zero step", func() error {
			_, _, err := samplers.EnergyError(samplers.Leapfrog, gaussian2, []float64{1, 0}, 0, 5, 1, 1)
			return err
		}()},
		{"no steps", func() error {
			_, err := samplers.EnergyPath(samplers.Leapfrog, gaussian2, []float64{1, 0}, []float64{1, 0}, 0.1, 0)
			return err
		}()},
		{"no trajectories", func() error {
			_, _, err := samplers.EnergyError(samplers.Leapfrog, gaussian2, []float64{1, 0}, 0.1, 5, 0, 1)
			return err
		}()},
	} {
		if c.err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

// The energy error of 20 leapfrog steps of size 0.1 on a 2-D Gaussian, and
// the volume factor of Euler's method, which is not volume-preserving.
func ExampleVolumeFactor() {
	target := density.FuncTarget{N: 2, F: func(grad, x []float64) float64 {
		grad[0], grad[1] = -x[0], -x[1]
		return -0.5 * (x[0]*x[0] + x[1]*x[1])
	}}
	q0, p0 := []float64{1, 0}, []float64{0, 1}
	leap, _ := samplers.VolumeFactor(samplers.Leapfrog, target, q0, p0, 0.1, 20)
	euler, _ := samplers.VolumeFactor(samplers.Euler, target, q0, p0, 0.1, 20)
	_, absDH, _ := samplers.EnergyError(samplers.Leapfrog, target, q0, 0.1, 20, 100, 1)
	fmt.Printf("leapfrog %.4f, Euler %.4f (= 1.01^40 = %.4f), leapfrog |ΔH| < 0.01: %v\n", leap, euler, math.Pow(1.01, 40), absDH < 0.01)
	// Output: leapfrog 1.0000, Euler 1.4889 (= 1.01^40 = 1.4889), leapfrog |ΔH| < 0.01: true
}
