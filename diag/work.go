package diag

import (
	"math"
	"math/bits"

	"gonum.org/v1/gonum/stat/distuv"
)

// work holds the scratch for the diagnostics of one parameter; a goroutine
// reuses one for many parameters of the same shape.
type work struct {
	c, n, h int // chains, draws per chain, draws per split half

	xs     []float64 // draws in the split layout, then the middle draws of odd-length chains
	perm   []uint32  // indices of xs in ascending order of value
	sorted []float64 // xs in ascending order
	keys   []uint64
	keys2  []uint64

	y     []float64 // scratch split chains (2c × h), chain-major
	bits  []uint64  // indicator bitsets of the split chains
	z     []float64 // rank-normalized split chains
	means []float64
	vars  []float64

	ztab []float64 // ztab[i] = zScore(i+1, S) for S = 2c·h
	ess  essWork

	pos   []int32   // split positions in ascending order of value
	vals  []float64 // split values in ascending order
	fpos  []int32   // chains of the split draws in ascending order of |x − median|
	fvals []float64 // ascending |x − median|
	distL []float64 // scratch for the merge of foldedRHat
	distR []float64
	posL  []int32
	posR  []int32
}

// load copies x (already checked: rectangular, finite) and sorts it.
func (w *work) load(x [][]float64) {
	w.c, w.n = len(x), len(x[0])
	w.h = w.n / 2
	nx := w.c * w.n
	ns := 2 * w.c * w.h
	w.xs = grow(w.xs, nx)
	for c, xc := range x {
		copy(w.xs[c*w.h:], xc[:w.h])
		copy(w.xs[(w.c+c)*w.h:], xc[w.n-w.h:])
		if w.n%2 == 1 {
			w.xs[ns+c] = xc[w.h]
		}
	}
	if cap(w.perm) < nx {
		w.perm = make([]uint32, nx)
		w.keys = make([]uint64, nx)
		w.keys2 = make([]uint64, nx)
	}
	w.perm = w.perm[:nx]
	w.keys, w.keys2 = w.keys[:nx], w.keys2[:nx]
	sortPerm(w.perm, w.xs, w.keys, w.keys2)
	w.sorted = grow(w.sorted, nx)
	for i, p := range w.perm {
		w.sorted[i] = w.xs[p]
	}
	w.y = grow(w.y, ns)
	w.z = grow(w.z, ns)
	if cap(w.pos) < ns {
		w.pos = make([]int32, ns)
		w.fpos = make([]int32, ns)
	}
	w.pos, w.fpos = w.pos[:ns], w.fpos[:ns]
	if cap(w.posL) < ns+1 {
		w.posL = make([]int32, ns+1)
		w.posR = make([]int32, ns+1)
	}
	w.distL = grow(w.distL, ns+1)
	w.distR = grow(w.distR, ns+1)
	w.vals = grow(w.vals, ns)
	w.fvals = grow(w.fvals, ns)
	w.means = grow(w.means, 2*w.c)
	w.vars = grow(w.vars, 2*w.c)
	if len(w.ztab) != ns {
		w.ztab = zTable(w.ztab, ns)
	}
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
func (w *work) zAssign(pos []int32, vals []float64) {
	s := len(pos)
	for i := 0; i < s; {
		j := i
		for j+1 < s && vals[j+1] == vals[i] {
			j++
		}
		var z float64
		if (i+j)%2 == 0 {
			z = w.ztab[(i+j)/2]
		} else {
			// average rank (i+j)/2 + 1 is a half-integer
			z = zScore(float64(i+j)/2+1, s)
		}
		for k := i; k <= j; k++ {
			w.z[pos[k]] = z
		}
		i = j + 1
	}
}

// bulkZ fills w.z with the rank-normalized split chains; pos and vals are
// scratch of the split length, returned filled with the split positions and
// values in ascending order.
func (w *work) bulkZ(pos []int32, vals []float64) {
	k := 0
	ns := uint32(w.splitLen())
	for i, p := range w.perm {
		if p >= ns {
			continue // middle draw of an odd-length chain
		}
		pos[k] = int32(p)
		vals[k] = w.sorted[i]
		k++
	}
	w.zAssign(pos, vals)
}

// foldedRHat returns the split R-hat of the rank-normalized draws folded
// about med, |x − med|, given the ascending split positions and values from
// bulkZ. The folded order is a merge of the draws below the median
// (descending) and above it (ascending); R-hat needs only the per-chain sums
// of the normalized values and of their squares, so nothing is scattered.
func (w *work) foldedRHat(med float64, pos []int32, vals []float64) float64 {
	s := len(pos)
	fch, fvals := w.fpos, w.fvals
	h := int32(w.h)
	invH := 1 / float64(w.h)
	chain := func(p int32) int32 {
		c := int32(float64(p) * invH)
		if (c+1)*h <= p {
			c++
		} else if c*h > p {
			c--
		}
		return c
	}
	r := 0
	for r < s && vals[r] < med {
		r++
	}
	// Distances to the median and positions of the draws below it (in
	// descending order) and above it, each ended by an infinite sentinel, so
	// that the merge runs without bounds tests or unpredictable branches.
	dl, dr := w.distL[:r+1], w.distR[:s-r+1]
	pl, pr := w.posL[:r+1], w.posR[:s-r+1]
	for i := range r {
		dl[i], pl[i] = math.Abs(vals[r-1-i]-med), pos[r-1-i]
	}
	for j := range s - r {
		dr[j], pr[j] = math.Abs(vals[r+j]-med), pos[r+j]
	}
	// With an even number of draws the median is the midpoint of the two
	// middle draws a < b, which are equidistant from it in exact arithmetic;
	// rounding would decide their order at random. Give every draw equal to
	// a or b the same distance, so they tie, as in exact arithmetic.
	if w.n%2 == 0 && r == s/2 && r > 0 && vals[r-1] < vals[r] {
		a, b := vals[r-1], vals[r]
		d := min(dl[0], dr[0])
		for i := 0; i < r && vals[r-1-i] == a; i++ {
			dl[i] = d
		}
		for j := 0; r+j < s && vals[r+j] == b; j++ {
			dr[j] = d
		}
	}
	dl[r], dr[s-r] = math.Inf(1), math.Inf(1)
	pl[r], pr[s-r] = 0, 0
	var i, j int
	for k := range s {
		// Non-negative floats order as their bit patterns: integer
		// comparisons and selections compile to conditional moves.
		a, b := math.Float64bits(dl[i]), math.Float64bits(dr[j])
		pa, p, d := pl[i], pr[j], b
		t := 0
		if a <= b {
			t = 1
		}
		if a <= b {
			p = pa
		}
		if a <= b {
			d = a
		}
		fch[k], fvals[k] = chain(p), math.Float64frombits(d)
		i += t
		j += 1 - t
	}
	m := 2 * w.c
	s1, s2 := w.means[:m], w.vars[:m]
	clear(s1)
	clear(s2)
	for i := 0; i < s; {
		j := i
		for j+1 < s && fvals[j+1] == fvals[i] {
			j++
		}
		var z float64
		if (i+j)%2 == 0 {
			z = w.ztab[(i+j)/2]
		} else {
			z = zScore(float64(i+j)/2+1, s)
		}
		for k := i; k <= j; k++ {
			s1[fch[k]] += z
			s2[fch[k]] += z * z
		}
		i = j + 1
	}
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
	w.bulkZ(w.pos, w.vals)
	bulk = rhatSplit(w.z, m, w.h, w.means, w.vars)
	folded = w.foldedRHat(w.median(), w.pos, w.vals)
	return bulk, folded
}

// essBulk returns the ESS of the rank-normalized split chains.
func (w *work) essBulk() float64 {
	w.bulkZ(w.pos, w.vals)
	return w.ess.ess(w.z, 2*w.c, w.h)
}

// essQuantile returns the ESS of the indicator x ≤ q_p of the split chains,
// or NaN when the indicator is constant.
func (w *work) essQuantile(p float64) float64 {
	q := quantileSorted(p, w.sorted)
	m, h := 2*w.c, w.h
	nw := (h + 63) / 64
	if cap(w.bits) < m*nw {
		w.bits = make([]uint64, m*nw)
	}
	w.bits = w.bits[:m*nw]
	clear(w.bits)
	var ones int
	for c := range m {
		b := w.bits[c*nw : (c+1)*nw]
		xc := w.xs[c*h : (c+1)*h]
		for k := range b {
			var word uint64
			for i, v := range xc[k*64 : min(k*64+64, h)] {
				if v <= q {
					word |= 1 << i
				}
			}
			b[k] = word
			ones += bits.OnesCount64(word)
		}
	}
	if ones == 0 || ones == m*h {
		return math.NaN()
	}
	return w.ess.essIndicator(w.bits, m, h)
}

// essMean returns the ESS of the split chains of x, or NaN if they are
// constant.
func (w *work) essMean() float64 {
	return w.essOfSplit(w.xs[:w.splitLen()])
}

// essSquare returns the ESS of the split chains of x², or NaN if they are
// constant.
func (w *work) essSquare() float64 {
	for i, v := range w.xs[:w.splitLen()] {
		w.y[i] = v * v
	}
	return w.essOfSplit(w.y)
}

func (w *work) essOfSplit(y []float64) float64 {
	for _, v := range y {
		if v != y[0] {
			return w.ess.ess(y, 2*w.c, w.h)
		}
	}
	return math.NaN()
}

// meanSD returns the mean and standard deviation of all draws.
func (w *work) meanSD() (mean, sd float64) {
	m, v := meanVar(w.xs)
	return m, math.Sqrt(v)
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
