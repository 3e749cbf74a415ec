package bayesnn

import (
	"fmt"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

// Predictor evaluates a network on fixed inputs for many parameter
// vectors, replaying one recorded forward pass (no allocation per call).
// It is not safe for concurrent use.
type Predictor struct {
	model *Sequential
	theta []float64
	tape  *ad.Tape
	out   *ad.Var
	n     int
	outW  int
}

// NewPredictor records the network's forward pass on x.
func (m *Sequential) NewPredictor(x [][]float64) (*Predictor, error) {
	inW := prod(m.InShape())
	flat := make([]float64, 0, len(x)*inW)
	for i, r := range x {
		if len(r) != inW {
			return nil, fmt.Errorf("bayesnn: x row %d has %d values, the model takes %d", i, len(r), inW)
		}
		flat = append(flat, r...)
	}
	if len(x) == 0 {
		return nil, fmt.Errorf("bayesnn: no rows to predict")
	}
	p := &Predictor{model: m, theta: make([]float64, m.NumParams()), n: len(x), outW: prod(m.OutShape())}
	p.tape = ad.NewTape()
	th := p.tape.Input(p.theta)
	xs := append([]int{len(x)}, m.InShape()...)
	p.out = m.Forward(p.tape.Input(flat, xs...), th)
	return p, nil
}

// Rows returns the number of input rows.
func (p *Predictor) Rows() int { return p.n }

// Width returns the number of network outputs per row, the product of the
// model's output shape: Predict writes Rows()×Width() values.
func (p *Predictor) Width() int { return p.outW }

// Predict writes the network's outputs [rows × width] for the network
// parameters theta (extra trailing likelihood parameters are ignored)
// into dst (allocated if nil).
func (p *Predictor) Predict(dst, theta []float64) []float64 {
	if len(theta) < len(p.theta) {
		panic(fmt.Sprintf("bayesnn: parameter vector has %d elements, the network has %d", len(theta), len(p.theta)))
	}
	copy(p.theta, theta)
	p.tape.Forward()
	if dst == nil {
		dst = make([]float64, len(p.out.Value))
	}
	copy(dst, p.out.Value)
	return dst
}

// Predict returns the network's outputs for one parameter vector.
func (m *Sequential) Predict(theta []float64, x [][]float64) ([][]float64, error) {
	if len(theta) < m.NumParams() {
		return nil, fmt.Errorf("bayesnn: parameter vector has %d elements, the network has %d", len(theta), m.NumParams())
	}
	p, err := m.NewPredictor(x)
	if err != nil {
		return nil, err
	}
	flat := p.Predict(nil, theta)
	out := make([][]float64, p.n)
	for i := range out {
		out[i] = flat[i*p.outW : (i+1)*p.outW]
	}
	return out, nil
}
