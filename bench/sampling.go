package main

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/models"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// samplerCase runs a sampler with a fixed seed and reports draws/s,
// gradients per draw and the minimum bulk ESS per second.
type samplerCase struct {
	name       string
	maxRepeats int // caps the repeats of an expensive case (0: no cap)
	make       func() (density.Target, samplers.Options, func(*samplers.Trace) [][][]float64, error)
}

func (c samplerCase) run(repeats int) []Row {
	t, opts, params, err := c.make()
	if err != nil {
		return []Row{{Group: "sampler", Case: c.name, Impl: "bayesnn", Note: "error: " + err.Error()}}
	}
	if c.maxRepeats > 0 {
		repeats = min(repeats, c.maxRepeats)
	}
	var drawsPS, gradsPD, essPS, essPG []float64
	note := ""
	withESS := true
	for r := range repeats {
		opts.Seed = uint64(1000 + r)
		start := time.Now()
		tr, err := samplers.Sample(context.Background(), t, opts)
		if err != nil {
			return []Row{{Group: "sampler", Case: c.name, Impl: "bayesnn", Note: "error: " + err.Error()}}
		}
		sec := time.Since(start).Seconds()
		grads := 0.0
		for _, ch := range tr.Stat("n_leapfrog__") {
			for _, v := range ch {
				grads += v
			}
		}
		n := float64(tr.NumChains() * tr.NumDraws())
		minESS := math.Inf(1)
		ps := params(tr)
		withESS = len(ps) > 0
		for _, x := range ps {
			e, err := diag.ESSBulk(x)
			if err == nil {
				minESS = min(minESS, e)
			}
		}
		drawsPS = append(drawsPS, n/sec)
		gradsPD = append(gradsPD, grads/n) // post-warm-up gradients per draw
		essPS = append(essPS, minESS/sec)
		essPG = append(essPG, minESS/grads)
		note = fmt.Sprintf("%d chains × %d draws, %d divergences", tr.NumChains(), tr.NumDraws(), tr.Divergences())
	}
	rows := []Row{
		summarize("sampler", c.name, "bayesnn", "draws/s", drawsPS),
		summarize("sampler", c.name, "bayesnn", "gradients/draw", gradsPD),
	}
	if withESS { // no ESS for runs too short to estimate it (the CNN's)
		rows = append(rows,
			summarize("sampler", c.name, "bayesnn", "min bulk ESS/s", essPS),
			summarize("sampler", c.name, "bayesnn", "min bulk ESS/gradient", essPG))
	}
	rows[0].Note = note
	return rows
}

// allParams returns every parameter of the trace (chain × draw each).
func allParams(tr *samplers.Trace) [][][]float64 {
	out := make([][][]float64, tr.Dim)
	for j := range out {
		out[j] = tr.Param(j)
	}
	return out
}

// constrained returns the constrained parameters of a model.
func constrained(m *models.Model) func(*samplers.Trace) [][][]float64 {
	return func(tr *samplers.Trace) [][][]float64 {
		con := m.ConstrainDraws(tr.Samples[tr.Warmup*tr.Dim*0:])
		k := len(m.Names)
		out := make([][][]float64, k)
		for j := range k {
			out[j] = make([][]float64, tr.Chains)
			for c := range tr.Chains {
				out[j][c] = make([]float64, tr.NumDraws())
				for d := range tr.NumDraws() {
					out[j][c][d] = con[(c*tr.Draws+tr.Warmup+d)*k+j]
				}
			}
		}
		return out
	}
}

func modelSampler(name string, m *models.Model, o samplers.Options) samplerCase {
	return samplerCase{name: name, make: func() (density.Target, samplers.Options, func(*samplers.Trace) [][][]float64, error) {
		t, err := m.Target()
		return t, o, constrained(m), err
	}}
}

func samplerCases() []samplerCase {
	stan := samplers.Options{Chains: 4, Warmup: 1000, Draws: 1000} // Stan's defaults
	if *quick {
		stan.Warmup, stan.Draws = 200, 200
	}
	eight, err := models.PosteriorDB(pdbPath("eight_schools-eight_schools_noncentered"))
	cs := []samplerCase{
		modelSampler("iid normal 100-D", models.IIDNormal(100), stan),
		modelSampler("funnel 11-D centred (NUTS)", models.Funnel{D: 11}.Model(), stan),
	}
	hmc := stan
	hmc.Kernel = samplers.HMC{Steps: 25}
	cs = append(cs, modelSampler("funnel 11-D centred (HMC L=25)", models.Funnel{D: 11}.Model(), hmc))
	if err == nil {
		cs = append(cs, modelSampler("eight_schools-eight_schools_noncentered", eight, stan))
	}
	// The MLP's NUTS hits the maximum tree depth (1,023 gradients a draw):
	// one repeat of 2 × (100 + 100) iterations keeps `make bench` short.
	mlp := samplers.Options{Chains: 2, Warmup: 100, Draws: 100, Kernel: samplers.NUTS{MaxTreeDepth: 10}}
	cs = append(cs, samplerCase{name: "mlp 1-50-50-1 tanh, 100 points", maxRepeats: 1, make: func() (density.Target, samplers.Options, func(*samplers.Trace) [][][]float64, error) {
		p, err := toyMLP()
		if err != nil {
			return nil, mlp, nil, err
		}
		o := mlp
		o.InitialPoints = [][]float64{randomPoint(p, 0.3, 2)}
		return p, o, allParams, nil
	}})
	cs = append(cs, changePointCases()...)
	cnn := samplers.Options{Chains: 1, Warmup: -1, Draws: 20, Kernel: samplers.HMC{Steps: 1}, StepSize: 0.003}
	cs = append(cs, samplerCase{name: "cnn 431,080 params, 100 digits (HMC L=1)", make: func() (density.Target, samplers.Options, func(*samplers.Trace) [][][]float64, error) {
		p, err := mnistCNN()
		if err != nil {
			return nil, cnn, nil, err
		}
		o := cnn
		o.InitialPoints = [][]float64{randomPoint(p, 0.05, 2)}
		return p, o, func(*samplers.Trace) [][][]float64 { return nil }, nil
	}})
	return cs
}
