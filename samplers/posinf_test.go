package samplers

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// posInfHole is a 2-D standard normal whose log density is +Inf where
// x0 > 1 (gradient finite): by density.Target's rule a region outside the support.
type posInfHole struct{}

func (posInfHole) Dim() int { return 2 }

func (posInfHole) LogProb(grad, x []float64) float64 {
	grad[0], grad[1] = -x[0], -x[1]
	if x[0] > 1 {
		return math.Inf(1)
	}
	return -0.5 * (x[0]*x[0] + x[1]*x[1])
}

func (posInfHole) Hessian(dst *mat.SymDense, x []float64) error {
	dst.Zero()
	dst.SetSym(0, 0, -1)
	dst.SetSym(1, 1, -1)
	return nil
}

func (posInfHole) HessianDeriv(dst []*mat.SymDense, x []float64) error {
	for _, d := range dst {
		d.Zero()
	}
	return nil
}

// TestPosInfIsOutsideTheSupport: every kernel treats +Inf like NaN, a
// rejection (and a divergence where it integrates a trajectory); on main,
// static HMC and random-walk Metropolis kept 799 of 800 draws at +Inf.
func TestPosInfIsOutsideTheSupport(t *testing.T) {
	gibbsX1 := func(rng *rand.Rand, x []float64) { x[1] = rng.NormFloat64() }
	for _, tc := range []struct {
		name      string
		o         Options
		divergent bool
	}{
		{"NUTS", Options{Kernel: NUTS{}}, true},
		{"static HMC", Options{Kernel: HMC{Steps: 10}}, true},
		{"RWM", Options{Kernel: RWM{}}, false},
		{"BAOAB", Options{Kernel: BAOAB{StepSize: 0.3, Friction: 1}}, true},
		{"RMHMC", Options{Kernel: RMHMC{StepSize: 0.3, Steps: 5}, Warmup: -1}, true},
		// x0 discontinuous: the coordinate-wise step reflects off the region.
		{"DHMC, x0 discontinuous", Options{Kernel: DHMC{StepSize: 0.3, Discontinuous: []int{0}}}, false},
		{"DHMC, x0 continuous", Options{Kernel: DHMC{StepSize: 0.3, Discontinuous: []int{1}}}, true},
		{"Gibbs", Options{Kernel: Gibbs{Block: []int{1}, Draw: gibbsX1, Inner: RWM{Scale: 1}}}, false},
	} {
		o := tc.o
		o.Chains, o.Draws, o.Seed = 2, 400, 11
		if o.Warmup == 0 {
			o.Warmup = 200
		}
		o.InitialPoints = [][]float64{{0, 0}}
		tr, err := Sample(context.Background(), posInfHole{}, o)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		bad := 0
		for c := 0; c < tr.Chains; c++ {
			for d := 0; d < tr.Draws; d++ {
				if tr.Samples[(c*tr.Draws+d)*tr.Dim] > 1 || math.IsInf(tr.Stats[c*tr.Draws+d].LogDensity, 1) {
					bad++
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d draws where log p = +Inf", tc.name, bad, tr.Chains*tr.Draws)
		}
		if tc.divergent && tr.Divergences() == 0 {
			t.Errorf("%s: no divergences although trajectories cross the +Inf region", tc.name)
		}
	}
	// An initial point at +Inf is an error, as at NaN.
	if _, err := Sample(context.Background(), posInfHole{}, Options{Chains: 1, InitialPoints: [][]float64{{2, 0}}}); err == nil {
		t.Error("initial point at +Inf: no error")
	}
}
