package datasets

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Polynomial simulates y = p(x) + ε with p(x) = Σ_k Coef[k] x^k,
// ε ~ N(0, Sigma²) and x ~ U[Low, High], sorted by x.
type Polynomial struct {
	// Coef holds the coefficients by increasing power: Coef[0] is the
	// constant term.
	Coef      []float64
	Sigma     float64
	N         int
	Low, High float64
}

// RandomPolynomial returns a simulator for a random polynomial of the given
// degree: coefficients drawn iid N(0, 1) from seed, σ = 0.1, N = 100,
// x ~ U[-1, 1]. It panics if degree is negative.
func RandomPolynomial(degree int, seed uint64) Polynomial {
	if degree < 0 {
		panic("datasets: RandomPolynomial with negative degree")
	}
	rng := newRand(seed, streamPolynomial^0xc0ef)
	c := make([]float64, degree+1)
	for k := range c {
		c[k] = rng.NormFloat64()
	}
	return Polynomial{Coef: c, Sigma: 0.1, N: 100, Low: -1, High: 1}
}

// PolyEval returns Σ_k coef[k] x^k by Horner's rule.
func PolyEval(coef []float64, x float64) float64 {
	var y float64
	for k := len(coef) - 1; k >= 0; k-- {
		y = y*x + coef[k]
	}
	return y
}

// Simulate draws the data set: all N inputs, sorted, then the N noises.
func (p Polynomial) Simulate(seed uint64) (*Regression, error) {
	if len(p.Coef) == 0 {
		return nil, errors.New("datasets: Polynomial has no coefficients")
	}
	for k, c := range p.Coef {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			return nil, fmt.Errorf("datasets: Polynomial coefficient %d is %v", k, c)
		}
	}
	if err := checkDesign(p.N, p.Sigma, p.Low, p.High); err != nil {
		return nil, err
	}
	rng := newRand(seed, streamPolynomial)
	d := &Regression{Names: []string{"x"}, X: make([][]float64, p.N), Y: make([]float64, p.N)}
	xs := make([]float64, p.N)
	for i := range xs {
		xs[i] = p.Low + (p.High-p.Low)*rng.Float64()
	}
	sort.Float64s(xs)
	for i, x := range xs {
		d.X[i] = []float64{x}
		d.Y[i] = PolyEval(p.Coef, x) + p.Sigma*rng.NormFloat64()
	}
	return d, nil
}

// PolynomialFeatures returns the design matrix [x, x², ..., x^degree] of
// each x (no constant column), for fitting a polynomial as a linear model.
func PolynomialFeatures(x []float64, degree int) [][]float64 {
	if degree < 1 {
		panic("datasets: PolynomialFeatures degree < 1")
	}
	out := make([][]float64, len(x))
	for i, v := range x {
		row := make([]float64, degree)
		p := 1.0
		for k := range row {
			p *= v
			row[k] = p
		}
		out[i] = row
	}
	return out
}
