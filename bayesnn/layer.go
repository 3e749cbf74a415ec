package bayesnn

import (
	"fmt"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

// ParamSpec describes one parameter tensor of a layer.
type ParamSpec struct {
	Name  string // e.g. "W" or "b"
	Shape []int
	Bias  bool // a bias (priors may treat biases apart)
}

// Size returns the number of elements.
func (p ParamSpec) Size() int {
	n := 1
	for _, d := range p.Shape {
		n *= d
	}
	return n
}

// Layer is one stage of a sequential network. Shapes exclude the leading
// batch dimension.
type Layer interface {
	// Kind names the layer type ("dense", "conv2d", "tanh", ...); a
	// sequential model names layers kind1, kind2, ... by order.
	Kind() string
	// Build checks the input shape and returns the output shape.
	Build(in []int) (out []int, err error)
	// Params lists the parameter tensors (after Build).
	Params() []ParamSpec
	// Forward applies the layer to x [N, in...] with its parameters.
	Forward(x *ad.Var, params []*ad.Var) *ad.Var
}

// The activations of the layers: constants of autodiff's Activation, the
// one activation type, which Dense fuses into the layer's node.
const (
	// Identity is no activation: y = x.
	Identity = ad.ActIdentity
	// Tanh is tanh(x).
	Tanh = ad.ActTanh
	// Relu is max(x, 0).
	Relu = ad.ActRelu
	// Sigmoid is 1 / (1 + exp(-x)).
	Sigmoid = ad.ActSigmoid
	// Softplus is log(1 + exp(x)).
	Softplus = ad.ActSoftplus
	// PosTanh is 1 + tanh(x), the positive tanh of the Langevin sandbox
	// (gregoryross/langevin_neural_nets).
	PosTanh = ad.ActPosTanh
)

// activate records the activation a on x, unfused (for layers other than
// Dense).
func activate(a ad.Activation, x *ad.Var) *ad.Var {
	switch a {
	case Tanh:
		return ad.Tanh(x)
	case Relu:
		return ad.Relu(x)
	case Sigmoid:
		return ad.Sigmoid(x)
	case Softplus:
		return ad.Softplus(x)
	case PosTanh:
		return ad.AddConst(ad.Tanh(x), 1)
	}
	return x
}

// ActivationLayer applies an activation as a layer of its own (e.g. after
// a pooling layer).
type ActivationLayer struct{ Act ad.Activation }

// Kind returns the activation's name.
func (l ActivationLayer) Kind() string { return l.Act.String() }

// Build returns the input shape.
func (l ActivationLayer) Build(in []int) ([]int, error) {
	if !l.Act.Valid() {
		return nil, fmt.Errorf("bayesnn: unknown activation %d", int(l.Act))
	}
	return in, nil
}

// Params returns none.
func (ActivationLayer) Params() []ParamSpec { return nil }

// Forward applies the activation.
func (l ActivationLayer) Forward(x *ad.Var, _ []*ad.Var) *ad.Var { return activate(l.Act, x) }

// Flatten reshapes [N, d1, d2, ...] to [N, d1·d2·...].
type Flatten struct{}

// Kind returns "flatten".
func (Flatten) Kind() string { return "flatten" }

// Build returns the flattened shape.
func (Flatten) Build(in []int) ([]int, error) {
	n := 1
	for _, d := range in {
		n *= d
	}
	return []int{n}, nil
}

// Params returns none.
func (Flatten) Params() []ParamSpec { return nil }

// Forward returns a view of x.
func (Flatten) Forward(x *ad.Var, _ []*ad.Var) *ad.Var { return ad.Flatten(x) }
