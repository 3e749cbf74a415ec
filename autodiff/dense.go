package autodiff

import (
	"fmt"
	"math"
)

// Activation is an elementwise nonlinearity, the one type of the project:
// Dense fuses it into the layer's node, and bayesnn's layers take it
// (bayesnn.Relu, bayesnn.PosTanh, ... are constants of this type).
type Activation int

// The activations.
const (
	ActIdentity Activation = iota // none: y = x·w + b
	ActTanh                       // tanh (tanhFast: within 2 ulps)
	ActRelu                       // max(z, 0), derivative 0 at 0
	ActSigmoid                    // 1 / (1 + exp(-z))
	ActSoftplus                   // log(1 + exp(z))
	// ActPosTanh is 1 + tanh(z), the positive tanh of the Langevin sandbox
	// (gregoryross/langevin_neural_nets). Dense keeps tanh(z) beside the
	// output, so that its values and derivatives are bit for bit those of
	// AddConst(Dense(x, w, b, ActTanh), 1).
	ActPosTanh
)

// String returns the activation's lower-case name ("tanh", "postanh").
func (a Activation) String() string {
	switch a {
	case ActIdentity:
		return "identity"
	case ActTanh:
		return "tanh"
	case ActRelu:
		return "relu"
	case ActSigmoid:
		return "sigmoid"
	case ActSoftplus:
		return "softplus"
	case ActPosTanh:
		return "postanh"
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// Dense returns act(x·w + b) for x [N, in], w [in, out] and b [out] (b may
// be nil), in one node with one output buffer: the hot path of an MLP.
// Its gradients equal those of the unfused MatMul, Add and activation ops
// (bitwise, except tanh, for which Dense uses tanhFast).
func Dense(x, w, b *Var, act Activation) *Var {
	ins := []*Var{x, w}
	if b != nil {
		ins = append(ins, b)
	}
	t := tapeOf("Dense", ins...)
	if len(x.Shape) != 2 || len(w.Shape) != 2 || x.Shape[1] != w.Shape[0] {
		opPanic("Dense", "need x [N,in] and w [in,out]", x, w)
	}
	n, in, out := x.Shape[0], x.Shape[1], w.Shape[1]
	if b != nil && (len(b.Shape) != 1 || b.Shape[0] != out) {
		opPanic("Dense", "bias must have shape [%d]", out, x, w, b)
	}
	if !act.Valid() {
		opPanic("Dense", "unknown activation %v", act)
	}
	y := t.newVar("Dense", []int{n, out}, anyGrad(ins...))
	// z is kept beside y for softplus (the pre-activation, which its rules
	// use) and postanh (tanh(z), which its rules use).
	var z []float64
	if act == ActSoftplus || act == ActPosTanh {
		z = make([]float64, n*out)
	}
	y.fwd = func() {
		zz := y.Value
		if z != nil {
			zz = z
		}
		beta := 0.0
		if b != nil {
			for i := range n {
				copy(zz[i*out:(i+1)*out], b.Value)
			}
			beta = 1
		}
		gemm(false, false, n, out, in, 1, x.Value, w.Value, beta, zz)
		activate(act, y.Value, zz)
	}
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	gz := make([]float64, n*out) // dL/dz
	var zt, gzt []float64        // tangents, allocated on first second-order use
	y.bwd = func() {
		actGrad(act, gz, y.Grad, y.Value, z)
		denseBackward(x, w, b, gz, n, in, out, false)
	}
	y.jvp = func() {
		if zt == nil {
			zt = make([]float64, n*out)
		}
		// ż = ẋ·w + x·ẇ + ḃ; only operands that depend on parameters
		// have nonzero tangents.
		clear(zt)
		if b != nil && b.Grad != nil {
			for i := range n {
				copy(zt[i*out:(i+1)*out], b.Tan)
			}
		}
		if x.Grad != nil {
			gemm(false, false, n, out, in, 1, x.Tan, w.Value, 1, zt)
		}
		if w.Grad != nil {
			gemm(false, false, n, out, in, 1, x.Value, w.Tan, 1, zt)
		}
		actGrad(act, y.Tan, zt, y.Value, z)
	}
	y.bwdTan = func() {
		if gzt == nil {
			gzt = make([]float64, n*out)
		}
		// d/dε (g·a1(z)) = ġ·a1(z) + g·a2(z)·ż (a1, a2: act's derivatives).
		actGrad(act, gz, y.Grad, y.Value, z)
		actGradTan(act, gzt, y.GradTan, y.Grad, y.Value, z, zt)
		denseBackward(x, w, b, gzt, n, in, out, true)
		// Cross terms: dx += gz·ẇᵀ, dw += ẋᵀ·gz.
		if x.GradTan != nil && w.Grad != nil {
			gemm(false, true, n, in, out, 1, gz, w.Tan, 1, x.GradTan)
		}
		if w.GradTan != nil && x.Grad != nil {
			gemm(true, false, in, out, n, 1, x.Tan, gz, 1, w.GradTan)
		}
	}
	return t.push(y)
}

// denseBackward accumulates the adjoints (or, with tan, their tangents) of
// x, w and b given g = dL/dz: dx += g·wᵀ, dw += xᵀ·g, db += Σ_rows g.
func denseBackward(x, w, b *Var, g []float64, n, in, out int, tan bool) {
	gx, gw := x.Grad, w.Grad
	var gb []float64
	if b != nil {
		gb = b.Grad
	}
	if tan {
		gx, gw = x.GradTan, w.GradTan
		if b != nil {
			gb = b.GradTan
		}
	}
	if gx != nil {
		gemm(false, true, n, in, out, 1, g, w.Value, 1, gx)
	}
	if gw != nil {
		gemm(true, false, in, out, n, 1, x.Value, g, 1, gw)
	}
	if gb != nil {
		for i := range n {
			gi := g[i*out : (i+1)*out]
			for j, v := range gi {
				gb[j] += v
			}
		}
	}
}

// Valid reports whether a is one of the activations above.
func (a Activation) Valid() bool { return a >= ActIdentity && a <= ActPosTanh }

// activate sets y = act(z) (y and z may be the same slice); for postanh it
// also leaves tanh(z) in z.
func activate(act Activation, y, z []float64) {
	switch act {
	case ActTanh:
		tanhSlice(y, z)
	case ActPosTanh:
		tanhSlice(z, z)
		for i, v := range z {
			y[i] = v + 1
		}
	case ActRelu:
		for i, v := range z {
			y[i] = max(v, 0)
		}
	case ActSigmoid:
		for i, v := range z {
			y[i] = sigmoid(v)
		}
	case ActSoftplus:
		for i, v := range z {
			y[i] = softplus(v)
		}
	}
}

// actGrad sets dst = g·act'(z), from y = act(z) (and z for softplus, tanh(z)
// for postanh), with the same formulas as the unfused unary ops.
func actGrad(act Activation, dst, g, y, z []float64) {
	switch act {
	case ActPosTanh:
		actGrad(ActTanh, dst, g, z, nil)
	case ActIdentity:
		copy(dst, g)
	case ActTanh:
		for i, gi := range g {
			dst[i] = gi * (1 - y[i]*y[i])
		}
	case ActRelu:
		// gi where y > 0, else +0, without a branch: on real data the
		// sign of y is unpredictable, and mispredicted branches took
		// about a tenth of a small MLP's gradient. The bits are those
		// of the branchy rule.
		y = y[:len(g)]
		dst = dst[:len(g)]
		for i, gi := range g {
			var keep uint64
			if y[i] > 0 {
				keep = ^uint64(0)
			}
			dst[i] = math.Float64frombits(math.Float64bits(gi) & keep)
		}
	case ActSigmoid:
		for i, gi := range g {
			dst[i] = gi * (y[i] * (1 - y[i]))
		}
	case ActSoftplus:
		for i, gi := range g {
			dst[i] = gi * sigmoid(z[i])
		}
	}
}

// actGradTan sets dst = gt·a1(z) + g·a2(z)·zt, a1 and a2 the first and
// second derivatives of act.
func actGradTan(act Activation, dst, gt, g, y, z, zt []float64) {
	switch act {
	case ActPosTanh:
		actGradTan(ActTanh, dst, gt, g, z, nil, zt)
	case ActIdentity:
		copy(dst, gt)
	case ActRelu:
		actGrad(act, dst, gt, y, z)
	case ActTanh:
		for i, yi := range y {
			d1 := 1 - yi*yi
			dst[i] = gt[i]*d1 + g[i]*(-2*yi*d1)*zt[i]
		}
	case ActSigmoid:
		for i, yi := range y {
			d1 := yi * (1 - yi)
			dst[i] = gt[i]*d1 + g[i]*(d1*(1-2*yi))*zt[i]
		}
	case ActSoftplus:
		for i, zi := range z {
			s := sigmoid(zi)
			dst[i] = gt[i]*s + g[i]*(s*(1-s))*zt[i]
		}
	}
}
