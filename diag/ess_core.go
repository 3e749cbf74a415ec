package diag

import (
	"math"
	"math/bits"
)

// essWork holds scratch for effective sample sizes of split chains.
type essWork struct {
	yc    []float64 // centered chains, chain-major
	means []float64 // chain means
	ac    []float64 // mean over chains of the biased autocovariance, by lag
	nlag  int       // lags of ac computed so far
	rho   []float64 // autocorrelation sequence of Geyer's estimator
	fft   fftAcov
}

// grow returns s resized to n, reusing its storage when it can.
func grow(s []float64, n int) []float64 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]float64, n)
}

// directLagCap returns the number of lags worth computing directly for chains
// of length h before switching to the FFT (cost n·lags versus n·log n).
func directLagCap(h int) int {
	c := 6 * int(math.Ceil(math.Log2(float64(2*h))))
	return (c + 3) / 4 * 4
}

// firstLags is the number of lags computed with the centering of each
// chain, while it is in cache: Geyer's sequence of a well-mixing chain rarely
// ends earlier. Later lags come lagStep at a time.
const (
	firstLags = 16
	lagStep   = 16
)

// acov returns the mean over chains of the lag-l autocovariance, computing
// lags lagStep at a time while few are needed and all at once by FFT after.
func (w *essWork) acov(l, m, h int) float64 {
	for l >= w.nlag {
		lagCap := directLagCap(h)
		if w.nlag >= lagCap {
			clear(w.ac)
			for c := range m {
				w.fft.addAcov(w.ac, w.yc[c*h:(c+1)*h], 1/float64(m))
			}
			w.nlag = h
			break
		}
		var block [16]float64
		for c := range m {
			lagBlocks(&block, w.yc[c*h:(c+1)*h], w.nlag, w.nlag == 0)
		}
		// Never past lagCap (a multiple of 4), where the FFT takes over.
		size := min(lagStep, lagCap-w.nlag)
		s := 1 / (float64(m) * float64(h))
		for k := 0; k < size && w.nlag+k < h; k++ {
			w.ac[w.nlag+k] = block[k] * s
		}
		w.nlag = min(w.nlag+size, h)
	}
	return w.ac[l]
}

// ess returns the effective sample size of the m chains of length h stored
// chain-major in y. It needs h ≥ 3 and finite, non-constant y.
func (w *essWork) ess(y []float64, m, h int) float64 {
	return w.essOf(y, m, h, false, nil)
}

// essOf returns the effective sample size of the m chains of length h stored
// chain-major in y, or of their squares if square. If vars is not nil (and
// not square), it
// also sets vars[c] to the sample variance of chain c (denominator h−1), as
// meanVar does, and w.means[c] to its mean. Each chain is centered and its
// first lags are computed while it is in cache.
func (w *essWork) essOf(y []float64, m, h int, square bool, vars []float64) float64 {
	n := m * h
	w.yc = grow(w.yc, n)
	w.means = grow(w.means, m)
	w.ac = grow(w.ac, h)
	w.nlag = 0
	eager := h >= 4*firstLags
	var first [16]float64 // lags 0–15, summed over chains
	for c := range m {
		yc := y[c*h : (c+1)*h]
		dst := w.yc[c*h : (c+1)*h]
		var s float64
		if square {
			for _, v := range yc {
				s += v * v
			}
		} else {
			for _, v := range yc {
				s += v
			}
		}
		mu := s / float64(h)
		w.means[c] = mu
		switch {
		case square:
			for i, v := range yc {
				dst[i] = v*v - mu
			}
		case vars != nil:
			// meanVar's arithmetic: the same deviations, squared and summed.
			var ss float64
			for i, v := range yc {
				d := v - mu
				dst[i] = d
				ss += d * d
			}
			vars[c] = ss / float64(h-1)
		default:
			for i, v := range yc {
				dst[i] = v - mu
			}
		}
		if eager {
			lagBlocks(&first, dst, 0, true)
		}
	}
	if eager {
		s := 1 / (float64(m) * float64(h))
		for k := range firstLags {
			w.ac[k] = first[k] * s
		}
		w.nlag = firstLags
	}
	return w.geyer(func(l int) float64 { return w.acov(l, m, h) }, m, h)
}

// geyer returns the effective sample size of m chains of length h with chain
// means w.means and mean (over chains) biased autocovariance acov(lag), by
// Geyer's initial positive and monotone sequences with the improved
// (even-lag) end term, bounded above by m·h·log10(m·h), following the R
// package posterior 0.0.x.
func (w *essWork) geyer(acov func(int) float64, m, h int) float64 {
	w.rho = grow(w.rho, h)
	fh := float64(h)
	meanVar := acov(0) * fh / (fh - 1)
	varPlus := meanVar * (fh - 1) / fh
	if m > 1 {
		varPlus += variance(w.means[:m])
	}
	rho := w.rho
	clear(rho)
	r := func(l int) float64 { return 1 - (meanVar-acov(l))/varPlus }

	// Geyer's initial positive sequence, on sums of pairs of lags.
	t := 0
	rhoEven := 1.0
	rho[0] = rhoEven
	rhoOdd := r(1)
	rho[1] = rhoOdd
	for t < h-5 && !math.IsNaN(rhoEven+rhoOdd) && rhoEven+rhoOdd > 0 {
		t += 2
		rhoEven = r(t)
		rhoOdd = r(t + 1)
		if rhoEven+rhoOdd >= 0 {
			rho[t] = rhoEven
			rho[t+1] = rhoOdd
		}
	}
	maxT := t
	if rhoEven > 0 {
		rho[maxT] = rhoEven
	}
	// Geyer's initial monotone sequence.
	for t = 2; t <= maxT-2; t += 2 {
		if rho[t]+rho[t+1] > rho[t-2]+rho[t-1] {
			rho[t] = (rho[t-2] + rho[t-1]) / 2
			rho[t+1] = rho[t]
		}
	}
	var sum float64
	for _, v := range rho[:maxT] {
		sum += v
	}
	tau := -1 + 2*sum + rho[maxT]
	fn := float64(m * h)
	tau = max(tau, 1/math.Log10(fn))
	return fn / tau
}

// essIndicator returns the effective sample size of the 0/1 chains whose
// ones are set in bits: chain c occupies words [c·nw, (c+1)·nw), bit i of
// the chain in word i/64 at bit i%64. Autocovariances come exactly from
// counts: Σᵢ(Iᵢ−μ)(Iᵢ₊ₗ−μ) = Pₗ − μ(Aₗ + Bₗ) + (h−l)μ², with Pₗ the number
// of pairs of ones l apart (a popcount of the bitset and its shift), Aₗ the
// ones among the first h−l and Bₗ the ones among the last h−l.
func (w *essWork) essIndicator(bits []uint64, m, h int) float64 {
	nw := (h + 63) / 64
	w.means = grow(w.means, m)
	w.ac = grow(w.ac, h)
	ones := make([]float64, 3*m) // total ones, A_l, B_l per chain
	for c := range m {
		var k int
		for _, b := range bits[c*nw : (c+1)*nw] {
			k += popcount(b)
		}
		ones[3*c], ones[3*c+1], ones[3*c+2] = float64(k), float64(k), float64(k)
		w.means[c] = float64(k) / float64(h)
	}
	bit := func(b []uint64, i int) float64 { return float64(b[i>>6] >> (i & 63) & 1) }
	next := 0 // lags computed so far; A_l and B_l are kept for lag next−1
	fh := float64(h)
	return w.geyer(func(l int) float64 {
		for ; next <= l; next++ {
			lag := next
			var s float64
			for c := range m {
				b := bits[c*nw : (c+1)*nw]
				if lag > 0 {
					ones[3*c+1] -= bit(b, h-lag) // A_l drops I[h−l]
					ones[3*c+2] -= bit(b, lag-1) // B_l drops I[l−1]
				}
				mu := w.means[c]
				p := float64(shiftedAndCount(b, lag, h))
				s += p - mu*(ones[3*c+1]+ones[3*c+2]) + float64(h-lag)*mu*mu
			}
			w.ac[lag] = s / (float64(m) * fh)
		}
		return w.ac[l]
	}, m, h)
}

// variance returns the sample variance of x with denominator len(x)−1.
func variance(x []float64) float64 {
	var mu float64
	for _, v := range x {
		mu += v
	}
	mu /= float64(len(x))
	var ss float64
	for _, v := range x {
		d := v - mu
		ss += d * d
	}
	return ss / float64(len(x)-1)
}

// meanVar returns the mean and the sample variance (denominator len(x)−1) of x.
func meanVar(x []float64) (mean, v float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var ss float64
	for _, u := range x {
		d := u - mean
		ss += d * d
	}
	return mean, ss / float64(len(x)-1)
}

// rhatSplit returns the potential scale reduction factor of the m chains of
// length h stored chain-major in y (Gelman et al., BDA3 eq. 11.4).
func rhatSplit(y []float64, m, h int, means, vars []float64) float64 {
	for c := range m {
		means[c], vars[c] = meanVar(y[c*h : (c+1)*h])
	}
	return rhatMeanVar(means[:m], vars[:m], h)
}

// rhatMeanVar returns the potential scale reduction factor of chains of
// length h with the given means and variances.
func rhatMeanVar(means, vars []float64, h int) float64 {
	fh := float64(h)
	between := fh * variance(means)
	var within float64
	for _, v := range vars {
		within += v
	}
	within /= float64(len(vars))
	return math.Sqrt((between/within + fh - 1) / fh)
}

func popcount(b uint64) int { return bits.OnesCount64(b) }

// shiftedAndCount returns the number of i < h−l with bits i and i+l both set
// in the bitset b of h bits (bits past h are zero).
func shiftedAndCount(b []uint64, l, h int) int {
	ws, bs := l>>6, uint(l&63)
	nw := len(b)
	var n int
	for j := 0; j+ws < nw; j++ {
		v := b[j+ws] >> bs
		if bs != 0 && j+ws+1 < nw {
			v |= b[j+ws+1] << (64 - bs)
		}
		n += bits.OnesCount64(b[j] & v)
	}
	return n
}
