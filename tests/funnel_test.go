package tests

import (
	"context"
	"math"
	"testing"

	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/models"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// TestNonCentredFunnel: NUTS on Neal's 11-D funnel in its non-centred
// form, whose unconstrained density is exactly N(0, 3²) × N(0, 1)^10.
// Every coordinate's mean and second moment must be within 4 MCSE of the
// truth (22 checks: a family-wise false-alarm rate of about 0.14 % for
// normal estimates), with no divergences and R-hat < 1.01; the marginal of
// v must pass a Kolmogorov–Smirnov test against N(0, 3²) at the ESS.
func TestNonCentredFunnel(t *testing.T) {
	m := models.Funnel{D: 11, NonCentered: true}.Model()
	target, err := m.Target()
	if err != nil {
		t.Fatal(err)
	}
	tr, err := samplers.Sample(context.Background(), target, samplers.Options{Chains: 4, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	if d := tr.Divergences(); d > 0 {
		t.Errorf("%d divergences on a Gaussian", d)
	}
	for j := range tr.Dim {
		sd := 1.0
		if j == 0 {
			sd = 3
		}
		x := tr.Param(j)
		sq := make([][]float64, len(x))
		var pooled []float64
		for c := range x {
			sq[c] = make([]float64, len(x[c]))
			for i, v := range x[c] {
				sq[c][i] = v * v
			}
			pooled = append(pooled, x[c]...)
		}
		check := func(what string, draws [][]float64, truth float64) {
			mean := 0.0
			n := 0
			for _, ch := range draws {
				for _, v := range ch {
					mean += v
					n++
				}
			}
			mean /= float64(n)
			mcse, err := diag.MCSEMean(draws)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(mean-truth) > 4*mcse {
				t.Errorf("%s of %s: %.4f, truth %.4f, MCSE %.4f", what, tr.Names[j], mean, truth, mcse)
			}
		}
		check("mean", x, 0)
		check("E[x²]", sq, sd*sd)
		if r, _ := diag.RHat(x); r > 1.01 {
			t.Errorf("R-hat of %s = %.4f", tr.Names[j], r)
		}
		if j == 0 {
			ess, _ := diag.ESSBulk(x)
			d := diag.KSStatistic(pooled, func(v float64) float64 { return 0.5 * math.Erfc(-v/(3*math.Sqrt2)) })
			if p := diag.KSPValue(d, ess); p < 0.001 {
				t.Errorf("KS of v against N(0, 3²): D = %.4f, p = %.2g at ESS %.0f", d, p, ess)
			}
		}
	}
}
