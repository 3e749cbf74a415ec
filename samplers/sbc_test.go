package samplers

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/stat/distuv"
)

// sbcModel: θ ~ N(0, I₂), y_k ~ N(θ₁ + θ₂, 1), w_k ~ N(θ₁ − θ₂/2, 1),
// k = 1..3; a correlated Gaussian posterior.
func sbcModel(y, w []float64) density.FuncTarget {
	return density.FuncTarget{N: 2, F: func(grad, th []float64) float64 {
		a, b := th[0], th[1]
		lp := -0.5 * (a*a + b*b)
		grad[0], grad[1] = -a, -b
		for k := range y {
			r := y[k] - (a + b)
			s := w[k] - (a - b/2)
			lp -= 0.5 * (r*r + s*s)
			grad[0] += r + s
			grad[1] += r - s/2
		}
		return lp
	}}
}

func TestSBCModelGradient(t *testing.T) {
	checkGradient(t, "sbc model", sbcModel([]float64{1, 0.2, -0.4}, []float64{0.3, 0.1, 2}), []float64{0.4, -0.9})
}

// TestSBC is simulation-based calibration (Talts et al. 2018): for 1000
// data sets simulated from the prior, the rank of the true parameter among
// 99 posterior draws is uniform on 0..99 when the sampler is exact. Ranks
// go to 20 bins of 5; the χ² statistic (19 degrees of freedom) must not be
// significant at 0.1 % (4 checks: family-wise false alarm 0.4 %).
func TestSBC(t *testing.T) {
	if testing.Short() {
		t.Skip("SBC: 2×1000 runs")
	}
	const reps, draws, thin, bins = 1000, 198, 2, 20
	for ki, kernel := range []Kernel{NUTS{}, HMC{Steps: 8}} {
		var counts [2][bins]float64
		gen := rand.New(rand.NewPCG(2024, uint64(ki)))
		for r := 0; r < reps; r++ {
			th := []float64{gen.NormFloat64(), gen.NormFloat64()}
			y, w := make([]float64, 3), make([]float64, 3)
			for k := range y {
				y[k] = th[0] + th[1] + gen.NormFloat64()
				w[k] = th[0] - th[1]/2 + gen.NormFloat64()
			}
			tr, err := Sample(context.Background(), sbcModel(y, w), Options{
				Kernel: kernel, StepSizeJitter: 0.3,
				Chains: 1, Warmup: 200, Draws: draws, Thin: thin, Seed: uint64(r),
			})
			if err != nil {
				t.Fatal(err)
			}
			for j := 0; j < 2; j++ {
				rank := 0
				for _, v := range tr.Param(j)[0] {
					if v < th[j] {
						rank++
					}
				}
				counts[j][rank*bins/(draws/thin+1)]++
			}
		}
		for j := 0; j < 2; j++ {
			var chi2 float64
			e := float64(reps) / bins
			for _, c := range counts[j] {
				chi2 += (c - e) * (c - e) / e
			}
			p := 1 - distuv.ChiSquared{K: bins - 1}.CDF(chi2)
			t.Logf("%v θ%d: rank counts %v, χ² = %.1f, p = %.3f", kernel, j, counts[j], chi2, p)
			if p < 0.001 {
				t.Errorf("%v θ%d: ranks not uniform: χ² = %.1f, p = %.2g", kernel, j, chi2, p)
			}
		}
	}
}
