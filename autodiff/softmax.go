package autodiff

import "math"

// lseLine computes, for the n elements x[off + j*inner], j < n, the
// log-sum-exp m + log Σ exp(x_j - m) with m the maximum (so no term
// overflows), and writes the softmax weights p_j = exp(x_j - lse) at the
// same positions of p. All elements -Inf give -Inf and weights 0; a +Inf or
// NaN element gives lse = +Inf or NaN and NaN weights.
func lseLine(p, x []float64, off, n, inner int) float64 {
	if n == 0 {
		return math.Inf(-1)
	}
	m := math.Inf(-1)
	for j := range n {
		m = max(m, x[off+j*inner]) // max propagates NaN
	}
	if math.IsInf(m, -1) {
		for j := range n {
			p[off+j*inner] = 0
		}
		return m
	}
	if math.IsInf(m, 1) || math.IsNaN(m) {
		for j := range n {
			p[off+j*inner] = math.NaN()
		}
		return m
	}
	s := 0.0
	for j := range n {
		e := math.Exp(x[off+j*inner] - m)
		p[off+j*inner] = e
		s += e
	}
	inv := 1 / s
	for j := range n {
		p[off+j*inner] *= inv
	}
	return m + math.Log(s)
}

// LogSumExp returns log Σ exp(x) along axis, dropping the axis (shape
// rules as SumAxis; a negative axis counts from the end). It is computed
// stably, shifted by the maximum: no overflow for large x. Along an axis
// whose elements are all -Inf the result is -Inf with zero gradient; a
// +Inf or NaN element gives +Inf or NaN with NaN gradients.
func LogSumExp(x *Var, axis int) *Var {
	t := tapeOf("LogSumExp", x)
	ax, outer, n, inner := axisSplit("LogSumExp", x, axis)
	y := t.newVar("LogSumExp", droppedShape(x.Shape, ax), x.Grad != nil)
	p := make([]float64, len(x.Value)) // softmax weights, refreshed by fwd
	y.fwd = func() {
		for o := range outer {
			for i := range inner {
				y.Value[o*inner+i] = lseLine(p, x.Value, o*n*inner+i, n, inner)
			}
		}
	}
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	// ∂y/∂x_j = p_j; ∂p_j/∂x_k = p_j(δ_jk - p_k).
	y.bwd = func() {
		for o := range outer {
			for i := range inner {
				g := y.Grad[o*inner+i]
				for j := range n {
					k := (o*n+j)*inner + i
					x.Grad[k] += g * p[k]
				}
			}
		}
	}
	y.jvp = func() {
		for o := range outer {
			for i := range inner {
				s := 0.0
				for j := range n {
					k := (o*n+j)*inner + i
					s += p[k] * x.Tan[k]
				}
				y.Tan[o*inner+i] = s
			}
		}
	}
	// d(g p_j) = ġ p_j + g p_j (ẋ_j - ẏ).
	y.bwdTan = func() {
		for o := range outer {
			for i := range inner {
				g, gt, yt := y.Grad[o*inner+i], y.GradTan[o*inner+i], y.Tan[o*inner+i]
				for j := range n {
					k := (o*n+j)*inner + i
					x.GradTan[k] += p[k] * (gt + g*(x.Tan[k]-yt))
				}
			}
		}
	}
	return t.push(y)
}

// LogSoftmax returns x - LogSumExp(x) along axis, with x's shape, computed
// stably (the normalised log-probabilities of logits x). Non-finite inputs
// behave as in LogSumExp.
func LogSoftmax(x *Var, axis int) *Var {
	t := tapeOf("LogSoftmax", x)
	_, outer, n, inner := axisSplit("LogSoftmax", x, axis)
	y := t.newVar("LogSoftmax", x.Shape, x.Grad != nil)
	p := make([]float64, len(x.Value)) // softmax exp(y), refreshed by fwd
	y.fwd = func() {
		for o := range outer {
			for i := range inner {
				off := o*n*inner + i
				l := lseLine(p, x.Value, off, n, inner)
				for j := range n {
					k := off + j*inner
					y.Value[k] = x.Value[k] - l
				}
			}
		}
	}
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	// ∂y_j/∂x_k = δ_jk - p_k: x̄_k = ȳ_k - p_k Σ_j ȳ_j.
	y.bwd = func() {
		for o := range outer {
			for i := range inner {
				off := o*n*inner + i
				s := 0.0
				for j := range n {
					s += y.Grad[off+j*inner]
				}
				for j := range n {
					k := off + j*inner
					x.Grad[k] += y.Grad[k] - p[k]*s
				}
			}
		}
	}
	// ẏ_j = ẋ_j - Σ_k p_k ẋ_k.
	y.jvp = func() {
		for o := range outer {
			for i := range inner {
				off := o*n*inner + i
				s := 0.0
				for j := range n {
					k := off + j*inner
					s += p[k] * x.Tan[k]
				}
				for j := range n {
					k := off + j*inner
					y.Tan[k] = x.Tan[k] - s
				}
			}
		}
	}
	// d(ȳ_k - p_k Σȳ) = ȳ̇_k - p_k Σȳ̇ - ṗ_k Σȳ, with ṗ_k = p_k ẏ_k.
	y.bwdTan = func() {
		for o := range outer {
			for i := range inner {
				off := o*n*inner + i
				s, st := 0.0, 0.0
				for j := range n {
					s += y.Grad[off+j*inner]
					st += y.GradTan[off+j*inner]
				}
				for j := range n {
					k := off + j*inner
					x.GradTan[k] += y.GradTan[k] - p[k]*(st+y.Tan[k]*s)
				}
			}
		}
	}
	return t.push(y)
}

// Softmax returns exp(LogSoftmax(x, axis)): probabilities summing to one
// along axis.
func Softmax(x *Var, axis int) *Var { return Exp(LogSoftmax(x, axis)) }
