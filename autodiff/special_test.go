package autodiff

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mathext"
)

func TestDigamma(t *testing.T) {
	const euler = 0.57721566490153286061 // Euler–Mascheroni constant
	known := []struct{ x, want float64 }{
		{1, -euler},                    // DLMF 5.4.12
		{0.5, -euler - 2*math.Ln2},     // DLMF 5.4.13
		{2, 1 - euler},                 // ψ(n+1) = ψ(n) + 1/n
		{10, 2.25175258906672110764},   // DLMF table / mpmath digamma(10)
		{-0.5, 0.03648997397857652056}, // mpmath digamma(-0.5)
		// mpmath (30 digits) at arbitrary points:
		{4.526403700165691, 1.39541682464673506953},
		{0.6081871220488826, -1.51117874219253861530},
		{1.5411393290865611, 0.074261710768705594927},
		{0.01, -100.560885457868674497},
		{123.456, 4.8118293238289853873},
	}
	for _, k := range known {
		if got := digamma(k.x); math.Abs(got-k.want) > 1e-14*max(1, math.Abs(k.want)) {
			t.Errorf("digamma(%g) = %.17g, want %.17g", k.x, got, k.want)
		}
	}
	// Agreement with gonum's mathext.Digamma, whose asymptotic series is
	// truncated at x⁻⁸ from x >= 7: its error reaches 5e-11 (the mpmath
	// values above are matched by digamma to 1e-14, not by mathext).
	rng := rand.New(rand.NewPCG(21, 22))
	for range 500 {
		x := math.Exp(-5 + 10*rng.Float64())
		if got, want := digamma(x), mathext.Digamma(x); math.Abs(got-want) > 1e-10*max(1, math.Abs(want)) {
			t.Errorf("digamma(%g) = %.17g, mathext %.17g", x, got, want)
		}
	}
	if !math.IsNaN(digamma(-2)) || !math.IsInf(digamma(0), -1) {
		t.Errorf("poles: digamma(-2) = %g, digamma(0) = %g", digamma(-2), digamma(0))
	}
}

func TestTrigamma(t *testing.T) {
	const catalan = 0.91596559417721901505 // Catalan's constant
	known := []struct{ x, want float64 }{
		{1, math.Pi * math.Pi / 6},                // ζ(2)
		{0.5, math.Pi * math.Pi / 2},              // DLMF 5.15.3 (π²/2)
		{0.25, math.Pi*math.Pi + 8*catalan},       // ψ₁(1/4) = π² + 8G
		{2, math.Pi*math.Pi/6 - 1},                // ψ₁(n+1) = ψ₁(n) - 1/n²
		{100, 0.010050166663333571395},            // mpmath polygamma(1, 100)
		{-0.5, math.Pi*math.Pi/2 + 4},             // ψ₁(x) = ψ₁(x+1) + 1/x²
		{1e-8, 1e16 + math.Pi*math.Pi/6 - 2.4e-8}, // 1/x² + ζ(2) - 2ζ(3)x
	}
	for _, k := range known {
		if got := trigamma(k.x); math.Abs(got-k.want) > 1e-14*max(1, math.Abs(k.want)) {
			t.Errorf("trigamma(%g) = %.17g, want %.17g", k.x, got, k.want)
		}
	}
	// The recurrence on both sides of 0 and the derivative of digamma.
	rng := rand.New(rand.NewPCG(23, 24))
	for range 300 {
		x := -5 + 30*rng.Float64()
		if math.Abs(x-math.Round(x)) < 0.05 {
			continue // near a pole
		}
		if got, want := trigamma(x), trigamma(x+1)+1/(x*x); math.Abs(got-want) > 1e-12*max(1, math.Abs(want)) {
			t.Errorf("trigamma(%g) = %.17g, recurrence %.17g", x, got, want)
		}
		// Central difference of digamma: truncation h²ψ₃/6, rounding
		// ε|ψ|/h; with h = 1e-5 both are below 1e-8 here.
		h := 1e-5
		fd := (digamma(x+h) - digamma(x-h)) / (2 * h)
		if got := trigamma(x); math.Abs(got-fd) > 1e-6*max(1, math.Abs(got)) {
			t.Errorf("trigamma(%g) = %.12g, d digamma/dx %.12g", x, got, fd)
		}
	}
}

func TestLgammaOp(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	f := func(t *Tape, x *Var) *Var { return Sum(Lgamma(x)) }
	checkFunc(t, "Lgamma", f, randVec(rng, 5, 0.3, 8), randVec(rng, 5, 0.3, 8), true)
	tape := NewTape()
	if v := Sum(Lgamma(tape.Const([]float64{5}))).Scalar(); math.Abs(v-math.Log(24)) > 1e-14 {
		t.Errorf("Lgamma(5) = %g, want log 24", v)
	}
}
