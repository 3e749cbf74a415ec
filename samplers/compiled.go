package samplers

import "github.com/bayesnn-go/bayesnn/autodiff"

// compiledTarget adapts a compiled autodiff function to Target; each chain
// gets its own clone (a compiled tape is not safe for concurrent use).
type compiledTarget struct{ c *autodiff.Compiled }

var (
	_ Target      = compiledTarget{}
	_ Cloner      = compiledTarget{}
	_ Namer       = compiledTarget{}
	_ DataChecker = compiledTarget{}
)

// FromCompiled returns a Target for a log density written on the autodiff
// tape and compiled with autodiff.Compile.
func FromCompiled(c *autodiff.Compiled) Target { return compiledTarget{c} }

// FromFunc compiles a log density written on the autodiff tape at x0 and
// returns it as a Target (names optional).
func FromFunc(f autodiff.Func, x0 []float64, names []string) (Target, error) {
	c, err := autodiff.Compile(f, x0, &autodiff.CompileOptions{Names: names})
	if err != nil {
		return nil, err
	}
	return compiledTarget{c}, nil
}

func (t compiledTarget) Dim() int                          { return t.c.Dim() }
func (t compiledTarget) LogProb(grad, x []float64) float64 { return t.c.LogProb(grad, x) }
func (t compiledTarget) Clone() Target                     { return compiledTarget{t.c.Clone()} }

// Err returns the compiled function's last recording error, for the
// message when the initial point's log density is not finite.
func (t compiledTarget) Err() error { return t.c.Err() }

// CheckData reports data of the compiled function holding NaN or an
// infinity (see DataChecker).
func (t compiledTarget) CheckData() error { return t.c.CheckData() }

func (t compiledTarget) ParamNames() []string {
	if n := t.c.ParamNames(); n != nil {
		return n
	}
	return defaultNames(t.c.Dim())
}
