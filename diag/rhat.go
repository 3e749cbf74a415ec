package diag

import "math"

// prepare checks x and loads it into a new work; on failure it returns the
// error with the diagnostic's NaN.
func prepare(x [][]float64, minDraws int) (*work, error) {
	n, err := check(x)
	if err != nil {
		return nil, err
	}
	if n < minDraws {
		return nil, errTooFewForESS(n)
	}
	w := new(work)
	w.load(x)
	return w, nil
}

// RHat returns the rank-normalized split R-hat of the draws x (chain × draw):
// the larger of the split R-hat of the rank-normalized draws (bulk) and of
// the rank-normalized draws folded about their median (tails), as proposed by
// Vehtari et al. (2021). Values above 1.01 indicate chains that have not mixed.
// Bad input is described in the package documentation.
func RHat(x [][]float64) (float64, error) {
	w, err := prepare(x, MinDraws)
	if err != nil {
		return math.NaN(), err
	}
	bulk, folded := w.rhat()
	return max(bulk, folded), nil
}

// SplitRHat returns the classic split R-hat of x (Gelman et al., BDA3): the
// potential scale reduction factor of the chains cut in halves, on the raw
// draws (no rank normalization).
func SplitRHat(x [][]float64) (float64, error) {
	w, err := prepare(x, MinDraws)
	if err != nil {
		return math.NaN(), err
	}
	return rhatSplit(w.xs[:w.splitLen()], 2*w.c, w.h, w.means, w.vars), nil
}
