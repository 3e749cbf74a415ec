package diag

import (
	"fmt"
	"math"
)

// MCSEMean returns the Monte Carlo standard error of the mean of x:
// sd(x)/sqrt(ESS(x)).
func MCSEMean(x [][]float64) (float64, error) {
	w, err := prepare(x, minESSDraws)
	if err != nil {
		return math.NaN(), err
	}
	_, sd := w.meanSD()
	return sd / math.Sqrt(w.essMean()), nil
}

// MCSESD returns the Monte Carlo standard error of the standard deviation of
// x, sd·sqrt(e·(1 − 1/ess)^(ess−1) − 1) with ess = ESSSD(x), which assumes
// normal draws (Stirling's approximation, as in the R package posterior).
func MCSESD(x [][]float64) (float64, error) {
	w, err := prepare(x, minESSDraws)
	if err != nil {
		return math.NaN(), err
	}
	_, sd := w.meanSD()
	return mcseSD(sd, min(w.essMean(), w.essSquare())), nil
}

// MCSEQuantile returns the Monte Carlo standard error of the p-quantile of x:
// half the distance between the order statistics at the 15.9 % and 84.1 %
// quantiles of Beta(ess·p + 1, ess·(1 − p) + 1), ess = ESSQuantile(x, p),
// which are ±1 sd for a normal estimator. It is NaN (with a nil error) when
// ESSQuantile is, for a constant indicator.
func MCSEQuantile(x [][]float64, p float64) (float64, error) {
	if !(p >= 0 && p <= 1) {
		return math.NaN(), fmt.Errorf("diag: quantile probability %v outside [0, 1]", p)
	}
	w, err := prepare(x, minESSDraws)
	if err != nil {
		return math.NaN(), err
	}
	return w.mcseQuantile(p, w.essQuantile(p)), nil
}
