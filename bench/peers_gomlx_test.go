package main

import (
	"math"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
)

// TestGoMLXMatchesOurs checks that the GoMLX graphs compute our log
// posteriors: the same value and gradient at a random point.
func TestGoMLXMatchesOurs(t *testing.T) {
	cases := []struct {
		name   string
		sd     float64
		from   int // first parameter whose gradient is compared
		theirs func() (*gomlxTarget, error)
		ours   func() (density.Target, error)
	}{
		{"mlp", 0.3, 0, gomlxMLP, func() (density.Target, error) { return toyMLP() }},
		// The CNN's convolution gradients differ where a 2×2 pooling window
		// holds equal maxima (likely the blank margins of the digits, where a conv
		// output is its bias): we pass the gradient to the first maximum,
		// GoMLX's ReduceMax to every one. Compare the dense layers, after
		// both poolings: 520 + 25,050 conv parameters come first.
		{"cnn", 0.05, 520 + 25050, gomlxCNN, func() (density.Target, error) { return mnistCNN() }},
	}
	for _, c := range cases {
		if c.name == "cnn" && testing.Short() {
			continue
		}
		ours, err := c.ours()
		if err != nil {
			t.Skipf("%s: %v", c.name, err) // MNIST not available
		}
		theirs, err := c.theirs()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		x := randomPoint(ours, c.sd, 7)
		g0, g1 := make([]float64, ours.Dim()), make([]float64, ours.Dim())
		lp0 := ours.LogProb(g0, x)
		lp1, err := gomlxCall(theirs, g1, x)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		// Sums of ~1e5 float64 terms in different orders: 1e-9 relative.
		if math.Abs(lp0-lp1) > 1e-9*math.Abs(lp0) {
			t.Errorf("%s: log p = %.12g (gomlx), want %.12g", c.name, lp1, lp0)
		}
		scale := 0.0
		for _, v := range g0 {
			scale = max(scale, math.Abs(v))
		}
		bad := 0
		for i := c.from; i < len(g0); i++ {
			if math.Abs(g0[i]-g1[i]) > 1e-9*scale {
				if bad < 5 {
					t.Errorf("%s: grad[%d] = %g (gomlx), want %g", c.name, i, g1[i], g0[i])
				}
				bad++
			}
		}
	}
}
