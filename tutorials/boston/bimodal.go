package boston

import (
	"context"
	"fmt"
	"io"
	"math"

	"github.com/bayesnn-go/bayesnn/datasets"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// BimodalConfig sizes the bimodal warm-up example. The zero value of a
// field means the default given beside it.
type BimodalConfig struct {
	Chains int    // default 4
	Warmup int    // dual-averaging iterations, default 500 (the TFP post's num_adaptation_steps)
	Draws  int    // default 1000
	Seed   uint64 // the sampler's seed
	// Progress receives the sampler's progress lines (nil: silent).
	Progress io.Writer
}

// BimodalResult is the outcome of NUTS on datasets.Bimodal.
type BimodalResult struct {
	Trace *samplers.Trace
	// Switches[c] counts chain c's moves from one mode to the other (see
	// CountSwitches).
	Switches []int
	// Upper is the fraction of draws nearer the mode at (2, 2) and
	// UpperMCSE its Monte Carlo standard error (from the ESS of the
	// indicator, which is small when the chains rarely switch). The exact
	// value is 1/2.
	Upper, UpperMCSE float64
	// StepSize is the adapted step size of each chain.
	StepSize []float64
}

// RunBimodal samples the bimodal mixture of datasets.Bimodal with NUTS
// whose step size is tuned by dual averaging (unit metric, as TFP's
// DualAveragingStepSizeAdaptation around NoUTurnSampler), every chain
// starting at (0.1, 0) as in the TFP post, and counts the mode switches.
func RunBimodal(ctx context.Context, cfg BimodalConfig) (*BimodalResult, error) {
	if cfg.Chains == 0 {
		cfg.Chains = 4
	}
	if cfg.Warmup == 0 {
		cfg.Warmup = 500
	}
	if cfg.Draws == 0 {
		cfg.Draws = 1000
	}
	if cfg.Chains < 1 || cfg.Warmup < 0 || cfg.Draws < diag.MinDraws {
		return nil, fmt.Errorf("boston: bimodal: %d chains of %d warm-up and %d draws", cfg.Chains, cfg.Warmup, cfg.Draws)
	}
	target := datasets.Bimodal()
	tr, err := samplers.Sample(ctx, target, samplers.Options{
		Chains:        cfg.Chains,
		Warmup:        cfg.Warmup,
		Draws:         cfg.Draws,
		Seed:          cfg.Seed,
		Metric:        samplers.Unit,
		InitialPoints: [][]float64{{0.1, 0}},
		Progress:      cfg.Progress,
	})
	if err != nil {
		return nil, fmt.Errorf("boston: bimodal: %w", err)
	}
	res := &BimodalResult{Trace: tr}
	xs, ys := tr.Param(0), tr.Param(1)
	ind := make([][]float64, len(xs))
	var up, n float64
	for c := range xs {
		res.Switches = append(res.Switches, CountSwitches(xs[c], ys[c]))
		ind[c] = make([]float64, len(xs[c]))
		for i := range xs[c] {
			if xs[c][i]+ys[c][i] > 0 {
				ind[c][i] = 1
				up++
			}
			n++
		}
	}
	res.Upper = up / n
	if res.UpperMCSE, err = diag.MCSEMean(ind); err != nil {
		// All draws in one mode: the indicator is constant and its MCSE
		// undefined; report it as NaN rather than fail.
		res.UpperMCSE = math.NaN()
	}
	for _, a := range tr.Adapted {
		res.StepSize = append(res.StepSize, a.StepSize)
	}
	return res, nil
}

// modeMargin is how far, along the line through the two modes of
// datasets.Bimodal, a draw must be from the saddle at the origin to count
// as being at a mode: one standard deviation of a component (the modes
// are at ±2√2 ≈ ±2.83 on that line).
const modeMargin = 1

// CountSwitches counts the moves of a chain (x[i], y[i]) between the two
// modes of datasets.Bimodal, at (-2, -2) and (2, 2). A draw is at the
// upper mode when its projection s = (x+y)/√2 on the line through the
// modes exceeds modeMargin, at the lower mode when s < -modeMargin, and
// in between otherwise; a switch is counted when the chain reaches one
// mode having last been at the other, so a chain wandering about the
// saddle is not counted as switching back and forth.
func CountSwitches(x, y []float64) int {
	if len(x) != len(y) {
		panic("boston: CountSwitches: x and y differ in length")
	}
	last, n := 0, 0 // last mode visited: -1, +1, or 0 for none yet
	for i := range x {
		s := (x[i] + y[i]) / math.Sqrt2
		m := 0
		switch {
		case s > modeMargin:
			m = 1
		case s < -modeMargin:
			m = -1
		}
		if m == 0 {
			continue
		}
		if last != 0 && m != last {
			n++
		}
		last = m
	}
	return n
}
