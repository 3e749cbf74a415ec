package samplers

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// harmonic is the standard normal log density in n dimensions: with a unit
// metric, H = ½q² + ½p² and q(t) = sin t from q = 0, p = 1.
func harmonic(n int) density.FuncTarget {
	return density.FuncTarget{N: n, F: func(grad, x []float64) float64 {
		var s float64
		for i, v := range x {
			grad[i] = -v
			s += v * v
		}
		return -0.5 * s
	}}
}

// quartic is a non-Gaussian 2-D log density for the volume test.
func quartic() density.FuncTarget {
	return density.FuncTarget{N: 2, F: func(grad, x []float64) float64 {
		grad[0] = -x[0]*x[0]*x[0] - 0.5*x[1]
		grad[1] = -x[1] - 0.5*x[0]
		return -0.25*math.Pow(x[0], 4) - 0.5*x[1]*x[1] - 0.5*x[0]*x[1]
	}}
}

func TestTestTargetGradients(t *testing.T) {
	for name, tg := range map[string]density.Target{"harmonic": harmonic(3), "quartic": quartic()} {
		checkGradient(t, name, tg, []float64{0.3, -1.2, 0.7}[:tg.Dim()])
	}
}

// checkGradient compares a target's gradient with central finite differences.
func checkGradient(t *testing.T, name string, tg density.Target, x []float64) {
	t.Helper()
	n := tg.Dim()
	grad := make([]float64, n)
	tg.LogProb(grad, x)
	want := fd.Gradient(nil, func(x []float64) float64 {
		return tg.LogProb(make([]float64, n), x)
	}, x, &fd.Settings{Formula: fd.Central})
	for i := range grad {
		if math.Abs(grad[i]-want[i]) > 1e-6*(1+math.Abs(want[i])) {
			t.Errorf("%s: gradient[%d] = %v, finite differences %v", name, i, grad[i], want[i])
		}
	}
}

// integrate runs steps of size 1/steps from q = 1, p = 0 on the harmonic
// oscillator and returns q(1) and the final energy. (From q = 0 symplectic
// Euler coincides with leapfrog, whose first half kick vanishes there.)
func integrate(integ Integrator, steps int) (q, energy float64) {
	h := &Euclidean{Target: harmonic(1), Metric: UnitMetric{N: 1}}
	z := NewPoint(1)
	z.Q[0] = 1
	h.Update(z)
	for i := 0; i < steps; i++ {
		integ.Step(h, z, 1/float64(steps))
	}
	return z.Q[0], Energy(h, z)
}

func TestIntegratorOrder(t *testing.T) {
	for _, c := range []struct {
		integ Integrator
		order float64
	}{
		{Leapfrog, 2}, {TwoStage, 2}, {Euler, 1}, {ModifiedEuler, 1},
	} {
		// q(1) = cos 1 from q = 1, p = 0 (and sin 1 from q = 0, p = 1).
		// The global error of an order-k method falls by 2^k when the step
		// halves; the observed order from 40 → 80 steps is within 0.1 of k.
		q40, _ := integrate(c.integ, 40)
		q80, _ := integrate(c.integ, 80)
		e40, e80 := math.Abs(q40-math.Cos(1)), math.Abs(q80-math.Cos(1))
		got := math.Log2(e40 / e80)
		if math.Abs(got-c.order) > 0.1 {
			t.Errorf("%v: observed order %.3f (errors %.3g, %.3g), want %v", c.integ, got, e40, e80, c.order)
		}
	}
	// From q = 0, p = 1 the exact trajectory is q(t) = sin t: the
	// reversible splittings reach sin 1 with order 2 and explicit Euler
	// with order 1 (symplectic Euler is left out: from q = 0 its first kick
	// vanishes and it coincides with leapfrog).
	for _, c := range []struct {
		integ Integrator
		order float64
	}{{Leapfrog, 2}, {TwoStage, 2}, {Euler, 1}} {
		e40 := math.Abs(integrateSin(c.integ, 40) - math.Sin(1))
		e80 := math.Abs(integrateSin(c.integ, 80) - math.Sin(1))
		if got := math.Log2(e40 / e80); math.Abs(got-c.order) > 0.1 {
			t.Errorf("%v: observed order %.3f towards sin 1, want %v", c.integ, got, c.order)
		}
	}
	// At equal gradient cost the two-stage splitting, built to minimise the
	// leading term of the energy error (Blanes, Casas & Sanz-Serna 2014),
	// has a smaller energy error than leapfrog.
	e2 := maxEnergyError(TwoStage, 0.2, 500)
	e1 := maxEnergyError(Leapfrog, 0.1, 1000)
	if !(e2 < e1) {
		t.Errorf("two-stage max energy error %.3g not below leapfrog's %.3g at 1000 gradients", e2, e1)
	}
}

// integrateSin returns q(1) from q = 0, p = 1 on the harmonic oscillator.
func integrateSin(integ Integrator, steps int) float64 {
	h := &Euclidean{Target: harmonic(1), Metric: UnitMetric{N: 1}}
	z := NewPoint(1)
	z.P[0] = 1
	h.Update(z)
	for i := 0; i < steps; i++ {
		integ.Step(h, z, 1/float64(steps))
	}
	return z.Q[0]
}

// maxEnergyError integrates the harmonic oscillator from q = 1, p = 0 and
// returns the largest |H - H0|.
func maxEnergyError(integ Integrator, eps float64, steps int) float64 {
	h := &Euclidean{Target: harmonic(1), Metric: UnitMetric{N: 1}}
	z := NewPoint(1)
	z.Q[0] = 1
	h.Update(z)
	h0 := Energy(h, z)
	maxErr := 0.0
	for i := 0; i < steps; i++ {
		integ.Step(h, z, eps)
		maxErr = math.Max(maxErr, math.Abs(Energy(h, z)-h0))
	}
	return maxErr
}

func TestIntegratorEnergy(t *testing.T) {
	// Symplectic splittings keep the energy error bounded over long times;
	// explicit Euler multiplies the harmonic oscillator's energy by exactly
	// 1 + eps² per step, so after 1000 steps of 0.1 it has grown e^~10-fold.
	const steps, eps = 1000, 0.1
	for _, c := range []struct {
		integ  Integrator
		maxErr float64 // bound on |H - H0|: leapfrog's shadow Hamiltonian differs by eps²/8·... ≤ eps²/4
	}{
		{Leapfrog, eps * eps / 4}, {TwoStage, eps * eps / 4}, {ModifiedEuler, eps}, {Euler, math.Inf(1)},
	} {
		h := &Euclidean{Target: harmonic(1), Metric: UnitMetric{N: 1}}
		z := NewPoint(1)
		z.P[0] = 1
		h.Update(z)
		h0 := Energy(h, z)
		maxErr := 0.0
		for i := 0; i < steps; i++ {
			c.integ.Step(h, z, eps)
			maxErr = math.Max(maxErr, math.Abs(Energy(h, z)-h0))
		}
		if c.integ == Euler {
			want := h0 * math.Pow(1+eps*eps, steps)
			if got := Energy(h, z); math.Abs(got-want) > 1e-9*want {
				t.Errorf("euler: energy %v after %d steps, want H0·(1+eps²)^n = %v", got, steps, want)
			}
			continue
		}
		if maxErr > c.maxErr {
			t.Errorf("%v: max energy error %.3g over %d steps, bound %.3g", c.integ, maxErr, steps, c.maxErr)
		}
	}
}

func TestIntegratorVolume(t *testing.T) {
	// The Jacobian determinant of one step in (q, p): 1 for every splitting
	// (a composition of shears), 1 + eps²·(curvature) ≠ 1 for explicit Euler.
	const eps = 0.3
	for _, c := range []struct {
		integ    Integrator
		preserve bool
	}{
		{Leapfrog, true}, {TwoStage, true}, {ModifiedEuler, true}, {Euler, false},
	} {
		h := &Euclidean{Target: quartic(), Metric: UnitMetric{N: 2}}
		step := func(y, x []float64) {
			z := NewPoint(2)
			copy(z.Q, x[:2])
			copy(z.P, x[2:])
			h.Update(z)
			c.integ.Step(h, z, eps)
			copy(y[:2], z.Q)
			copy(y[2:], z.P)
		}
		jac := mat.NewDense(4, 4, nil)
		fd.Jacobian(jac, step, []float64{0.7, -0.4, 0.3, 1.1}, &fd.JacobianSettings{Formula: fd.Central})
		det := mat.Det(jac)
		if c.preserve && math.Abs(det-1) > 1e-6 {
			t.Errorf("%v: Jacobian determinant %v, want 1", c.integ, det)
		}
		if !c.preserve && math.Abs(det-1) < 0.01 {
			t.Errorf("%v: Jacobian determinant %v, expected to differ from 1", c.integ, det)
		}
	}
}

func TestEulerHMCAcceptance(t *testing.T) {
	// HMC with explicit Euler accepts far less often than with leapfrog at
	// the same step size on a 20-D standard normal: its energy error grows
	// systematically (and the chain is not exact).
	tg := harmonic(20)
	mean := func(integ Integrator) float64 {
		k := HMC{StepSize: 0.25, Steps: 8, Integrator: integ}
		x := make([]float64, 20)
		s, err := k.Init(tg, x)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(11, 12))
		var acc float64
		const n = 300
		for i := 0; i < n; i++ {
			acc += k.Step(rng, s).AcceptStat
		}
		return acc / n
	}
	lf, eu := mean(Leapfrog), mean(Euler)
	// Leapfrog at eps = 0.25 on a unit normal accepts > 90 %; the Euler
	// energy error, ≈ 20·(1.0625^8 - 1)/2 ≈ 6 per transition, leaves < 10 %.
	if !(lf > 0.9 && eu < 0.1) {
		t.Errorf("mean acceptance leapfrog %.3f, euler %.3f; want > 0.9 and < 0.1", lf, eu)
	}
}
