package samplers

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/density"
)

// rmRoundTrip integrates from (q0, p0) for steps steps of eps with the kernel's
// integrator, then flips the momenta and integrates back, returning the
// largest deviation from (q0, p0). The explicit integrator flips both of
// its momenta (p and y).
func rmRoundTrip(t *testing.T, k RMHMC, tg density.HessianTarget, q0, p0 []float64, steps int, eps float64) float64 {
	t.Helper()
	s, err := k.Init(tg, q0)
	if err != nil {
		t.Fatal(err)
	}
	w := s.work.(*rmWork)
	copy(w.q, q0)
	copy(w.p, p0)
	copy(w.x, q0)
	copy(w.y, p0)
	g := w.cur
	run := func() {
		for range steps {
			var ok bool
			if k.Integrator == ExplicitRMHMC {
				g, ok = k.explicitStep(w, g, eps)
			} else {
				g, ok = k.implicitStep(w, g, w.q, w.p, eps)
			}
			if !ok {
				t.Fatalf("%v: integrator step failed", k.Integrator)
			}
		}
	}
	run()
	moved := 0.0
	for i := range q0 {
		moved = math.Max(moved, math.Abs(w.q[i]-q0[i]))
		w.p[i], w.y[i] = -w.p[i], -w.y[i]
	}
	if moved < 0.1 {
		t.Fatalf("%v: the trajectory moved only %v", k.Integrator, moved)
	}
	run()
	dev := 0.0
	for i := range q0 {
		dev = math.Max(dev, math.Abs(w.q[i]-q0[i]))
		dev = math.Max(dev, math.Abs(w.p[i]+p0[i]))
		if k.Integrator == ExplicitRMHMC {
			dev = math.Max(dev, math.Abs(w.x[i]-q0[i]))
			dev = math.Max(dev, math.Abs(w.y[i]+p0[i]))
		}
	}
	return dev
}

func TestRMReversibility(t *testing.T) {
	f := rmFunnel{N: 5}
	q0 := []float64{-0.5, 1.1, -0.7, 0.4, 0.9}
	p0 := []float64{0.3, -1.1, 0.8, 0.5, -0.2}
	for _, k := range []RMHMC{
		// Fixed points solved to rounding so the generalised leapfrog is
		// reversible to rounding.
		{StepSize: 0.05, Metric: SoftAbs, Integrator: ImplicitRMHMC, FixedPointTol: 1e-14, FixedPointIterations: 500},
		{StepSize: 0.05, Metric: SoftAbs, SoftAbsAlpha: 1, Integrator: ImplicitRMHMC, FixedPointTol: 1e-14, FixedPointIterations: 500},
		{StepSize: 0.05, Metric: SoftAbs, Integrator: ExplicitRMHMC, ExactBinding: true},
		{StepSize: 0.05, Metric: SoftAbs, SoftAbsAlpha: 1, Integrator: ExplicitRMHMC, ExactBinding: true},
	} {
		if dev := rmRoundTrip(t, k, f, q0, p0, 20, k.StepSize); dev > 1e-8 {
			t.Errorf("%v α=%g: round trip deviates by %v", k.Integrator, k.SoftAbsAlpha, dev)
		}
	}
	// The Hessian metric where the funnel is log-concave.
	q1 := []float64{0.5, 0.1, -0.2, 0.15, 0.05}
	p1 := []float64{0.1, -0.05, 0.08, 0.05, -0.02}
	for _, integ := range []RMIntegrator{ImplicitRMHMC, ExplicitRMHMC} {
		k := RMHMC{StepSize: 0.02, Integrator: integ, FixedPointTol: 1e-14, FixedPointIterations: 500, ExactBinding: true}
		if dev := rmRoundTrip(t, k, f, q1, p1, 10, k.StepSize); dev > 1e-8 {
			t.Errorf("hessian %v: round trip deviates by %v", integ, dev)
		}
	}
	// hamiltorch's binding update (the default) is not reversible.
	k := RMHMC{StepSize: 0.05, Metric: SoftAbs, Integrator: ExplicitRMHMC}
	dev := rmRoundTrip(t, k, f, q0, p0, 20, k.StepSize)
	if dev < 1e-4 {
		t.Errorf("hamiltorch's binding: round trip deviates by %v, want the map not reversible", dev)
	}
	t.Logf("hamiltorch's binding: round trip deviates by %.3g", dev)
}

func TestRMGaussian3D(t *testing.T) {
	// hamiltorch's first example: independent normals, means 1, 2, 3, sd
	// 0.5. The Hessian metric is the exact precision 4·I.
	tg, err := autodiff.NewTarget(rmGaussTape, []float64{0, 0, 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mu := []float64{1, 2, 3}
	for _, k := range []RMHMC{
		{StepSize: 0.3, Steps: 6, Integrator: ImplicitRMHMC},
		{StepSize: 0.3, Steps: 6, Integrator: ExplicitRMHMC},
		{StepSize: 0.3, Steps: 6, Metric: SoftAbs, Integrator: ImplicitRMHMC},
	} {
		// A fixed step size (no warm-up) from a point within 1 sd of the
		// mean: εL = 1.8 is far from the period 2π of the whitened
		// dynamics, where the draws would repeat.
		tr, err := Sample(context.Background(), tg, Options{Chains: 2, Warmup: -1, Draws: 600, Seed: 11, Kernel: k,
			InitialPoints: [][]float64{{0.6, 2.3, 2.7}}})
		if err != nil {
			t.Fatal(err)
		}
		if d := tr.Divergences(); d > 0 {
			t.Errorf("%v %v: %d divergences", k.Integrator, k.Metric, d)
		}
		for j := range 3 {
			c := tr.Param(j)
			if z := zMean(c, mu[j]); math.Abs(z) > 4 {
				t.Errorf("%v %v: mean[%d] = %.4f, truth %v (z = %.2f)", k.Integrator, k.Metric, j, mean(flatten(c)), mu[j], z)
			}
			if z := zVar(c, mu[j], 0.25); math.Abs(z) > 4 {
				t.Errorf("%v %v: var[%d] = %.4f, truth 0.25 (z = %.2f)", k.Integrator, k.Metric, j, variance(flatten(c)), z)
			}
		}
		acc := mean(flatten(tr.Stat("accept_stat__")))
		t.Logf("%v %v: accept %.3f, step %.3g, ESS x0 %.0f", k.Integrator, k.Metric, acc,
			tr.Stat("stepsize__")[0][0], ess(tr.Param(0)))
	}
}

// TestRMEnergyOrder checks the physics of both integrators on the funnel
// (α = 1, a smooth metric): the energy error over a fixed time falls as
// ε² (ratio 4 when ε halves, for second-order integrators; accepted in
// [3, 5]), and the two integrators reach the same end point as ε → 0.
func TestRMEnergyOrder(t *testing.T) {
	f := rmFunnel{N: 5}
	q0 := []float64{-0.5, 1.1, -0.7, 0.4, 0.9}
	p0 := []float64{0.3, -1.1, 0.8, 0.5, -0.2}
	ends := map[RMIntegrator][]float64{}
	for _, integ := range []RMIntegrator{ImplicitRMHMC, ExplicitRMHMC} {
		var dh []float64
		for _, eps := range []float64{0.02, 0.01, 0.005} {
			k := RMHMC{StepSize: eps, Metric: SoftAbs, SoftAbsAlpha: 1, Integrator: integ, Binding: 10,
				FixedPointTol: 1e-13, FixedPointIterations: 500, ExactBinding: true}
			s, err := k.Init(f, q0)
			if err != nil {
				t.Fatal(err)
			}
			w := s.work.(*rmWork)
			copy(w.p, p0)
			h0 := w.cur.energy(w.p, w.v)
			end, h1, _, ok := k.trajectory(w, int(math.Round(0.8/eps)), eps, h0)
			if !ok {
				t.Fatalf("%v ε=%g: trajectory failed", integ, eps)
			}
			dh = append(dh, math.Abs(h1-h0))
			ends[integ] = append([]float64(nil), end.q...)
		}
		for i := 1; i < len(dh); i++ {
			if r := dh[i-1] / dh[i]; r < 3 || r > 5 {
				t.Errorf("%v: energy errors %.3g, ratio %.2f when ε halves, want about 4", integ, dh, r)
			}
		}
	}
	// hamiltorch's binding update (the default) is about first order.
	var dh []float64
	for _, eps := range []float64{0.02, 0.01, 0.005} {
		k := RMHMC{StepSize: eps, Metric: SoftAbs, SoftAbsAlpha: 1, Integrator: ExplicitRMHMC, Binding: 10}
		s, err := k.Init(f, q0)
		if err != nil {
			t.Fatal(err)
		}
		w := s.work.(*rmWork)
		copy(w.p, p0)
		h0 := w.cur.energy(w.p, w.v)
		_, h1, _, ok := k.trajectory(w, int(math.Round(0.8/eps)), eps, h0)
		if !ok {
			t.Fatalf("hamiltorch's binding ε=%g: trajectory failed", eps)
		}
		dh = append(dh, math.Abs(h1-h0))
	}
	t.Logf("hamiltorch's binding: energy errors %.3g", dh)
	if r := dh[0] / dh[2]; r > 10 {
		t.Errorf("hamiltorch's binding: energy errors %.3g fall by %.1f over a 4-fold smaller ε, want less than second order (16)", dh, r)
	}
	for i := range q0 {
		// The end points differ by O(ε²) ≈ 1e-5 here.
		if d := math.Abs(ends[ImplicitRMHMC][i] - ends[ExplicitRMHMC][i]); d > 1e-3 {
			t.Errorf("end point [%d]: implicit %v, explicit %v", i, ends[ImplicitRMHMC][i], ends[ExplicitRMHMC][i])
		}
	}
}

// rmNotHessian is a density.Target without Hessians.
type rmNotHessian struct{}

func (rmNotHessian) Dim() int { return 2 }
func (rmNotHessian) LogProb(grad, x []float64) float64 {
	grad[0], grad[1] = -x[0], -x[1]
	return -0.5 * (x[0]*x[0] + x[1]*x[1])
}

func TestRMBadInput(t *testing.T) {
	f := rmFunnel{N: 3}
	x := []float64{0.1, 0.2, -0.1}
	good := RMHMC{StepSize: 0.1, Metric: SoftAbs}
	for _, tc := range []struct {
		name string
		k    RMHMC
		t    density.Target
		x    []float64
	}{
		{"zero step", RMHMC{}, f, x},
		{"NaN step", RMHMC{StepSize: math.NaN()}, f, x},
		{"negative steps", RMHMC{StepSize: 0.1, Steps: -1}, f, x},
		{"unknown metric", RMHMC{StepSize: 0.1, Metric: 7}, f, x},
		{"unknown integrator", RMHMC{StepSize: 0.1, Integrator: 7}, f, x},
		{"negative alpha", RMHMC{StepSize: 0.1, SoftAbsAlpha: -1}, f, x},
		{"negative jitter", RMHMC{StepSize: 0.1, Jitter: -1}, f, x},
		{"negative iterations", RMHMC{StepSize: 0.1, FixedPointIterations: -1}, f, x},
		{"NaN tolerance", RMHMC{StepSize: 0.1, FixedPointTol: math.NaN()}, f, x},
		{"negative binding", RMHMC{StepSize: 0.1, Binding: -1}, f, x},
		{"not a density.HessianTarget", good, rmNotHessian{}, []float64{0, 0}},
		{"nil target", good, nil, x},
		{"wrong length", good, f, []float64{1}},
		{"Inf start", good, f, []float64{math.Inf(1), 0, 0}},
		// The funnel's Hessian is indefinite at large x: the Hessian
		// metric cannot be formed there, even jittered.
		{"indefinite Hessian", RMHMC{StepSize: 0.1, JitterTries: -1}, f, []float64{0, 3, 3}},
	} {
		if _, err := tc.k.Init(tc.t, tc.x); err == nil {
			t.Errorf("%s: no error", tc.name)
		} else {
			t.Logf("%s: %v", tc.name, err)
		}
	}
	if _, err := good.Init(f, x); err != nil {
		t.Errorf("good configuration: %v", err)
	}
}

// TestRMFailureIsDivergence runs the Hessian metric where the funnel is
// not log-concave: transitions whose metric cannot be formed are rejected
// as divergent and the chain goes on.
func TestRMFailureIsDivergence(t *testing.T) {
	k := RMHMC{StepSize: 0.5, Steps: 5, JitterTries: -1}
	s, err := k.Init(rmFunnel{N: 3}, []float64{0.5, 0.1, -0.1})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	div := 0
	for range 50 {
		info := k.Step(rng, s)
		if info.Divergent {
			div++
			if info.AcceptStat != 0 {
				t.Errorf("divergent transition with accept stat %v", info.AcceptStat)
			}
		}
		if !rmAllFinite(s.Position) || !rmFinite(s.LogDensity) {
			t.Fatalf("state not finite: %v %v", s.Position, s.LogDensity)
		}
	}
	if div == 0 {
		t.Errorf("no divergence in 50 transitions")
	}
}

// TestRMWarmup runs RMHMC through Sample's warm-up: the kernel is
// Adaptable (step size only) and a StepSizeProber.
func TestRMWarmup(t *testing.T) {
	tg, err := autodiff.NewTarget(rmGaussTape, []float64{0, 0, 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	k := RMHMC{StepSize: 0.05, Steps: 4}
	s, err := k.Init(tg, []float64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2, 2))
	if d := k.ProbeStepSize(rng, s, 0.1); !rmFinite(d) {
		t.Errorf("ProbeStepSize = %v", d)
	}
	tr, err := Sample(context.Background(), tg, Options{Chains: 1, Warmup: 100, Draws: 50, Seed: 3, Kernel: k})
	if err != nil {
		t.Fatal(err)
	}
	if eps := tr.Stat("stepsize__")[0][0]; eps == 0.05 || !(eps > 0) {
		t.Errorf("step size after warm-up %v: not adapted", eps)
	}
}
