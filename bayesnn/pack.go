package bayesnn

import "fmt"

// Unpack splits a flat parameter vector into its tensors, keyed by block
// name (e.g. "dense1.W"); the slices alias theta.
func (m *Sequential) Unpack(theta []float64) (map[string][]float64, error) {
	if len(theta) != m.n {
		return nil, fmt.Errorf("bayesnn: parameter vector has %d elements, model has %d", len(theta), m.n)
	}
	out := make(map[string][]float64, len(m.blocks))
	for _, b := range m.blocks {
		out[b.Name()] = theta[b.Offset : b.Offset+b.Spec.Size()]
	}
	return out, nil
}

// Pack writes the named tensors into dst (allocated if nil) in packing
// order; every block must be present with the right size.
func (m *Sequential) Pack(dst []float64, params map[string][]float64) ([]float64, error) {
	if dst == nil {
		dst = make([]float64, m.n)
	}
	if len(dst) != m.n {
		return nil, fmt.Errorf("bayesnn: destination has %d elements, model has %d", len(dst), m.n)
	}
	for _, b := range m.blocks {
		v, ok := params[b.Name()]
		if !ok {
			return nil, fmt.Errorf("bayesnn: missing parameter %s", b.Name())
		}
		if len(v) != b.Spec.Size() {
			return nil, fmt.Errorf("bayesnn: parameter %s has %d elements, want %d (shape %v)", b.Name(), len(v), b.Spec.Size(), b.Spec.Shape)
		}
		copy(dst[b.Offset:], v)
	}
	if len(params) != len(m.blocks) {
		for k := range params {
			found := false
			for _, b := range m.blocks {
				found = found || b.Name() == k
			}
			if !found {
				return nil, fmt.Errorf("bayesnn: unknown parameter %s", k)
			}
		}
	}
	return dst, nil
}
