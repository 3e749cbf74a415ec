package bayesnn

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Hessian writes the exact Hessian of the log posterior at theta into dst
// (Dim × Dim), by forward-over-reverse products on the recorded tape. It
// makes the posterior a Hessian target for the Laplace approximation.
func (p *Posterior) Hessian(dst *mat.SymDense, theta []float64) error {
	if len(theta) != p.dim {
		return fmt.Errorf("bayesnn: parameter vector has %d values, want %d", len(theta), p.dim)
	}
	_, _, err := p.c.Hessian(dst, nil, theta)
	return err
}

// Data returns the posterior's data rows (views of its flat copy: do not
// modify them).
func (p *Posterior) Data() Data { return p.data() }

// LikelihoodScale returns the factor that multiplies the log-likelihood
// (1 unless tempered).
func (p *Posterior) LikelihoodScale() float64 { return p.scale[0] }

// PriorPrecision returns the prior precision 1/sd² of each network
// parameter, for a GaussianPrior; other priors give an error.
func (p *Posterior) PriorPrecision() ([]float64, error) {
	g, ok := p.Prior.(GaussianPrior)
	if !ok {
		return nil, fmt.Errorf("bayesnn: the prior %T is not a GaussianPrior: its precision is not known", p.Prior)
	}
	out := make([]float64, p.Model.NumParams())
	for i, b := range p.Model.Blocks() {
		s := g.sd(i, b)
		for j := range b.Spec.Size() {
			out[b.Offset+j] = 1 / (s * s)
		}
	}
	return out, nil
}
