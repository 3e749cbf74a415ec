package samplers_test

import (
	"context"
	"fmt"
	"math"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// A 2-D normal with means (1, -2) and standard deviations (1, 3), sampled
// by NUTS with Stan's defaults (diagonal metric, 1000 warm-up iterations).
func ExampleSample() {
	target := density.FuncTarget{
		N:     2,
		Names: []string{"mu", "sigma"},
		F: func(grad, x []float64) float64 {
			a, b := x[0]-1, (x[1]+2)/3
			grad[0], grad[1] = -a, -b/3
			return -0.5 * (a*a + b*b)
		},
	}
	tr, err := samplers.Sample(context.Background(), target, samplers.Options{Chains: 4, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j, name := range tr.ParamNames() {
		var s, n float64
		for _, chain := range tr.Param(j) {
			for _, v := range chain {
				s += v
				n++
			}
		}
		fmt.Printf("%s: mean %.0f\n", name, s/n) // MCSE ≈ 0.05: print to the unit
	}
	fmt.Println("draws:", tr.NumChains(), "×", tr.NumDraws(), "divergences:", tr.Divergences())
	// Output:
	// mu: mean 1
	// sigma: mean -2
	// draws: 4 × 1000 divergences: 0
}

// The one-call form: a closure and a starting point.
func ExampleSampleSimple() {
	logProb := func(grad, x []float64) float64 {
		grad[0] = -x[0]
		return -0.5 * x[0] * x[0]
	}
	tr, err := samplers.SampleSimple(logProb, []float64{0.5}, samplers.Options{Seed: 3, Chains: 2, Draws: 2000})
	if err != nil {
		fmt.Println(err)
		return
	}
	var s2 float64
	for _, chain := range tr.Param(0) {
		for _, v := range chain {
			s2 += v * v
		}
	}
	fmt.Printf("sd %.1f\n", math.Sqrt(s2/4000))
	// Output:
	// sd 1.0
}

// Stan's metric-adaptation windows for the default 1000 warm-up iterations.
func ExampleWindowSchedule() {
	for _, w := range samplers.WindowSchedule(1000, 0, 0, 0) {
		fmt.Printf("[%d, %d) ", w.Start, w.End)
	}
	fmt.Println()
	// Output:
	// [75, 100) [100, 150) [150, 250) [250, 450) [450, 950)
}
