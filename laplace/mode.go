package laplace

import (
	"fmt"
	"math"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/mat"
)

// ModeOptions configures Mode. The zero value is the default.
type ModeOptions struct {
	// MaxIter caps the Newton iterations; zero means 200.
	MaxIter int
	// Tol stops when the Newton step is below Tol posterior standard
	// deviations in every coordinate; zero means 1e-10.
	Tol float64
	// Step is Fit's finite-difference step for targets without a Hessian.
	Step float64
}

// Mode maximises the target's log density from init by damped Newton
// iterations (Levenberg–Marquardt: solve (-H + μI)δ = ∇ log p, μ grown
// until log p increases and shrunk after each success), with the exact
// Hessian of a Hessianer or central differences of the gradient. It
// forms the Dim × Dim Hessian, so it is for targets of up to a few
// thousand parameters; find a network's MAP with bayesnn.MAP.
func Mode(t density.Target, init []float64, opts *ModeOptions) ([]float64, error) {
	var o ModeOptions
	if opts != nil {
		o = *opts
	}
	if o.MaxIter == 0 {
		o.MaxIter = 200
	}
	if o.Tol == 0 {
		o.Tol = 1e-10
	}
	n := t.Dim()
	if len(init) != n {
		return nil, fmt.Errorf("laplace: the initial point has %d values, the target %d", len(init), n)
	}
	x := append([]float64(nil), init...)
	g, gt := make([]float64, n), make([]float64, n)
	lp := t.LogProb(g, x)
	if math.IsNaN(lp) || math.IsInf(lp, 0) {
		return nil, fmt.Errorf("laplace: log density %g at the initial point", lp)
	}
	h := mat.NewSymDense(n, nil)
	a := mat.NewSymDense(n, nil)
	xt := make([]float64, n)
	var chol mat.Cholesky
	var d mat.VecDense
	mu := 0.0
	ht, exact := t.(Hessianer)
	for range o.MaxIter {
		if exact {
			if err := ht.Hessian(h, x); err != nil {
				return x, fmt.Errorf("laplace: mode: Hessian: %w", err)
			}
		} else if err := fdHessian(h, t, x, o.Step); err != nil {
			return x, err
		}
		h.ScaleSym(-1, h)
		scale := 0.0
		for i := range n {
			scale = max(scale, math.Abs(h.At(i, i)))
		}
		if scale == 0 {
			scale = 1
		}
		for tries := 0; ; tries++ {
			if tries > 60 {
				return x, fmt.Errorf("laplace: mode: no step increases log p from %g (gradient norm %g)", lp, mat.Norm(mat.NewVecDense(n, g), 2))
			}
			a.CopySym(h)
			for i := range n {
				a.SetSym(i, i, a.At(i, i)+mu*scale)
			}
			if !chol.Factorize(a) {
				mu = max(10*mu, 1e-8)
				continue
			}
			if err := chol.SolveVecTo(&d, mat.NewVecDense(n, g)); err != nil {
				mu = max(10*mu, 1e-8)
				continue
			}
			for i := range n {
				xt[i] = x[i] + d.AtVec(i)
			}
			lt := t.LogProb(gt, xt)
			if lt >= lp-1e-12*math.Abs(lp) && !math.IsNaN(lt) {
				// Converged when the (undamped) step is tiny against the
				// posterior scale, 1/sqrt(diag of the precision).
				small := mu == 0
				for i := range n {
					if math.Abs(d.AtVec(i))*math.Sqrt(max(h.At(i, i), 1e-300)) > o.Tol {
						small = false
					}
				}
				copy(x, xt)
				copy(g, gt)
				lp = lt
				mu /= 10
				if mu < 1e-10 {
					mu = 0
				}
				if small {
					return x, nil
				}
				break
			}
			mu = max(10*mu, 1e-8)
		}
	}
	return x, fmt.Errorf("laplace: mode: no convergence in %d Newton iterations (log p %g)", o.MaxIter, lp)
}
