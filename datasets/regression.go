package datasets

import (
	"errors"
	"fmt"
)

// Regression is a data set of inputs X (one row per example) and targets Y.
type Regression struct {
	// Names names the columns of X; it may be nil.
	Names []string
	// X holds one row of inputs per example.
	X [][]float64
	// Y holds one target per example.
	Y []float64
}

// Len returns the number of examples.
func (d *Regression) Len() int { return len(d.Y) }

// Dim returns the number of inputs per example (0 for an empty set).
func (d *Regression) Dim() int {
	if len(d.X) == 0 {
		return 0
	}
	return len(d.X[0])
}

// check returns an error if X and Y disagree in length or X is ragged.
func (d *Regression) check() error {
	if len(d.X) != len(d.Y) {
		return fmt.Errorf("datasets: %d input rows but %d targets", len(d.X), len(d.Y))
	}
	for i, row := range d.X {
		if len(row) != len(d.X[0]) {
			return fmt.Errorf("datasets: input row %d has %d values, row 0 has %d", i, len(row), len(d.X[0]))
		}
	}
	return nil
}

// Subset returns the examples at the given indices, in that order. Rows are
// copied, so the result does not share memory with d.
func (d *Regression) Subset(idx []int) *Regression {
	out := &Regression{Names: append([]string(nil), d.Names...), X: make([][]float64, len(idx)), Y: make([]float64, len(idx))}
	for k, i := range idx {
		out.X[k] = append([]float64(nil), d.X[i]...)
		out.Y[k] = d.Y[i]
	}
	return out
}

// FlatX returns X as one row-major slice (examples × inputs), written into
// dst if it is long enough.
func (d *Regression) FlatX(dst []float64) []float64 {
	n := len(d.X) * d.Dim()
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	p := 0
	for _, row := range d.X {
		p += copy(dst[p:], row)
	}
	return dst
}

// TrainTest is a train/test split of a [Regression] data set.
type TrainTest struct {
	Train, Test *Regression
	// TrainIndex and TestIndex are the 0-based rows of the original data that
	// make up Train and Test, in order.
	TrainIndex, TestIndex []int
}

// Keras's defaults for tf.keras.datasets.boston_housing.load_data.
const (
	KerasBostonSeed      = 113
	KerasBostonTestSplit = 0.2
)

// KerasSplit splits d as tf.keras.datasets.boston_housing.load_data does:
// the rows are shuffled by [KerasPermutation](n, seed), the first
// int(n*(1-testSplit)) rows are the training set and the rest the test set.
// With testSplit 0.2 and seed 113 on the 506 Boston rows it gives Keras's
// 404/102 split exactly.
func KerasSplit(d *Regression, testSplit float64, seed uint32) (*TrainTest, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if !(testSplit >= 0 && testSplit <= 1) {
		return nil, fmt.Errorf("datasets: test split %v outside [0, 1]", testSplit)
	}
	n := d.Len()
	if n == 0 {
		return nil, errors.New("datasets: cannot split an empty data set")
	}
	perm := KerasPermutation(n, seed)
	// Same float64 arithmetic as Python's int(len(x) * (1 - test_split)).
	nTrain := int(float64(n) * (1 - testSplit))
	return &TrainTest{
		Train:      d.Subset(perm[:nTrain]),
		Test:       d.Subset(perm[nTrain:]),
		TrainIndex: perm[:nTrain:nTrain],
		TestIndex:  perm[nTrain:],
	}, nil
}
