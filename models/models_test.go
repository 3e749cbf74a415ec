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
