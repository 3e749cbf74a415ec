package diag

import (
	"math"
	"testing"
)

func TestTotalVariation(t *testing.T) {
	d, err := TotalVariation([]float64{0.5, 0.5, 0}, []float64{0.25, 0.25, 0.5})
	if err != nil || math.Abs(d-0.5) > 1e-15 {
		t.Errorf("got %v, %v; want 0.5", d, err)
	}
	if _, err := TotalVariation([]float64{1}, []float64{0.5, 0.5}); err == nil {
		t.Error("no error for different lengths")
	}
	if _, err := TotalVariation([]float64{math.NaN()}, []float64{1}); err == nil {
		t.Error("no error for NaN")
	}
}
