package diag

import (
	"fmt"
	"math"
)

// TotalVariation returns the total variation distance ½ Σ_i |p_i - q_i|
// between two probability mass functions on the same points, for example
// the histogram of a sampled integer against its exact pmf.
func TotalVariation(p, q []float64) (float64, error) {
	if len(p) != len(q) {
		return 0, fmt.Errorf("diag: total variation of pmfs of lengths %d and %d", len(p), len(q))
	}
	var d float64
	for i := range p {
		if math.IsNaN(p[i]) || math.IsNaN(q[i]) {
			return 0, fmt.Errorf("diag: total variation: NaN probability at %d", i)
		}
		d += math.Abs(p[i] - q[i])
	}
	return d / 2, nil
}
