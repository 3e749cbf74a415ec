package plotting_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/plotting"
)

// Density draws a histogram of the draws against the exact density and
// marks the true value.
func ExampleDensity() {
	rng := rand.New(rand.NewPCG(1, 2))
	draws := make([]float64, 1000)
	for i := range draws {
		draws[i] = rng.NormFloat64()
	}
	fig, err := plotting.Density(draws, plotting.DensityOptions{
		Truth: []float64{0},
		Exact: func(x float64) float64 { return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) },
		Title: "standard normal",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	svg, err := fig.SVG()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bytes.Contains(svg, []byte("standard normal")))
	fig.Display() // shows the figure in a GoNB notebook; a no-op elsewhere
	// Output:
	// true
}

// Trace reads draws through the Chains interface; ChainSet holds them in
// plain slices.
func ExampleTrace() {
	draws := [][][]float64{{{0.1, 0.3, 0.2, 0.4}, {0.2, 0.1, 0.3, 0.2}}} // one parameter, 2 chains
	fig, err := plotting.Trace(plotting.ChainSet{Names: []string{"theta"}, Draws: draws}, plotting.TraceOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	rows, cols := fig.Dims()
	fmt.Println(rows, cols, fig.At(0, 0).Y.Label.Text)
	// Output:
	// 1 1 theta
}

// ClassMap shows a classifier over 2-D inputs: the probability of class 1
// with its decision boundary, and a second quantity (here a stand-in for
// the epistemic uncertainty) beside it, with the data marked by class.
func ExampleClassMap() {
	x := []float64{-1, -1.2, -0.8, 1, 1.1, 0.9}
	y := []float64{0, 0.3, -0.2, 0.1, -0.3, 0.2}
	labels := []int{0, 0, 0, 1, 1, 1}
	fig, err := plotting.ClassMap([]plotting.MapPanel{
		{F: func(a, b float64) float64 { return 1 / (1 + math.Exp(-3*a)) }, Title: "p(class 1)", Min: 0, Max: 1, Levels: []float64{0.5}},
		{F: func(a, b float64) float64 { return 0.05 * (a*a + b*b) }, Title: "epistemic"},
	}, x, y, labels, plotting.ClassMapOptions{Grid: 20})
	if err != nil {
		panic(err)
	}
	r, c := fig.Dims()
	fmt.Println(r, "×", c, "panels")
	// Output: 1 × 2 panels
}
