package datasets

// MT19937 is the 32-bit Mersenne Twister of Matsumoto and Nishimura (1998),
// seeded with init_genrand as NumPy's legacy RandomState does for an integer
// seed. It exists to reproduce NumPy's legacy shuffles bit for bit (see
// [KerasPermutation]); use math/rand/v2 for anything else.
type MT19937 struct {
	mt  [mtN]uint32
	idx int
}

const (
	mtN         = 624
	mtM         = 397
	mtMatrixA   = 0x9908b0df
	mtUpperMask = 0x80000000
	mtLowerMask = 0x7fffffff
)

// NewMT19937 returns a generator seeded with init_genrand(seed).
func NewMT19937(seed uint32) *MT19937 {
	g := &MT19937{}
	g.Seed(seed)
	return g
}

// Seed resets the generator to init_genrand(seed).
func (g *MT19937) Seed(seed uint32) {
	g.mt[0] = seed
	for i := 1; i < mtN; i++ {
		prev := g.mt[i-1]
		g.mt[i] = 1812433253*(prev^(prev>>30)) + uint32(i)
	}
	g.idx = mtN
}

// Uint32 returns the next output (genrand_int32).
func (g *MT19937) Uint32() uint32 {
	if g.idx >= mtN {
		g.twist()
	}
	y := g.mt[g.idx]
	g.idx++
	// Tempering.
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// twist regenerates the whole state block.
func (g *MT19937) twist() {
	for i := 0; i < mtN; i++ {
		y := (g.mt[i] & mtUpperMask) | (g.mt[(i+1)%mtN] & mtLowerMask)
		v := g.mt[(i+mtM)%mtN] ^ (y >> 1)
		if y&1 != 0 {
			v ^= mtMatrixA
		}
		g.mt[i] = v
	}
	g.idx = 0
}

// Interval returns a uniform integer in [0, max] by NumPy's legacy masked
// rejection (random_interval): draw 32 bits, keep the bits of the smallest
// mask 2^k-1 that covers max, and redraw while the value exceeds max.
// It panics if max is negative or does not fit in 32 bits.
func (g *MT19937) Interval(max int) int {
	if max < 0 || uint64(max) > 0xffffffff {
		panic("datasets: MT19937.Interval bound out of range")
	}
	if max == 0 {
		return 0
	}
	mask := uint32(max)
	mask |= mask >> 1
	mask |= mask >> 2
	mask |= mask >> 4
	mask |= mask >> 8
	mask |= mask >> 16
	for {
		v := g.Uint32() & mask
		if int(v) <= max {
			return int(v)
		}
	}
}

// Shuffle permutes a in place exactly as NumPy's legacy
// RandomState.shuffle does for a 1-D array: Fisher–Yates from the last
// element down, swapping a[i] with a[Interval(i)].
func (g *MT19937) Shuffle(a []int) {
	for i := len(a) - 1; i > 0; i-- {
		j := g.Interval(i)
		a[i], a[j] = a[j], a[i]
	}
}

// KerasPermutation returns the row order that tf.keras applies before
// splitting a data set of n rows: np.random.RandomState(seed).shuffle of
// np.arange(n). The Boston housing loader uses seed 113 ([KerasBostonSeed]).
func KerasPermutation(n int, seed uint32) []int {
	if n < 0 {
		panic("datasets: negative length in KerasPermutation")
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	NewMT19937(seed).Shuffle(idx)
	return idx
}
