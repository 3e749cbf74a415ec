package samplers

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/diff/fd"
)

// dhProduct is an embedded product of three pmfs (Poisson(3), Binomial(10,
// 0.3) and Geometric(0.4)) with a continuous coordinate y | n ~ N(n0 - n2,
// 1/4) when mixed.
func dhProduct(mixed bool) *DHMCEmbedded {
	logPMF := func(n []int) float64 {
		if n[1] < 0 || n[1] > 10 || n[2] < 0 {
			return math.Inf(-1)
		}
		a, _ := math.Lgamma(11)
		b, _ := math.Lgamma(float64(n[1]) + 1)
		c, _ := math.Lgamma(float64(10-n[1]) + 1)
		return dhPoisson(n[0], 3) + a - b - c + float64(n[1])*math.Log(0.3) + float64(10-n[1])*math.Log(0.7) +
			float64(n[2])*math.Log(0.6) + math.Log(0.4)
	}
	e := &DHMCEmbedded{Integers: 3, F: func(grad, y []float64, n []int) float64 {
		lp := logPMF(n)
		if len(y) == 1 {
			d := y[0] - float64(n[0]-n[2])
			grad[0] = -4 * d
			lp -= 2 * d * d
		}
		return lp
	}}
	if mixed {
		e.Continuous = 1
	}
	return e
}

// The mixed integrator is reversible: L steps forward with random orders,
// flip every momentum, L steps with the orders reversed (and the steps in
// reverse), flip again: back at the start up to rounding. Also checks that
// the discontinuous-only integrator conserves the energy exactly in exact
// arithmetic (to 1e-12 here), and that the trajectory did cross between
// integers and reflect.
func TestDHMCIntegratorReversible(t *testing.T) {
	for _, mixed := range []bool{false, true} {
		target := dhProduct(mixed)
		// Starts and moves ε/m = 1.4, 0.7, 0.35 chosen so that no position
		// lands within 0.02 of an integer, where rounding could flip ⌊x⌋
		// between the forward and backward passes.
		x0 := []float64{2.31, 3.63, 1.27}
		if mixed {
			x0 = append([]float64{1.1}, x0...)
		}
		k := DHMC{StepSize: 0.7, Discontinuous: target.Discontinuous(), Mass: []float64{0.5, 1, 2}}
		s, err := k.Init(target, x0)
		if err != nil {
			t.Fatal(err)
		}
		w := s.work.(*dhWork)
		rng := rand.New(rand.NewPCG(5, 6))
		for trial := range 20 {
			copy(w.q, s.Position)
			copy(w.grad, s.Grad)
			w.lp = s.LogDensity
			w.sampleMomentum(rng)
			// Large momenta so that some moves cross walls and others not.
			for i := range w.pd {
				w.pd[i] *= 3
			}
			q0 := append([]float64(nil), w.q...)
			pc0 := append([]float64(nil), w.pc...)
			pd0 := append([]float64(nil), w.pd...)
			h0 := w.energy()
			const steps = 15
			orders := make([][]int, steps)
			moved := false
			for l := range orders {
				w.shuffle(rng)
				orders[l] = append([]int(nil), w.order...)
				w.step(0.7, orders[l])
				for j, v := range w.q {
					if math.Floor(v) != math.Floor(q0[j]) {
						moved = true
					}
				}
			}
			if !mixed {
				if d := math.Abs(w.energy() - h0); d > 1e-12 {
					t.Errorf("trial %d: discrete-only energy changed by %v", trial, d)
				}
			}
			for i := range w.pc {
				w.pc[i] = -w.pc[i]
			}
			for i := range w.pd {
				w.pd[i] = -w.pd[i]
			}
			for l := steps - 1; l >= 0; l-- {
				rev := make([]int, len(orders[l]))
				for i, o := range orders[l] {
					rev[len(rev)-1-i] = o
				}
				w.step(0.7, rev)
			}
			for i := range w.q {
				if d := math.Abs(w.q[i] - q0[i]); d > 1e-12 {
					t.Errorf("mixed %v trial %d: q[%d] = %v, started at %v", mixed, trial, i, w.q[i], q0[i])
				}
			}
			for i := range w.pc {
				if d := math.Abs(-w.pc[i] - pc0[i]); d > 1e-12 {
					t.Errorf("mixed %v trial %d: pc[%d] = %v, started at %v", mixed, trial, i, -w.pc[i], pc0[i])
				}
			}
			for i := range w.pd {
				if d := math.Abs(-w.pd[i] - pd0[i]); d > 1e-12 {
					t.Errorf("mixed %v trial %d: pd[%d] = %v, started at %v", mixed, trial, i, -w.pd[i], pd0[i])
				}
			}
			if !moved {
				t.Errorf("mixed %v trial %d: no integer changed: the test checks nothing", mixed, trial)
			}
		}
	}
}

// One coordinate-wise update, by hand: the move is taken when the kinetic
// energy exceeds the rise of the potential, and reflected otherwise.
func TestDHMCCoordinateUpdate(t *testing.T) {
	// log p = 0 on [0, 1), -1 on [1, 2), -Inf elsewhere.
	target := density.FuncTarget{N: 1, F: func(grad, x []float64) float64 {
		grad[0] = 0
		switch {
		case x[0] >= 0 && x[0] < 1:
			return 0
		case x[0] >= 1 && x[0] < 2:
			return -1
		}
		return math.Inf(-1)
	}}
	k := DHMC{StepSize: 1, Discontinuous: []int{0}, Mass: []float64{2}}
	s, err := k.Init(target, []float64{0.5})
	if err != nil {
		t.Fatal(err)
	}
	w := s.work.(*dhWork)
	for _, c := range []struct {
		q, p         float64 // start
		wantQ, wantP float64
	}{
		{0.5, 3, 1, 1},               // ΔU = 1 < |p|/m = 1.5: move by ε/m = 0.5, |p| drops by m·ΔU = 2
		{0.5, 1.8, 0.5, -1.8},        // ΔU = 1 ≥ 0.9: reflect
		{0.5, -5, 0, -5},             // to 0, still in [0, 1): ΔU = 0, a free move
		{1.25, -0.1, 0.75, -0.1 - 2}, // ΔU = -1: |p| grows by m·1 = 2
		{1.75, 0.1, 1.75, -0.1},      // into -Inf: reflect
		{0.25, -9, 0.25, 9},          // into -Inf below 0: reflect
	} {
		w.q[0], w.pd[0] = c.q, c.p
		w.lp = target.LogProb(w.grad, w.q)
		w.coordinatewise(1, []int{0})
		if math.Abs(w.q[0]-c.wantQ) > 1e-15 || math.Abs(w.pd[0]-c.wantP) > 1e-15 {
			t.Errorf("from q %v, p %v: got q %v, p %v; want %v, %v", c.q, c.p, w.q[0], w.pd[0], c.wantQ, c.wantP)
		}
	}
}

// The embedding's gradient of the continuous block matches finite
// differences, its discrete entries are zero, and LogProbCoord agrees with
// a full evaluation, with and without Delta.
func TestDHMCEmbedded(t *testing.T) {
	for _, delta := range []bool{false, true} {
		e := dhMixed(delta)
		x := []float64{0.7, 3.4}
		grad := make([]float64, 2)
		lp := e.LogProb(grad, x)
		g := fd.Gradient(nil, func(y []float64) float64 {
			return e.LogProb(make([]float64, 2), []float64{y[0], x[1]})
		}, x[:1], &fd.Settings{Formula: fd.Central})
		if math.Abs(g[0]-grad[0]) > 1e-6 || grad[1] != 0 {
			t.Errorf("gradient %v, finite differences %v (discrete entry must be 0)", grad, g)
		}
		for _, v := range []float64{3.0, 3.99, 4.0, 2.5, 0.1, -0.2, 17.3, math.Inf(1), math.NaN(), 1e300} {
			got := e.LogProbCoord(x, lp, 1, v)
			want := e.LogProb(make([]float64, 2), []float64{x[0], v})
			if !(got == want || math.Abs(got-want) < 1e-12) && !(math.IsInf(got, -1) && math.IsInf(want, -1)) {
				t.Errorf("delta %v: LogProbCoord at %v = %v, full evaluation %v", delta, v, got, want)
			}
			if x[0] != 0.7 || x[1] != 3.4 {
				t.Fatalf("LogProbCoord changed x to %v", x)
			}
		}
		// A continuous coordinate through LogProbCoord: a full evaluation.
		got := e.LogProbCoord(x, lp, 0, 1.5)
		want := e.LogProb(make([]float64, 2), []float64{1.5, x[1]})
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("LogProbCoord on y: %v, want %v", got, want)
		}
	}
	// The fallback wrapper of a plain density.Target.
	f := &dhFull{Target: density.FuncTarget{N: 2, F: func(grad, x []float64) float64 {
		grad[0], grad[1] = 1, 2
		return x[0] + 2*x[1]
	}}, grad: make([]float64, 2)}
	x := []float64{1, 2}
	if got := f.LogProbCoord(x, 5, 1, 4); got != 9 || x[1] != 2 {
		t.Errorf("dhFull.LogProbCoord = %v with x %v, want 9 with x unchanged", got, x)
	}
	// Clone gives independent scratch.
	c := dhMixed(true).Clone().(*DHMCEmbedded)
	if c.Continuous != 1 || c.Integers != 1 || c.n != nil {
		t.Errorf("Clone: %+v", c)
	}
	if names := c.ParamNames(); len(names) != 2 {
		t.Errorf("ParamNames: %v", names)
	}
}
