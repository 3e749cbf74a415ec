package diag

import (
	"math"
	"math/bits"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// work holds the scratch for the diagnostics of one parameter; a goroutine
// reuses one for many parameters of the same shape.
type work struct {
	c, n, h int // chains, draws per chain, draws per split half

	xs     []float64 // draws in the split layout, then the middle draws of odd-length chains
	sum    float64   // sum of xs in order, if hasSum
	hasSum bool
	perm   []uint32  // indices of xs in ascending order of value
	sorted []float64 // xs in ascending order
	keys   []uint64
	keys2  []uint64

	bits  []uint64  // indicator bitsets of the split chains, two quantiles
	z     []float64 // rank-normalized split chains
	means []float64
	vars  []float64

	ztab []float64 // ztab[i] = zScore(i+1, S) for S = 2c·h; read-only, shared by Summarize's goroutines
	ess  essWork

	pos  []uint32  // split positions in ascending order of value (odd-length chains)
	vals []float64 // split values in ascending order (odd-length chains)
	run  []int32   // chains of a run of tied folded draws
}

// load copies x (already checked: rectangular, finite) and sorts it.
func (w *work) load(x [][]float64) {
	w.c, w.n = len(x), len(x[0])
	w.h = w.n / 2
	nx := w.c * w.n
	ns := 2 * w.c * w.h
	w.xs = grow(w.xs, nx)
	w.sorted = grow(w.sorted, nx)
	w.hasSum = false
	if cap(w.perm) < nx {
		w.perm = make([]uint32, nx)
		w.keys = make([]uint64, nx)
		w.keys2 = make([]uint64, nx)
	}
	w.perm = w.perm[:nx]
	w.keys, w.keys2 = w.keys[:nx], w.keys2[:nx]
	if nx < radixMin {
		for c, xc := range x {
			copy(w.xs[c*w.h:], xc[:w.h])
			copy(w.xs[(w.c+c)*w.h:], xc[w.n-w.h:])
			if w.n%2 == 1 {
				w.xs[ns+c] = xc[w.h]
			}
		}
		sortPerm(w.perm, w.xs, w.keys, w.keys2)
		for i, p := range w.perm {
			w.sorted[i] = w.xs[p]
		}
	} else {
		// Copy into the split layout and build the sort keys in one pass.
		mask := indexMask(nx)
		k0 := floatKey(x[0][0])
		// In the order of xs, so that the running sum is meanVar's.
		var diff uint64
		var sum float64
		for c, xc := range x {
			diff, sum = putKeys(w.xs, w.keys, c*w.h, xc[:w.h], mask, k0, diff, sum)
		}
		for c, xc := range x {
			diff, sum = putKeys(w.xs, w.keys, (w.c+c)*w.h, xc[w.n-w.h:], mask, k0, diff, sum)
		}
		if w.n%2 == 1 {
			for c, xc := range x {
				diff, sum = putKeys(w.xs, w.keys, ns+c, xc[w.h:w.h+1], mask, k0, diff, sum)
			}
		}
		w.sum, w.hasSum = sum, true
		radixSortKeys(w.perm, w.sorted, w.xs, w.keys, w.keys2, diff)
	}
	w.z = grow(w.z, ns)
	w.means = grow(w.means, 2*w.c)
	w.vars = grow(w.vars, 2*w.c)
	if len(w.ztab) != ns {
		// A new table: w.ztab may be shared with other goroutines.
		w.ztab = zTable(nil, ns)
	}
}

// putKeys copies src into xs at position at and writes the sort keys of its
// values (floatKey above the index bits) into keys; it returns diff ORed
// with floatKey(v) ^ k0 and sum plus the values, over the values in order.
func putKeys(xs []float64, keys []uint64, at int, src []float64, mask, k0, diff uint64, sum float64) (uint64, float64) {
	dst := xs[at : at+len(src)]
	kd := keys[at : at+len(src)]
	for i, v := range src {
		dst[i] = v
		sum += v
		k := floatKey(v)
		diff |= k ^ k0
		kd[i] = k&^mask | uint64(at+i)
	}
	return diff, sum
}

// zScore returns the rank-normalized value of rank r among s draws,
// Φ⁻¹((r − 3/8)/(s + 1/4)) (Blom's offset, as in the R package posterior
// 0.0.x; later versions use (r − 1/2)/s).
func zScore(r float64, s int) float64 {
	return distuv.UnitNormal.Quantile((r - 0.375) / (float64(s) + 0.25))
}

// zTable returns zScore(i+1, s) for i < s.
func zTable(dst []float64, s int) []float64 {
	dst = grow(dst, s)
	for i := 0; i < (s+1)/2; i++ {
		v := zScore(float64(i+1), s)
		dst[i] = v
		dst[s-1-i] = -v
	}
	if s%2 == 1 {
		dst[s/2] = 0
	}
	return dst
}

// splitLen returns the number of draws in the split chains.
func (w *work) splitLen() int { return 2 * w.c * w.h }

// zAssign writes into w.z the rank-normalized value of each draw of a run of
// positions in the split layout, given in ascending order of their values
// vals: tied values share their average rank.
func (w *work) zAssign(pos []uint32, vals []float64) {
	s := len(pos)
	z, ztab := w.z[:s], w.ztab[:s]
	for i := 0; i < s; {
		if i+1 == s || vals[i+1] != vals[i] {
			z[pos[i]] = ztab[i]
			i++
			continue
		}
		j := i + 1
		for j+1 < s && vals[j+1] == vals[i] {
			j++
		}
		var v float64
		if (i+j)%2 == 0 {
			v = ztab[(i+j)/2]
		} else {
			// average rank (i+j)/2 + 1 is a half-integer
			v = zScore(float64(i+j)/2+1, s)
		}
		for k := i; k <= j; k++ {
			z[pos[k]] = v
		}
		i = j + 1
	}
}

// bulkZ fills w.z with the rank-normalized split chains and returns the
// split positions and values in ascending order of value.
func (w *work) bulkZ() (pos []uint32, vals []float64) {
	ns := w.splitLen()
	if ns == len(w.perm) {
		// Even chains: every draw is in a split half.
		pos, vals = w.perm, w.sorted
	} else {
		if cap(w.pos) < ns {
			w.pos = make([]uint32, ns)
		}
		pos, vals = w.pos[:ns], grow(w.vals, ns)
		w.vals = vals
		k := 0
		for i, p := range w.perm {
			if p >= uint32(ns) {
				continue // middle draw of an odd-length chain
			}
			pos[k] = p
			vals[k] = w.sorted[i]
			k++
		}
	}
	w.zAssign(pos, vals)
	return pos, vals
}

// foldedRHat returns the split R-hat of the rank-normalized draws folded
// about med, |x − med|, given the ascending split positions and values from
// bulkZ. The folded order is a merge of the draws below the median
// (descending) and above it (ascending); R-hat needs only the per-chain sums
// of the normalized values and of their squares, which are accumulated as
// the merge goes, so nothing is stored or scattered.
func (w *work) foldedRHat(med float64, pos []uint32, vals []float64) float64 {
	s := len(pos)
	h := uint32(w.h)
	invH := 1 / float64(w.h)
	chain := func(p uint32) int32 {
		c := uint32(float64(p) * invH)
		if (c+1)*h <= p {
			c++
		} else if c*h > p {
			c--
		}
		return int32(c)
	}
	r, _ := slices.BinarySearch(vals, med) // first draw ≥ med
	// With an even number of draws the median is the midpoint of the two
	// middle draws a < b, which are equidistant from it in exact arithmetic;
	// rounding would decide their order at random. Give every draw equal to
	// a or b the same distance d, so they tie, as in exact arithmetic.
	a, b := math.NaN(), math.NaN()
	var d float64
	if w.n%2 == 0 && r == s/2 && r > 0 && vals[r-1] < vals[r] {
		a, b = vals[r-1], vals[r]
		d = min(math.Abs(a-med), math.Abs(b-med))
	}
	dist := func(v float64) float64 {
		if v == a || v == b {
			return d
		}
		return math.Abs(v - med)
	}
	m := 2 * w.c
	s1, s2 := w.means[:m], w.vars[:m]
	clear(s1)
	clear(s2)
	ztab := w.ztab[:s]
	run := w.run[:0]
	// The run of tied folded values ends at rank k; add its normalized
	// value to the sums of the chains of its draws.
	flush := func(k int) {
		i, j := k-len(run), k-1
		var z float64
		if (i+j)%2 == 0 {
			z = ztab[(i+j)/2]
		} else {
			z = zScore(float64(i+j)/2+1, s)
		}
		for _, c := range run {
			s1[c] += z
			s2[c] += z * z
		}
		run = run[:0]
	}
	// add appends the draw of split position p with folded value fv, the
	// k-th in folded order.
	prev := math.NaN() // folded value of the previous rank
	add := func(k int, fv float64, p uint32) {
		if fv != prev && len(run) > 0 {
			if len(run) == 1 {
				c := run[0]
				z := ztab[k-1]
				s1[c] += z
				s2[c] += z * z
				run = run[:0]
			} else {
				flush(k)
			}
		}
		run = append(run, chain(p))
		prev = fv
	}
	// The draws below the median in descending order, i counting down from
	// r−1, merged with those above it, j counting up from r; of equal
	// distances the lower draw comes first.
	i, j, k := r-1, r, 0
	for ; i >= 0 && j < s; k++ {
		// Non-negative floats order as their bit patterns: integer
		// comparisons and selections compile to conditional moves rather
		// than unpredictable branches.
		dl, dr := math.Float64bits(dist(vals[i])), math.Float64bits(dist(vals[j]))
		pl, p, fv := pos[i], pos[j], dr
		t := 0
		if dl <= dr {
			t = 1
		}
		if dl <= dr {
			p = pl
		}
		if dl <= dr {
			fv = dl
		}
		add(k, math.Float64frombits(fv), p)
		i -= t
		j += 1 - t
	}
	for ; i >= 0; i, k = i-1, k+1 {
		add(k, dist(vals[i]), pos[i])
	}
	for ; j < s; j, k = j+1, k+1 {
		add(k, dist(vals[j]), pos[j])
	}
	flush(s)
	w.run = run
	return rhatFromSums(s1, s2, w.h)
}

// rhatFromSums returns the split R-hat of chains of length h with sums s1
// and sums of squares s2 (overwritten); suitable for standardized values,
// where the one-pass variance loses no precision.
func rhatFromSums(s1, s2 []float64, h int) float64 {
	fh := float64(h)
	var within float64
	for c := range s1 {
		mu := s1[c] / fh
		within += (s2[c] - fh*mu*mu) / (fh - 1)
		s1[c] = mu
	}
	within /= float64(len(s1))
	between := fh * variance(s1)
	return math.Sqrt((between/within + fh - 1) / fh)
}

// median returns the median of all draws.
func (w *work) median() float64 { return quantileSorted(0.5, w.sorted) }

// rhat returns the rank-normalized split R-hat of the bulk and of the draws
// folded about the median; it leaves the bulk z-values in w.z.
func (w *work) rhat() (bulk, folded float64) {
	m := 2 * w.c
	pos, vals := w.bulkZ()
	bulk = rhatSplit(w.z, m, w.h, w.means, w.vars)
	folded = w.foldedRHat(w.median(), pos, vals)
	return bulk, folded
}

// essBulk returns the ESS of the rank-normalized split chains.
func (w *work) essBulk() float64 {
	w.bulkZ()
	return w.ess.ess(w.z, 2*w.c, w.h)
}

// essQuantile returns the ESS of the indicator x ≤ q_p of the split chains,
// or NaN when the indicator is constant.
func (w *work) essQuantile(p float64) float64 {
	return w.essQuantiles(p, math.NaN())
}

// essTail returns the tail ESS: the smaller of the ESS of the 5 % and 95 %
// quantiles.
func (w *work) essTail() float64 { return w.essQuantiles(0.05, 0.95) }

// essQuantiles returns the smaller of the ESS of the p1- and p2-quantiles,
// or that of the p1-quantile if p2 is NaN; the indicators of both are built
// in one pass over the draws.
func (w *work) essQuantiles(p1, p2 float64) float64 {
	two := !math.IsNaN(p2)
	q1, q2 := quantileSorted(p1, w.sorted), math.Inf(-1)
	if two {
		q2 = quantileSorted(p2, w.sorted)
	}
	m, h := 2*w.c, w.h
	nw := (h + 63) / 64
	if cap(w.bits) < 2*m*nw {
		w.bits = make([]uint64, 2*m*nw)
	}
	w.bits = w.bits[:2*m*nw]
	b1, b2 := w.bits[:m*nw], w.bits[m*nw:]
	var ones1, ones2 int
	for c := range m {
		xc := w.xs[c*h : (c+1)*h]
		for k := range nw {
			var word1, word2 uint64
			for i, v := range xc[k*64 : min(k*64+64, h)] {
				var t1, t2 uint64
				if v <= q1 {
					t1 = 1
				}
				if v <= q2 {
					t2 = 1
				}
				word1 |= t1 << i
				word2 |= t2 << i
			}
			b1[c*nw+k], b2[c*nw+k] = word1, word2
			ones1 += bits.OnesCount64(word1)
			ones2 += bits.OnesCount64(word2)
		}
	}
	ess := func(b []uint64, ones int) float64 {
		if ones == 0 || ones == m*h {
			return math.NaN()
		}
		return w.ess.essIndicator(b, m, h)
	}
	e := ess(b1, ones1)
	if two {
		e = min(e, ess(b2, ones2))
	}
	return e
}

// essMean returns the ESS of the split chains of x, or NaN if they are
// constant.
func (w *work) essMean() float64 {
	return w.essOfSplit(w.xs[:w.splitLen()])
}

// essSquare returns the ESS of the split chains of x², or NaN if they are
// constant.
func (w *work) essSquare() float64 {
	y := w.xs[:w.splitLen()]
	y0 := y[0] * y[0]
	for _, v := range y {
		if v*v != y0 {
			return w.ess.essOf(y, 2*w.c, w.h, true, nil)
		}
	}
	return math.NaN()
}

func (w *work) essOfSplit(y []float64) float64 {
	for _, v := range y {
		if v != y[0] {
			return w.ess.ess(y, 2*w.c, w.h)
		}
	}
	return math.NaN()
}

// bulk returns the split R-hat and the ESS of the rank-normalized split
// chains in w.z.
func (w *work) bulk() (rhat, ess float64) {
	m := 2 * w.c
	ess = w.ess.essOf(w.z, m, w.h, false, w.vars)
	return rhatMeanVar(w.ess.means[:m], w.vars[:m], w.h), ess
}

// meanSD returns the mean and standard deviation of all draws.
func (w *work) meanSD() (mean, sd float64) {
	if !w.hasSum {
		m, v := meanVar(w.xs)
		return m, math.Sqrt(v)
	}
	// meanVar's arithmetic, with the sum taken by load.
	mean = w.sum / float64(len(w.xs))
	var ss float64
	for _, u := range w.xs {
		d := u - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss / float64(len(w.xs)-1))
}

// mcseQuantile returns the Monte Carlo standard error of the p-quantile:
// half the distance between the order statistics at the 15.9 % and 84.1 %
// quantiles of Beta(ess·p + 1, ess·(1−p) + 1), ess that of the indicator.
func (w *work) mcseQuantile(p, ess float64) float64 {
	if math.IsNaN(ess) {
		return math.NaN()
	}
	b := distuv.Beta{Alpha: ess*p + 1, Beta: ess*(1-p) + 1}
	s := len(w.sorted)
	a1 := b.Quantile(0.1586553)
	a2 := b.Quantile(0.8413447)
	i1 := max(int(math.RoundToEven(a1*float64(s))), 1)
	i2 := min(int(math.RoundToEven(a2*float64(s))), s)
	return (w.sorted[i2-1] - w.sorted[i1-1]) / 2
}

// mcseSD returns the Monte Carlo standard error of the standard deviation sd,
// assuming normal draws (Stirling's approximation), given ess = min(ESS of x,
// ESS of x²).
func mcseSD(sd, ess float64) float64 {
	return sd * math.Sqrt(math.E*math.Pow(1-1/ess, ess-1)-1)
}
