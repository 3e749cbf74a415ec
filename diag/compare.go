package diag

import (
	"fmt"
	"math"
	"slices"
)

// KSStatistic returns the one-sample Kolmogorov–Smirnov statistic of the
// draws x against the cumulative distribution function cdf of a known
// continuous distribution: the largest distance sup |F̂(t) − F(t)| between
// the empirical CDF of x and cdf. For example, the funnel's marginal of v is
// checked with cdf = distuv.Normal{Mu: 0, Sigma: 3}.CDF. It returns NaN for
// empty x or NaN draws.
func KSStatistic(x []float64, cdf func(float64) float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	s := slices.Clone(x)
	slices.Sort(s)
	if math.IsNaN(s[0]) || math.IsNaN(s[n-1]) {
		return math.NaN()
	}
	fn := float64(n)
	var d float64
	for i, v := range s {
		f := cdf(v)
		d = max(d, f-float64(i)/fn, float64(i+1)/fn-f)
	}
	return d
}

// KSTwoSample returns the two-sample Kolmogorov–Smirnov statistic of x and
// y: the largest distance between their empirical CDFs. It returns NaN if
// either is empty or holds NaN.
func KSTwoSample(x, y []float64) float64 {
	if len(x) == 0 || len(y) == 0 {
		return math.NaN()
	}
	a, b := slices.Clone(x), slices.Clone(y)
	slices.Sort(a)
	slices.Sort(b)
	for _, s := range [][]float64{a, b} {
		if math.IsNaN(s[0]) || math.IsNaN(s[len(s)-1]) {
			return math.NaN()
		}
	}
	na, nb := float64(len(a)), float64(len(b))
	var i, j int
	var d float64
	for i < len(a) && j < len(b) {
		t := min(a[i], b[j])
		for i < len(a) && a[i] == t {
			i++
		}
		for j < len(b) && b[j] == t {
			j++
		}
		d = max(d, math.Abs(float64(i)/na-float64(j)/nb))
	}
	return d
}

// KSPValue returns the asymptotic p-value of a Kolmogorov–Smirnov statistic
// d from n independent draws: the probability that the Kolmogorov
// distribution exceeds (√n + 0.12 + 0.11/√n)·d (Stephens' correction, good
// for n ≥ 4). For Markov chain draws pass the effective sample size (for
// example ESSBulk) as n, not the number of draws; for two samples pass
// n₁n₂/(n₁ + n₂).
func KSPValue(d, n float64) float64 {
	if math.IsNaN(d) || !(n > 0) {
		return math.NaN()
	}
	sn := math.Sqrt(n)
	l := (sn + 0.12 + 0.11/sn) * d
	if l < 0.2 {
		return 1
	}
	// Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²)
	var q float64
	sign := 1.0
	for k := 1; k <= 100; k++ {
		t := sign * math.Exp(-2*float64(k*k)*l*l)
		q += t
		if math.Abs(t) < 1e-16*q {
			break
		}
		sign = -sign
	}
	return min(1, max(0, 2*q))
}

// KLDivergence returns an estimate of the Kullback–Leibler divergence
// KL(draws ‖ reference) ≥ 0 in nats, from the draws x to a known continuous
// distribution with cumulative distribution function cdf.
//
// The estimator bins the probability integral transforms uᵢ = cdf(xᵢ) into
// `bins` equal-width bins of [0, 1], which are equal-probability bins of
// the reference, and returns Σₖ p̂ₖ log(bins·p̂ₖ), p̂ₖ the fraction of draws in
// bin k: the KL divergence between the binned draws and the binned reference.
// Binning can only lose information, so for large n it is a lower bound of the
// true divergence that tightens as bins grow; with n independent draws from
// the reference itself it is biased upwards by about (bins − 1)/(2n) (for
// Markov chain draws, use the effective sample size as n). bins ≤ 0 means
// max(10, round(2·n^(1/3))), the Terrell–Scott number of bins.
func KLDivergence(x []float64, cdf func(float64) float64, bins int) (float64, error) {
	n := len(x)
	if n == 0 {
		return math.NaN(), fmt.Errorf("%w: no draws", ErrTooFewDraws)
	}
	if bins <= 0 {
		bins = DefaultKLBins(n)
	}
	count := make([]int, bins)
	for i, v := range x {
		u := cdf(v)
		if math.IsNaN(u) {
			return math.NaN(), fmt.Errorf("%w: draw %d is %v, its CDF %v", ErrNonFinite, i, v, u)
		}
		k := int(u * float64(bins))
		count[min(max(k, 0), bins-1)]++
	}
	var kl float64
	for _, c := range count {
		if c > 0 {
			p := float64(c) / float64(n)
			kl += p * math.Log(float64(bins)*p)
		}
	}
	return kl, nil
}

// DefaultKLBins returns the number of bins KLDivergence uses for n draws
// when given none: max(10, round(2·n^(1/3))).
func DefaultKLBins(n int) int {
	return max(10, int(math.Round(2*math.Cbrt(float64(n)))))
}

// MeanCheck is the comparison of an estimated mean with a reference value.
type MeanCheck struct {
	Mean, MCSE   float64 // the estimate and its Monte Carlo standard error
	Ref, RefMCSE float64 // the reference and its standard error (0 if exact)
	Z            float64 // |Mean − Ref| / sqrt(MCSE² + RefMCSE²)
	K            float64 // the tolerance in combined standard errors
	OK           bool    // Z < K
}

// CheckMean compares a mean estimated from draws with a reference value by
// the MCSE rule |mean − ref| < k·sqrt(mcse² + refMCSE²), as posteriordb
// recommends with k = 4. refMCSE is 0 for an exact reference. A NaN input
// gives OK false.
func CheckMean(mean, mcse, ref, refMCSE, k float64) MeanCheck {
	z := math.Abs(mean-ref) / math.Hypot(mcse, refMCSE)
	return MeanCheck{Mean: mean, MCSE: mcse, Ref: ref, RefMCSE: refMCSE, Z: z, K: k, OK: z < k}
}

// String describes the check in one line.
func (c MeanCheck) String() string {
	verdict := "ok"
	if !c.OK {
		verdict = "FAIL"
	}
	return fmt.Sprintf("mean %.4g ± %.2g vs reference %.4g ± %.2g: %.2f combined SE (limit %g) %s",
		c.Mean, c.MCSE, c.Ref, c.RefMCSE, c.Z, c.K, verdict)
}
