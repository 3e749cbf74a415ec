package model

import (
	"fmt"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/bayesnn"
	"github.com/bayesnn-go/bayesnn/dist"
)

// Network declares the weights of a bayesnn network as one named block of
// parameters with prior d (e.g. dist.Normal(0, 1), or per-weight scales as
// a []float64 parameter) and returns the network's output at the inputs x
// ([N, in...]). The weights appear in the trace as name[1], ...,
// name[net.NumParams()] in bayesnn's packing order (net.ParamNames gives
// each one's layer and index); the likelihood is an Observe like any
// other, so the pointwise log-likelihood and the predictive draws come
// with it.
func (m *M) Network(name string, net *bayesnn.Sequential, d dist.Distribution, x *ad.Var) *ad.Var {
	if net == nil || x == nil {
		return m.fail(fmt.Errorf("model: %s: nil network or input", name), nil)
	}
	theta := m.Sample(name, d, net.NumParams())
	if len(theta.Value) != net.NumParams() { // a failed site: its error is kept
		return m.fail(fmt.Errorf("model: %s: weights not declared", name), nil)
	}
	return net.Forward(x, theta)
}
