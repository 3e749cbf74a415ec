package hamiltorch

import (
	"context"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayesnn-go/bayesnn/datasets"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// Gaussian is the 3-D Gaussian of the hamiltorch tutorial: independent
// coordinates with means (1, 2, 3) and standard deviation 0.5.
var Gaussian = samplers.FuncTarget{N: 3, Names: []string{"x1", "x2", "x3"}, F: gaussianLogProb}

// GaussianMean and GaussianSD are the Gaussian's parameters.
var (
	GaussianMean = []float64{1, 2, 3}
	GaussianSD   = 0.5
)

func gaussianLogProb(grad, x []float64) float64 {
	var lp float64
	for i, m := range GaussianMean {
		z := (x[i] - m) / GaussianSD
		lp -= z * z / 2
		grad[i] = -z / GaussianSD
	}
	return lp
}

// FunnelDim is the funnel's dimension: v and the ten x's of hamiltorch's
// D = 10 example.
const FunnelDim = 11

// Funnel is Neal's funnel as the tutorial samples it: v ~ N(0, 3²),
// x_1..x_10 | v ~ N(0, e^v). (hamiltorch writes N(0, e^{−v}), the mirror
// image v → −v; the marginal of v is the same.)
var Funnel = datasets.Funnel{D: FunnelDim, Scale: 3}

// FunnelStart is hamiltorch's starting point: v = 0, every x = 1.
func FunnelStart() []float64 {
	x := make([]float64, FunnelDim)
	for i := 1; i < FunnelDim; i++ {
		x[i] = 1
	}
	return x
}

// Config is one run of the tutorial.
type Config struct {
	Name   string
	Kernel samplers.KernelKind
	// StepSize and Steps are HMC's fixed step size and number of steps;
	// NUTS adapts its step size during Warmup iterations (identity metric,
	// as hamiltorch's NUTS), starting from StepSize.
	StepSize    float64
	Steps       int
	JitterSteps bool
	Warmup      int // 0: none
	Draws       int
	Chains      int
}

// Sample runs c on t from x0 with seed.
func (c Config) Sample(ctx context.Context, t samplers.Target, x0 []float64, seed uint64, progress io.Writer) (*samplers.Trace, error) {
	warm := c.Warmup
	if warm == 0 {
		warm = -1
	}
	return samplers.Sample(ctx, t, samplers.Options{
		Chains:        c.Chains,
		Warmup:        warm,
		Draws:         c.Draws,
		Seed:          seed,
		Kernel:        c.Kernel,
		Steps:         c.Steps,
		JitterSteps:   c.JitterSteps,
		StepSize:      c.StepSize,
		Metric:        samplers.Unit,
		InitialPoints: [][]float64{x0},
		Progress:      progress,
	})
}

// GaussianResult compares a run on the Gaussian with the truth.
type GaussianResult struct {
	Name          string
	Mean, MCSE    []float64
	SD            []float64
	RHat          []float64
	GradsPerDraw  float64
	Accept        float64
	Z             []float64 // (Mean − truth)/MCSE
	StepSize      float64
	ESSBulk       []float64
	Divergent     int
	TotalDraws    int
	ChainsOfDraws int
}

// CompareGaussian summarises a run on the Gaussian.
func CompareGaussian(name string, tr *samplers.Trace) (GaussianResult, error) {
	r := GaussianResult{Name: name, Divergent: tr.Divergences(), TotalDraws: tr.Chains * tr.Draws}
	s, err := diag.Summarize(tr, nil)
	if err != nil {
		return r, err
	}
	for j, p := range s.Params {
		if p.Err != nil {
			return r, fmt.Errorf("hamiltorch: %s: %w", p.Name, p.Err)
		}
		r.Mean = append(r.Mean, p.Mean)
		r.MCSE = append(r.MCSE, p.MCSEMean)
		r.SD = append(r.SD, p.SD)
		r.RHat = append(r.RHat, p.RHat)
		r.ESSBulk = append(r.ESSBulk, p.ESSBulk)
		r.Z = append(r.Z, (p.Mean-GaussianMean[j])/p.MCSEMean)
	}
	r.GradsPerDraw = meanStat(tr, "n_leapfrog__")
	r.Accept = meanStat(tr, "accept_stat__")
	r.StepSize = meanStat(tr, "stepsize__")
	return r, nil
}

func meanStat(tr *samplers.Trace, name string) float64 {
	var s, n float64
	for _, ch := range tr.Stat(name) {
		for _, v := range ch {
			s += v
			n++
		}
	}
	return s / n
}

// FunnelResult measures how well a run reproduces the funnel's marginal of
// v, N(0, 3²).
type FunnelResult struct {
	Name string
	// KL is diag.KLDivergence of the pooled draws of v from N(0, 3²) with
	// the default bins; KLNull is its expected value, (bins − 1)/(2·ESS),
	// for an exact sampler of the same effective sample size.
	KL, KLNull float64
	Bins       int
	// KS is the Kolmogorov–Smirnov distance and KSP its p-value with the
	// bulk ESS of v as the sample size.
	KS, KSP float64
	ESS     float64 // bulk ESS of v
	// MeanV and MinV summarise the draws of v; NeckFrac is the fraction
	// of draws below VStar = 2 log(ε/2), ε the run's mean step size, where
	// the leapfrog integrator becomes unstable for the x's
	// (ε·exp(−v/2) = 2), and NeckExact the N(0, 3²) mass there.
	MeanV, MinV, VStar   float64
	NeckFrac, NeckExact  float64
	Divergent, Total     int
	StepSize             float64
	GradsPerDraw, Accept float64
}

// CompareFunnel summarises a run on the funnel.
func CompareFunnel(name string, tr *samplers.Trace) (FunnelResult, error) {
	r := FunnelResult{Name: name, Divergent: tr.Divergences(), Total: tr.Chains * tr.Draws}
	v := tr.Param(0)
	var pooled []float64
	r.MinV = math.Inf(1)
	for _, ch := range v {
		pooled = append(pooled, ch...)
		for _, x := range ch {
			r.MeanV += x
			r.MinV = math.Min(r.MinV, x)
		}
	}
	r.MeanV /= float64(len(pooled))
	ref := distuv.Normal{Mu: 0, Sigma: 3}
	var err error
	r.Bins = diag.DefaultKLBins(len(pooled))
	if r.KL, err = diag.KLDivergence(pooled, ref.CDF, r.Bins); err != nil {
		return r, err
	}
	r.KS = diag.KSStatistic(pooled, ref.CDF)
	if r.ESS, err = diag.ESSBulk(v); err != nil {
		return r, err
	}
	r.KLNull = float64(r.Bins-1) / (2 * r.ESS)
	r.KSP = diag.KSPValue(r.KS, r.ESS)
	r.StepSize = meanStat(tr, "stepsize__")
	r.GradsPerDraw = meanStat(tr, "n_leapfrog__")
	r.Accept = meanStat(tr, "accept_stat__")
	r.VStar = 2 * math.Log(r.StepSize/2)
	r.NeckExact = ref.CDF(r.VStar)
	for _, x := range pooled {
		if x < r.VStar {
			r.NeckFrac++
		}
	}
	r.NeckFrac /= float64(len(pooled))
	return r, nil
}

// KolmogorovQ999 is the 99.9% quantile of the Kolmogorov distribution:
// √n·D exceeds it with probability 0.001 for n independent draws from the
// reference (Smirnov's table; P(K > 1.949) = 0.001).
const KolmogorovQ999 = 1.949

// KSNoise returns the largest difference between two KS distances that
// sampling noise alone explains at the 0.1% level (per distance), with the
// effective sample sizes essA and essB: KolmogorovQ999·(1/√essA + 1/√essB).
func KSNoise(essA, essB float64) float64 {
	return KolmogorovQ999 * (1/math.Sqrt(essA) + 1/math.Sqrt(essB))
}
