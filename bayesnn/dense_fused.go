package bayesnn

import ad "github.com/bayesnn-go/bayesnn/autodiff"

// denseForward records act(x·W + b) (b may be nil) as one fused node.
func denseForward(x, w, b *ad.Var, act Activation) *ad.Var {
	if act == PosTanh {
		return ad.AddConst(ad.Dense(x, w, b, ad.ActTanh), 1)
	}
	return ad.Dense(x, w, b, act.fused())
}

// fused maps an activation to the autodiff fused Dense op's.
func (a Activation) fused() ad.Activation {
	switch a {
	case Tanh:
		return ad.ActTanh
	case Relu:
		return ad.ActRelu
	case Sigmoid:
		return ad.ActSigmoid
	case Softplus:
		return ad.ActSoftplus
	}
	return ad.ActIdentity
}
