package diag

import (
	"math"
	"math/bits"
	"slices"
)

// The radix sort orders the radixKeyBits highest varying bits of the keys
// in at most radixPasses passes of at most radixDigitBits bits.
const (
	radixKeyBits   = 33
	radixDigitBits = 11
	radixPasses    = (radixKeyBits + radixDigitBits - 1) / radixDigitBits
	radixStreams   = 4
)

// floatKey maps a float64 to a uint64 whose unsigned order is the float order
// (−0 sorts just before +0; NaN must not occur).
func floatKey(v float64) uint64 {
	b := math.Float64bits(v)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// sortPerm sorts the indices of x by value: on return x[perm[0]] ≤ x[perm[1]] ≤ …,
// equal values in index order. keys and keys2 are scratch of len(x); perm must
// have len(x).
//
// Large inputs use a least-significant-digit radix sort of 64-bit words that
// hold the order-preserving bit pattern of the value (floatKey) above the
// index. Only the radixKeyBits highest bits that vary between the values are
// sorted, in three passes; the index bits are already in order, so values
// that agree in the sorted bits come out in index order, and such runs are
// then sorted by value (rare for continuous draws).
func sortPerm(perm []uint32, x []float64, keys, keys2 []uint64) {
	n := len(x)
	if n < radixMin {
		for i := range perm {
			perm[i] = uint32(i)
		}
		slices.SortStableFunc(perm, func(a, b uint32) int { return cmpFloat(x[a], x[b]) })
		return
	}
	mask := indexMask(n)
	var diff uint64
	k0 := floatKey(x[0])
	for i, v := range x {
		k := floatKey(v)
		diff |= k ^ k0
		keys[i] = k&^mask | uint64(i)
	}
	radixSortKeys(perm, nil, x, keys, keys2, diff)
}

// radixMin is the smallest input sortPerm sorts by radix.
const radixMin = 512

// indexMask returns the mask of the low bits of a sort key that hold the
// index, for n values.
func indexMask(n int) uint64 { return uint64(1)<<bits.Len(uint(n-1)) - 1 }

// radixSortKeys sorts the keys built by sortPerm (floatKey(x[i]) above the
// index bits, diff the OR over i of floatKey(x[i]) ^ floatKey(x[0])), writes
// the sorted indices into perm and, if sorted is not nil, the sorted values
// into sorted. keys and keys2 are scratch.
func radixSortKeys(perm []uint32, sorted, x []float64, keys, keys2 []uint64, diff uint64) {
	n := len(x)
	mask := indexMask(n)
	idxBits := bits.Len64(mask)
	diff &^= mask
	// Sort bits [lo, hi): the highest varying bit and the radixKeyBits−1
	// below it, but none of the index bits.
	hi := bits.Len64(diff)
	lo := max(idxBits, hi-radixKeyBits)
	src, dst := keys, keys2
	if hi > lo {
		passes := (hi - lo + radixDigitBits - 1) / radixDigitBits
		digit := (hi - lo + passes - 1) / passes
		nb := uint64(1) << digit
		// The input is cut in radixStreams quarters, each with its own
		// counts and offsets, so that the loops carry independent chains of
		// counter updates: the high digits (sign and exponent) of typical
		// draws take few values, and one counter updated by consecutive
		// keys would serialize the loop.
		q := n / radixStreams
		var hist [radixStreams][1 << radixDigitBits]uint32
		for p := range passes {
			shift := lo + p*digit
			for s := range hist {
				clear(hist[s][:nb])
			}
			h0, h1, h2, h3 := &hist[0], &hist[1], &hist[2], &hist[3]
			for i := range q {
				h0[(src[i]>>shift)&(nb-1)]++
				h1[(src[q+i]>>shift)&(nb-1)]++
				h2[(src[2*q+i]>>shift)&(nb-1)]++
				h3[(src[3*q+i]>>shift)&(nb-1)]++
			}
			for _, k := range src[radixStreams*q:] {
				h3[(k>>shift)&(nb-1)]++
			}
			// A pass where every key has the same digit changes nothing.
			b0 := (src[0] >> shift) & (nb - 1)
			if h0[b0]+h1[b0]+h2[b0]+h3[b0] == uint32(n) {
				continue
			}
			var sum uint32
			for b := range nb {
				for s := range radixStreams {
					c := hist[s][b]
					hist[s][b] = sum
					sum += c
				}
			}
			for i := range q {
				k0, k1, k2, k3 := src[i], src[q+i], src[2*q+i], src[3*q+i]
				b0, b1, b2, b3 := (k0>>shift)&(nb-1), (k1>>shift)&(nb-1), (k2>>shift)&(nb-1), (k3>>shift)&(nb-1)
				dst[h0[b0]] = k0
				h0[b0]++
				dst[h1[b1]] = k1
				h1[b1]++
				dst[h2[b2]] = k2
				h2[b2]++
				dst[h3[b3]] = k3
				h3[b3]++
			}
			for _, k := range src[radixStreams*q:] {
				b := (k >> shift) & (nb - 1)
				dst[h3[b]] = k
				h3[b]++
			}
			src, dst = dst, src
		}
	}
	// Keys that agree in the bits above lo are in index order; such runs
	// (rare for continuous draws) are then sorted by value.
	fix := func(i, j int) {
		run := perm[i:j]
		if len(run) > 32 {
			slices.SortStableFunc(run, func(a, b uint32) int { return cmpFloat(x[a], x[b]) })
		} else {
			for a := 1; a < len(run); a++ {
				for b := a; b > 0 && x[run[b]] < x[run[b-1]]; b-- {
					run[b], run[b-1] = run[b-1], run[b]
				}
			}
		}
		if sorted != nil {
			for k, p := range run {
				sorted[i+k] = x[p]
			}
		}
	}
	start := 0
	top := src[0] >> lo
	if sorted != nil {
		sorted = sorted[:n]
		for i, k := range src {
			if k>>lo != top {
				if i-start > 1 {
					fix(start, i)
				}
				start, top = i, k>>lo
			}
			p := uint32(k & mask)
			perm[i] = p
			sorted[i] = x[p]
		}
	} else {
		for i, k := range src {
			if k>>lo != top {
				if i-start > 1 {
					fix(start, i)
				}
				start, top = i, k>>lo
			}
			perm[i] = uint32(k & mask)
		}
	}
	if n-start > 1 {
		fix(start, n)
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
