package bayesnn

import (
	"fmt"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

// Conv2D is a 2-D convolution over NCHW inputs: W [Out, In, K, K] and
// b [Out], with stride and zero padding, followed by an activation.
type Conv2D struct {
	In, Out, K int
	Stride     int // default 1
	Pad        int
	Act        ad.Activation
	NoBias     bool
}

// Kind returns "conv".
func (Conv2D) Kind() string { return "conv" }

func (l Conv2D) stride() int {
	if l.Stride == 0 {
		return 1
	}
	return l.Stride
}

// Build checks the input [In, H, W] and returns [Out, OH, OW].
func (l Conv2D) Build(in []int) ([]int, error) {
	if l.In <= 0 || l.Out <= 0 || l.K <= 0 || l.stride() < 0 || l.Pad < 0 {
		return nil, fmt.Errorf("bayesnn: conv layer %d→%d kernel %d stride %d pad %d", l.In, l.Out, l.K, l.stride(), l.Pad)
	}
	if len(in) != 3 || in[0] != l.In {
		return nil, fmt.Errorf("bayesnn: conv layer expects [%d, H, W] inputs, got shape %v", l.In, in)
	}
	oh := (in[1]+2*l.Pad-l.K)/l.stride() + 1
	ow := (in[2]+2*l.Pad-l.K)/l.stride() + 1
	if oh <= 0 || ow <= 0 {
		return nil, fmt.Errorf("bayesnn: conv kernel %d does not fit input %v", l.K, in)
	}
	return []int{l.Out, oh, ow}, nil
}

// Params returns W and b.
func (l Conv2D) Params() []ParamSpec {
	p := []ParamSpec{{Name: "W", Shape: []int{l.Out, l.In, l.K, l.K}}}
	if !l.NoBias {
		p = append(p, ParamSpec{Name: "b", Shape: []int{l.Out}, Bias: true})
	}
	return p
}

// Forward applies the convolution and the activation.
func (l Conv2D) Forward(x *ad.Var, p []*ad.Var) *ad.Var {
	var b *ad.Var
	if !l.NoBias {
		b = p[1]
	}
	return activate(l.Act, ad.Conv2D(x, p[0], b, l.stride(), l.Pad))
}

// MaxPool2D takes the maximum over K×K windows (stride default K).
type MaxPool2D struct{ K, Stride int }

// Kind returns "maxpool".
func (MaxPool2D) Kind() string { return "maxpool" }

func (l MaxPool2D) stride() int {
	if l.Stride == 0 {
		return l.K
	}
	return l.Stride
}

// Build checks the input [C, H, W].
func (l MaxPool2D) Build(in []int) ([]int, error) {
	if l.K <= 0 || l.stride() <= 0 {
		return nil, fmt.Errorf("bayesnn: max-pool window %d stride %d", l.K, l.stride())
	}
	if len(in) != 3 {
		return nil, fmt.Errorf("bayesnn: max-pool expects [C, H, W] inputs, got shape %v", in)
	}
	oh, ow := (in[1]-l.K)/l.stride()+1, (in[2]-l.K)/l.stride()+1
	if oh <= 0 || ow <= 0 {
		return nil, fmt.Errorf("bayesnn: max-pool window %d does not fit input %v", l.K, in)
	}
	return []int{in[0], oh, ow}, nil
}

// Params returns none.
func (MaxPool2D) Params() []ParamSpec { return nil }

// Forward applies the pooling.
func (l MaxPool2D) Forward(x *ad.Var, _ []*ad.Var) *ad.Var { return ad.MaxPool2D(x, l.K, l.stride()) }

// HamiltorchCNN returns the MNIST network of hamiltorch's tutorial:
// conv 1→20 5×5, max-pool 2, relu, conv 20→50 5×5, max-pool 2, relu,
// flatten, dense 800→500 relu, dense 500→10 (logits): 431,080 parameters.
func HamiltorchCNN() *Sequential {
	m, err := NewSequential([]int{1, 28, 28},
		Conv2D{In: 1, Out: 20, K: 5}, MaxPool2D{K: 2}, ActivationLayer{Act: Relu},
		Conv2D{In: 20, Out: 50, K: 5}, MaxPool2D{K: 2}, ActivationLayer{Act: Relu},
		Flatten{},
		Dense{In: 800, Out: 500, Act: Relu},
		Dense{In: 500, Out: 10})
	if err != nil {
		panic(err) // the shapes above are fixed
	}
	return m
}
