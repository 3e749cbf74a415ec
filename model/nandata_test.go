package model_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/dist"
	"github.com/bayesnn-go/bayesnn/model"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// TestNaNDataIsNamed (issue 21, item 9): NaN in observed data is an error
// naming the site and element; NaN in other data (regressors recorded
// with M.Const) is an error naming the data when sampling starts, not a
// failed search for a starting point.
func TestNaNDataIsNamed(t *testing.T) {
	opts := samplers.Options{Chains: 2, Warmup: 10, Draws: 10, Seed: 1}
	for _, bad := range []float64{math.NaN(), math.Inf(-1)} {
		md := model.New("obs", func(m *model.M) {
			mu := m.Sample("mu", dist.Normal(0, 1))
			m.Observe("y", dist.Normal(mu, 1), []float64{0.3, 1, bad})
		})
		_, err := model.Sample(context.Background(), md, opts)
		if err == nil {
			t.Fatalf("%v observed: no error", bad)
		}
		for _, w := range []string{"y: observed data element 2 is " + (func() string {
			if math.IsNaN(bad) {
				return "NaN"
			}
			return "-Inf"
		})()} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v observed: error %q does not mention %q", bad, err, w)
			}
		}
	}

	x := []float64{1, 2, math.NaN(), 4}
	md := model.New("regression", func(m *model.M) {
		b := m.Sample("b", dist.Normal(0, 1))
		mean := autodiff.Mul(b, m.Const(x))
		m.Observe("y", dist.Normal(mean, 1), []float64{1, 2, 3, 4})
	})
	_, err := model.Sample(context.Background(), md, opts)
	if err == nil {
		t.Fatal("NaN regressor: no error")
	}
	if msg := err.Error(); !strings.Contains(msg, "data holds NaN") || !strings.Contains(msg, "element 2") ||
		strings.Contains(msg, "no initial point") {
		t.Errorf("NaN regressor: error %q, want one naming the data", msg)
	}
}
