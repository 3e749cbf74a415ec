package autodiff

import (
	"fmt"
	"math"
)

// Constraining transforms map an unconstrained Var u (where HMC moves) to a
// constrained x, and return log |dx/du| summed over elements, the term a
// log density on u must add: log p_u(u) = log p_x(x(u)) + logJac. Each
// returns (x, logJac); x has u's shape and logJac is a scalar Var:
//
//	sigma, lj := autodiff.Positive(u)
//	lp := autodiff.Add(autodiff.HalfCauchyLogPdf(sigma, five), lj)
//
// The bounds are constants; they must be finite and, for Bounded, lower <
// upper, or the call panics with an *OpError.

// Positive returns x = exp(u) (x > 0) and logJac = Σ u.
func Positive(u *Var) (x, logJac *Var) {
	return Exp(u), Sum(u)
}

// LowerBound returns x = a + exp(u) (x > a) and logJac = Σ u.
func LowerBound(u *Var, a float64) (x, logJac *Var) {
	checkBound("LowerBound", a, u)
	return unary(&unaryRule{name: "LowerBound",
		f:  func(u float64) float64 { return a + math.Exp(u) },
		d1: func(u, _ float64) float64 { return math.Exp(u) },
		d2: func(u, _ float64) float64 { return math.Exp(u) }}, u), Sum(u)
}

// UpperBound returns x = b - exp(u) (x < b) and logJac = Σ u.
func UpperBound(u *Var, b float64) (x, logJac *Var) {
	checkBound("UpperBound", b, u)
	return unary(&unaryRule{name: "UpperBound",
		f:  func(u float64) float64 { return b - math.Exp(u) },
		d1: func(u, _ float64) float64 { return -math.Exp(u) },
		d2: func(u, _ float64) float64 { return -math.Exp(u) }}, u), Sum(u)
}

// Bounded returns x = a + (b-a)·sigmoid(u) (a < x < b) and
// logJac = Σ [log(b-a) + log sigmoid(u) + log sigmoid(-u)]. In floating
// point x rounds to b once u exceeds about 37, and to a nonzero a once u is
// below about -37 (logJac stays finite), as in Stan.
func Bounded(u *Var, a, b float64) (x, logJac *Var) {
	checkBound("Bounded", a, u)
	checkBound("Bounded", b, u)
	if !(a < b) {
		opPanic("Bounded", "lower bound %g is not below upper bound %g", a, b, u)
	}
	w := b - a
	x = unary(&unaryRule{name: "Bounded",
		f: func(u float64) float64 { return a + w*sigmoid(u) },
		d1: func(u, _ float64) float64 {
			s := sigmoid(u)
			return w * s * (1 - s)
		},
		d2: func(u, _ float64) float64 {
			s := sigmoid(u)
			return w * s * (1 - s) * (1 - 2*s)
		}}, u)
	return x, logJacSigmoid("Bounded", u, math.Log(w))
}

// UnitInterval returns x = sigmoid(u) (0 < x < 1, the inverse of logit)
// and logJac = Σ [log sigmoid(u) + log sigmoid(-u)].
func UnitInterval(u *Var) (x, logJac *Var) {
	return Sigmoid(u), logJacSigmoid("UnitInterval", u, 0)
}

func checkBound(op string, a float64, u *Var) {
	if math.IsNaN(a) || math.IsInf(a, 0) {
		opPanic(op, "bound %g is not finite", a, u)
	}
}

// logJacSigmoid records Σ_i [c + log sigmoid(u_i) + log sigmoid(-u_i)] as
// one node: the log-Jacobian of x = a + (b-a)·sigmoid(u), c = log(b-a).
func logJacSigmoid(op string, u *Var, c float64) *Var {
	t := tapeOf(op, u)
	name := fmt.Sprint(op, "LogJac")
	y := t.newVar(name, []int{1}, u.Grad != nil)
	y.fwd = func() {
		s := 0.0
		for _, v := range u.Value {
			s -= softplus(v) + softplus(-v)
		}
		y.Value[0] = s + float64(len(u.Value))*c
	}
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	// d/du = 1 - 2 sigmoid(u); d²/du² = -2 sigmoid(u)(1 - sigmoid(u)).
	y.bwd = func() {
		g := y.Grad[0]
		for i, v := range u.Value {
			u.Grad[i] += g * (1 - 2*sigmoid(v))
		}
	}
	y.jvp = func() {
		s := 0.0
		for i, v := range u.Value {
			if tv := u.Tan[i]; tv != 0 {
				s += (1 - 2*sigmoid(v)) * tv
			}
		}
		y.Tan[0] = s
	}
	y.bwdTan = func() {
		g, gt := y.Grad[0], y.GradTan[0]
		for i, v := range u.Value {
			sg := sigmoid(v)
			u.GradTan[i] += gt*(1-2*sg) - g*2*sg*(1-sg)*u.Tan[i]
		}
	}
	return t.push(y)
}
