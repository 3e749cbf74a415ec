package diag

import (
	"fmt"
	"math"
)

// minESSDraws is the fewest draws per chain for an effective sample size:
// three draws in each split half.
const minESSDraws = 6

func errTooFewForESS(n int) error {
	return fmt.Errorf("%w: %d draws per chain, effective sample sizes need at least %d", ErrTooFewDraws, n, minESSDraws)
}

// ESS returns the effective sample size of the mean of x (chain × draw), the
// "basic" ESS of split chains: Geyer's initial monotone sequence estimator of
// the autocorrelation time, autocovariances by FFT, combined over chains as
// in Stan (see the package documentation). It needs at least 6 draws per chain.
func ESS(x [][]float64) (float64, error) {
	w, err := prepare(x, minESSDraws)
	if err != nil {
		return math.NaN(), err
	}
	return w.essMean(), nil
}

// ESSBulk returns the bulk effective sample size of x: the ESS of the
// rank-normalized split chains, a measure of the precision of the center of
// the distribution that exists even where the mean does not.
func ESSBulk(x [][]float64) (float64, error) {
	w, err := prepare(x, minESSDraws)
	if err != nil {
		return math.NaN(), err
	}
	return w.essBulk(), nil
}

// ESSTail returns the tail effective sample size of x: the smaller of the
// ESS of the 5 % and the 95 % quantiles (ESSQuantile).
func ESSTail(x [][]float64) (float64, error) {
	w, err := prepare(x, minESSDraws)
	if err != nil {
		return math.NaN(), err
	}
	return w.essTail(), nil
}

// ESSQuantile returns the effective sample size of the p-quantile of x: the
// ESS of the split chains of the indicator x ≤ q, q the type-7 sample
// p-quantile of all draws. It is NaN when the indicator is constant (p near 0
// or 1 with tied draws).
func ESSQuantile(x [][]float64, p float64) (float64, error) {
	if !(p >= 0 && p <= 1) {
		return math.NaN(), fmt.Errorf("diag: quantile probability %v outside [0, 1]", p)
	}
	w, err := prepare(x, minESSDraws)
	if err != nil {
		return math.NaN(), err
	}
	return w.essQuantile(p), nil
}

// ESSSD returns the effective sample size of the standard deviation of x:
// the smaller of the ESS of x and of x².
func ESSSD(x [][]float64) (float64, error) {
	w, err := prepare(x, minESSDraws)
	if err != nil {
		return math.NaN(), err
	}
	return min(w.essMean(), w.essSquare()), nil
}
