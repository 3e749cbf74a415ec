package autodiff

import (
	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/mat"
)

// compiledTarget adapts a compiled function to density.HessianTarget; each
// chain gets its own clone (a compiled tape is not safe for concurrent use).
type compiledTarget struct{ c *Compiled }

var (
	_ density.HessianTarget = compiledTarget{}
	_ density.Cloner        = compiledTarget{}
	_ density.Namer         = compiledTarget{}
	_ density.DataChecker   = compiledTarget{}
)

// Target returns c as the log density a sampler runs on (samplers.Sample
// and every kernel take a density.Target): each chain gets its own clone of
// c, the parameters are named by CompileOptions.Names, NaN in the data is
// reported as such, and RMHMC gets exact Hessians (forward over reverse)
// and Richardson-extrapolated differences of them for the third
// derivatives (see HessianDeriv).
func (c *Compiled) Target() density.HessianTarget { return compiledTarget{c} }

// NewTarget compiles a log density written on the tape at x0 and returns it
// as a Target (see Compiled.Target); names are optional.
func NewTarget(f Func, x0 []float64, names []string) (density.HessianTarget, error) {
	c, err := Compile(f, x0, &CompileOptions{Names: names})
	if err != nil {
		return nil, err
	}
	return compiledTarget{c}, nil
}

// Dim returns the number of parameters.
func (t compiledTarget) Dim() int { return t.c.Dim() }

// LogProb writes the gradient into grad and returns log p.
func (t compiledTarget) LogProb(grad, x []float64) float64 { return t.c.LogProb(grad, x) }

// Clone returns a target on a clone of the compiled function.
func (t compiledTarget) Clone() density.Target { return compiledTarget{t.c.Clone()} }

// Err returns the compiled function's last recording error, for the
// message when the initial point's log density is not finite.
func (t compiledTarget) Err() error { return t.c.Err() }

// CheckData reports data of the compiled function holding NaN or an
// infinity (see density.DataChecker).
func (t compiledTarget) CheckData() error { return t.c.CheckData() }

// ParamNames returns the compiled function's names, or density's defaults.
func (t compiledTarget) ParamNames() []string {
	if n := t.c.ParamNames(); n != nil {
		return n
	}
	return density.DefaultNames(t.c.Dim())
}

// Hessian writes the exact Hessian of log p at x into dst.
func (t compiledTarget) Hessian(dst *mat.SymDense, x []float64) error {
	_, _, err := t.c.Hessian(dst, nil, x)
	return err
}

// HessianDeriv writes the derivatives of the Hessian of log p at x into dst.
func (t compiledTarget) HessianDeriv(dst []*mat.SymDense, x []float64) error {
	_, err := t.c.HessianDeriv(dst, x)
	return err
}
