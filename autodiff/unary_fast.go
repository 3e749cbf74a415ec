package autodiff

import "math"

// Specialised first-order kernels of the commonest elementwise unary ops:
// direct loops instead of a function-value call per element. They compute
// what unary's generic loops compute with the op's rule (the same
// functions of x and y, and the same skip of zero adjoints where the
// derivative may be infinite); TestUnaryFastPaths compares them.

// unaryKind selects a specialised kernel; uGeneric has none.
type unaryKind uint8

const (
	uGeneric unaryKind = iota
	uNeg
	uExp
	uLog
	uSqrt
	uSquare
	uTanh
	uScale    // c·x
	uAddConst // x + c
)

// fastUnary returns the specialised forward and backward rules of y =
// r(x), or nils when there are none.
func fastUnary(r *unaryRule, x, y *Var) (fwd, bwd func()) {
	c := r.c
	switch r.kind {
	case uNeg:
		fwd = func() {
			xv, yv := x.Value, y.Value
			yv = yv[:len(xv)]
			for i, v := range xv {
				yv[i] = -v
			}
		}
		bwd = func() {
			g, gx := y.Grad, x.Grad
			gx = gx[:len(g)]
			for i, gi := range g {
				gx[i] -= gi
			}
		}
	case uScale:
		fwd = func() {
			xv, yv := x.Value, y.Value
			yv = yv[:len(xv)]
			for i, v := range xv {
				yv[i] = c * v
			}
		}
		bwd = func() {
			g, gx := y.Grad, x.Grad
			gx = gx[:len(g)]
			for i, gi := range g {
				if gi != 0 {
					gx[i] += gi * c
				}
			}
		}
	case uAddConst:
		fwd = func() {
			xv, yv := x.Value, y.Value
			yv = yv[:len(xv)]
			for i, v := range xv {
				yv[i] = v + c
			}
		}
		bwd = func() {
			g, gx := y.Grad, x.Grad
			gx = gx[:len(g)]
			for i, gi := range g {
				gx[i] += gi
			}
		}
	case uExp:
		fwd = func() {
			xv, yv := x.Value, y.Value
			yv = yv[:len(xv)]
			for i, v := range xv {
				yv[i] = math.Exp(v)
			}
		}
		bwd = func() {
			g, gx, yv := y.Grad, x.Grad, y.Value
			gx, yv = gx[:len(g)], yv[:len(g)]
			for i, gi := range g {
				if gi != 0 {
					gx[i] += gi * yv[i]
				}
			}
		}
	case uLog:
		fwd = func() {
			xv, yv := x.Value, y.Value
			yv = yv[:len(xv)]
			for i, v := range xv {
				yv[i] = math.Log(v)
			}
		}
		bwd = func() {
			g, gx, xv := y.Grad, x.Grad, x.Value
			gx, xv = gx[:len(g)], xv[:len(g)]
			for i, gi := range g {
				if gi != 0 {
					gx[i] += gi * (1 / xv[i])
				}
			}
		}
	case uSqrt:
		fwd = func() {
			xv, yv := x.Value, y.Value
			yv = yv[:len(xv)]
			for i, v := range xv {
				yv[i] = math.Sqrt(v)
			}
		}
		bwd = func() {
			g, gx, yv := y.Grad, x.Grad, y.Value
			gx, yv = gx[:len(g)], yv[:len(g)]
			for i, gi := range g {
				if gi != 0 {
					gx[i] += gi * (0.5 / yv[i])
				}
			}
		}
	case uSquare:
		fwd = func() {
			xv, yv := x.Value, y.Value
			yv = yv[:len(xv)]
			for i, v := range xv {
				yv[i] = v * v
			}
		}
		bwd = func() {
			g, gx, xv := y.Grad, x.Grad, x.Value
			gx, xv = gx[:len(g)], xv[:len(g)]
			for i, gi := range g {
				if gi != 0 {
					gx[i] += gi * (2 * xv[i])
				}
			}
		}
	case uTanh:
		fwd = func() {
			xv, yv := x.Value, y.Value
			yv = yv[:len(xv)]
			for i, v := range xv {
				yv[i] = math.Tanh(v)
			}
		}
		bwd = func() {
			g, gx, yv := y.Grad, x.Grad, y.Value
			gx, yv = gx[:len(g)], yv[:len(g)]
			for i, gi := range g {
				if gi != 0 {
					gx[i] += gi * (1 - yv[i]*yv[i])
				}
			}
		}
	}
	return fwd, bwd
}
