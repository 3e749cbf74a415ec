package diag_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/diag"
	"gonum.org/v1/gonum/stat/distuv"
)

// ar1 returns chains of an AR(1) process with N(mu, 1) marginals.
func ar1(rng *rand.Rand, chains, draws int, rho, mu float64) [][]float64 {
	x := make([][]float64, chains)
	for c := range x {
		x[c] = make([]float64, draws)
		v := rng.NormFloat64()
		for t := range x[c] {
			x[c][t] = mu + v
			v = rho*v + math.Sqrt(1-rho*rho)*rng.NormFloat64()
		}
	}
	return x
}

func ExampleRHat() {
	rng := rand.New(rand.NewPCG(1, 2))
	mixed := ar1(rng, 4, 1000, 0.5, 0)
	stuck := append(ar1(rng, 3, 1000, 0.5, 0), ar1(rng, 1, 1000, 0.5, 2)...)
	r1, _ := diag.RHat(mixed)
	r2, _ := diag.RHat(stuck)
	fmt.Printf("mixed: %.2f\nstuck: %.2f\n", r1, r2)
	// Output:
	// mixed: 1.00
	// stuck: 1.33
}

func ExampleESSBulk() {
	// 4 chains × 10,000 draws of an AR(1) process with rho = 0.5 have
	// about (1 − 0.5)/(1 + 0.5)·40,000 ≈ 13,333 effective draws for the mean;
	// indicators of the tails are less autocorrelated.
	x := ar1(rand.New(rand.NewPCG(3, 4)), 4, 10_000, 0.5, 0)
	bulk, _ := diag.ESSBulk(x)
	tail, _ := diag.ESSTail(x)
	fmt.Printf("bulk ESS ≈ %.1f thousand, tail ESS ≈ %.1f thousand\n", bulk/1000, tail/1000)
	// Output:
	// bulk ESS ≈ 13.3 thousand, tail ESS ≈ 23.9 thousand
}

func ExampleSummarize() {
	rng := rand.New(rand.NewPCG(5, 6))
	run := &diag.Draws{
		Names:  []string{"mu", "tau"},
		Values: [][][]float64{ar1(rng, 4, 1000, 0.3, 1), ar1(rng, 4, 1000, 0.3, 5)},
	}
	s, err := diag.Summarize(run, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range s.Params {
		fmt.Printf("%s: mean %.1f, 90%% interval [%.1f, %.1f], R-hat %.2f\n",
			p.Name, p.Mean, p.Quantiles[0], p.Quantiles[2], p.RHat)
	}
	// s.String() is a plain-text table; s.HTML() a notebook display.
	fmt.Println(len(s.Warnings), "warnings")
	// Output:
	// mu: mean 1.0, 90% interval [-0.7, 2.6], R-hat 1.00
	// tau: mean 5.0, 90% interval [3.4, 6.6], R-hat 1.00
	// 0 warnings
}

// Checking draws of the funnel's v, whose marginal is N(0, 3²), against the
// truth.
func ExampleKSStatistic() {
	rng := rand.New(rand.NewPCG(7, 8))
	v := make([]float64, 4000)
	for i := range v {
		v[i] = 3 * rng.NormFloat64()
	}
	truth := distuv.Normal{Mu: 0, Sigma: 3}
	d := diag.KSStatistic(v, truth.CDF)
	kl, _ := diag.KLDivergence(v, truth.CDF, 0)
	fmt.Printf("KS D < 0.03: %v, p > 0.01: %v, KL < 0.01: %v\n", d < 0.03, diag.KSPValue(d, 4000) > 0.01, kl < 0.01)
	// Output:
	// KS D < 0.03: true, p > 0.01: true, KL < 0.01: true
}

func ExampleCheckMean() {
	// posteriordb's eight_schools_noncentered reports E[mu] = 4.4105 with
	// MCSE 0.0330; suppose our run estimated 4.32 with MCSE 0.05.
	fmt.Println(diag.CheckMean(4.32, 0.05, 4.4105, 0.0330, 4))
	// Output:
	// mean 4.32 ± 0.05 vs reference 4.41 ± 0.033: 1.51 combined SE (limit 4) ok
}

func ExampleLOO() {
	// Eight observations of N(0, 1), the last replaced by an outlier, and
	// 4 chains × 500 exact posterior draws of mu under y ~ N(mu, 1) with a
	// flat prior: mu ~ N(ȳ, 1/n).
	y := []float64{-0.6, 0.2, 1.1, -1.4, 0.4, -0.3, 0.8, 7}
	var ybar float64
	for _, v := range y {
		ybar += v / float64(len(y))
	}
	rng := rand.New(rand.NewPCG(7, 8))
	ll := make([][][]float64, 4) // [chain][draw][observation]
	for c := range ll {
		for range 500 {
			mu := ybar + rng.NormFloat64()/math.Sqrt(float64(len(y)))
			row := make([]float64, len(y))
			for i, v := range y {
				row[i] = distuv.Normal{Mu: mu, Sigma: 1}.LogProb(v)
			}
			ll[c] = append(ll[c], row)
		}
	}
	loo, err := diag.LOO(ll, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	waic, _ := diag.WAIC(ll)
	fmt.Printf("elpd_loo %.1f (SE %.1f), p_loo %.1f\n", loo.ELPD, loo.SE, loo.P)
	fmt.Printf("elpd_waic %.1f, p_waic %.1f\n", waic.ELPD, waic.P)
	fmt.Printf("k̂ of the outlier %.2f\n", loo.ParetoK[7])
	fmt.Println(loo.Warning)
	// Output:
	// elpd_loo -34.9 (SE 20.9), p_loo 6.1
	// elpd_waic -34.9, p_waic 6.1
	// k̂ of the outlier 0.87
	// 1 of 8 Pareto k̂ above 0.7 (observation 8): their PSIS-LOO estimates are unreliable
}

// Nested R-hat of 64 chains of 10 draws in 8 superchains: near 1 when the
// superchains agree, well above when one is stuck elsewhere.
func ExampleNestedRHat() {
	rng := rand.New(rand.NewPCG(1, 2))
	good := ar1(rng, 64, 10, 0.5, 0)
	r, _ := diag.NestedRHat(good, 8)
	fmt.Printf("mixed: %.2f\n", r)
	bad := ar1(rng, 64, 10, 0.5, 0)
	for c := 56; c < 64; c++ { // the last superchain sits 3 away
		for t := range bad[c] {
			bad[c][t] += 3
		}
	}
	r, _ = diag.NestedRHat(bad, 8)
	fmt.Printf("one superchain stuck: %.2f\n", r)
	// Output:
	// mixed: 1.02
	// one superchain stuck: 1.40
}
