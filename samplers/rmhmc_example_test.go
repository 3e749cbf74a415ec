package samplers_test

import (
	"context"
	"fmt"

	"github.com/bayesnn-go/bayesnn/autodiff"
	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// Riemannian HMC on hamiltorch's first example, three independent normals
// with means 1, 2, 3 and standard deviation 0.5, written on the autodiff
// tape: the Hessian metric is the exact precision.
func ExampleRMHMC() {
	logp := func(t *ad.Tape, x *ad.Var) *ad.Var {
		d := ad.Sub(x, t.Const([]float64{1, 2, 3}, 3))
		return ad.Scale(ad.Sum(ad.Square(d)), -0.5/0.25)
	}
	target, err := autodiff.NewTarget(logp, []float64{0, 0, 0}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	kernel := samplers.RMHMC{StepSize: 0.3, Steps: 6} // implicit integrator, Hessian metric
	tr, err := samplers.Sample(context.Background(), target, samplers.Options{
		Chains: 2, Warmup: -1, Draws: 500, Seed: 1, Kernel: kernel,
		InitialPoints: [][]float64{{1, 2, 3}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j := range 3 {
		var s float64
		for _, c := range tr.Param(j) {
			for _, v := range c {
				s += v
			}
		}
		fmt.Printf("mean[%d] ≈ %.1f\n", j, s/1000)
	}
	fmt.Println("divergences:", tr.Divergences())
	// Output:
	// mean[0] ≈ 1.0
	// mean[1] ≈ 2.0
	// mean[2] ≈ 3.0
	// divergences: 0
}
