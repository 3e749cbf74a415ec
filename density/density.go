// Package density defines what a sampler sees: a log density with its
// gradient (Target) and the optional abilities a target may have: names for
// its parameters (Namer), a copy per chain when it is not safe for
// concurrent use (Cloner), a check of its data for NaN and infinities
// (DataChecker) and the second and third derivatives Riemannian HMC needs
// (HessianTarget). FuncTarget adapts a closure.
//
// It is a package of its own so that code that only defines targets (model
// builders, networks, posteriordb models) can name them without importing
// the samplers, and so that the autodiff tape can offer its compiled
// functions as targets (autodiff.NewTarget, Compiled.Target) without
// the samplers importing the tape.
package density

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Target is the only thing a sampler sees.
type Target interface {
	// Dim returns the number of parameters.
	Dim() int
	// LogProb writes the gradient of log p at x into grad (len Dim) and
	// returns log p. NaN, -Inf and +Inf all mean "outside the support":
	// every kernel (NUTS, static HMC, random-walk Metropolis, BAOAB,
	// RMHMC, DHMC, Gibbs and the SMC moves and weights) rejects such a
	// point, counting a divergence where the kernel integrates a
	// trajectory, and an initial point there is an error. (+Inf is no
	// density a sampler can explore: a chain would stay there for ever.)
	LogProb(grad, x []float64) float64
}

// Namer is implemented by targets that name their parameters.
type Namer interface {
	ParamNames() []string
}

// Cloner is implemented by targets that are not safe for concurrent use:
// a sampler gives each chain its own clone.
type Cloner interface {
	Clone() Target
}

// DataChecker is implemented by targets that can check their data for NaN
// and infinities (autodiff's targets do, through autodiff.Tape.CheckData).
// When the log density at a starting point is not finite, the samplers
// ask, so that NaN in the data is reported as such rather than as a bad
// starting point.
type DataChecker interface {
	// CheckData returns an error naming data that holds NaN or an
	// infinity, or nil.
	CheckData() error
}

// HessianTarget is a Target that also provides the second and third
// derivatives of log p that Riemannian HMC needs.
type HessianTarget interface {
	Target
	// Hessian writes ∇² log p(x) into dst (Dim × Dim).
	Hessian(dst *mat.SymDense, x []float64) error
	// HessianDeriv writes ∂(∇² log p)/∂x_i at x into dst[i], for i in
	// 0..Dim-1; dst has Dim non-nil Dim × Dim matrices.
	HessianDeriv(dst []*mat.SymDense, x []float64) error
}

// FuncTarget adapts a closure to Target.
type FuncTarget struct {
	// N is the dimension.
	N int
	// F writes the gradient of log p at x into grad and returns log p.
	F func(grad, x []float64) float64
	// Names optionally names the N parameters.
	Names []string
}

var (
	_ Target = FuncTarget{}
	_ Namer  = FuncTarget{}
)

// Dim returns f.N.
func (f FuncTarget) Dim() int { return f.N }

// LogProb calls f.F.
func (f FuncTarget) LogProb(grad, x []float64) float64 { return f.F(grad, x) }

// ParamNames returns f.Names, or theta[0], theta[1], ... when Names is nil.
func (f FuncTarget) ParamNames() []string {
	if f.Names != nil {
		return f.Names
	}
	return DefaultNames(f.N)
}

// DefaultNames returns the names of n unnamed parameters: theta[0],
// theta[1], ...
func DefaultNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("theta[%d]", i)
	}
	return names
}

// Names returns t's parameter names (a copy), or DefaultNames when t has
// none or they have the wrong length.
func Names(t Target) []string {
	if nm, ok := t.(Namer); ok {
		if names := nm.ParamNames(); len(names) == t.Dim() {
			return append([]string(nil), names...)
		}
	}
	return DefaultNames(t.Dim())
}

// LogProb evaluates t at x as every kernel does, applying Target's rule:
// +Inf becomes NaN, so that the caller handles NaN and -Inf only (a kernel,
// or code that builds on them such as the smc package's weights).
func LogProb(t Target, grad, x []float64) float64 {
	lp := t.LogProb(grad, x)
	if lp > math.MaxFloat64 {
		return math.NaN()
	}
	return lp
}
