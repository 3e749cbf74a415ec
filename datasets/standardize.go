package datasets

import (
	"errors"
	"fmt"
	"math"
)

// Standardizer centres and scales each column of a matrix: z = (x-Mean)/Scale.
// Fit it on the training inputs only and apply the same transform to the
// test inputs, as the Keras Boston tutorial does.
type Standardizer struct {
	// Mean and Scale hold one value per column. Scale is the population
	// standard deviation (ddof 0, as numpy's std and scikit-learn's
	// StandardScaler); a column with zero spread gets Scale 1.
	Mean, Scale []float64
}

// Fit sets Mean and Scale from the rows of x. It returns an error if x is
// empty, ragged, or holds a non-finite value.
func (s *Standardizer) Fit(x [][]float64) error {
	if len(x) == 0 || len(x[0]) == 0 {
		return errors.New("datasets: Standardizer.Fit needs at least one row and one column")
	}
	d := len(x[0])
	mean := make([]float64, d)
	for i, row := range x {
		if len(row) != d {
			return fmt.Errorf("datasets: Standardizer.Fit: row %d has %d values, row 0 has %d", i, len(row), d)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("datasets: Standardizer.Fit: row %d, column %d is %v", i, j, v)
			}
			mean[j] += v
		}
	}
	n := float64(len(x))
	for j := range mean {
		mean[j] /= n
	}
	scale := make([]float64, d)
	for _, row := range x {
		for j, v := range row {
			r := v - mean[j]
			scale[j] += r * r
		}
	}
	for j := range scale {
		scale[j] = math.Sqrt(scale[j] / n)
		if scale[j] == 0 {
			scale[j] = 1
		}
	}
	s.Mean, s.Scale = mean, scale
	return nil
}

func (s *Standardizer) checkRow(op string, row []float64) {
	if len(s.Mean) == 0 {
		panic("datasets: Standardizer." + op + " before Fit")
	}
	if len(row) != len(s.Mean) {
		panic(fmt.Sprintf("datasets: Standardizer.%s: row of length %d, fitted on %d columns", op, len(row), len(s.Mean)))
	}
}

// Transform writes (x-Mean)/Scale into dst (allocated when nil or of the
// wrong size; dst may be x itself) and returns it. It panics if a row's
// length differs from the fitted number of columns.
func (s *Standardizer) Transform(dst, x [][]float64) [][]float64 {
	return s.apply("Transform", dst, x, false)
}

// Inverse maps standardized rows back to the original units:
// x = z*Scale + Mean. dst follows the rules of Transform.
func (s *Standardizer) Inverse(dst, z [][]float64) [][]float64 {
	return s.apply("Inverse", dst, z, true)
}

func (s *Standardizer) apply(op string, dst, x [][]float64, inverse bool) [][]float64 {
	if len(dst) != len(x) {
		dst = make([][]float64, len(x))
	}
	for i, row := range x {
		s.checkRow(op, row)
		if len(dst[i]) != len(row) {
			dst[i] = make([]float64, len(row))
		}
		for j, v := range row {
			if inverse {
				dst[i][j] = v*s.Scale[j] + s.Mean[j]
			} else {
				dst[i][j] = (v - s.Mean[j]) / s.Scale[j]
			}
		}
	}
	return dst
}

// ScalarStandardizer centres and scales a single variable, typically the
// regression target: z = (y-Mean)/Scale.
type ScalarStandardizer struct {
	// Mean and Scale as for Standardizer (ddof 0; zero spread gives Scale 1).
	Mean, Scale float64
}

// Fit sets Mean and Scale from y. It returns an error if y is empty or holds
// a non-finite value.
func (s *ScalarStandardizer) Fit(y []float64) error {
	if len(y) == 0 {
		return errors.New("datasets: ScalarStandardizer.Fit needs at least one value")
	}
	var sum float64
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("datasets: ScalarStandardizer.Fit: value %d is %v", i, v)
		}
		sum += v
	}
	mean := sum / float64(len(y))
	var ss float64
	for _, v := range y {
		ss += (v - mean) * (v - mean)
	}
	scale := math.Sqrt(ss / float64(len(y)))
	if scale == 0 {
		scale = 1
	}
	s.Mean, s.Scale = mean, scale
	return nil
}

// Transform writes (y-Mean)/Scale into dst (allocated when too short; dst
// may be y) and returns it.
func (s *ScalarStandardizer) Transform(dst, y []float64) []float64 {
	dst = resize(dst, len(y))
	for i, v := range y {
		dst[i] = (v - s.Mean) / s.Scale
	}
	return dst
}

// Inverse writes z*Scale + Mean into dst and returns it. A standard
// deviation in standardized units converts back by multiplying by Scale.
func (s *ScalarStandardizer) Inverse(dst, z []float64) []float64 {
	dst = resize(dst, len(z))
	for i, v := range z {
		dst[i] = v*s.Scale + s.Mean
	}
	return dst
}

// resize returns dst with length n, reallocating when its capacity is short.
func resize(dst []float64, n int) []float64 {
	if cap(dst) < n {
		return make([]float64, n)
	}
	return dst[:n]
}
