package autodiff

import "math"

// unaryRule defines an elementwise op y = f(x) by its value and its first
// and second derivatives, each given x and y (whichever is cheaper).
type unaryRule struct {
	name   string
	kind   unaryKind // a specialised kernel (unary_fast.go), or uGeneric
	c      float64   // the constant of uScale and uAddConst
	f      func(x float64) float64
	d1, d2 func(x, y float64) float64
}

// unary records an elementwise op.
func unary(r *unaryRule, x *Var) *Var {
	t := tapeOf(r.name, x)
	y := t.newVar(r.name, x.Shape, x.Grad != nil)
	fastFwd, fastBwd := fastUnary(r, x, y)
	y.fwd = fastFwd
	if y.fwd == nil {
		y.fwd = func() {
			xv, yv := x.Value, y.Value
			for i, xi := range xv {
				yv[i] = r.f(xi)
			}
		}
	}
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	y.bwd = fastBwd
	if y.bwd == nil {
		y.bwd = func() {
			xv, yv, g, gx := x.Value, y.Value, y.Grad, x.Grad
			for i, gi := range g {
				if gi != 0 {
					gx[i] += gi * r.d1(xv[i], yv[i])
				}
			}
		}
	}
	y.jvp = func() {
		xv, yv, xt, yt := x.Value, y.Value, x.Tan, y.Tan
		for i, ti := range xt {
			if ti == 0 {
				yt[i] = 0
				continue
			}
			yt[i] = r.d1(xv[i], yv[i]) * ti
		}
	}
	y.bwdTan = func() {
		xv, yv, g, gt, xt, gxt := x.Value, y.Value, y.Grad, y.GradTan, x.Tan, x.GradTan
		for i := range g {
			s := 0.0
			if gt[i] != 0 {
				s += gt[i] * r.d1(xv[i], yv[i])
			}
			if g[i] != 0 && xt[i] != 0 {
				s += g[i] * r.d2(xv[i], yv[i]) * xt[i]
			}
			gxt[i] += s
		}
	}
	return t.push(y)
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// softplus returns log(1 + exp(x)) without overflow.
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

var (
	negRule = &unaryRule{name: "Neg", kind: uNeg, f: func(x float64) float64 { return -x },
		d1: func(_, _ float64) float64 { return -1 }, d2: func(_, _ float64) float64 { return 0 }}
	expRule = &unaryRule{name: "Exp", kind: uExp, f: math.Exp,
		d1: func(_, y float64) float64 { return y }, d2: func(_, y float64) float64 { return y }}
	logRule = &unaryRule{name: "Log", kind: uLog, f: math.Log,
		d1: func(x, _ float64) float64 { return 1 / x }, d2: func(x, _ float64) float64 { return -1 / (x * x) }}
	log1pRule = &unaryRule{name: "Log1p", f: math.Log1p,
		d1: func(x, _ float64) float64 { return 1 / (1 + x) },
		d2: func(x, _ float64) float64 { return -1 / ((1 + x) * (1 + x)) }}
	expm1Rule = &unaryRule{name: "Expm1", f: math.Expm1,
		d1: func(_, y float64) float64 { return y + 1 }, d2: func(_, y float64) float64 { return y + 1 }}
	sqrtRule = &unaryRule{name: "Sqrt", kind: uSqrt, f: math.Sqrt,
		d1: func(_, y float64) float64 { return 0.5 / y },
		d2: func(_, y float64) float64 { return -0.25 / (y * y * y) }}
	squareRule = &unaryRule{name: "Square", kind: uSquare, f: func(x float64) float64 { return x * x },
		d1: func(x, _ float64) float64 { return 2 * x }, d2: func(_, _ float64) float64 { return 2 }}
	absRule = &unaryRule{name: "Abs", f: math.Abs,
		d1: func(x, _ float64) float64 {
			switch {
			case x > 0:
				return 1
			case x < 0:
				return -1
			}
			return 0
		},
		d2: func(_, _ float64) float64 { return 0 }}
	tanhRule = &unaryRule{name: "Tanh", kind: uTanh, f: math.Tanh,
		d1: func(_, y float64) float64 { return 1 - y*y },
		d2: func(_, y float64) float64 { return -2 * y * (1 - y*y) }}
	sigmoidRule = &unaryRule{name: "Sigmoid", f: sigmoid,
		d1: func(_, y float64) float64 { return y * (1 - y) },
		d2: func(_, y float64) float64 { return y * (1 - y) * (1 - 2*y) }}
	reluRule = &unaryRule{name: "Relu", f: func(x float64) float64 { return max(x, 0) },
		// The subgradient at 0 is 0, as PyTorch's.
		d1: func(x, _ float64) float64 {
			if x > 0 {
				return 1
			}
			return 0
		},
		d2: func(_, _ float64) float64 { return 0 }}
	softplusRule = &unaryRule{name: "Softplus", f: softplus,
		d1: func(x, _ float64) float64 { return sigmoid(x) },
		d2: func(x, _ float64) float64 { s := sigmoid(x); return s * (1 - s) }}
	logSigmoidRule = &unaryRule{name: "LogSigmoid", f: func(x float64) float64 { return -softplus(-x) },
		d1: func(x, _ float64) float64 { return sigmoid(-x) },
		d2: func(x, _ float64) float64 { s := sigmoid(x); return -s * (1 - s) }}
)

// Neg returns -x.
func Neg(x *Var) *Var { return unary(negRule, x) }

// Exp returns exp(x); overflow gives +Inf.
func Exp(x *Var) *Var { return unary(expRule, x) }

// Log returns log(x); log(0) = -Inf.
func Log(x *Var) *Var { return unary(logRule, x) }

// Log1p returns log(1 + x).
func Log1p(x *Var) *Var { return unary(log1pRule, x) }

// Expm1 returns exp(x) - 1.
func Expm1(x *Var) *Var { return unary(expm1Rule, x) }

// Sqrt returns the square root of x.
func Sqrt(x *Var) *Var { return unary(sqrtRule, x) }

// Square returns x².
func Square(x *Var) *Var { return unary(squareRule, x) }

// Abs returns |x| (derivative 0 at 0).
func Abs(x *Var) *Var { return unary(absRule, x) }

// Tanh returns tanh(x).
func Tanh(x *Var) *Var { return unary(tanhRule, x) }

// Sigmoid returns 1 / (1 + exp(-x)).
func Sigmoid(x *Var) *Var { return unary(sigmoidRule, x) }

// Relu returns max(x, 0); its derivative at 0 is 0.
func Relu(x *Var) *Var { return unary(reluRule, x) }

// Softplus returns log(1 + exp(x)), stable for large |x|.
func Softplus(x *Var) *Var { return unary(softplusRule, x) }

// LogSigmoid returns log(sigmoid(x)), stable for large |x|.
func LogSigmoid(x *Var) *Var { return unary(logSigmoidRule, x) }

// Pow returns x^p for a constant p.
func Pow(x *Var, p float64) *Var {
	return unary(&unaryRule{name: "Pow", f: func(x float64) float64 { return math.Pow(x, p) },
		d1: func(x, _ float64) float64 { return p * math.Pow(x, p-1) },
		d2: func(x, _ float64) float64 { return p * (p - 1) * math.Pow(x, p-2) }}, x)
}

// LeakyRelu returns x for x > 0 and slope*x otherwise.
func LeakyRelu(x *Var, slope float64) *Var {
	return unary(&unaryRule{name: "LeakyRelu",
		f: func(x float64) float64 {
			if x > 0 {
				return x
			}
			return slope * x
		},
		d1: func(x, _ float64) float64 {
			if x > 0 {
				return 1
			}
			return slope
		},
		d2: func(_, _ float64) float64 { return 0 }}, x)
}

// Scale returns c*x for a constant c.
func Scale(x *Var, c float64) *Var {
	return unary(&unaryRule{name: "Scale", kind: uScale, c: c, f: func(x float64) float64 { return c * x },
		d1: func(_, _ float64) float64 { return c }, d2: func(_, _ float64) float64 { return 0 }}, x)
}

// AddConst returns x + c for a constant c.
func AddConst(x *Var, c float64) *Var {
	return unary(&unaryRule{name: "AddConst", kind: uAddConst, c: c, f: func(x float64) float64 { return x + c },
		d1: func(_, _ float64) float64 { return 1 }, d2: func(_, _ float64) float64 { return 0 }}, x)
}
