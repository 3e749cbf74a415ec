package bayesnn

import "math"

// MAE returns the mean absolute error of predictions against y.
func MAE(pred, y []float64) float64 {
	s := 0.0
	for i := range y {
		s += math.Abs(pred[i] - y[i])
	}
	return s / float64(len(y))
}

// RMSE returns the root mean squared error.
func RMSE(pred, y []float64) float64 {
	s := 0.0
	for i := range y {
		e := pred[i] - y[i]
		s += e * e
	}
	return math.Sqrt(s / float64(len(y)))
}

// NLL returns the mean negative log predictive density.
func NLL(logDensity []float64) float64 {
	s := 0.0
	for _, v := range logDensity {
		s -= v
	}
	return s / float64(len(logDensity))
}

// Coverage returns the fraction of y inside [lo, hi].
func Coverage(y, lo, hi []float64) float64 {
	c := 0
	for i := range y {
		if y[i] >= lo[i] && y[i] <= hi[i] {
			c++
		}
	}
	return float64(c) / float64(len(y))
}
