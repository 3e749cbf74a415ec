package diag

import (
	"fmt"
	"math"
)

// EBFMI returns the estimated Bayesian fraction of missing information of
// each chain from the Hamiltonian energy__ of its draws (Betancourt 2016):
// the mean squared change of energy between successive draws over the
// variance of the energy, Σₜ(Eₜ − Eₜ₋₁)²/(n−1) ÷ Σₜ(Eₜ − Ē)²/n (the
// definition of ArviZ's bfmi). Values below 0.3 mean the momentum resampling
// explores the energy distribution poorly: the sampler struggles with heavy
// tails or varying curvature. A chain of constant energy gives NaN and an
// error wrapping ErrConstant.
func EBFMI(energy [][]float64) ([]float64, error) {
	if _, err := checkShape(energy); err != nil {
		return nil, err
	}
	out := make([]float64, len(energy))
	var firstErr error
	for c, e := range energy {
		var mean, sq float64
		for t, v := range e {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%w: energy of chain %d draw %d is %v", ErrNonFinite, c, t, v)
			}
			mean += v
			if t > 0 {
				d := v - e[t-1]
				sq += d * d
			}
		}
		n := float64(len(e))
		mean /= n
		var ss float64
		for _, v := range e {
			d := v - mean
			ss += d * d
		}
		if ss == 0 {
			out[c] = math.NaN()
			if firstErr == nil {
				firstErr = fmt.Errorf("%w: energy of chain %d is constant", ErrConstant, c)
			}
			continue
		}
		out[c] = (sq / (n - 1)) / (ss / n)
	}
	return out, firstErr
}
