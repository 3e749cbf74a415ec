package samplers_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// BAOAB Langevin dynamics on a standard normal in 2-D, at half the step size
// stability limit: for a Gaussian the positions are sampled without bias.
func ExampleBAOAB() {
	target := density.FuncTarget{N: 2, F: func(g, x []float64) float64 {
		g[0], g[1] = -x[0], -x[1]
		return -0.5 * (x[0]*x[0] + x[1]*x[1])
	}}
	k := samplers.BAOAB{StepSize: 1, Friction: 1, Steps: 5}
	s, err := k.Init(target, []float64{3, -3})
	if err != nil {
		fmt.Println(err)
		return
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 { // burn-in
		k.Step(rng, s)
	}
	const draws = 20000
	var sq float64
	for range draws {
		k.Step(rng, s)
		sq += s.Position[0]*s.Position[0] + s.Position[1]*s.Position[1]
	}
	fmt.Printf("E[x²] per coordinate: %.1f\n", sq/draws/2)
	// Output:
	// E[x²] per coordinate: 1.0
}
