package models

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// LinearRegressionExact is the exact posterior of the model's coefficients and precision,
// computed by one-dimensional quadrature over τ:
//
//	p(β | y) = ∫ N(β; m(τ), S(τ)) p(τ | y) dτ,
//	S(τ) = (τ XᵀX + I/σ₀²)⁻¹,  m(τ) = τ S(τ) Xᵀy,
//
// with X the inputs with a column of ones for the bias and
// p(τ | y) ∝ Gamma(τ; α₀, β₀) · N(y; 0, I/τ + σ₀² XXᵀ), whose log is
// available in closed form from the Gaussian integral over β.
type LinearRegressionExact struct {
	Names []string  // w1, ..., wp, b, tau
	Mean  []float64 // posterior means, in Names order
	SD    []float64 // posterior standard deviations
	// Nodes are the quadrature nodes: τ values, their normalised weights
	// (including the Jacobian of the log-τ grid) and the conditional means
	// and standard deviations of the coefficients at each τ.
	Tau, Weight []float64
	CondMean    [][]float64 // node × coefficient
	CondSD      [][]float64 // node × coefficient
}

// ExactPosterior integrates the posterior on a grid of n nodes (0 means
// 2001) of log τ spanning ±halfWidth (0 means 12) posterior standard
// deviations of log τ around its approximate mode. The trapezoid rule on
// this smooth, rapidly decaying integrand is accurate to far below the
// Monte Carlo error of any chain.
func (m *LinearRegression) ExactPosterior(n int, halfWidth float64) (*LinearRegressionExact, error) {
	if n == 0 {
		n = 2001
	}
	if halfWidth == 0 {
		halfWidth = 12
	}
	if n < 3 {
		return nil, fmt.Errorf("models: %d quadrature nodes, want at least 3", n)
	}
	p := m.Inputs()
	k := p + 1
	N := len(m.Y)
	xtx, xty := m.normalEquations()
	var yty float64
	for _, y := range m.Y {
		yty += y * y
	}
	// The mode of τ is near N / SSE(OLS); log τ has posterior sd ≈ sqrt(2/N).
	var chol mat.Cholesky
	if !chol.Factorize(xtx) {
		return nil, errors.New("models: XᵀX is singular: the inputs are collinear")
	}
	ols := mat.NewVecDense(k, nil)
	if err := chol.SolveVecTo(ols, mat.NewVecDense(k, xty)); err != nil {
		return nil, err
	}
	sse := m.SSE(ols.RawVector().Data)
	if !(sse > 0) {
		return nil, errors.New("models: the data fit exactly: no noise to estimate")
	}
	center := math.Log(float64(N) / sse)
	width := halfWidth * math.Sqrt(2/float64(N))
	e := &LinearRegressionExact{Names: m.ParamNames(), Tau: make([]float64, n), Weight: make([]float64, n),
		CondMean: make([][]float64, n), CondSD: make([][]float64, n)}
	logw := make([]float64, n)
	a := mat.NewSymDense(k, nil)
	v0 := m.Sigma0 * m.Sigma0
	b := mat.NewVecDense(k, nil)
	mu := mat.NewVecDense(k, nil)
	var inv mat.SymDense
	for t := 0; t < n; t++ {
		u := center - width + 2*width*float64(t)/float64(n-1)
		tau := math.Exp(u)
		if err := conditionalMean(tau, v0, xtx, xty, a, b, mu, &chol); err != nil {
			return nil, err
		}
		if err := chol.InverseTo(&inv); err != nil {
			return nil, err
		}
		// log p(y | τ) = N/2 log τ − k/2 log σ₀² − ½ log|A| − τ/2 yᵀy + ½ bᵀA⁻¹b (+ const).
		lml := 0.5*float64(N)*u - 0.5*float64(k)*math.Log(v0) - 0.5*chol.LogDet() - 0.5*tau*yty + 0.5*mat.Dot(b, mu)
		// Gamma prior on τ, and the Jacobian dτ = τ du of the log grid.
		logw[t] = lml + (m.Alpha0-1)*u - m.Beta0*tau + u
		e.Tau[t] = tau
		e.CondMean[t] = append([]float64(nil), mu.RawVector().Data...)
		sd := make([]float64, k)
		for j := range sd {
			sd[j] = math.Sqrt(inv.At(j, j))
		}
		e.CondSD[t] = sd
	}
	// Trapezoid weights, normalised.
	lse := floats.LogSumExp(logw)
	for t := range logw {
		w := math.Exp(logw[t] - lse)
		if t == 0 || t == n-1 {
			w /= 2
		}
		e.Weight[t] = w
	}
	floats.Scale(1/floats.Sum(e.Weight), e.Weight)
	if e.Weight[0] > 1e-12 || e.Weight[n-1] > 1e-12 {
		return nil, fmt.Errorf("models: the τ grid is too narrow (end weights %.2g, %.2g)", e.Weight[0], e.Weight[n-1])
	}
	e.Mean = make([]float64, k+1)
	e.SD = make([]float64, k+1)
	second := make([]float64, k+1)
	for t, w := range e.Weight {
		for j := 0; j < k; j++ {
			mj, sj := e.CondMean[t][j], e.CondSD[t][j]
			e.Mean[j] += w * mj
			second[j] += w * (sj*sj + mj*mj)
		}
		e.Mean[k] += w * e.Tau[t]
		second[k] += w * e.Tau[t] * e.Tau[t]
	}
	for j := range e.SD {
		e.SD[j] = math.Sqrt(math.Max(second[j]-e.Mean[j]*e.Mean[j], 0))
	}
	return e, nil
}

// Density returns the exact marginal posterior density of coefficient j
// (0..p-1 the weights, p the bias; not τ): a mixture over the quadrature
// nodes of the conditional Gaussians N(m_j(τ), S_jj(τ)).
func (e *LinearRegressionExact) Density(j int) func(x float64) float64 {
	if j < 0 || j >= len(e.Names)-1 {
		panic(fmt.Sprintf("models: LinearRegressionExact.Density: coefficient index %d out of range [0, %d)", j, len(e.Names)-1))
	}
	return func(x float64) float64 {
		var d float64
		for t, w := range e.Weight {
			if w < 1e-14 {
				continue
			}
			m, s := e.CondMean[t][j], e.CondSD[t][j]
			z := (x - m) / s
			d += w * math.Exp(-z*z/2) / (s * math.Sqrt(2*math.Pi))
		}
		return d
	}
}

// TauDensity returns the exact marginal posterior density of τ,
// interpolated linearly in log τ between the quadrature nodes (0 outside
// the grid).
func (e *LinearRegressionExact) TauDensity() func(tau float64) float64 {
	n := len(e.Tau)
	u0, u1 := math.Log(e.Tau[0]), math.Log(e.Tau[n-1])
	du := (u1 - u0) / float64(n-1)
	// Interior nodes carry weight p(u)·du; the end nodes half that.
	pu := make([]float64, n)
	for t, w := range e.Weight {
		pu[t] = w / du
		if t == 0 || t == n-1 {
			pu[t] *= 2
		}
	}
	return func(tau float64) float64 {
		if !(tau > 0) {
			return 0
		}
		u := math.Log(tau)
		x := (u - u0) / du
		if x < 0 || x > float64(n-1) {
			return 0
		}
		i := int(x)
		if i >= n-1 {
			i = n - 2
		}
		f := x - float64(i)
		return ((1-f)*pu[i] + f*pu[i+1]) / tau // p(τ) = p(u)/τ
	}
}

// ExactGibbs runs the two-block Gibbs sampler whose both conditionals are
// exact (τ | β is Gamma, β | τ is Gaussian) for n iterations from the
// coefficients beta0 and returns the draws, n × (p+2) in θ order. It is an
// independent check of the quadrature.
func (m *LinearRegression) ExactGibbs(n int, beta0 []float64, seed uint64) ([][]float64, error) {
	p := m.Inputs()
	k := p + 1
	if len(beta0) != k {
		panic(fmt.Sprintf("models: ExactGibbs needs %d starting coefficients, got %d", k, len(beta0)))
	}
	rng := rand.New(rand.NewPCG(seed, 0x61bb5))
	xtx, xty := m.normalEquations()
	theta := make([]float64, k+1)
	copy(theta, beta0)
	a := mat.NewSymDense(k, nil)
	b := mat.NewVecDense(k, nil)
	mu := mat.NewVecDense(k, nil)
	z := mat.NewVecDense(k, nil)
	dz := mat.NewVecDense(k, nil)
	var chol mat.Cholesky
	var u mat.TriDense
	v0 := m.Sigma0 * m.Sigma0
	out := make([][]float64, n)
	for it := range out {
		m.DrawTau(rng, theta)
		tau := theta[k]
		if err := conditionalMean(tau, v0, xtx, xty, a, b, mu, &chol); err != nil {
			return nil, err
		}
		// β = μ + U⁻¹ z with A = UᵀU has covariance U⁻¹U⁻ᵀ = A⁻¹.
		for i := 0; i < k; i++ {
			z.SetVec(i, rng.NormFloat64())
		}
		chol.UTo(&u)
		if err := dz.SolveVec(&u, z); err != nil {
			return nil, err
		}
		for i := 0; i < k; i++ {
			theta[i] = mu.AtVec(i) + dz.AtVec(i)
		}
		out[it] = append([]float64(nil), theta...)
	}
	return out, nil
}

// normalEquations returns XᵀX and Xᵀy of the design with the bias column.
func (m *LinearRegression) normalEquations() (*mat.SymDense, []float64) {
	p := m.Inputs()
	k := p + 1
	xtx := mat.NewSymDense(k, nil)
	xty := make([]float64, k)
	row := make([]float64, k)
	for i, r := range m.X {
		copy(row, r)
		row[p] = 1
		for a := 0; a < k; a++ {
			xty[a] += row[a] * m.Y[i]
			for b := a; b < k; b++ {
				xtx.SetSym(a, b, xtx.At(a, b)+row[a]*row[b])
			}
		}
	}
	return xtx, xty
}

// conditionalMean factorizes the precision A = τXᵀX + I/v0 of β given τ
// into chol and solves A μ = τXᵀy into mu; a and b are scratch of size k.
func conditionalMean(tau, v0 float64, xtx *mat.SymDense, xty []float64, a *mat.SymDense, b, mu *mat.VecDense, chol *mat.Cholesky) error {
	k := len(xty)
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			v := tau * xtx.At(i, j)
			if i == j {
				v += 1 / v0
			}
			a.SetSym(i, j, v)
		}
		b.SetVec(i, tau*xty[i])
	}
	if !chol.Factorize(a) {
		return fmt.Errorf("models: the conditional precision at τ = %g is not positive definite", tau)
	}
	return chol.SolveVecTo(mu, b)
}
