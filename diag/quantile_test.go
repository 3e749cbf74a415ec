package diag

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestQuantiles checks type-7 quantiles against values from R:
// quantile(1:10, c(0, .1, .25, .5, .9, 1)) = 1, 1.9, 3.25, 5.5, 9.1, 10.
func TestQuantiles(t *testing.T) {
	x := [][]float64{{10, 3, 5, 7, 1}, {2, 4, 6, 8, 9}}
	got, err := Quantiles(nil, x, []float64{0, 0.1, 0.25, 0.5, 0.9, 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1, 1.9, 3.25, 5.5, 9.1, 10}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("quantile %d: %v, want %v", i, got[i], want[i])
		}
	}
	if _, err := Quantiles(nil, x, []float64{1.2}); err == nil {
		t.Error("p = 1.2: no error")
	}
}

// TestHDI checks the shortest interval on a known sample and on N(0, 1)
// draws, whose 90 % HDI is ±1.645; the endpoints are sample quantiles with
// standard error √(p(1−p)/n)/φ(1.645) ≈ 0.0053 at n = 40,000, so 0.03 is
// more than 4 standard errors even allowing for the search of the shortest.
func TestHDI(t *testing.T) {
	lo, hi, err := HDI([][]float64{{0, 1, 2, 2.5, 3, 10}}, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if lo != 2 || hi != 3 { // 3 of 6 draws: [2, 3] is the shortest
		t.Errorf("HDI = [%v, %v], want [2, 3]", lo, hi)
	}
	x := ar1Chains(rand.New(rand.NewPCG(15, 16)), 4, 10_000, 0)
	lo, hi, _ = HDI(x, 0.9)
	if math.Abs(lo+1.6449) > 0.03 || math.Abs(hi-1.6449) > 0.03 {
		t.Errorf("HDI of N(0,1) = [%.4f, %.4f], want ±1.645", lo, hi)
	}
	if _, _, err := HDI(x, 0); err == nil {
		t.Error("mass 0: no error")
	}
}

// TestEBFMI checks E-BFMI against its known values: 2 for independent
// energies (E[(Eₜ − Eₜ₋₁)²] = 2 Var E) and 2(1 − rho) for AR(1) energies.
// With 100,000 draws the relative standard error is below 1 %.
func TestEBFMI(t *testing.T) {
	e := ar1Chains(rand.New(rand.NewPCG(17, 18)), 2, 100_000, 0)
	e = append(e, ar1Chains(rand.New(rand.NewPCG(19, 20)), 1, 100_000, 0.95)...)
	got, err := EBFMI(e)
	if err != nil {
		t.Fatal(err)
	}
	for c, want := range []float64{2, 2, 0.1} {
		if math.Abs(got[c]/want-1) > 0.05 {
			t.Errorf("chain %d: E-BFMI %.4f, want %.4f", c, got[c], want)
		}
	}
	got, err = EBFMI([][]float64{{1, 1, 1, 1}})
	if err == nil || !math.IsNaN(got[0]) {
		t.Errorf("constant energy: %v, %v; want NaN and an error", got, err)
	}
}
