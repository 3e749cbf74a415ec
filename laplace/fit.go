package laplace

import (
	"fmt"
	"math"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/mat"
)

// Hessianer is a target that computes the Hessian of its log density,
// as density.HessianTarget and bayesnn.Posterior do.
type Hessianer interface {
	// Hessian writes ∇² log p(x) into dst (Dim × Dim).
	Hessian(dst *mat.SymDense, x []float64) error
}

// Options configures Fit. The zero value is the default.
type Options struct {
	// Step is the relative step of the central differences of the
	// gradient that give the Hessian of a target that is not a Hessianer:
	// h_j = Step·max(1, |x_j|). Zero means 1e-4 (truncation error ~1e-8
	// relative, rounding ~1e-12).
	Step float64
	// MaxOffset is how far, in posterior standard deviations, the Newton
	// step from the given point may reach before Fit says that the point
	// is not a mode. Zero means 0.1; negative disables the check.
	MaxOffset float64
}

// Approx is the Laplace approximation of a target at a mode.
type Approx struct {
	*Gaussian
	// LogProbMode is the target's log density at the mode.
	LogProbMode float64
	// Offset is the largest Newton step from the given point, in
	// posterior standard deviations, |H⁻¹∇ log p|_j / sd_j: near 0 at a
	// mode.
	Offset float64
	// Exact says whether the Hessian was the target's own (true) or
	// central differences of its gradient.
	Exact bool
}

// Fit returns the Laplace approximation N(mode, (-∇² log p(mode))⁻¹) of
// the target t, with t's exact Hessian if t is a Hessianer and central
// differences of its gradient otherwise. mode should maximise log p (see
// Mode); a point whose Newton step reaches further than
// Options.MaxOffset posterior standard deviations is an error, and so is
// a Hessian that is not negative definite.
func Fit(t density.Target, mode []float64, opts *Options) (*Approx, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	n := t.Dim()
	if len(mode) != n {
		return nil, fmt.Errorf("laplace: the mode has %d values, the target %d", len(mode), n)
	}
	grad := make([]float64, n)
	lp := t.LogProb(grad, mode)
	if math.IsNaN(lp) || math.IsInf(lp, 0) {
		return nil, fmt.Errorf("laplace: log density %g at the mode", lp)
	}
	h := mat.NewSymDense(n, nil)
	a := &Approx{LogProbMode: lp}
	if ht, ok := t.(Hessianer); ok {
		if err := ht.Hessian(h, mode); err != nil {
			return nil, fmt.Errorf("laplace: Hessian: %w", err)
		}
		a.Exact = true
	} else if err := fdHessian(h, t, mode, o.Step); err != nil {
		return nil, err
	}
	h.ScaleSym(-1, h)
	var names []string
	if nm, ok := t.(density.Namer); ok && len(nm.ParamNames()) == n {
		names = nm.ParamNames()
	}
	g, err := NewGaussian(mode, h, names)
	if err != nil {
		return nil, err
	}
	a.Gaussian = g
	// Newton step δ = P⁻¹∇ log p, in posterior sds.
	var d mat.Dense
	if _, err := g.CovTimes(&d, mat.NewVecDense(n, grad)); err != nil {
		return nil, fmt.Errorf("laplace: Newton step: %w", err)
	}
	sd := g.SD()
	for j := range n {
		a.Offset = max(a.Offset, math.Abs(d.At(j, 0))/sd[j])
	}
	maxOff := o.MaxOffset
	if maxOff == 0 {
		maxOff = 0.1
	}
	if maxOff > 0 && !(a.Offset <= maxOff) {
		return nil, fmt.Errorf("laplace: the point is not a mode: its Newton step reaches %.3g posterior sds (at most %g allowed; refine it with Mode)", a.Offset, maxOff)
	}
	return a, nil
}

// LogMarginal returns the Laplace approximation of the log normalising
// constant of the target, log ∫ p = log p(mode) + (d/2) log 2π -
// ½ log det(-∇² log p): the log evidence when the target is an
// unnormalised posterior (likelihood × normalised prior).
func (a *Approx) LogMarginal() float64 {
	return a.LogProbMode + 0.5*float64(a.Dim())*log2Pi - 0.5*a.LogDetPrecision()
}

// fdHessian writes the central differences of t's gradient into h,
// symmetrised.
func fdHessian(h *mat.SymDense, t density.Target, x []float64, step float64) error {
	if step == 0 {
		step = 1e-4
	}
	if !(step > 0) {
		return fmt.Errorf("laplace: finite-difference step %g, must be positive", step)
	}
	n := len(x)
	xp := append([]float64(nil), x...)
	gp, gm := make([]float64, n), make([]float64, n)
	cols := mat.NewDense(n, n, nil)
	for j := range n {
		hj := step * max(1, math.Abs(x[j]))
		xp[j] = x[j] + hj
		lp := t.LogProb(gp, xp)
		xp[j] = x[j] - hj
		lm := t.LogProb(gm, xp)
		xp[j] = x[j]
		if math.IsNaN(lp) || math.IsInf(lp, 0) || math.IsNaN(lm) || math.IsInf(lm, 0) {
			return fmt.Errorf("laplace: log density not finite within %g of the mode along %d", hj, j)
		}
		for i := range n {
			cols.Set(i, j, (gp[i]-gm[i])/(2*hj))
		}
	}
	for i := range n {
		for j := i; j < n; j++ {
			h.SetSym(i, j, 0.5*(cols.At(i, j)+cols.At(j, i)))
		}
	}
	return nil
}
