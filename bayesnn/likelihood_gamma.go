package bayesnn

import (
	"fmt"
	"math"
	"math/rand/v2"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"gonum.org/v1/gonum/stat/distuv"
)

// GaussianGammaNoise is regression with unknown noise σ and a Gamma(Shape,
// 1) prior on σ (the Langevin sandbox's prior, its prior_error_scale being
// the shape). σ is sampled on the log scale, s = log σ, with the Jacobian
// e^s, so that it can never become negative: the prior density of s is
// e^{Shape·s − e^s}/Γ(Shape), normalised. The likelihood's parameter is
// log σ, named "log_sigma", as GaussianLearned's.
type GaussianGammaNoise struct {
	// Shape is the Gamma shape a (default 1: an exponential prior on σ).
	Shape float64
}

func (l GaussianGammaNoise) shape() float64 {
	if l.Shape == 0 {
		return 1
	}
	return l.Shape
}

// Check validates the shape and the targets' width.
func (l GaussianGammaNoise) Check(outWidth int, y [][]float64) error {
	if l.Shape < 0 || math.IsNaN(l.Shape) || math.IsInf(l.Shape, 0) {
		return fmt.Errorf("bayesnn: Gamma shape of the noise prior is %g, must be positive and finite", l.Shape)
	}
	return checkWidth(y, outWidth)
}

// YWidth returns outWidth.
func (GaussianGammaNoise) YWidth(outWidth int) int { return outWidth }

// NumParams returns 1: log σ.
func (GaussianGammaNoise) NumParams() int { return 1 }

// ParamNames returns "log_sigma".
func (GaussianGammaNoise) ParamNames() []string { return []string{"log_sigma"} }

// LogLik records Σ log N(y | out, σ²), σ = e^s.
func (GaussianGammaNoise) LogLik(t *ad.Tape, out, y, extra *ad.Var) *ad.Var {
	return GaussianLearned{}.LogLik(t, out, y, extra)
}

// LogPrior records Shape·s − e^s − log Γ(Shape): the Gamma(Shape, 1)
// density of σ = e^s times the Jacobian e^s.
func (l GaussianGammaNoise) LogPrior(t *ad.Tape, extra *ad.Var) *ad.Var {
	a := l.shape()
	lg, _ := math.Lgamma(a)
	return ad.Sum(ad.AddConst(ad.Sub(ad.Scale(extra, a), ad.Exp(extra)), -lg))
}

// Noise writes σ² for every row.
func (GaussianGammaNoise) Noise(dst, out, extra []float64) bool {
	return GaussianLearned{}.Noise(dst, out, extra)
}

// SamplePrior draws log σ with σ ~ Gamma(Shape, 1).
func (l GaussianGammaNoise) SamplePrior(rng *rand.Rand, dst []float64) {
	dst[0] = math.Log(distuv.Gamma{Alpha: l.shape(), Beta: 1, Src: rng}.Rand())
}

// SamplePrior draws log σ with σ half-normal of scale SigmaScale.
func (l GaussianLearned) SamplePrior(rng *rand.Rand, dst []float64) {
	dst[0] = math.Log(math.Abs(l.scale() * rng.NormFloat64()))
}
