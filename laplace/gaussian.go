package laplace

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/bayesnn-go/bayesnn/samplers"
)

const log2Pi = 1.8378770664093453 // log 2π

// Gaussian is the normal distribution N(Mean, Precision⁻¹), held by the
// Cholesky factor of its precision.
type Gaussian struct {
	// Mean is the centre (the mode of the approximated density).
	Mean []float64
	// Precision is the inverse covariance.
	Precision *mat.SymDense
	// Names names the coordinates.
	Names []string

	chol mat.Cholesky
}

// NewGaussian factors the precision; a precision that is not positive
// definite is an error naming its smallest eigenvalue.
func NewGaussian(mean []float64, prec *mat.SymDense, names []string) (*Gaussian, error) {
	n := len(mean)
	if prec.SymmetricDim() != n {
		return nil, fmt.Errorf("laplace: precision is %d×%d for a mean of %d values", prec.SymmetricDim(), prec.SymmetricDim(), n)
	}
	if names != nil && len(names) != n {
		return nil, fmt.Errorf("laplace: %d names for %d parameters", len(names), n)
	}
	for i := range n {
		for j := 0; j <= i; j++ {
			if v := prec.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("laplace: precision element (%d, %d) is %g", i, j, v)
			}
		}
	}
	g := &Gaussian{Mean: append([]float64(nil), mean...), Precision: mat.NewSymDense(n, nil), Names: names}
	g.Precision.CopySym(prec)
	if !g.chol.Factorize(g.Precision) {
		return nil, notPD(g.Precision)
	}
	return g, nil
}

// notPD describes why a precision is not positive definite.
func notPD(p *mat.SymDense) error {
	var e mat.EigenSym
	if !e.Factorize(p, false) {
		return fmt.Errorf("laplace: the precision (negative Hessian) is not positive definite and its eigenvalues did not converge")
	}
	v := e.Values(nil)
	neg := 0
	for _, l := range v {
		if l <= 0 {
			neg++
		}
	}
	return fmt.Errorf("laplace: the precision (negative Hessian of the log posterior) is not positive definite: "+
		"smallest eigenvalue %.4g, %d of %d eigenvalues ≤ 0 (the point is a saddle or not a mode, or the posterior is flat in some direction: "+
		"refine the mode, use the generalized Gauss–Newton matrix, or a stronger prior)", v[0], neg, len(v))
}

// Dim returns the dimension.
func (g *Gaussian) Dim() int { return len(g.Mean) }

// Cov returns the covariance matrix, the inverse of the precision.
func (g *Gaussian) Cov() *mat.SymDense {
	var c mat.SymDense
	if err := g.chol.InverseTo(&c); err != nil {
		panic("laplace: inverse of a factored precision: " + err.Error()) // factored: cannot fail
	}
	return &c
}

// SD returns the marginal standard deviations.
func (g *Gaussian) SD() []float64 {
	c := g.Cov()
	out := make([]float64, g.Dim())
	for i := range out {
		out[i] = math.Sqrt(c.At(i, i))
	}
	return out
}

// LogDetPrecision returns log det Precision.
func (g *Gaussian) LogDetPrecision() float64 { return g.chol.LogDet() }

// LogProb returns the normalised log density at x.
func (g *Gaussian) LogProb(x []float64) float64 {
	n := g.Dim()
	d := make([]float64, n)
	for i := range d {
		d[i] = x[i] - g.Mean[i]
	}
	dv := mat.NewVecDense(n, d)
	q := mat.Inner(dv, g.Precision, dv)
	return 0.5*(g.LogDetPrecision()-float64(n)*log2Pi) - 0.5*q
}

// CovTimes writes Precision⁻¹·B into dst (allocated if nil): the
// covariance applied to the columns of B, without forming the covariance.
func (g *Gaussian) CovTimes(dst *mat.Dense, b mat.Matrix) (*mat.Dense, error) {
	if dst == nil {
		dst = &mat.Dense{}
	}
	return dst, g.chol.SolveTo(dst, b)
}

// whiten overwrites b (Dim × m) with U⁻ᵀb, U the upper Cholesky factor
// of the precision: then the covariance's quadratic forms are inner
// products, bᵀ Precision⁻¹ b = (U⁻ᵀb)ᵀ(U⁻ᵀb). One triangular solve for
// all m columns.
func (g *Gaussian) whiten(b *mat.Dense) {
	blas64.Trsm(blas.Left, blas.Trans, 1, g.upper().RawTriangular(), b.RawMatrix())
}

// upper returns the upper Cholesky factor of the precision, without a
// copy when the factorization holds it as a TriDense.
func (g *Gaussian) upper() *mat.TriDense {
	if u, ok := g.chol.RawU().(*mat.TriDense); ok {
		return u
	}
	var t mat.TriDense
	g.chol.UTo(&t)
	return &t
}

// Draw writes one draw into dst (allocated if nil) from the generator:
// Mean + U⁻¹z for z standard normal, U the upper Cholesky factor of the
// precision (so that the covariance is U⁻¹U⁻ᵀ).
func (g *Gaussian) Draw(dst []float64, rng *rand.Rand) []float64 {
	n := g.Dim()
	if dst == nil {
		dst = make([]float64, n)
	}
	for i := range n {
		dst[i] = rng.NormFloat64()
	}
	blas64.Trsv(blas.NoTrans, g.upper().RawTriangular(), blas64.Vector{N: n, Inc: 1, Data: dst})
	for i := range n {
		dst[i] += g.Mean[i]
	}
	return dst
}

// Sample returns draws independent draws in each of chains chains as a
// samplers.Trace (chain c uses its own stream of seed), with the Gaussian's
// log density as each draw's lp__, so that diag and plotting read them
// like a sampler's.
func (g *Gaussian) Sample(draws, chains int, seed uint64) (*samplers.Trace, error) {
	return sampleTrace(g.Dim(), g.Names, draws, chains, seed, func(dst []float64, rng *rand.Rand) float64 {
		g.Draw(dst, rng)
		return g.LogProb(dst)
	})
}

// sampleTrace fills a trace of draws × chains, each draw made by draw into
// a dim-vector, which returns its log density.
func sampleTrace(dim int, names []string, draws, chains int, seed uint64, draw func(dst []float64, rng *rand.Rand) float64) (*samplers.Trace, error) {
	if draws <= 0 || chains <= 0 {
		return nil, fmt.Errorf("laplace: %d draws in %d chains: both must be positive", draws, chains)
	}
	if names == nil {
		names = make([]string, dim)
		for i := range names {
			names[i] = fmt.Sprintf("theta[%d]", i)
		}
	}
	tr := &samplers.Trace{Names: append([]string(nil), names...), Chains: chains, Draws: draws, Dim: dim,
		Samples: make([]float64, chains*draws*dim), Stats: make([]samplers.DrawStats, chains*draws)}
	for c := range chains {
		rng := rand.New(rand.NewPCG(seed, uint64(c)+1))
		for d := range draws {
			k := c*draws + d
			tr.Stats[k].LogDensity = draw(tr.Samples[k*dim:(k+1)*dim], rng)
		}
	}
	return tr, nil
}
