package diag

import (
	"fmt"
	"math"
	"slices"
)

// quantileSorted returns the type-7 sample quantile (R's default, linear
// interpolation between order statistics) of the ascending values s.
func quantileSorted(p float64, s []float64) float64 {
	n := len(s)
	h := float64(n-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i >= n-1 {
		return s[n-1]
	}
	f := h - lo
	if f == 0 {
		return s[i]
	}
	// R's arithmetic, so that the median is round((a+b)/2) exactly.
	return (1-f)*s[i] + f*s[i+1]
}

// pooledSorted returns the draws of all chains in ascending order.
func pooledSorted(x [][]float64) []float64 {
	var n int
	for _, xc := range x {
		n += len(xc)
	}
	s := make([]float64, 0, n)
	for _, xc := range x {
		s = append(s, xc...)
	}
	slices.Sort(s)
	return s
}

// Quantiles returns in dst the sample quantiles at probabilities ps of the
// draws of all chains pooled, by linear interpolation between order
// statistics (type 7 of Hyndman and Fan, R's default). If dst is nil it is
// allocated; otherwise it must have len(ps).
func Quantiles(dst []float64, x [][]float64, ps []float64) ([]float64, error) {
	if dst == nil {
		dst = make([]float64, len(ps))
	} else if len(dst) != len(ps) {
		panic("diag: len(dst) != len(ps)")
	}
	if _, err := checkShape(x); err != nil {
		return dst, err
	}
	for _, p := range ps {
		if !(p >= 0 && p <= 1) {
			return dst, fmt.Errorf("diag: quantile probability %v outside [0, 1]", p)
		}
	}
	if err := checkValues(x); err != nil && !isConstant(err) {
		for i := range dst {
			dst[i] = math.NaN()
		}
		return dst, err
	}
	s := pooledSorted(x)
	for i, p := range ps {
		dst[i] = quantileSorted(p, s)
	}
	return dst, nil
}

// hdiSorted returns the shortest interval [s[i], s[i+k-1]] holding
// k = ceil(mass·n) of the ascending draws s.
func hdiSorted(mass float64, s []float64) (lo, hi float64) {
	n := len(s)
	k := int(math.Ceil(mass * float64(n)))
	k = max(1, min(k, n))
	best := math.Inf(1)
	for i := 0; i+k-1 < n; i++ {
		if w := s[i+k-1] - s[i]; w < best {
			best, lo, hi = w, s[i], s[i+k-1]
		}
	}
	return lo, hi
}

// HDI returns the highest-density interval of probability mass in (0, 1] of
// the draws of all chains pooled: the shortest interval between two draws
// that holds ceil(mass·n) of the n draws (the estimator of ArviZ's hdi for
// unimodal posteriors). For a multimodal posterior it spans the gaps.
func HDI(x [][]float64, mass float64) (lo, hi float64, err error) {
	if !(mass > 0 && mass <= 1) {
		return math.NaN(), math.NaN(), fmt.Errorf("diag: HDI mass %v outside (0, 1]", mass)
	}
	if _, err := checkShape(x); err != nil {
		return math.NaN(), math.NaN(), err
	}
	if err := checkValues(x); err != nil && !isConstant(err) {
		return math.NaN(), math.NaN(), err
	}
	lo, hi = hdiSorted(mass, pooledSorted(x))
	return lo, hi, nil
}
