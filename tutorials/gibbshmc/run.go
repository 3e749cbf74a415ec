package gibbshmc

import (
	"context"
	"fmt"
	"io"
	"math"

	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// RunOptions configure Run. The zero value is the tutorial's setting:
// ε = 0.01, L = 20, 1,000 iterations of which the first 100 are burn-in,
// 4 chains.
type RunOptions struct {
	StepSize   float64 // 0 means 0.01
	Steps      int     // 0 means 20
	Iterations int     // total per chain, burn-in included; 0 means 1000
	BurnIn     int     // 0 means 100
	Chains     int     // 0 means 4
	Seed       uint64
	Progress   io.Writer
}

func (o RunOptions) withDefaults() RunOptions {
	if o.StepSize == 0 {
		o.StepSize = 0.01
	}
	if o.Steps == 0 {
		o.Steps = 20
	}
	if o.Iterations == 0 {
		o.Iterations = 1000
	}
	if o.BurnIn == 0 {
		o.BurnIn = 100
	}
	if o.Chains == 0 {
		o.Chains = 4
	}
	return o
}

// Run samples the model with the Gibbs composition (exact τ, then HMC with
// integ on the coefficients at a fixed step size and number of steps, no
// adaptation: the burn-in iterations are discarded only). Every chain
// starts at w = b = 0, τ = 1.
func Run(ctx context.Context, m *Model, integ samplers.Integrator, o RunOptions) (*samplers.Trace, error) {
	o = o.withDefaults()
	if o.BurnIn >= o.Iterations {
		return nil, fmt.Errorf("gibbshmc: burn-in %d leaves no draws of %d iterations", o.BurnIn, o.Iterations)
	}
	x0 := make([]float64, m.Dim())
	x0[m.Dim()-1] = 1
	return samplers.Sample(ctx, m, samplers.Options{
		Chains:        o.Chains,
		Warmup:        o.BurnIn,
		Draws:         o.Iterations - o.BurnIn,
		Seed:          o.Seed,
		Custom:        m.GibbsHMC(integ, o.StepSize, o.Steps),
		Metric:        samplers.Unit,
		WarmupOptions: samplers.WarmupOptions{FixedStepSize: true},
		InitialPoints: [][]float64{x0},
		Progress:      o.Progress,
	})
}

// Comparison sets a run's posterior against the exact one.
type Comparison struct {
	Integrator string
	Accept     float64   // mean acceptance statistic after burn-in
	Mean, MCSE []float64 // per parameter (θ order), MCSE of the mean
	SD         []float64 // posterior standard deviations of the draws
	Z          []float64 // (Mean − exact) / MCSE
	SDRatio    []float64 // SD / exact SD
}

// Compare summarises tr against the exact posterior e.
func Compare(name string, tr *samplers.Trace, e *Exact) (Comparison, error) {
	c := Comparison{Integrator: name}
	acc := tr.Stat("accept_stat__")
	var n float64
	for _, ch := range acc {
		for _, a := range ch {
			c.Accept += a
			n++
		}
	}
	c.Accept /= n
	for j := 0; j < tr.Dim; j++ {
		x := tr.Param(j)
		se, err := diag.MCSEMean(x)
		if err != nil {
			return c, fmt.Errorf("gibbshmc: MCSE of %s (%s): %w", tr.Names[j], name, err)
		}
		mean, sd := meanSD(x)
		c.Mean = append(c.Mean, mean)
		c.MCSE = append(c.MCSE, se)
		c.SD = append(c.SD, sd)
		c.Z = append(c.Z, (mean-e.Mean[j])/se)
		c.SDRatio = append(c.SDRatio, sd/e.SD[j])
	}
	return c, nil
}

// meanSD returns the pooled mean and standard deviation of chains x.
func meanSD(x [][]float64) (mean, sd float64) {
	var n float64
	for _, ch := range x {
		for _, v := range ch {
			mean += v
			n++
		}
	}
	mean /= n
	for _, ch := range x {
		for _, v := range ch {
			sd += (v - mean) * (v - mean)
		}
	}
	return mean, math.Sqrt(sd / (n - 1))
}
