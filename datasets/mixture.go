package datasets

import (
	"errors"
	"fmt"
	"math"
)

// MixtureComponent is one bivariate normal component of a
// [GaussianMixture2D].
type MixtureComponent struct {
	// Weight is the unnormalised mixture weight (> 0).
	Weight float64
	// Mean is the component's mean.
	Mean [2]float64
	// SD holds the two marginal standard deviations (> 0).
	SD [2]float64
	// Rho is the correlation, in (-1, 1).
	Rho float64
}

// GaussianMixture2D is a mixture of bivariate normal densities: an exact
// 2-D target with its log density, gradient and exact draws. It has the
// method set of a sampler target (Dim, LogProb, ParamNames).
type GaussianMixture2D struct {
	comp   []MixtureComponent
	logW   []float64 // log normalised weights
	logNrm []float64 // -log(2π sx sy sqrt(1-ρ²)) per component
	cumW   []float64 // cumulative normalised weights
}

// NewGaussianMixture2D validates the components and returns the mixture.
func NewGaussianMixture2D(comps []MixtureComponent) (*GaussianMixture2D, error) {
	if len(comps) == 0 {
		return nil, errors.New("datasets: mixture with no components")
	}
	var total float64
	for k, c := range comps {
		switch {
		case !(c.Weight > 0) || math.IsInf(c.Weight, 0):
			return nil, fmt.Errorf("datasets: mixture component %d: weight %v, want finite > 0", k, c.Weight)
		case !(c.SD[0] > 0) || !(c.SD[1] > 0) || math.IsInf(c.SD[0], 0) || math.IsInf(c.SD[1], 0):
			return nil, fmt.Errorf("datasets: mixture component %d: standard deviations %v, want finite > 0", k, c.SD)
		case !(c.Rho > -1 && c.Rho < 1):
			return nil, fmt.Errorf("datasets: mixture component %d: correlation %v, want in (-1, 1)", k, c.Rho)
		case math.IsNaN(c.Mean[0]) || math.IsNaN(c.Mean[1]) || math.IsInf(c.Mean[0], 0) || math.IsInf(c.Mean[1], 0):
			return nil, fmt.Errorf("datasets: mixture component %d: mean %v is not finite", k, c.Mean)
		}
		total += c.Weight
	}
	g := &GaussianMixture2D{comp: append([]MixtureComponent(nil), comps...)}
	cum := 0.0
	for _, c := range comps {
		w := c.Weight / total
		cum += w
		g.logW = append(g.logW, math.Log(w))
		g.cumW = append(g.cumW, cum)
		g.logNrm = append(g.logNrm, -math.Log(2*math.Pi*c.SD[0]*c.SD[1]*math.Sqrt(1-c.Rho*c.Rho)))
	}
	g.cumW[len(g.cumW)-1] = 1
	return g, nil
}

// Bimodal returns the package's bimodal example: an equal-weight mixture
// of two unit-variance, uncorrelated normals at (-2, -2) and (2, 2). The
// modes are 4√2 ≈ 5.7 standard deviations apart, so a single HMC chain
// rarely crosses between them.
func Bimodal() *GaussianMixture2D {
	g, err := NewGaussianMixture2D([]MixtureComponent{
		{Weight: 0.5, Mean: [2]float64{-2, -2}, SD: [2]float64{1, 1}},
		{Weight: 0.5, Mean: [2]float64{2, 2}, SD: [2]float64{1, 1}},
	})
	if err != nil {
		panic(err)
	}
	return g
}

// Components returns a copy of the components.
func (g *GaussianMixture2D) Components() []MixtureComponent {
	return append([]MixtureComponent(nil), g.comp...)
}

// Dim returns 2.
func (g *GaussianMixture2D) Dim() int { return 2 }

// ParamNames returns "x" and "y".
func (g *GaussianMixture2D) ParamNames() []string { return []string{"x", "y"} }

// LogProb returns the normalised log density at x and, when grad is not
// nil, writes its gradient into grad. It panics if len(x) != 2 or grad is
// neither nil nor of length 2. It allocates nothing and is safe for
// concurrent use.
func (g *GaussianMixture2D) LogProb(grad, x []float64) float64 {
	if len(x) != 2 || (grad != nil && len(grad) != 2) {
		panic("datasets: GaussianMixture2D.LogProb needs len(x) == 2 and len(grad) == 2")
	}
	// Streaming log-sum-exp over the components' log terms.
	mx, s := math.Inf(-1), 0.0
	for k := range g.comp {
		l, _, _ := g.term(k, x)
		switch {
		case math.IsNaN(l):
			mx = l
		case math.IsInf(l, -1):
			continue
		case math.IsNaN(mx):
		case l > mx:
			s = s*math.Exp(mx-l) + 1
			mx = l
		default:
			s += math.Exp(l - mx)
		}
	}
	if math.IsInf(mx, -1) || math.IsNaN(mx) {
		if grad != nil {
			grad[0], grad[1] = math.NaN(), math.NaN()
		}
		return mx
	}
	lse := mx + math.Log(s)
	if grad != nil {
		grad[0], grad[1] = 0, 0
		for k, c := range g.comp {
			l, u, v := g.term(k, x)
			r := math.Exp(l - lse) // responsibility of component k
			d := 1 - c.Rho*c.Rho
			grad[0] -= r * (u - c.Rho*v) / (d * c.SD[0])
			grad[1] -= r * (v - c.Rho*u) / (d * c.SD[1])
		}
	}
	return lse
}

// term returns component k's log weight plus log density at x, and the
// standardized coordinates u, v.
func (g *GaussianMixture2D) term(k int, x []float64) (l, u, v float64) {
	c := g.comp[k]
	u = (x[0] - c.Mean[0]) / c.SD[0]
	v = (x[1] - c.Mean[1]) / c.SD[1]
	q := (u*u - 2*c.Rho*u*v + v*v) / (1 - c.Rho*c.Rho)
	return g.logW[k] + g.logNrm[k] - q/2, u, v
}

// Density returns exp(LogProb) at (x, y), for contour plots.
func (g *GaussianMixture2D) Density(x, y float64) float64 {
	return math.Exp(g.LogProb(nil, []float64{x, y}))
}

// Mean returns the exact mean of the mixture.
func (g *GaussianMixture2D) Mean() [2]float64 {
	var m [2]float64
	for k, c := range g.comp {
		w := math.Exp(g.logW[k])
		m[0] += w * c.Mean[0]
		m[1] += w * c.Mean[1]
	}
	return m
}

// Cov returns the exact covariance matrix of the mixture.
func (g *GaussianMixture2D) Cov() [2][2]float64 {
	m := g.Mean()
	var s [2][2]float64
	for k, c := range g.comp {
		w := math.Exp(g.logW[k])
		cxy := c.Rho * c.SD[0] * c.SD[1]
		dx, dy := c.Mean[0]-m[0], c.Mean[1]-m[1]
		s[0][0] += w * (c.SD[0]*c.SD[0] + dx*dx)
		s[1][1] += w * (c.SD[1]*c.SD[1] + dy*dy)
		s[0][1] += w * (cxy + dx*dy)
	}
	s[1][0] = s[0][1]
	return s
}

// Draws returns n exact independent draws (n×2) from the stream of seed:
// for each draw a component by its weight, then two standard normals.
func (g *GaussianMixture2D) Draws(n int, seed uint64) [][]float64 {
	if n < 0 {
		panic("datasets: negative number of draws")
	}
	rng := newRand(seed, streamMixture)
	out := make([][]float64, n)
	for i := range out {
		u := rng.Float64()
		k := 0
		for k < len(g.cumW)-1 && u >= g.cumW[k] {
			k++
		}
		c := g.comp[k]
		z1, z2 := rng.NormFloat64(), rng.NormFloat64()
		out[i] = []float64{
			c.Mean[0] + c.SD[0]*z1,
			c.Mean[1] + c.SD[1]*(c.Rho*z1+math.Sqrt(1-c.Rho*c.Rho)*z2),
		}
	}
	return out
}

// logDensity is the method set of density.Target, repeated here so this
// package does not depend on samplers.
type logDensity interface {
	Dim() int
	LogProb(grad, x []float64) float64
}

var (
	_ logDensity = (*GaussianMixture2D)(nil)
)
