package samplers

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// SMCResampling selects how SMC resamples its particles.
type SMCResampling int

const (
	// SMCSystematic is systematic resampling: one uniform u, the points
	// (i+u)/N (the default; the lowest resampling variance in practice).
	SMCSystematic SMCResampling = iota
	// SMCStratified draws one uniform in each stratum [i/N, (i+1)/N).
	SMCStratified
	// SMCMultinomial draws N independent indices from the weights.
	SMCMultinomial
)

// String returns the scheme's name.
func (r SMCResampling) String() string {
	switch r {
	case SMCSystematic:
		return "systematic"
	case SMCStratified:
		return "stratified"
	case SMCMultinomial:
		return "multinomial"
	}
	return fmt.Sprintf("SMCResampling(%d)", int(r))
}

// SMCResample writes into dst (allocated if nil) len(w) ancestor indices
// drawn by the scheme from the weights w, which must be non-negative with a
// positive finite sum (they need not be normalised). The indices are sorted.
// It panics if dst has the wrong length or the scheme is unknown.
func SMCResample(dst []int, rng *rand.Rand, w []float64, scheme SMCResampling) []int {
	n := len(w)
	if dst == nil {
		dst = make([]int, n)
	}
	if len(dst) != n {
		panic("samplers: SMCResample length mismatch")
	}
	var total float64
	for _, v := range w {
		total += v
	}
	// points returns the i-th sorted point in [0, total).
	var points func(i int) float64
	switch scheme {
	case SMCSystematic:
		u := rng.Float64()
		points = func(i int) float64 { return (float64(i) + u) / float64(n) * total }
	case SMCStratified:
		points = func(i int) float64 { return (float64(i) + rng.Float64()) / float64(n) * total }
	case SMCMultinomial:
		// Sorted uniforms from normalised exponential spacings: O(N).
		e := make([]float64, n+1)
		var s float64
		for i := range e {
			s += -math.Log(1 - rng.Float64())
			e[i] = s
		}
		points = func(i int) float64 { return e[i] / e[n] * total }
	default:
		panic(fmt.Sprintf("samplers: unknown resampling scheme %d", int(scheme)))
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
