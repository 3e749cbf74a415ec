package samplers

import "math"

// DualAveraging is Nesterov's dual-averaging step-size adaptation as Stan
// implements it (stepsize_adaptation.hpp; Hoffman & Gelman 2014, §3.2). The
// zero value is not usable: call NewDualAveraging.
type DualAveraging struct {
	// Delta is the target acceptance statistic (Stan's adapt_delta).
	Delta float64
	// Gamma, T0 and Kappa are the regularisation scale, the iteration offset
	// and the relaxation exponent.
	Gamma, T0, Kappa float64

	mu      float64 // the point log step sizes are shrunk towards
	counter float64
	sBar    float64 // running mean of Delta - accept
	xBar    float64 // averaged log step size
	x       float64 // current log step size
}

// NewDualAveraging returns dual averaging aiming at acceptance delta
// (0.8 if zero) with Stan's gamma 0.05, t0 10, kappa 0.75, shrinking
// towards log(10·eps0).
func NewDualAveraging(delta, eps0 float64) *DualAveraging {
	if delta == 0 {
		delta = 0.8
	}
	d := &DualAveraging{Delta: delta, Gamma: 0.05, T0: 10, Kappa: 0.75}
	d.Restart(eps0)
	return d
}

// Restart sets mu = log(10·eps) and forgets the history.
func (d *DualAveraging) Restart(eps float64) {
	d.mu = math.Log(10 * eps)
	d.counter, d.sBar, d.xBar = 0, 0, 0
	d.x = math.Log(eps)
}

// Update learns from one acceptance statistic and returns the next step size.
func (d *DualAveraging) Update(accept float64) float64 {
	if accept > 1 {
		accept = 1
	}
	if math.IsNaN(accept) {
		accept = 0
	}
	d.counter++
	eta := 1 / (d.counter + d.T0)
	d.sBar = (1-eta)*d.sBar + eta*(d.Delta-accept)
	d.x = d.mu - d.sBar*math.Sqrt(d.counter)/d.Gamma
	xEta := math.Pow(d.counter, -d.Kappa)
	d.xBar = (1-xEta)*d.xBar + xEta*d.x
	return math.Exp(d.x)
}

// Final returns the averaged step size exp(x̄), the adapted value.
func (d *DualAveraging) Final() float64 {
	if d.counter == 0 {
		return math.Exp(d.x)
	}
	return math.Exp(d.xBar)
}
