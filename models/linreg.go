package models

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayesnn-go/bayesnn/datasets"
	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// LinearRegression is Bayesian linear regression with an unknown noise precision:
//
//	y_i = x_i·w + b + ε_i,  ε_i ~ N(0, 1/τ)
//	w_j, b ~ N(0, Sigma0²) independently
//	τ ~ Gamma(Alpha0, Beta0) (shape, rate)
//
// Its parameter vector is θ = (w_1, ..., w_p, b, τ): the coefficients
// first, the precision last. LinearRegression is a density.Target and is safe for
// concurrent use (it only reads its data).
type LinearRegression struct {
	X      [][]float64 // inputs, one row per example
	Y      []float64   // targets
	Sigma0 float64     // prior standard deviation of the weights and bias
	Alpha0 float64     // Gamma prior shape of τ
	Beta0  float64     // Gamma prior rate of τ
}

// The default priors of NewLinearRegression: vague Gaussian priors on the
// coefficients and a vague Gamma prior on the precision (those of the
// Gibbs-within-HMC tutorial).
const (
	DefaultSigma0 = 1000.0
	DefaultAlpha0 = 0.001
	DefaultBeta0  = 0.001
)

var _ density.Target = (*LinearRegression)(nil)

// NewLinearRegression returns the model for the data set d with the default
// priors (DefaultSigma0, DefaultAlpha0, DefaultBeta0; set the fields to
// change them). It returns an error for an empty data set, rows of unequal
// width, or a number of targets other than the number of rows. The model
// shares d's slices.
func NewLinearRegression(d *datasets.Regression) (*LinearRegression, error) {
	if d == nil || d.Len() == 0 {
		return nil, fmt.Errorf("models: empty data set")
	}
	p := d.Dim()
	for i, row := range d.X {
		if len(row) != p {
			return nil, fmt.Errorf("models: row %d has %d inputs, want %d", i, len(row), p)
		}
	}
	if len(d.Y) != len(d.X) {
		return nil, fmt.Errorf("models: %d targets for %d rows", len(d.Y), len(d.X))
	}
	return &LinearRegression{X: d.X, Y: d.Y, Sigma0: DefaultSigma0, Alpha0: DefaultAlpha0, Beta0: DefaultBeta0}, nil
}

// Inputs returns the number of inputs p.
func (m *LinearRegression) Inputs() int { return len(m.X[0]) }

// Dim returns p + 2: the weights, the bias and τ.
func (m *LinearRegression) Dim() int { return m.Inputs() + 2 }

// ParamNames returns w1, ..., wp, b, tau.
func (m *LinearRegression) ParamNames() []string {
	var n []string
	for j := 1; j <= m.Inputs(); j++ {
		n = append(n, fmt.Sprintf("w%d", j))
	}
	return append(n, "b", "tau")
}

// SSE returns the sum of squared residuals Σ (y_i − x_i·w − b)² of the
// coefficients beta = (w, b).
func (m *LinearRegression) SSE(beta []float64) float64 {
	p := m.Inputs()
	var sse float64
	for i, row := range m.X {
		r := m.Y[i] - beta[p]
		for j, x := range row {
			r -= x * beta[j]
		}
		sse += r * r
	}
	return sse
}

// LogProb returns the log posterior density (up to a constant) at
// θ = (w, b, τ) and writes its gradient into grad. It returns -Inf when
// τ ≤ 0.
func (m *LinearRegression) LogProb(grad, theta []float64) float64 {
	p := m.Inputs()
	if len(theta) != p+2 || len(grad) != p+2 {
		panic(fmt.Sprintf("models: LogProb needs len(theta) == len(grad) == %d, got %d and %d", p+2, len(theta), len(grad)))
	}
	tau := theta[p+1]
	if !(tau > 0) || math.IsInf(tau, 1) {
		for j := range grad {
			grad[j] = 0
		}
		return math.Inf(-1)
	}
	for j := range grad {
		grad[j] = 0
	}
	var sse float64
	for i, row := range m.X {
		r := m.Y[i] - theta[p]
		for j, x := range row {
			r -= x * theta[j]
		}
		sse += r * r
		// d/dβ_j of −τ r²/2 is τ r x_ij (x = 1 for the bias).
		for j, x := range row {
			grad[j] += tau * r * x
		}
		grad[p] += tau * r
	}
	n := float64(len(m.Y))
	v0 := m.Sigma0 * m.Sigma0
	var ss float64
	for j := 0; j <= p; j++ {
		ss += theta[j] * theta[j]
		grad[j] -= theta[j] / v0
	}
	logTau := math.Log(tau)
	lp := 0.5*n*logTau - 0.5*tau*sse - ss/(2*v0) + (m.Alpha0-1)*logTau - m.Beta0*tau
	grad[p+1] = 0.5*n/tau - 0.5*sse + (m.Alpha0-1)/tau - m.Beta0
	return lp
}

// TauConditional returns the exact conditional of τ given the
// coefficients beta = (w, b): Gamma(Alpha0 + N/2, Beta0 + SSE/2).
func (m *LinearRegression) TauConditional(beta []float64) distuv.Gamma {
	return distuv.Gamma{Alpha: m.Alpha0 + 0.5*float64(len(m.Y)), Beta: m.Beta0 + 0.5*m.SSE(beta)}
}

// DrawTau overwrites θ's last coordinate, τ, with a draw from its exact
// conditional given the coefficients: a Gibbs block for samplers.Gibbs.
func (m *LinearRegression) DrawTau(rng *rand.Rand, theta []float64) {
	g := m.TauConditional(theta[:m.Inputs()+1])
	g.Src = rng
	theta[m.Inputs()+1] = g.Rand()
}

// GibbsHMC returns a Gibbs composition: an exact draw of τ
// (coordinate p+1), then static HMC with the given integrator, step size
// and number of steps on the coefficients given τ.
func (m *LinearRegression) GibbsHMC(integ samplers.Integrator, eps float64, steps int) samplers.Gibbs {
	return samplers.Gibbs{
		Block: []int{m.Inputs() + 1},
		Draw:  m.DrawTau,
		Inner: samplers.HMC{StepSize: eps, Steps: steps, Integrator: integ},
	}
}

// Conditional returns the target β = (w, b) ↦ log p(β, τ | y) with τ
// fixed: the density the inner HMC kernel moves on. The returned target
// reuses internal buffers and is not safe for concurrent use.
func (m *LinearRegression) Conditional(tau float64) density.Target {
	p := m.Inputs()
	full := make([]float64, p+2)
	fullGrad := make([]float64, p+2)
	return density.FuncTarget{N: p + 1, F: func(grad, beta []float64) float64 {
		copy(full, beta)
		full[p+1] = tau
		lp := m.LogProb(fullGrad, full)
		copy(grad, fullGrad[:p+1])
		return lp
	}}
}

// Predict returns the predictions x·w + b of the coefficients beta = (w, b)
// for the rows of x, written into dst (allocated if too short). A row of
// the wrong length is an error.
func (m *LinearRegression) Predict(dst []float64, x [][]float64, beta []float64) ([]float64, error) {
	if len(beta) != m.Inputs()+1 {
		return nil, fmt.Errorf("models: Predict: %d coefficients, want %d (weights and bias)", len(beta), m.Inputs()+1)
	}
	if len(dst) < len(x) {
		dst = make([]float64, len(x))
	}
	dst = dst[:len(x)]
	p := len(beta) - 1
	for i, row := range x {
		if len(row) != p {
			return nil, fmt.Errorf("models: Predict: row %d has %d inputs, want %d", i, len(row), p)
		}
		s := beta[p]
		for j, v := range row {
			s += v * beta[j]
		}
		dst[i] = s
	}
	return dst, nil
}
