package samplers

import (
	"math"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
)

// dhAdaptedRun adapts k on target by Sample's warm-up (4 chains), then runs
// each chain's tuned kernel for n transitions from init and returns the
// adapted step sizes and the move counts of the runs after warm-up.
func dhAdaptedRun(t *testing.T, target density.Target, k DHMC, init []float64, target0 float64, warmup, n int) ([]float64, []DHMCMoveCounts) {
	t.Helper()
	tr, err := Sample(t.Context(), target, Options{
		Chains: 4, Warmup: warmup, Draws: -1, Seed: 5, Kernel: k, TargetAccept: target0,
		InitialPoints: [][]float64{init},
	})
	if err != nil {
		t.Fatal(err)
	}
	var eps []float64
	var counts []DHMCMoveCounts
	for c, a := range tr.Adapted {
		var m Metric
		if a.Metric != Unit {
			if m, err = a.NewMetric(len(a.InvMetric)); err != nil {
				t.Fatal(err)
			}
		}
		kk := k.Tuned(a.StepSize, m).(DHMC)
		s, err := kk.Init(target, init)
		if err != nil {
			t.Fatal(err)
		}
		rng := chainRNG(99, c)
		for range n / 5 { // settle from init
			kk.Step(rng, s)
		}
		c0 := kk.Counts(s)
		for range n {
			kk.Step(rng, s)
		}
		eps = append(eps, a.StepSize)
		counts = append(counts, kk.Counts(s).Sub(c0))
	}
	return eps, counts
}

// After warm-up the fraction of coordinate-wise moves taken is the target
// within ±0.05, for targets across the recommended range, on a purely
// discrete target (Poisson) where the Metropolis acceptance is always 1.
func TestDHMCAdaptPoisson(t *testing.T) {
	target := DHMCFromLogPMF(1, func(n []int) float64 { return dhPoisson(n[0], 12) })
	for _, goal := range []float64{0.7, 0.8, 0.9} {
		eps, counts := dhAdaptedRun(t, target, DHMC{StepSize: 1, Discontinuous: []int{0}}, []float64{12.5}, goal, 500, 2000)
		for c, n := range counts {
			t.Logf("target %.1f chain %d: ε %.3f, move rate %.3f (%d moves)", goal, c, eps[c], n.MoveRate(), n.Moves)
			if math.Abs(n.MoveRate()-goal) > 0.05 {
				t.Errorf("target %.1f chain %d: ε %.3f gives move rate %.3f", goal, c, eps[c], n.MoveRate())
			}
		}
	}
}

// The same on the change-point model, mixed continuous rates and a
// discrete switch point, with the metric of the rates adapted too; the
// adapted sampler still matches enumeration.
func TestDHMCAdaptChangePoint(t *testing.T) {
	m := newDHChangePoint(11)
	target := m.target()
	init := []float64{math.Log(2), math.Log(2), 30.5}
	k := DHMC{StepSize: 0.5, Steps: 20, Discontinuous: target.Discontinuous()}
	eps, counts := dhAdaptedRun(t, target, k, init, 0.8, 1000, 2000)
	for c, n := range counts {
		t.Logf("chain %d: ε %.3f, move rate %.3f (%d moves)", c, eps[c], n.MoveRate(), n.Moves)
		if math.Abs(n.MoveRate()-0.8) > 0.05 {
			t.Errorf("chain %d: ε %.3f gives move rate %.3f", c, eps[c], n.MoveRate())
		}
	}
	eTau, vTau, eL1, _, _ := m.exact()
	tr, err := Sample(t.Context(), target, Options{
		Chains: 4, Warmup: 1000, Draws: 3000, Seed: 6, Kernel: k, InitialPoints: [][]float64{init},
	})
	if err != nil {
		t.Fatal(err)
	}
	tau := dhFloorChains(tr.Param(2))
	dhCheck(t, "E τ", zMean(tau, eTau))
	dhCheck(t, "Var τ", zVar(tau, eTau, vTau))
	dhCheck(t, "E λ1", zMean(mapChains(tr.Param(0), math.Exp), eL1))
}

// Warm-up leaves a fixed step size alone when asked, and a purely
// discontinuous target gets no metric.
func TestDHMCAdaptFixed(t *testing.T) {
	target := DHMCFromLogPMF(1, func(n []int) float64 { return dhPoisson(n[0], 3) })
	tr, err := Sample(t.Context(), target, Options{
		Chains: 2, Warmup: 50, Draws: -1, Seed: 1, Kernel: DHMC{StepSize: 0.7, Discontinuous: []int{0}},
		WarmupOptions: WarmupOptions{FixedStepSize: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range tr.Adapted {
		if a.StepSize != 0.7 || a.Metric != Unit {
			t.Errorf("adapted %+v, want step size 0.7 and no metric", a)
		}
	}
}

// The step-size jitter of the notes: each transition's ε is uniform in
// StepSize·[1-j, 1+j].
func TestDHMCJitter(t *testing.T) {
	target := DHMCFromLogPMF(1, func(n []int) float64 { return dhPoisson(n[0], 3) })
	k := DHMC{StepSize: 2, StepSizeJitter: 0.25, Discontinuous: []int{0}}
	s, err := k.Init(target, []float64{3.5})
	if err != nil {
		t.Fatal(err)
	}
	rng := chainRNG(3, 0)
	const n = 4000
	var sum, sum2 float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for range n {
		e := k.Step(rng, s).StepSize
		sum += e
		sum2 += e * e
		lo, hi = math.Min(lo, e), math.Max(hi, e)
	}
	mean := sum / n
	sd := math.Sqrt(sum2/n - mean*mean)
	// Uniform on [1.5, 2.5]: mean 2, sd 1/√12; the mean's MCSE is sd/√n.
	if lo < 1.5 || hi > 2.5 || hi-lo < 0.95 || math.Abs(mean-2)/(sd/math.Sqrt(n)) > 4 || math.Abs(sd-1/math.Sqrt(12)) > 0.02 {
		t.Errorf("step sizes in [%.3f, %.3f], mean %.4f, sd %.4f; want uniform on [1.5, 2.5]", lo, hi, mean, sd)
	}
}
