package main

import (
	"math"

	"github.com/bayesnn-go/bayesnn/datasets"
	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/models"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// changePointCases compare, on the coal-mining disasters change point
// (Gamma(2, 1) rates, uniform switch point), discontinuous HMC on the mixed
// posterior with NUTS on the posterior with the switch point summed out,
// the baseline of the DHMC paper. ESS is over λ1, λ2 and τ (for NUTS, τ's
// Rao-Blackwellised E[τ | λ, y] per draw); both run 4 chains of 1000
// warm-up and 1000 draws, one after another.
func changePointCases() []samplerCase {
	opts := samplers.Options{Chains: 4, Parallel: 1, Warmup: 1000, Draws: 1000}
	if *quick {
		opts.Warmup, opts.Draws = 300, 300
	}
	model := func() (*models.PoissonChangePoint, error) {
		_, counts := datasets.CoalDisasters()
		return models.NewPoissonChangePoint(counts, 2, 1)
	}
	dhmc := samplerCase{name: "coal change point (DHMC, τ discrete)", make: func() (density.Target, samplers.Options, func(*samplers.Trace) [][][]float64, error) {
		m, err := model()
		if err != nil {
			return nil, opts, nil, err
		}
		o := opts
		o.Kernel = samplers.DHMC{StepSize: 0.5, Steps: 20, Discontinuous: []int{2}}
		o.InitialPoints = [][]float64{{1, 0, 40.5}}
		return m.DHMCTarget(), o, func(tr *samplers.Trace) [][][]float64 {
			return [][][]float64{mapDraws(tr.Param(0), math.Exp), mapDraws(tr.Param(1), math.Exp), mapDraws(tr.Param(2), math.Floor)}
		}, nil
	}}
	nuts := samplerCase{name: "coal change point (NUTS, τ marginalised)", make: func() (density.Target, samplers.Options, func(*samplers.Trace) [][][]float64, error) {
		m, err := model()
		if err != nil {
			return nil, opts, nil, err
		}
		o := opts
		o.InitialPoints = [][]float64{{1, 0}}
		return m.Marginal(), o, func(tr *samplers.Trace) [][][]float64 {
			l1, l2 := tr.Param(0), tr.Param(1)
			tau := make([][]float64, len(l1))
			var p []float64
			for c := range l1 {
				for i := range l1[c] {
					p = m.SwitchGivenRates(p, l1[c][i], l2[c][i])
					var e float64
					for t, q := range p {
						e += float64(t) * q
					}
					tau[c] = append(tau[c], e)
				}
			}
			return [][][]float64{mapDraws(l1, math.Exp), mapDraws(l2, math.Exp), tau}
		}, nil
	}}
	return []samplerCase{dhmc, nuts}
}

// mapDraws applies f to every draw of x in place and returns x.
func mapDraws(x [][]float64, f func(float64) float64) [][]float64 {
	for c := range x {
		for i := range x[c] {
			x[c][i] = f(x[c][i])
		}
	}
	return x
}
