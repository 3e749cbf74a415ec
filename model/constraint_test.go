package model_test

import (
	"testing"

	"github.com/bayesnn-go/bayesnn/dist"
	"github.com/bayesnn-go/bayesnn/model"
)

// TestConstraintsForwardToDist checks that model's constraint constructors
// are package dist's: the same value (kind, bounds, size), hence the same
// transform and log-Jacobian.
func TestConstraintsForwardToDist(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want model.Constraint
	}{
		{"Real", model.Real, dist.Real},
		{"Positive", model.Positive, dist.Positive},
		{"UnitInterval", model.UnitInterval, dist.UnitInterval},
		{"Lower(-1.5)", model.Lower(-1.5), dist.Lower(-1.5)},
		{"Upper(2)", model.Upper(2), dist.Upper(2)},
		{"Interval(-1, 3)", model.Interval(-1, 3), dist.Interval(-1, 3)},
		{"Simplex(4)", model.Simplex(4), dist.Simplex(4)},
		{"Ordered(3)", model.Ordered(3), dist.Ordered(3)},
		{"PositiveOrdered(3)", model.PositiveOrdered(3), dist.PositiveOrdered(3)},
		{"CholeskyCorr(3)", model.CholeskyCorr(3), dist.CholeskyCorr(3)},
		{"CovMatrix(3)", model.CovMatrix(3), dist.CovMatrix(3)},
	} {
		if c.got != c.want {
			t.Errorf("model.%s = %v, want dist's %v", c.name, c.got, c.want)
		}
	}
	// Different arguments give different constraints (the wrappers pass
	// them on).
	if model.Lower(0) == model.Lower(1) || model.Interval(0, 1) == model.Interval(0, 2) || model.CovMatrix(2) == model.CovMatrix(3) {
		t.Error("a constraint constructor ignores its argument")
	}
}
