package datasets

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// Stream constants give each simulator its own random stream for a seed
// (the second word of rand.NewPCG).
const (
	streamLinear     = 0x6c696e656172 // "linear"
	streamCurve      = 0x6375727665   // "curve"
	streamPolynomial = 0x706f6c79     // "poly"
	streamMixture    = 0x6d6978       // "mix"
)

func newRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}

// LinearGaussian simulates linear regression with Gaussian noise:
// y = x·Weights + Intercept + ε, ε ~ N(0, Sigma²), each input drawn
// independently from U[Low, High]. Zero values are taken literally; start
// from [GibbsHMCLinear] for the tutorial's settings.
type LinearGaussian struct {
	Weights   []float64
	Intercept float64
	Sigma     float64
	N         int
	Low, High float64
}

// GibbsHMCLinear returns the simulator of the Gibbs-HMC tutorial:
// w = (1.5, -1, 0.7), b = 0.5, σ = 0.5, N = 100, x ~ U[-1, 1]³.
func GibbsHMCLinear() LinearGaussian {
	return LinearGaussian{Weights: []float64{1.5, -1, 0.7}, Intercept: 0.5, Sigma: 0.5, N: 100, Low: -1, High: 1}
}

func checkDesign(n int, sigma, low, high float64) error {
	switch {
	case n <= 0:
		return fmt.Errorf("datasets: number of points N = %d, want > 0", n)
	case !(sigma >= 0) || math.IsInf(sigma, 0):
		return fmt.Errorf("datasets: noise sd Sigma = %v, want finite and >= 0", sigma)
	case !(low < high) || math.IsInf(low, 0) || math.IsInf(high, 0):
		return fmt.Errorf("datasets: design range [%v, %v] is empty or infinite", low, high)
	}
	return nil
}

// Simulate draws a data set. For each point in turn it draws the inputs,
// then the noise, from the stream of seed; the same seed gives the same
// data.
func (s LinearGaussian) Simulate(seed uint64) (*Regression, error) {
	if len(s.Weights) == 0 {
		return nil, errors.New("datasets: LinearGaussian has no weights")
	}
	if err := checkDesign(s.N, s.Sigma, s.Low, s.High); err != nil {
		return nil, err
	}
	rng := newRand(seed, streamLinear)
	d := &Regression{X: make([][]float64, s.N), Y: make([]float64, s.N)}
	for j := range s.Weights {
		d.Names = append(d.Names, fmt.Sprintf("x%d", j))
	}
	for i := range d.X {
		x := make([]float64, len(s.Weights))
		y := s.Intercept
		for j, w := range s.Weights {
			x[j] = s.Low + (s.High-s.Low)*rng.Float64()
			y += w * x[j]
		}
		d.X[i] = x
		d.Y[i] = y + s.Sigma*rng.NormFloat64()
	}
	return d, nil
}
