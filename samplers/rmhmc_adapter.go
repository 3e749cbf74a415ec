package samplers

import (
	"github.com/bayesnn-go/bayesnn/autodiff"
	"gonum.org/v1/gonum/mat"
)

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

var _ HessianTarget = compiledTarget{}

// HessianFromCompiled returns a HessianTarget for a log density written on
// the autodiff tape and compiled with autodiff.Compile: exact Hessians
// (forward over reverse) and Richardson-extrapolated differences of them
// for the third derivatives (see autodiff.Compiled.HessianDeriv).
func HessianFromCompiled(c *autodiff.Compiled) HessianTarget { return compiledTarget{c} }

// HessianFromFunc compiles a log density written on the autodiff tape at
// x0 and returns it as a HessianTarget (names optional).
func HessianFromFunc(f autodiff.Func, x0 []float64, names []string) (HessianTarget, error) {
	c, err := autodiff.Compile(f, x0, &autodiff.CompileOptions{Names: names})
	if err != nil {
		return nil, err
	}
	return compiledTarget{c}, nil
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
