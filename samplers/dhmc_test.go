package samplers

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
)

// dhPoisson returns log Poisson(n; λ), -Inf for n < 0.
func dhPoisson(n int, lambda float64) float64 {
	if n < 0 {
		return math.Inf(-1)
	}
	lg, _ := math.Lgamma(float64(n) + 1)
	return float64(n)*math.Log(lambda) - lambda - lg
}

// dhFloorChains maps the draws of an embedded integer to the integer.
func dhFloorChains(c [][]float64) [][]float64 { return mapChains(c, math.Floor) }

// dhRun samples t with k and returns the trace, failing the test on error.
func dhRun(t *testing.T, target density.Target, k DHMC, seed uint64, draws int) *Trace {
	t.Helper()
	tr, err := Sample(context.Background(), target, Options{
		Chains: 4, Warmup: 200, Draws: draws, Seed: seed, Kernel: k,
	})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// dhCheck fails if |z| >= 4: a deviation of 4 Monte Carlo standard errors.
func dhCheck(t *testing.T, what string, z float64) {
	t.Helper()
	if math.IsNaN(z) || math.Abs(z) >= 4 {
		t.Errorf("%s: %.2f MCSE from the truth", what, z)
	} else {
		t.Logf("%s: z = %.2f", what, z)
	}
}

// A Poisson(3.5) count embedded by n = ⌊x⌋: mean and variance are both λ.
func TestDHMCPoisson(t *testing.T) {
	const lambda = 3.5
	target := DHMCFromLogPMF(1, func(n []int) float64 { return dhPoisson(n[0], lambda) })
	k := DHMC{StepSize: 1, Discontinuous: target.Discontinuous()}
	tr := dhRun(t, target, k, 1, 2000)
	n := dhFloorChains(tr.Param(0))
	dhCheck(t, "Poisson mean", zMean(n, lambda))
	dhCheck(t, "Poisson variance", zVar(n, lambda, lambda))
	// The coordinate-wise integrator conserves energy: every proposal is
	// accepted up to rounding.
	for c, acc := range tr.Stat("accept_stat") {
		for i, a := range acc {
			if a < 1-1e-12 {
				t.Fatalf("chain %d draw %d: accept_stat %v on a purely discrete target", c, i, a)
			}
		}
	}
}

// A Binomial(12, 0.3) in two coordinates, the second a copy shifted by its
// own independent Binomial: exercises several discontinuous coordinates and
// non-unit masses.
func TestDHMCBinomialPair(t *testing.T) {
	const size, prob = 12, 0.3
	logBinom := func(n int) float64 {
		if n < 0 || n > size {
			return math.Inf(-1)
		}
		a, _ := math.Lgamma(size + 1)
		b, _ := math.Lgamma(float64(n) + 1)
		c, _ := math.Lgamma(float64(size-n) + 1)
		return a - b - c + float64(n)*math.Log(prob) + float64(size-n)*math.Log1p(-prob)
	}
	// n0 ~ Binomial; n1 - n0 ~ Binomial, so n1 has mean 2·size·prob and
	// variance 2·size·prob·(1-prob).
	target := DHMCFromLogPMF(2, func(n []int) float64 { return logBinom(n[0]) + logBinom(n[1]-n[0]) })
	k := DHMC{StepSize: 1.5, Discontinuous: []int{1, 0}, Mass: []float64{0.5, 1}}
	tr := dhRun(t, target, k, 2, 1500)
	mu, v := size*prob, size*prob*(1-prob)
	n0, n1 := dhFloorChains(tr.Param(0)), dhFloorChains(tr.Param(1))
	dhCheck(t, "n0 mean", zMean(n0, mu))
	dhCheck(t, "n0 variance", zVar(n0, mu, v))
	dhCheck(t, "n1 mean", zMean(n1, 2*mu))
	dhCheck(t, "n1 variance", zVar(n1, 2*mu, 2*v))
}

// A step density on [0, 2): 1/4 on [0, 1), 3/4 on [1, 2), as a plain
// density.FuncTarget (full re-evaluation). Mean 1/4·1/2 + 3/4·3/2 = 5/4; second
// moment 1/4·1/3 + 3/4·7/3 = 11/6, so variance 11/6 - 25/16 = 13/48.
func TestDHMCStepDensity(t *testing.T) {
	target := density.FuncTarget{N: 1, F: func(grad, x []float64) float64 {
		grad[0] = 0
		switch {
		case x[0] >= 0 && x[0] < 1:
			return math.Log(0.25)
		case x[0] >= 1 && x[0] < 2:
			return math.Log(0.75)
		}
		return math.Inf(-1)
	}}
	k := DHMC{StepSize: 0.4, Discontinuous: []int{0}}
	tr := dhRun(t, target, k, 3, 2000)
	x := tr.Param(0)
	dhCheck(t, "step density mean", zMean(x, 1.25))
	dhCheck(t, "step density variance", zVar(x, 1.25, 13.0/48))
}

// dhMixed is y | n ~ N(n, 1), n ~ Poisson(2): E y = E n = 2, Var n = 2,
// Var y = 1 + Var n = 3. With delta, the cheap update is provided.
func dhMixed(delta bool) *DHMCEmbedded {
	const lambda = 2.0
	e := &DHMCEmbedded{
		Continuous: 1, Integers: 1,
		F: func(grad, y []float64, n []int) float64 {
			d := y[0] - float64(n[0])
			grad[0] = -d
			return -d*d/2 + dhPoisson(n[0], lambda)
		},
	}
	if delta {
		e.Delta = func(y []float64, n []int, _, m int) float64 {
			a, b := y[0]-float64(n[0]), y[0]-float64(m)
			return (a*a-b*b)/2 + dhPoisson(m, lambda) - dhPoisson(n[0], lambda)
		}
	}
	return e
}

func TestDHMCMixed(t *testing.T) {
	// Var y = 3: a diagonal metric with that inverse mass, and a step size
	// scaled by its square root (0.5·√3), samples the same target.
	diag, err := NewDiagMetric([]float64{3})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		delta  bool
		metric Metric
		eps    float64
	}{{false, nil, 0.5}, {true, nil, 0.5}, {true, diag, 0.87}} {
		delta := c.delta
		target := dhMixed(delta)
		k := DHMC{StepSize: c.eps, Discontinuous: target.Discontinuous(), Mass: []float64{c.eps}, Metric: c.metric}
		tr := dhRun(t, target, k, 4, 2000)
		y, n := tr.Param(0), dhFloorChains(tr.Param(1))
		t.Logf("delta %v, metric %v: ESS y %.0f, n %.0f of %d", delta, c.metric != nil, ess(y), ess(n), 4*2000)
		dhCheck(t, "mixed E y", zMean(y, 2))
		dhCheck(t, "mixed Var y", zVar(y, 2, 3))
		dhCheck(t, "mixed E n", zMean(n, 2))
		dhCheck(t, "mixed Var n", zVar(n, 2, 2))
		if d := tr.Divergences(); d > 0 {
			t.Errorf("delta %v: %d divergences", delta, d)
		}
	}
}

// The same seed gives the same draws.
func TestDHMCReproducible(t *testing.T) {
	run := func() [][]float64 {
		tr := dhRun(t, dhMixed(true), DHMC{StepSize: 0.5, Discontinuous: []int{1}}, 9, 50)
		return tr.Param(1)
	}
	a, b := run(), run()
	for c := range a {
		for i := range a[c] {
			if a[c][i] != b[c][i] {
				t.Fatalf("chain %d draw %d: %v then %v", c, i, a[c][i], b[c][i])
			}
		}
	}
}

// A NaN log density inside the trajectory is a divergence, and the chain
// stays where it was.
func TestDHMCNaNDiverges(t *testing.T) {
	target := density.FuncTarget{N: 2, F: func(grad, x []float64) float64 {
		grad[0], grad[1] = -x[0], 0
		if x[0] > 0.5 {
			return math.NaN()
		}
		return -x[0] * x[0] / 2
	}}
	k := DHMC{StepSize: 1, Discontinuous: []int{1}, Steps: 20}
	s, err := k.Init(target, []float64{0.4, 0})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	divergent := 0
	for range 50 {
		x0 := s.Position[0]
		info := k.Step(rng, s)
		if info.Divergent {
			divergent++
			if s.Position[0] != x0 || info.AcceptStat != 0 {
				t.Fatalf("divergent step moved the chain or accepted: %+v", info)
			}
		}
		if s.Position[0] > 0.5 || math.IsNaN(s.LogDensity) {
			t.Fatalf("chain left the region where log p is defined: x = %v, lp = %v", s.Position, s.LogDensity)
		}
	}
	if divergent == 0 {
		t.Error("no divergence although the trajectories cross into NaN")
	}
}

func TestDHMCBadInput(t *testing.T) {
	pois := DHMCFromLogPMF(1, func(n []int) float64 { return dhPoisson(n[0], 3) })
	mixed := dhMixed(false)
	for _, c := range []struct {
		name string
		k    DHMC
		t    density.Target
		x    []float64
	}{
		{"zero step size", DHMC{Discontinuous: []int{0}}, pois, []float64{1}},
		{"NaN step size", DHMC{StepSize: math.NaN(), Discontinuous: []int{0}}, pois, []float64{1}},
		{"jitter 1", DHMC{StepSize: 1, StepSizeJitter: 1, Discontinuous: []int{0}}, pois, []float64{1}},
		{"negative steps", DHMC{StepSize: 1, Steps: -1, Discontinuous: []int{0}}, pois, []float64{1}},
		{"min steps above steps", DHMC{StepSize: 1, Steps: 3, MinSteps: 4, Discontinuous: []int{0}}, pois, []float64{1}},
		{"no discontinuous", DHMC{StepSize: 1}, pois, []float64{1}},
		{"index out of range", DHMC{StepSize: 1, Discontinuous: []int{2}}, mixed, []float64{0, 1}},
		{"negative index", DHMC{StepSize: 1, Discontinuous: []int{-1}}, mixed, []float64{0, 1}},
		{"repeated index", DHMC{StepSize: 1, Discontinuous: []int{1, 1}}, mixed, []float64{0, 1}},
		{"mass length", DHMC{StepSize: 1, Discontinuous: []int{1}, Mass: []float64{1, 1}}, mixed, []float64{0, 1}},
		{"zero mass", DHMC{StepSize: 1, Discontinuous: []int{1}, Mass: []float64{0}}, mixed, []float64{0, 1}},
		{"metric dimension", DHMC{StepSize: 1, Discontinuous: []int{1}, Metric: UnitMetric{N: 2}}, mixed, []float64{0, 1}},
		{"metric on discrete only", DHMC{StepSize: 1, Discontinuous: []int{0}, Metric: UnitMetric{N: 1}}, pois, []float64{1}},
		{"nil target", DHMC{StepSize: 1, Discontinuous: []int{0}}, nil, []float64{1}},
		{"outside the support", DHMC{StepSize: 1, Discontinuous: []int{0}}, pois, []float64{-0.5}},
		{"initial length", DHMC{StepSize: 1, Discontinuous: []int{0}}, pois, []float64{1, 2}},
		{"initial NaN", DHMC{StepSize: 1, Discontinuous: []int{1}}, mixed, []float64{math.NaN(), 1}},
	} {
		s, err := c.k.Init(c.t, c.x)
		if err == nil || s != nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		t.Logf("%s: %v", c.name, err)
	}
}
