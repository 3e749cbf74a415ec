package bayesnn

import (
	"fmt"
	"math"
)

// Rescale maps a prediction made on a standardised target back to the
// target's own units, y = shift + scale·z, in place, and returns r: the
// means are scaled and shifted, the variances (epistemic, aleatoric, total
// and each draw's noise) multiplied by scale². Intervals, quantiles and
// log predictive densities computed afterwards are in the new units (a
// density on y is the density on z minus log scale). scale must be
// positive and finite.
func (r *RegressionPrediction) Rescale(scale, shift float64) (*RegressionPrediction, error) {
	if !(scale > 0) || math.IsInf(scale, 0) || math.IsNaN(shift) || math.IsInf(shift, 0) {
		return nil, fmt.Errorf("bayesnn: Rescale: scale %g must be positive and finite, shift %g finite", scale, shift)
	}
	s2 := scale * scale
	lin := func(v []float64) {
		for i := range v {
			v[i] = shift + scale*v[i]
		}
	}
	mul := func(v []float64) {
		for i := range v {
			v[i] *= s2
		}
	}
	lin(r.Mean)
	mul(r.Epistemic)
	mul(r.Aleatoric)
	mul(r.Total)
	for d := range r.Means {
		lin(r.Means[d])
		mul(r.Noise[d])
	}
	return r, nil
}
