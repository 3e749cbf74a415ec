package autodiff_test

import (
	"fmt"

	"github.com/bayesnn-go/bayesnn/autodiff"
)

// The eight schools model (Rubin 1981; Gelman et al., Bayesian Data
// Analysis §5.5) in its non-centred form, on the unconstrained scale:
// parameters mu, log tau and eight standardised effects.
func Example_eightSchools() {
	y := []float64{28, 8, -3, 7, -1, 1, 18, 12}       // estimated effects
	sigma := []float64{15, 10, 16, 11, 9, 11, 10, 18} // their standard errors
	logp := func(t *autodiff.Tape, p *autodiff.Var) *autodiff.Var {
		mu := p.View(0, 1)
		tau, logJac := autodiff.Positive(p.View(1, 2)) // tau = exp(u) > 0
		eta := p.View(2, 10)
		theta := autodiff.Add(mu, autodiff.Mul(tau, eta)) // theta = mu + tau·eta
		lp := autodiff.NormalLogPdf(mu, t.Scalar(0), t.Scalar(5))
		lp = autodiff.Add(lp, autodiff.HalfCauchyLogPdf(tau, t.Scalar(5)))
		lp = autodiff.Add(lp, autodiff.NormalLogPdf(eta, t.Scalar(0), t.Scalar(1)))
		lp = autodiff.Add(lp, autodiff.NormalLogPdf(t.Const(y), theta, t.Const(sigma)))
		return autodiff.Add(lp, logJac)
	}
	x := []float64{4.4, 1.2, 0.3, 0.1, -0.2, 0, -0.3, -0.1, 0.4, 0.1}
	c, err := autodiff.Compile(logp, x, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := autodiff.CheckGradient(c.LogProb, x, nil)
	fmt.Printf("log p = %.4f\n", r.LogProb) // checked by hand in Python: -41.3176079557
	fmt.Println("gradient agrees with finite differences:", r.OK(1e-6))
	// Output:
	// log p = -41.3176
	// gradient agrees with finite differences: true
}
