package models

import (
	"math"
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

// TestCorrelatedNormal checks the log density against the bivariate normal
// with unit variances and correlation rho written out,
// -log 2π - ½ log(1-ρ²) - (x² - 2ρxy + y²)/(2(1-ρ²)), the gradient against
// finite differences, and that Constrain is the identity.
func TestCorrelatedNormal(t *testing.T) {
	for _, rho := range []float64{0, 0.5, -0.95} {
		m := CorrelatedNormal(rho)
		if m.Dim != 2 || len(m.Names) != 2 || len(m.Unconstrained) != 2 {
			t.Fatalf("rho %g: Dim %d, names %v, unconstrained %v", rho, m.Dim, m.Names, m.Unconstrained)
		}
		logp := func(x []float64) float64 {
			q := (x[0]*x[0] - 2*rho*x[0]*x[1] + x[1]*x[1]) / (1 - rho*rho)
			return -math.Log(2*math.Pi) - 0.5*math.Log(1-rho*rho) - q/2
		}
		c, err := ad.Compile(m.LogDensity, make([]float64, 2), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range [][]float64{{0, 0}, {0.3, -1.2}, {2, 1.9}} {
			if got, want := c.Value(x), logp(x); math.Abs(got-want) > 1e-12*max(1, math.Abs(want)) {
				t.Errorf("rho %g: log density at %v = %.15g, want %.15g", rho, x, got, want)
			}
			if r := ad.CheckGradient(c.LogProb, x, nil); !r.OK(1e-6) {
				t.Errorf("rho %g: gradient check at %v:\n%s", rho, x, r)
			}
		}
		if out := m.Constrain(nil, []float64{0.3, -1.2}); len(out) != 2 || out[0] != 0.3 || out[1] != -1.2 {
			t.Errorf("rho %g: Constrain = %v, want the identity", rho, out)
		}
	}
}
