package sgmcmc

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/bayesnn-go/bayesnn/samplers"
)

func TestBadOptions(t *testing.T) {
	tg := newLinReg(100, 1).target()
	ok := Options{StepSize: 1e-3, BatchSize: 10, Epochs: 2}
	cases := []struct {
		name string
		mod  func(o *Options)
		want string
	}{
		{"batch larger than data", func(o *Options) { o.BatchSize = 101 }, "larger than the data"},
		{"zero batch", func(o *Options) { o.BatchSize = 0 }, "batch size 0"},
		{"step zero", func(o *Options) { o.StepSize = 0 }, "step size 0"},
		{"step negative", func(o *Options) { o.StepSize = -1 }, "step size -1"},
		{"step NaN", func(o *Options) { o.StepSize = math.NaN() }, "step size NaN"},
		{"no epochs", func(o *Options) { o.Epochs = 0 }, "0 epochs"},
		{"burn-in too long", func(o *Options) { o.BurnIn = 2 }, "burn-in"},
		{"negative thin", func(o *Options) { o.Thin = -1 }, "thin"},
		{"friction", func(o *Options) { o.Kernel = SGHMC{Friction: 1.5} }, "friction"},
		{"adam decay", func(o *Options) { o.Kernel = Adam{Beta2: 1} }, "Adam decays"},
		{"psgld decay", func(o *Options) { o.Kernel = PSGLD{Decay: 1} }, "decay"},
		{"cyclical cycles", func(o *Options) { o.Schedule = Cyclical{StepSize: 1e-3} }, "0 cycles"},
		{"cyclical explore", func(o *Options) { o.Schedule = Cyclical{StepSize: 1e-3, Cycles: 1, Explore: 1} }, "Explore"},
		{"polynomial gamma", func(o *Options) { o.Schedule = Polynomial{A: 1, B: 1, Gamma: 2} }, "Gamma"},
		{"initial point length", func(o *Options) { o.InitialPoints = [][]float64{{1}} }, "length 1"},
		{"initial point NaN", func(o *Options) { o.InitialPoints = [][]float64{{0, math.NaN(), 0}} }, "NaN"},
		{"keeps nothing", func(o *Options) { o.Schedule = Cyclical{StepSize: 1e-3, Cycles: 2, Explore: 0.99} }, "keeps no draw"},
	}
	for _, c := range cases {
		o := ok
		c.mod(&o)
		tr, err := Sample(context.Background(), tg, o)
		if err == nil || !strings.Contains(err.Error(), c.want) || tr != nil {
			t.Errorf("%s: error %v, want one containing %q and no trace", c.name, err, c.want)
		}
	}
	if _, err := Sample(context.Background(), nil, ok); err == nil {
		t.Error("nil target: no error")
	}
}

// TestNaNMidRun: a gradient that turns NaN after some steps is reported
// with the step, and the draws before it are returned.
func TestNaNMidRun(t *testing.T) {
	base := newLinReg(100, 1).target()
	calls := 0
	tg := FuncTarget{N: 3, Rows: 100, Names: []string{"a", "b", "c"}, F: func(grad, x []float64, rows []int) float64 {
		calls++
		lp := base.F(grad, x, rows)
		if calls > 25 {
			grad[1] = math.NaN()
		}
		return lp
	}}
	tr, err := Sample(context.Background(), tg, Options{StepSize: 1e-3, BatchSize: 10, Epochs: 5, InitialPoints: [][]float64{{0, 0, 0}}})
	if err == nil || !strings.Contains(err.Error(), "step 25 (epoch 2") || !strings.Contains(err.Error(), "gradient of b is NaN") {
		t.Fatalf("error %v", err)
	}
	if tr == nil || tr.Draws != 2 {
		t.Fatalf("trace %+v, want the 2 draws of the 2 epochs before the NaN", tr)
	}
	// A step size that makes the chain diverge ends with an error too.
	_, err = Sample(context.Background(), newLinReg(100, 1).target(), Options{StepSize: 1, BatchSize: 10, Epochs: 200})
	if err == nil || !strings.Contains(err.Error(), "step size too large") {
		t.Fatalf("diverging chain: error %v", err)
	}
}

// TestReproducible: the same seed gives the same draws whatever the
// parallelism; other seeds and chains differ.
func TestReproducible(t *testing.T) {
	tg := newLinReg(100, 1).target()
	run := func(seed uint64, par int) *samplers.Trace {
		tr, err := Sample(context.Background(), tg, Options{Kernel: SGHMC{}, StepSize: 1e-4, BatchSize: 10, Epochs: 20,
			Chains: 3, Parallel: par, Seed: seed, Thin: 3})
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	a, b, c := run(5, 1), run(5, 3), run(6, 3)
	if !slices.Equal(a.Samples, b.Samples) {
		t.Error("same seed, different parallelism: different draws")
	}
	if slices.Equal(a.Samples, c.Samples) {
		t.Error("different seeds: same draws")
	}
	if a.Draws != 20*10/3 || a.Chains != 3 || len(a.Names) != 3 || a.Names[0] != "theta[0]" {
		t.Errorf("trace shape: %d draws, %d chains, names %v", a.Draws, a.Chains, a.Names)
	}
	d := a.Draws * a.Dim
	if slices.Equal(a.Samples[:d], a.Samples[d:2*d]) {
		t.Error("chains 0 and 1 are equal")
	}
}

// TestBurnInThinCallback checks which steps are kept and what the callback
// and the progress line see.
func TestBurnInThinCallback(t *testing.T) {
	tg := newLinReg(100, 1).target()
	var steps, saved, burn int
	var buf bytes.Buffer
	tr, err := Sample(context.Background(), tg, Options{StepSize: 1e-4, BatchSize: 30, Epochs: 4, BurnIn: 1,
		Callback: func(d samplers.Draw) {
			steps++
			if d.Saved {
				saved++
			}
			if d.Warmup {
				burn++
			}
		}, Progress: &buf})
	if err != nil {
		t.Fatal(err)
	}
	// 100/30 = 3 steps per epoch (10 rows wait), one draw per epoch after 1 of burn-in.
	if steps != 12 || burn != 3 || saved != 3 || tr.Draws != 3 || tr.Warmup != 0 {
		t.Errorf("steps %d, burn-in %d, saved %d, trace draws %d", steps, burn, saved, tr.Draws)
	}
	if !strings.Contains(buf.String(), "12/12 iterations") {
		t.Errorf("progress %q", buf.String())
	}
	for _, s := range tr.Stats {
		if s.StepSize != 1e-4 || s.AcceptStat != 1 || math.IsNaN(s.LogDensity) {
			t.Errorf("stats %+v", s)
		}
	}
}

// TestCyclical checks the cosine schedule's values and that exploring
// steps keep no draw.
func TestCyclical(t *testing.T) {
	c := Cyclical{StepSize: 2, Cycles: 2, Explore: 0.5}
	for _, x := range []struct {
		k       int
		h       float64
		explore bool
	}{{0, 2, true}, {5, 1, false}, {10, 2, true}, {15, 1, false}, {19, 2 / 2 * (math.Cos(math.Pi*0.9) + 1), false}} {
		h, e := c.At(x.k, 20)
		if math.Abs(h-x.h) > 1e-12 || e != x.explore {
			t.Errorf("At(%d, 20) = %v, %v; want %v, %v", x.k, h, e, x.h, x.explore)
		}
	}
	tg := newLinReg(100, 1).target()
	var kept []int
	_, err := Sample(context.Background(), tg, Options{Kernel: SGHMC{}, Schedule: Cyclical{StepSize: 1e-4, Cycles: 2, Explore: 0.5},
		BatchSize: 10, Epochs: 4, Thin: 5, Callback: func(d samplers.Draw) {
			if d.Saved {
				kept = append(kept, d.Iteration)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	// 40 steps, cycles of 20: steps 0-9 and 20-29 explore; thin 5 keeps 4, 9, 14, ...
	if want := []int{14, 19, 34, 39}; !slices.Equal(kept, want) {
		t.Errorf("kept steps %v, want %v", kept, want)
	}
	if h, _ := (Polynomial{A: 1, B: 1, Gamma: 0.5}).At(3, 10); h != 0.5 {
		t.Errorf("polynomial At(3) = %v, want 0.5", h)
	}
}

// TestCancel: a cancelled run returns the draws so far with ctx's error.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	tg := newLinReg(100, 1).target()
	n := 0
	tr, err := Sample(ctx, tg, Options{StepSize: 1e-4, BatchSize: 10, Epochs: 1000, Callback: func(samplers.Draw) {
		if n++; n == 55 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || tr == nil || tr.Draws != 5 {
		t.Fatalf("error %v, trace %v", err, tr)
	}
}

// TestPSGLD: preconditioned SGLD samples the Gaussian posterior (its
// variance bias is not part of the acceptance test; a loose check that it
// runs and lands near the posterior).
func TestPSGLD(t *testing.T) {
	m := newLinReg(200, 11)
	mu, _ := m.posterior()
	tr, err := Sample(context.Background(), m.target(), Options{Kernel: PSGLD{}, StepSize: 1e-3, BatchSize: 50, Epochs: 4000,
		BurnIn: 100, Chains: 2, InitialPoints: [][]float64{{0, 0, 0}}})
	if err != nil {
		t.Fatal(err)
	}
	mean, mcse, _, _ := moments(t, tr)
	for j := range mu {
		if math.Abs(mean[j]-mu[j]) > 4*mcse[j]+0.01 {
			t.Errorf("psgld: mean of beta[%d] %.4f, exact %.4f (MCSE %.4f)", j, mean[j], mu[j], mcse[j])
		}
	}
}

// TestUpdateAllocs: a kernel step allocates nothing.
func TestUpdateAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	g := []float64{1, 2, 3}
	for _, k := range []Kernel{SGLD{}, SGHMC{NoiseEstimate: true}, PSGLD{}, Adam{}} {
		s := k.Init([]float64{0, 0, 0})
		if a := testing.AllocsPerRun(100, func() { k.Update(rng, s, g, 1e-3, 10, true) }); a != 0 {
			t.Errorf("%s: %v allocations per step", k.Name(), a)
		}
	}
	perm := make([]int, 100)
	if a := testing.AllocsPerRun(100, func() { shuffle(rng, perm) }); a != 0 {
		t.Errorf("shuffle: %v allocations", a)
	}
}

// TestSampleStepAllocs: Sample's loop allocates nothing per step: a run of
// 40 epochs makes as many allocations as one of 10 (both keep one draw).
func TestSampleStepAllocs(t *testing.T) {
	tg := newLinReg(100, 1).target()
	run := func(epochs int) func() {
		return func() {
			_, err := Sample(context.Background(), tg, Options{Kernel: SGHMC{}, StepSize: 1e-4, BatchSize: 10,
				Epochs: epochs, BurnIn: epochs - 10, Thin: 100, InitialPoints: [][]float64{{0, 0, 0}},
				Callback: func(samplers.Draw) {}})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	short, long := testing.AllocsPerRun(5, run(10)), testing.AllocsPerRun(5, run(40))
	if long != short {
		t.Errorf("%v allocations for 10 epochs, %v for 40: %.3g per step", short, long, (long-short)/300)
	}
}
