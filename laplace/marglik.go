package laplace

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// LogMarginal returns the Laplace approximation of the log marginal
// likelihood (evidence) of the data,
//
//	log p(D | θ*) + log N(θ*_S | 0, diag(δ)⁻¹) + (P/2) log 2π - ½ log det(H + diag(δ)),
//
// over the covered weights S (P of them), δ their prior precision and H
// the likelihood's curvature; it is exact for a network linear in its
// weights with a Gaussian likelihood. Weights outside S, and the
// likelihood's own parameters, enter at their MAP values.
func (n *Net) LogMarginal() float64 {
	th := n.MAP[n.Lo:n.Hi]
	lm := n.LogLik
	logDetPost := 0.0
	if n.kron != nil {
		for _, l := range n.kron.eigen() {
			logDetPost += math.Log(l + n.prior[0])
		}
	} else if n.gauss != nil {
		logDetPost = n.gauss.LogDetPrecision()
	} else {
		for j, h := range n.hDiag {
			logDetPost += math.Log(h + n.prior[j])
		}
	}
	for j, d := range n.prior {
		lm += 0.5*math.Log(d) - 0.5*d*th[j]*th[j]
	}
	return lm - 0.5*logDetPost
}

// SetPriorPrecision sets the prior precision of every covered weight to
// delta and rebuilds the posterior (the MAP is kept: a post-hoc change).
func (n *Net) SetPriorPrecision(delta float64) error {
	if !(delta > 0) || math.IsInf(delta, 0) {
		return fmt.Errorf("laplace: prior precision %g, must be positive and finite", delta)
	}
	for j := range n.prior {
		n.prior[j] = delta
	}
	return n.refactor()
}

// curvatureEigen returns the eigenvalues of the likelihood curvature (its
// diagonal for Diag).
func (n *Net) curvatureEigen() ([]float64, error) {
	if n.hDiag != nil {
		return n.hDiag, nil
	}
	if n.kron != nil {
		return n.kron.eigen(), nil
	}
	if n.eig == nil {
		var e mat.EigenSym
		if !e.Factorize(n.hFull, false) {
			return nil, fmt.Errorf("laplace: eigenvalues of the curvature did not converge")
		}
		n.eig = e.Values(nil)
	}
	return n.eig, nil
}

// LogMarginalAt returns LogMarginal with every covered weight's prior
// precision set to delta, and its derivative in log delta, without
// changing n.
func (n *Net) LogMarginalAt(delta float64) (lm, dlm float64, err error) {
	lam, err := n.curvatureEigen()
	if err != nil {
		return math.NaN(), math.NaN(), err
	}
	th := n.MAP[n.Lo:n.Hi]
	s := 0.0
	for _, v := range th {
		s += v * v
	}
	P := float64(len(th))
	lm, tr := n.LogLik+0.5*P*math.Log(delta)-0.5*delta*s, 0.0
	for _, l := range lam {
		if !(l+delta > 0) {
			return math.NaN(), math.NaN(), fmt.Errorf("laplace: posterior precision not positive definite at prior precision %g (curvature eigenvalue %g)", delta, l)
		}
		lm -= 0.5 * math.Log(l+delta)
		tr += 1 / (l + delta)
	}
	return lm, 0.5 * (P - delta*s - delta*tr), nil
}

// TunePriorPrecision sets one prior precision δ for all covered weights
// to the value that maximises the Laplace log marginal likelihood at the
// MAP (post hoc, as laplace-torch's optimize_prior_precision), by
// MacKay's fixed point δ = γ / |θ*|², γ = Σ λ_i / (λ_i + δ) the effective
// number of parameters (λ_i the curvature's eigenvalues), which is where
// the derivative in δ vanishes. It returns δ. The curvature must be
// positive semi-definite (the GGN is).
func (n *Net) TunePriorPrecision() (float64, error) {
	lam, err := n.curvatureEigen()
	if err != nil {
		return math.NaN(), err
	}
	top := 0.0
	for _, l := range lam {
		top = max(top, math.Abs(l))
	}
	for _, l := range lam {
		if l < -1e-9*top {
			return math.NaN(), fmt.Errorf("laplace: tuning the prior precision needs a positive semi-definite curvature; it has eigenvalue %g (use the GGN)", l)
		}
	}
	th := n.MAP[n.Lo:n.Hi]
	s := 0.0
	for _, v := range th {
		s += v * v
	}
	if !(s > 0) {
		return math.NaN(), fmt.Errorf("laplace: the MAP's covered weights are all zero: the marginal likelihood grows without bound in the prior precision")
	}
	delta := n.prior[0]
	for it := 0; it < 10000; it++ {
		gamma := 0.0
		for _, l := range lam {
			gamma += max(l, 0) / (max(l, 0) + delta)
		}
		next := gamma / s
		if !(next > 0) {
			return math.NaN(), fmt.Errorf("laplace: the effective number of parameters is %g: the data do not inform the covered weights", gamma)
		}
		if math.Abs(next-delta) <= 1e-13*delta {
			delta = next
			return delta, n.SetPriorPrecision(delta)
		}
		delta = next
	}
	return math.NaN(), fmt.Errorf("laplace: the prior-precision fixed point did not converge (last %g)", delta)
}
