package bayesnn

import (
	"fmt"
	"strings"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

// Block locates one parameter tensor in the flat parameter vector.
type Block struct {
	Layer  string // e.g. "dense1"
	Spec   ParamSpec
	Offset int
}

// Name returns "layer.param", e.g. "dense1.W".
func (b Block) Name() string { return b.Layer + "." + b.Spec.Name }

// Sequential is a network applying its layers in order.
type Sequential struct {
	in     []int
	out    []int
	layers []Layer
	names  []string // layer names: dense1, tanh1, ...
	blocks []Block
	perL   [][]int // per layer: indices into blocks
	n      int
}

// NewSequential builds a model for inputs of shape in (without the batch
// dimension), checking that consecutive layers fit.
func NewSequential(in []int, layers ...Layer) (*Sequential, error) {
	if len(layers) == 0 {
		return nil, fmt.Errorf("bayesnn: a model needs at least one layer")
	}
	m := &Sequential{in: append([]int(nil), in...), layers: layers}
	count := map[string]int{}
	shape := m.in
	for i, l := range layers {
		out, err := l.Build(shape)
		if err != nil {
			return nil, fmt.Errorf("bayesnn: layer %d (%s): %w", i+1, l.Kind(), err)
		}
		count[l.Kind()]++
		name := fmt.Sprintf("%s%d", l.Kind(), count[l.Kind()])
		m.names = append(m.names, name)
		var idx []int
		for _, p := range l.Params() {
			idx = append(idx, len(m.blocks))
			m.blocks = append(m.blocks, Block{Layer: name, Spec: p, Offset: m.n})
			m.n += p.Size()
		}
		m.perL = append(m.perL, idx)
		shape = out
	}
	m.out = shape
	return m, nil
}

// MLP returns a multilayer perceptron with the given widths (input first,
// output last), act on hidden layers and a linear output.
func MLP(widths []int, act ad.Activation) (*Sequential, error) {
	if len(widths) < 2 {
		return nil, fmt.Errorf("bayesnn: MLP needs at least input and output widths, got %v", widths)
	}
	var layers []Layer
	for i := 0; i+1 < len(widths); i++ {
		a := act
		if i+2 == len(widths) {
			a = Identity
		}
		layers = append(layers, Dense{In: widths[i], Out: widths[i+1], Act: a})
	}
	return NewSequential([]int{widths[0]}, layers...)
}

// TaperWidths returns the layer widths of the TFP tutorial's tapering
// network: the input width, then halving for each further hidden layer
// down to at least the output width, then the output, e.g.
// TaperWidths(13, 2, 2) = [13 13 6 2].
func TaperWidths(in, out, hidden int) []int {
	w := []int{in}
	h := in
	for range hidden {
		w = append(w, max(h, out))
		h /= 2
	}
	return append(w, out)
}

// NumParams returns the number of parameters.
func (m *Sequential) NumParams() int { return m.n }

// InShape returns the input shape (without the batch dimension).
func (m *Sequential) InShape() []int { return m.in }

// OutShape returns the output shape (without the batch dimension).
func (m *Sequential) OutShape() []int { return m.out }

// Blocks returns the parameter tensors in packing order.
func (m *Sequential) Blocks() []Block { return m.blocks }

// Layers returns the layers and their names.
func (m *Sequential) Layers() ([]Layer, []string) { return m.layers, m.names }

// ParamNames returns one name per parameter, e.g. "dense1.W[3,7]".
func (m *Sequential) ParamNames() []string {
	names := make([]string, 0, m.n)
	for _, b := range m.blocks {
		idx := make([]int, len(b.Spec.Shape))
		for range b.Spec.Size() {
			parts := make([]string, len(idx))
			for j, v := range idx {
				parts[j] = fmt.Sprint(v)
			}
			names = append(names, fmt.Sprintf("%s[%s]", b.Name(), strings.Join(parts, ",")))
			for j := len(idx) - 1; j >= 0; j-- {
				idx[j]++
				if idx[j] < b.Spec.Shape[j] {
					break
				}
				idx[j] = 0
			}
		}
	}
	return names
}

// Forward records the network on x [N, in...] with parameters theta (a
// vector Var of NumParams elements, or a view of a longer one) and
// returns the output [N, out...].
func (m *Sequential) Forward(x, theta *ad.Var) *ad.Var {
	h := x
	for i, l := range m.layers {
		ps := make([]*ad.Var, len(m.perL[i]))
		for j, bi := range m.perL[i] {
			b := m.blocks[bi]
			ps[j] = theta.View(b.Offset, b.Offset+b.Spec.Size(), b.Spec.Shape...)
		}
		h = l.Forward(h, ps)
	}
	return h
}

// Summary describes the layers, shapes and parameter counts.
func (m *Sequential) Summary() string {
	var b strings.Builder
	shape := m.in
	fmt.Fprintf(&b, "input %v\n", shape)
	for i, l := range m.layers {
		out, _ := l.Build(shape)
		n := 0
		for _, p := range l.Params() {
			n += p.Size()
		}
		fmt.Fprintf(&b, "%-10s %v -> %v  params %d\n", m.names[i], shape, out, n)
		shape = out
	}
	fmt.Fprintf(&b, "total parameters %d\n", m.n)
	return b.String()
}
