package datasets

import (
	"math"
	"sort"
)

// ToyCurve simulates the 1-D regression data of the Langevin tutorial:
// y = f(x) + ε with f = [ToyCurveMean], ε ~ N(0, Sigma²) and x ~ U[Low, High].
// The points are returned sorted by x, which is convenient for plotting.
type ToyCurve struct {
	N         int
	Sigma     float64
	Low, High float64
}

// LangevinCurve returns the tutorial's settings: 100 points, σ = 0.5. The
// tutorial does not pin the x range; this package uses x ~ U[-1, 1], where
// f shows about two and a half oscillations of the sin(8x−2) term on the
// parabola.
func LangevinCurve() ToyCurve {
	return ToyCurve{N: 100, Sigma: 0.5, Low: -1, High: 1}
}

// ToyCurveMean is the noise-free curve f(x) = 4 sin(x−2) + sin(8x−2) − 4x².
func ToyCurveMean(x float64) float64 {
	return 4*math.Sin(x-2) + math.Sin(8*x-2) - 4*x*x
}

// Simulate draws the data set: all N inputs first, then the N noises, from
// the stream of seed.
func (c ToyCurve) Simulate(seed uint64) (*Regression, error) {
	if err := checkDesign(c.N, c.Sigma, c.Low, c.High); err != nil {
		return nil, err
	}
	rng := newRand(seed, streamCurve)
	xs := make([]float64, c.N)
	for i := range xs {
		xs[i] = c.Low + (c.High-c.Low)*rng.Float64()
	}
	sort.Float64s(xs)
	d := &Regression{Names: []string{"x"}, X: make([][]float64, c.N), Y: make([]float64, c.N)}
	for i, x := range xs {
		d.X[i] = []float64{x}
		d.Y[i] = ToyCurveMean(x) + c.Sigma*rng.NormFloat64()
	}
	return d, nil
}
