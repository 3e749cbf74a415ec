package plotting

import (
	"fmt"
	"sort"
)

// RankedBand orders a predictive band over unordered inputs (test rows of
// a regression with many inputs) by its predictive mean and sets X to the
// rank 1..n, so PredictiveBand draws it as a rising curve; y, the observed
// values at the same rows (may be nil), is reordered alike and returned.
// The band's slices must all have the length of Mean (TotalLo and TotalHi
// may be nil).
func RankedBand(b Band, y []float64) (Band, []float64, error) {
	n := len(b.Mean)
	for _, s := range []struct {
		name string
		v    []float64
		opt  bool
	}{{"EpistemicLo", b.EpistemicLo, false}, {"EpistemicHi", b.EpistemicHi, false},
		{"TotalLo", b.TotalLo, true}, {"TotalHi", b.TotalHi, true}, {"y", y, true}} {
		if (s.v != nil || !s.opt) && len(s.v) != n {
			return Band{}, nil, fmt.Errorf("plotting: ranked band: %s has length %d, Mean %d", s.name, len(s.v), n)
		}
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, c int) bool { return b.Mean[idx[a]] < b.Mean[idx[c]] })
	pick := func(v []float64) []float64 {
		if v == nil {
			return nil
		}
		out := make([]float64, n)
		for r, i := range idx {
			out[r] = v[i]
		}
		return out
	}
	out := Band{Mean: pick(b.Mean), EpistemicLo: pick(b.EpistemicLo), EpistemicHi: pick(b.EpistemicHi),
		TotalLo: pick(b.TotalLo), TotalHi: pick(b.TotalHi), X: make([]float64, n)}
	for r := range out.X {
		out.X[r] = float64(r + 1)
	}
	return out, pick(y), nil
}
