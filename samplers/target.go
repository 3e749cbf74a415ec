package samplers

import (
	"fmt"
	"math"
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

// logProb evaluates t at x for a kernel, applying Target's rule: +Inf
// becomes NaN, so that a kernel needs to handle NaN and -Inf only. Every
// kernel evaluates its target through it.
func logProb(t Target, grad, x []float64) float64 {
	lp := t.LogProb(grad, x)
	if lp > math.MaxFloat64 {
		return math.NaN()
	}
	return lp
}

// Namer is implemented by targets that name their parameters.
type Namer interface {
	ParamNames() []string
}

// Cloner is implemented by targets that are not safe for concurrent use:
// Sample gives each chain its own clone.
type Cloner interface {
	Clone() Target
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
	return defaultNames(f.N)
}

func defaultNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("theta[%d]", i)
	}
	return names
}

// paramNames returns the target's names, or defaults when it has none or
// they have the wrong length.
func paramNames(t Target) []string {
	if nm, ok := t.(Namer); ok {
		if names := nm.ParamNames(); len(names) == t.Dim() {
			return append([]string(nil), names...)
		}
	}
	return defaultNames(t.Dim())
}

// LogProb evaluates t at x as every kernel does, applying Target's rule:
// +Inf becomes NaN, so that the caller handles NaN and -Inf only. It is for
// code that builds on the kernels, such as the smc package's weights.
func LogProb(t Target, grad, x []float64) float64 { return logProb(t, grad, x) }

// ParamNames returns the target's parameter names (see Namer), or
// theta[0], theta[1], ... when it has none or they have the wrong length.
func ParamNames(t Target) []string { return paramNames(t) }
