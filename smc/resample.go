package smc

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Resampling selects how SMC resamples its particles.
type Resampling int

const (
	// Systematic is systematic resampling: one uniform u, the points
	// (i+u)/N (the default; the lowest resampling variance in practice).
	Systematic Resampling = iota
	// Stratified draws one uniform in each stratum [i/N, (i+1)/N).
	Stratified
	// Multinomial draws N independent indices from the weights.
	Multinomial
)

// String returns the scheme's name.
func (r Resampling) String() string {
	switch r {
	case Systematic:
		return "systematic"
	case Stratified:
		return "stratified"
	case Multinomial:
		return "multinomial"
	}
	return fmt.Sprintf("Resampling(%d)", int(r))
}

// Resample writes into dst (allocated if nil) len(w) ancestor indices
// drawn by the scheme from the weights w, which must be non-negative with a
// positive finite sum (they need not be normalised). The indices are sorted.
// It panics if dst has the wrong length or the scheme is unknown.
func Resample(dst []int, rng *rand.Rand, w []float64, scheme Resampling) []int {
	n := len(w)
	if dst == nil {
		dst = make([]int, n)
	}
	if len(dst) != n {
		panic("smc: Resample length mismatch")
	}
	var total float64
	for _, v := range w {
		total += v
	}
	// points returns the i-th sorted point in [0, total).
	var points func(i int) float64
	switch scheme {
	case Systematic:
		u := rng.Float64()
		points = func(i int) float64 { return (float64(i) + u) / float64(n) * total }
	case Stratified:
		points = func(i int) float64 { return (float64(i) + rng.Float64()) / float64(n) * total }
	case Multinomial:
		// Sorted uniforms from normalised exponential spacings: O(N).
		e := make([]float64, n+1)
		var s float64
		for i := range e {
			s += -math.Log(1 - rng.Float64())
			e[i] = s
		}
		points = func(i int) float64 { return e[i] / e[n] * total }
	default:
		panic(fmt.Sprintf("smc: unknown resampling scheme %d", int(scheme)))
	}
	last := n - 1 // the last positive weight: rounding cannot pass it
	for last > 0 && !(w[last] > 0) {
		last--
	}
	j := 0
	cum := w[0]
	for i := 0; i < n; i++ {
		p := points(i)
		for cum <= p && j < last {
			j++
			cum += w[j]
		}
		dst[i] = j
	}
	return dst
}
