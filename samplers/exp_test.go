package samplers

import (
	"math"
	"math/rand/v2"
	"testing"
)

// expWeight against math.Exp: within 4 units in the last place over its
// fast range (table, polynomial and the final products each round once or
// twice), and math.Exp's own values outside it.
func TestExpWeight(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	worst := 0.0
	for i := 0; i < 1_000_000; i++ {
		x := (2*rng.Float64() - 1) * 699
		if i%2 == 0 {
			x = -3 * rng.Float64()
		}
		got, want := expWeight(x), math.Exp(x)
		ulp := math.Nextafter(want, math.Inf(1)) - want
		if e := math.Abs(got-want) / ulp; e > worst {
			worst = e
		}
	}
	if worst > 4 {
		t.Errorf("worst error %.2f ulp, want ≤ 4", worst)
	}
	for _, x := range []float64{0, -0.0, 1, -1, 699.9, -699.9, 700, -700, 709, -745, -800, math.Inf(1), math.Inf(-1)} {
		got, want := expWeight(x), math.Exp(x)
		if math.Abs(got-want) > 4*(math.Nextafter(want, math.Inf(1))-want) && got != want {
			t.Errorf("expWeight(%v) = %v, want %v", x, got, want)
		}
	}
	if !math.IsNaN(expWeight(math.NaN())) {
		t.Error("expWeight(NaN) is not NaN")
	}
}
