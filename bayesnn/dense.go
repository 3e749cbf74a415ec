package bayesnn

import (
	"fmt"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

// Dense is a fully connected layer act(x·W + b) with W [In, Out] and b [Out].
type Dense struct {
	In, Out int
	Act     ad.Activation
	NoBias  bool
}

// Kind returns "dense".
func (Dense) Kind() string { return "dense" }

// Build checks that the input is a vector of In features.
func (l Dense) Build(in []int) ([]int, error) {
	if l.In <= 0 || l.Out <= 0 {
		return nil, fmt.Errorf("bayesnn: dense layer with widths %d→%d", l.In, l.Out)
	}
	if len(in) != 1 || in[0] != l.In {
		return nil, fmt.Errorf("bayesnn: dense layer expects %d input features, got shape %v", l.In, in)
	}
	return []int{l.Out}, nil
}

// Params returns W and b.
func (l Dense) Params() []ParamSpec {
	p := []ParamSpec{{Name: "W", Shape: []int{l.In, l.Out}}}
	if !l.NoBias {
		p = append(p, ParamSpec{Name: "b", Shape: []int{l.Out}, Bias: true})
	}
	return p
}

// Forward computes act(x·W + b).
func (l Dense) Forward(x *ad.Var, p []*ad.Var) *ad.Var {
	var b *ad.Var
	if !l.NoBias {
		b = p[1]
	}
	return ad.Dense(x, p[0], b, l.Act) // one fused node, PosTanh included
}
