package diag

import "fmt"

// CDFCheck compares Markov chain draws of one quantity with a known
// distribution, in two measures whose noise depends on the effective
// sample size rather than the number of draws.
type CDFCheck struct {
	// Draws is the number of draws, ESS their bulk effective sample size.
	Draws int
	ESS   float64
	// KL is KLDivergence of the pooled draws with Bins = DefaultKLBins
	// bins; KLNull is its expected value for exact independent draws of the
	// same effective sample size, (Bins − 1)/(2·ESS). A KL well above
	// KLNull is a difference that noise does not explain.
	KL, KLNull float64
	Bins       int
	// KS is the Kolmogorov–Smirnov distance of the pooled draws, and KSP
	// its p-value with ESS in place of the number of draws.
	KS, KSP float64
}

// CompareCDF compares the draws x (chain × draw) with the distribution
// whose cumulative distribution function is cdf. It fails on the input
// errors of ESSBulk (too few draws, ragged chains) and on non-finite draws.
func CompareCDF(x [][]float64, cdf func(float64) float64) (CDFCheck, error) {
	var c CDFCheck
	if cdf == nil {
		return c, fmt.Errorf("diag: CompareCDF: nil cdf")
	}
	ess, err := ESSBulk(x)
	if err != nil {
		return c, fmt.Errorf("diag: CompareCDF: %w", err)
	}
	var pooled []float64
	for _, ch := range x {
		pooled = append(pooled, ch...)
	}
	c.Draws, c.ESS = len(pooled), ess
	c.Bins = DefaultKLBins(len(pooled))
	if c.KL, err = KLDivergence(pooled, cdf, c.Bins); err != nil {
		return c, fmt.Errorf("diag: CompareCDF: %w", err)
	}
	c.KLNull = float64(c.Bins-1) / (2 * ess)
	c.KS = KSStatistic(pooled, cdf)
	c.KSP = KSPValue(c.KS, ess)
	return c, nil
}

// String describes the comparison in one line.
func (c CDFCheck) String() string {
	return fmt.Sprintf("%d draws, ESS %.0f: KL %.3f (exact sampler ≈ %.3f), KS %.3f (p = %.2g)", c.Draws, c.ESS, c.KL, c.KLNull, c.KS, c.KSP)
}
