package models

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

const pdbDir = "../../shared/posteriordb"

func TestPosteriorDBGradients(t *testing.T) {
	if _, err := os.Stat(pdbDir); err != nil {
		t.Skip("shared posteriordb folder not found")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, name := range PosteriorDBNames() {
		m, err := PosteriorDB(filepath.Join(pdbDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Unconstrained) != m.Dim {
			t.Errorf("%s: %d unconstrained names for dim %d", name, len(m.Unconstrained), m.Dim)
		}
		c, err := ad.Compile(m.LogDensity, make([]float64, m.Dim), nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for range 2 {
			x := make([]float64, m.Dim)
			for i := range x {
				x[i] = 0.5 * rng.NormFloat64()
			}
			r := ad.CheckGradient(c.LogProb, x, nil)
			// Central differences with step 1e-6 on log densities of size
			// up to ~1e4 (N = 5000 rows): rounding error ~1e-16·|f|/1e-6.
			tol := 1e-6 * max(1, math.Abs(r.LogProb)) / 100
			if math.IsNaN(r.LogProb) || !r.OK(max(tol, 1e-5)) {
				t.Errorf("%s: gradient check (tol %g):\n%s", name, tol, r)
			}
		}
		if got := len(m.Constrain(nil, make([]float64, m.Dim))); got != len(m.Names) {
			t.Errorf("%s: Constrain gives %d values for %d names", name, got, len(m.Names))
		}
	}
}

func TestFunnelDensity(t *testing.T) {
	// The centred funnel's log density at (v, x) equals the closed form.
	m := Funnel(4, true)
	c, _ := ad.Compile(m.LogDensity, make([]float64, 4), nil)
	x := []float64{0.7, -0.3, 1.2, 0.1}
	want := -x[0]*x[0]/18 - math.Log(3) - 0.5*math.Log(2*math.Pi)
	for _, xi := range x[1:] {
		want += -xi*xi*math.Exp(-x[0])/2 - x[0]/2 - 0.5*math.Log(2*math.Pi)
	}
	if got := c.Value(x); math.Abs(got-want) > 1e-12 {
		t.Errorf("funnel log density %.15g, want %.15g", got, want)
	}
	nc := Funnel(4, false)
	out := nc.Constrain(nil, []float64{2, 1, -1, 0.5})
	if math.Abs(out[1]-math.E) > 1e-12 || out[0] != 2 {
		t.Errorf("non-centred constrain: %v", out)
	}
}
