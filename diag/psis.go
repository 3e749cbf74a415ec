package diag

import (
	"fmt"
	"math"
	"slices"
)

// Pareto-smoothed importance sampling (PSIS), as in Vehtari, Simpson,
// Gelman, Yao and Gabry (2024), "Pareto smoothed importance sampling",
// JMLR 25(72), and as computed by the R package loo (2.5):
//
//   - the largest M = ⌈min(0.2·S, 3·√(S/r_eff))⌉ of the S log ratios form
//     the tail (none is smoothed when M < 5);
//   - a generalized Pareto distribution is fitted to the tail's ratios in
//     excess of the largest ratio outside it, by Zhang and Stephens' (2009)
//     profile-likelihood estimator with a weakly informative prior on the
//     shape k̂ (shrunk towards 0.5 with weight 10 draws);
//   - the tail's ratios are replaced, in order, by the fitted distribution's
//     quantiles at (i − ½)/M;
//   - weights are truncated at the largest raw weight.

// minTailLength is the fewest tail draws to which PSIS fits a generalized
// Pareto distribution.
const minTailLength = 5

// psisTailLength returns the number of draws in the Pareto tail for S draws
// with relative efficiency rEff.
func psisTailLength(S int, rEff float64) int {
	fs := float64(S)
	return int(math.Ceil(math.Min(0.2*fs, 3*math.Sqrt(fs/rEff))))
}

// psisWork holds scratch for Pareto smoothing.
type psisWork struct {
	perm        []uint32
	keys, keys2 []uint64
	tail        []float64
	gpd         gpdWork
}

// smooth replaces lr (log ratios) by its Pareto-smoothed, truncated,
// unnormalized log weights for relative efficiency rEff and returns k̂,
// +Inf when the tail was too short or constant to fit.
func (w *psisWork) smooth(lr []float64, rEff float64) float64 {
	S := len(lr)
	top := slices.Max(lr)
	for i := range lr {
		lr[i] -= top
	}
	k := math.Inf(1)
	m := psisTailLength(S, rEff)
	if m >= minTailLength && m < S {
		// Ascending by value, ties in index order (a stable sort).
		if len(w.perm) != S {
			w.perm, w.keys, w.keys2 = make([]uint32, S), make([]uint64, S), make([]uint64, S)
		}
		sortPerm(w.perm, lr, w.keys, w.keys2)
		tail := w.perm[S-m:]
		w.tail = w.tail[:0]
		for _, i := range tail {
			w.tail = append(w.tail, lr[i])
		}
		lo, hi := w.tail[0], w.tail[m-1]
		if math.Abs(hi-lo) >= 2.220446049250313e-16/100 {
			cutoff := lr[w.perm[S-m-1]]
			expCut := math.Exp(cutoff)
			x := w.gpd.x[:0]
			for _, v := range w.tail {
				x = append(x, math.Exp(v)-expCut)
			}
			w.gpd.x = x
			kh, sigma := w.gpd.fit(x)
			k = kh
			if !math.IsInf(kh, 0) && !math.IsNaN(kh) {
				fm := float64(m)
				for j, i := range tail {
					p := (float64(j) + 0.5) / fm
					lr[i] = math.Log(gpdQuantile(p, kh, sigma) + expCut)
				}
			}
		}
	}
	for i, v := range lr {
		if v > 0 {
			v = 0
		}
		lr[i] = v + top
	}
	return k
}

// gpdQuantile returns the p-quantile of the generalized Pareto distribution
// with location 0, shape k and scale sigma (NaN for sigma ≤ 0).
func gpdQuantile(p, k, sigma float64) float64 {
	if math.IsNaN(sigma) || sigma <= 0 {
		return math.NaN()
	}
	return sigma * math.Expm1(-k*math.Log1p(-p)) / k
}

// gpdWork holds scratch for fitting a generalized Pareto distribution.
type gpdWork struct {
	x, theta, lt []float64
}

// fit estimates the shape k and scale sigma of a generalized Pareto
// distribution with location 0 from the sorted positive sample x, by Zhang
// and Stephens' (2009) Bayesian estimator of θ = −k/σ on a grid of
// 30 + ⌊√n⌋ points, then shrinks k̂ towards 0.5 as if 10 more draws had
// k = 0.5 (the weakly informative prior of Vehtari et al.); sigma is that of
// the unshrunk k̂. A NaN shape is returned as +Inf.
func (w *gpdWork) fit(x []float64) (k, sigma float64) {
	n := len(x)
	fn := float64(n)
	const prior = 3.0
	m := 30 + int(math.Floor(math.Sqrt(fn)))
	xstar := x[int(math.Floor(fn/4+0.5))-1] // first quartile
	w.theta = grow(w.theta, m)
	w.lt = grow(w.lt, m)
	theta, lt := w.theta, w.lt
	for j := range m {
		theta[j] = 1/x[n-1] + (1-math.Sqrt(float64(m)/(float64(j)+0.5)))/prior/xstar
		a := -theta[j]
		kj := meanLog1p(a, x)
		lt[j] = fn * (math.Log(a/kj) - kj - 1) // profile log-likelihood
	}
	lse := logSumExp(lt)
	var thetaHat float64
	for j := range m {
		thetaHat += theta[j] * math.Exp(lt[j]-lse)
	}
	k = meanLog1p(-thetaHat, x)
	sigma = -k / thetaHat
	const a = 10.0 // prior draws
	k = k*fn/(fn+a) + a*0.5/(fn+a)
	if math.IsNaN(k) {
		k = math.Inf(1)
	}
	return k, sigma
}

// meanLog1p returns the mean of log1p(a·x) over x.
func meanLog1p(a float64, x []float64) float64 {
	var s float64
	for _, v := range x {
		s += math.Log1p(a * v)
	}
	return s / float64(len(x))
}

// logSumExp returns log Σ exp(x), computed stably; NaN if any x is NaN,
// −Inf for an empty x or one of −Inf only.
func logSumExp(x []float64) float64 {
	top := math.Inf(-1)
	for _, v := range x {
		if math.IsNaN(v) {
			return math.NaN()
		}
		top = max(top, v)
	}
	if math.IsInf(top, 0) {
		return top
	}
	var s float64
	for _, v := range x {
		s += math.Exp(v - top)
	}
	return top + math.Log(s)
}

// PSIS returns the Pareto-smoothed importance sampling log weights of the
// log importance ratios logRatios (S draws, pooled over chains), normalized
// to sum to one on the exponential scale, and the estimated Pareto shape k̂
// of the ratios' upper tail. rEff is the relative efficiency (effective
// sample size over S) of the ratios, which sets the tail length (use 1 for
// independent draws). k̂ below 0.7 means the smoothed estimate is reliable;
// k̂ is +Inf when the tail is too short (S < 25) or constant to fit. It
// returns an error for fewer than 2 ratios, a NaN or infinite ratio, or an
// rEff that is not positive and finite.
func PSIS(logRatios []float64, rEff float64) (logWeights []float64, k float64, err error) {
	if len(logRatios) < 2 {
		return nil, math.NaN(), fmt.Errorf("%w: PSIS needs at least 2 log ratios, have %d", ErrTooFewDraws, len(logRatios))
	}
	for i, v := range logRatios {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, math.NaN(), fmt.Errorf("diag: PSIS: log ratio %d is %v", i, v)
		}
	}
	if !(rEff > 0) || math.IsInf(rEff, 0) {
		return nil, math.NaN(), fmt.Errorf("diag: PSIS: relative efficiency %v is not positive and finite", rEff)
	}
	lw := slices.Clone(logRatios)
	var w psisWork
	k = w.smooth(lw, rEff)
	z := logSumExp(lw)
	for i := range lw {
		lw[i] -= z
	}
	return lw, k, nil
}
