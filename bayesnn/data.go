package bayesnn

import (
	"fmt"
	"math"
)

// Data holds N examples: inputs X[i] (flattened to the model's input shape)
// and targets Y[i] (one value for regression and labels, or several).
type Data struct {
	X [][]float64
	Y [][]float64
}

// NewData returns regression data with one target per row.
func NewData(x [][]float64, y []float64) Data {
	ys := make([][]float64, len(y))
	for i, v := range y {
		ys[i] = []float64{v}
	}
	return Data{X: x, Y: ys}
}

// NewLabels returns classification data with integer labels.
func NewLabels(x [][]float64, labels []int) Data {
	ys := make([][]float64, len(labels))
	for i, v := range labels {
		ys[i] = []float64{float64(v)}
	}
	return Data{X: x, Y: ys}
}

// Len returns the number of examples.
func (d Data) Len() int { return len(d.X) }

// Rows returns the subset of rows idx (aliasing the rows).
func (d Data) Rows(idx []int) (Data, error) {
	out := Data{X: make([][]float64, len(idx)), Y: make([][]float64, len(idx))}
	for k, i := range idx {
		if i < 0 || i >= len(d.X) {
			return Data{}, fmt.Errorf("bayesnn: row %d out of range [0, %d)", i, len(d.X))
		}
		out.X[k], out.Y[k] = d.X[i], d.Y[i]
	}
	return out, nil
}

// flatten checks the data against an input width and a target width and
// returns them flat, row-major.
func (d Data) flatten(inWidth, yWidth int) (x, y []float64, err error) {
	n := len(d.X)
	if n == 0 {
		return nil, nil, fmt.Errorf("bayesnn: no data rows")
	}
	if len(d.Y) != n {
		return nil, nil, fmt.Errorf("bayesnn: x has %d rows but y has %d", n, len(d.Y))
	}
	x = make([]float64, 0, n*inWidth)
	y = make([]float64, 0, n*yWidth)
	for i := range n {
		if len(d.X[i]) != inWidth {
			return nil, nil, fmt.Errorf("bayesnn: x row %d has %d values, the model takes %d", i, len(d.X[i]), inWidth)
		}
		if len(d.Y[i]) != yWidth {
			return nil, nil, fmt.Errorf("bayesnn: y row %d has %d values, want %d", i, len(d.Y[i]), yWidth)
		}
		for j, v := range d.X[i] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, fmt.Errorf("bayesnn: x[%d][%d] is %v", i, j, v)
			}
		}
		for j, v := range d.Y[i] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, fmt.Errorf("bayesnn: y[%d][%d] is %v", i, j, v)
			}
		}
		x = append(x, d.X[i]...)
		y = append(y, d.Y[i]...)
	}
	return x, y, nil
}

func prod(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}
