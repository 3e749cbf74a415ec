package autodiff

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// prepareSecond evaluates value and gradient at x with tangent buffers
// allocated, ready for Hessian-vector products.
func (c *Compiled) prepareSecond(x []float64) (err error) {
	defer recoverOpError(&err)
	if c.tape != nil {
		c.tape.enableSecondOrder()
	}
	if !c.eval(x) {
		return c.err
	}
	c.tape.enableSecondOrder() // a re-record at x keeps the flag; harmless otherwise
	if c.out.Grad != nil {
		c.tape.backward(c.out)
	}
	return nil
}

// hvp writes H·v into dst, after prepareSecond.
func (c *Compiled) hvp(dst, v []float64) (err error) {
	defer recoverOpError(&err)
	if c.out.Grad == nil {
		clear(dst)
		return nil
	}
	copy(c.x.Tan, v)
	c.tape.tangentPass()
	c.tape.backwardTan(c.out)
	copy(dst, c.x.GradTan)
	return nil
}

// HessVec writes the Hessian-vector product ∇²f(x)·v into dst, exactly
// (forward-over-reverse), and returns f(x). Ops without a second-order rule
// give an error naming the op.
func (c *Compiled) HessVec(dst, x, v []float64) (float64, error) {
	if len(dst) != c.n || len(v) != c.n {
		return math.NaN(), fmt.Errorf("autodiff: HessVec: lengths dst %d, v %d, want %d", len(dst), len(v), c.n)
	}
	if err := c.prepareSecond(x); err != nil {
		return math.NaN(), err
	}
	if err := c.hvp(dst, v); err != nil {
		return math.NaN(), err
	}
	return c.out.Value[0], nil
}

// Hessian writes the Hessian of f at x into dst (allocated if nil) and the
// gradient into grad if grad is not nil, and returns f(x).
func (c *Compiled) Hessian(dst *mat.SymDense, grad, x []float64) (*mat.SymDense, float64, error) {
	n := c.n
	if dst == nil {
		dst = mat.NewSymDense(n, nil)
	} else if dst.SymmetricDim() != n {
		return dst, math.NaN(), fmt.Errorf("autodiff: Hessian: dst is %d×%d, want %d×%d", dst.SymmetricDim(), dst.SymmetricDim(), n, n)
	}
	if err := c.prepareSecond(x); err != nil {
		return dst, math.NaN(), err
	}
	if grad != nil {
		if c.out.Grad != nil {
			copy(grad, c.x.Grad)
		} else {
			clear(grad)
		}
	}
	e, col := c.scratch().e, c.hs.col
	for j := range n {
		e[j] = 1
		err := c.hvp(col, e)
		e[j] = 0
		if err != nil {
			return dst, math.NaN(), err
		}
		for i := 0; i <= j; i++ {
			// Symmetrise: the two products agree up to rounding.
			if i == j {
				dst.SetSym(i, j, col[i])
			} else {
				dst.SetSym(i, j, 0.5*(dst.At(i, j)+col[i]))
			}
		}
		for i := j + 1; i < n; i++ {
			dst.SetSym(i, j, col[i]) // provisional, averaged when column i is done
		}
	}
	return dst, c.out.Value[0], nil
}

// Hessian returns the Hessian of f at x.
func Hessian(f Func, x []float64) (*mat.SymDense, error) {
	c, err := Compile(f, x, nil)
	if err != nil {
		return nil, err
	}
	h, _, err := c.Hessian(nil, nil, x)
	return h, err
}

// HessianDeriv writes into dst[k] the derivative of the Hessian with
// respect to x[k], ∂(∇²f)/∂x_k: the derivatives of a Hessian (or SoftAbs)
// metric that the implicit Riemannian HMC integrator needs. They are
// Richardson-extrapolated central differences of the exact Hessian
// (truncation error O(h⁴)); tests check them to 1e-6 relative against
// closed forms. dst is allocated if nil.
func (c *Compiled) HessianDeriv(dst []*mat.SymDense, x []float64) ([]*mat.SymDense, error) {
	n := c.n
	if dst == nil {
		dst = make([]*mat.SymDense, n)
	}
	if len(dst) != n {
		return dst, fmt.Errorf("autodiff: HessianDeriv: %d matrices, want %d", len(dst), n)
	}
	hs := c.scratch()
	xp, d1, d2 := hs.x, hs.d1, hs.d2
	copy(xp, x)
	for k := range n {
		h := 1e-3 * max(1, math.Abs(x[k]))
		if err := c.centralHessian(d1, xp, x, k, h); err != nil {
			return dst, err
		}
		if err := c.centralHessian(d2, xp, x, k, h/2); err != nil {
			return dst, err
		}
		if dst[k] == nil {
			dst[k] = mat.NewSymDense(n, nil)
		}
		for i := range n {
			for j := i; j < n; j++ {
				dst[k].SetSym(i, j, (4*d2.At(i, j)-d1.At(i, j))/3)
			}
		}
	}
	// Leave the tape at x.
	if err := c.prepareSecond(x); err != nil {
		return dst, err
	}
	return dst, nil
}

// hessScratch holds the buffers of Hessian and HessianDeriv, so that warm
// calls allocate nothing.
type hessScratch struct {
	e, col, x      []float64
	hp, hm, d1, d2 *mat.SymDense
}

// scratch returns c's Hessian buffers, made on first use.
func (c *Compiled) scratch() *hessScratch {
	if c.hs == nil {
		n := c.n
		c.hs = &hessScratch{e: make([]float64, n), col: make([]float64, n), x: make([]float64, n),
			hp: mat.NewSymDense(n, nil), hm: mat.NewSymDense(n, nil), d1: mat.NewSymDense(n, nil), d2: mat.NewSymDense(n, nil)}
	}
	return c.hs
}

// centralHessian writes into dst the central difference of the Hessian
// along x[k] with step h; xp holds x and is restored.
func (c *Compiled) centralHessian(dst *mat.SymDense, xp, x []float64, k int, h float64) error {
	hp, hm := c.hs.hp, c.hs.hm
	xp[k] = x[k] + h
	if _, _, err := c.Hessian(hp, nil, xp); err != nil {
		xp[k] = x[k]
		return err
	}
	xp[k] = x[k] - h
	if _, _, err := c.Hessian(hm, nil, xp); err != nil {
		xp[k] = x[k]
		return err
	}
	xp[k] = x[k]
	n := c.n
	for i := range n {
		for j := i; j < n; j++ {
			dst.SetSym(i, j, (hp.At(i, j)-hm.At(i, j))/(2*h))
		}
	}
	return nil
}
