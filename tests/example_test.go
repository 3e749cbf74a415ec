package tests_test

import (
	"context"
	"fmt"

	"github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// Example is the README's example: eight schools, non-centred, written on
// the autodiff tape, sampled with NUTS and summarised.
func Example() {
	y := []float64{28, 8, -3, 7, -1, 1, 18, 12}
	sigma := []float64{15, 10, 16, 11, 9, 11, 10, 18}
	logp := func(t *autodiff.Tape, p *autodiff.Var) *autodiff.Var {
		thetaT, mu := p.View(0, 8), p.View(8, 9)
		tau, logJac := autodiff.Positive(p.View(9, 10))
		theta := autodiff.Add(autodiff.Mul(thetaT, tau), mu)
		lp := autodiff.NormalLogPdf(thetaT, t.Scalar(0), t.Scalar(1))
		lp = autodiff.Add(lp, autodiff.NormalLogPdf(t.Const(y), theta, t.Const(sigma)))
		lp = autodiff.Add(lp, autodiff.NormalLogPdf(mu, t.Scalar(0), t.Scalar(5)))
		lp = autodiff.Add(lp, autodiff.CauchyLogPdf(tau, t.Scalar(0), t.Scalar(5)))
		return autodiff.Add(lp, logJac)
	}
	target, err := autodiff.NewTarget(logp, make([]float64, 10), nil)
	if err != nil {
		panic(err)
	}
	trace, err := samplers.Sample(context.Background(), target, samplers.Options{Chains: 4, Seed: 1, TargetAccept: 0.95})
	if err != nil {
		panic(err)
	}
	summary, err := diag.Summarize(trace, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(trace.NumChains(), "chains ×", trace.NumDraws(), "draws")
	worst := 0.0
	for _, p := range summary.Params {
		worst = max(worst, p.RHat)
	}
	fmt.Println("max R-hat below 1.01:", worst < 1.01)
	fmt.Println("divergences:", trace.Divergences())
	// Output:
	// 4 chains × 1000 draws
	// max R-hat below 1.01: true
	// divergences: 0
}
