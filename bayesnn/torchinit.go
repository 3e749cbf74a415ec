package bayesnn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// TorchInit writes PyTorch's default initialisation of the network's
// Conv2d and Linear layers into dst (allocated if nil) and returns it: every
// weight and bias of a layer uniform on ±1/sqrt(fan_in), fan_in being the
// inputs to one output unit (In for a dense layer, In·K·K for a
// convolution). hamiltorch starts its chains there. Trailing values of dst
// beyond the network's parameters (likelihood parameters) are left alone.
// It returns an error for a layer whose weight is neither a dense [In, Out]
// nor a convolution [Out, In, K, K] tensor, or a bias without a weight.
func TorchInit(m *Sequential, rng *rand.Rand, dst []float64) ([]float64, error) {
	if dst == nil {
		dst = make([]float64, m.NumParams())
	}
	if len(dst) < m.NumParams() {
		return nil, fmt.Errorf("bayesnn: TorchInit: dst has %d values, the network %d", len(dst), m.NumParams())
	}
	blocks := m.Blocks()
	fanIn := map[string]int{}
	for _, b := range blocks {
		if b.Spec.Bias {
			continue
		}
		switch s := b.Spec.Shape; len(s) {
		case 2: // dense W [In, Out]
			fanIn[b.Layer] = s[0]
		case 4: // conv W [Out, In, K, K]
			fanIn[b.Layer] = s[1] * s[2] * s[3]
		default:
			return nil, fmt.Errorf("bayesnn: TorchInit: weight %s has shape %v, neither dense nor conv", b.Name(), s)
		}
	}
	for _, b := range blocks {
		f := fanIn[b.Layer]
		if f == 0 {
			return nil, fmt.Errorf("bayesnn: TorchInit: no weight for the bias %s", b.Name())
		}
		bound := 1 / math.Sqrt(float64(f))
		for i := range b.Spec.Size() {
			dst[b.Offset+i] = bound * (2*rng.Float64() - 1)
		}
	}
	return dst, nil
}
