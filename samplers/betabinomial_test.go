package samplers

import (
	"math"

	"github.com/bayesnn-go/bayesnn/density"
)

// betaBinom is a Beta(a, b) prior on p with k successes out of n, worked on
// the logit scale θ = log(p/(1−p)) with the Jacobian p(1−p): the posterior
// of p is Beta(a+k, b+n−k).
type betaBinom struct {
	a, b float64
	n, k int
}

// posterior is the log posterior of θ: the normalised prior (with the
// Jacobian) plus the binomial log-likelihood, summed in that order.
func (m betaBinom) posterior() density.Target {
	logSig := func(t float64) float64 { // log σ(t), stably
		if t > 0 {
			return -math.Log1p(math.Exp(-t))
		}
		return t - math.Log1p(math.Exp(t))
	}
	lgam := func(x float64) float64 { v, _ := math.Lgamma(x); return v }
	logB := lgam(m.a) + lgam(m.b) - lgam(m.a+m.b)
	lc := lgam(float64(m.n+1)) - lgam(float64(m.k+1)) - lgam(float64(m.n-m.k+1))
	k, nk := float64(m.k), float64(m.n-m.k)
	return density.FuncTarget{N: 1, F: func(g, x []float64) float64 {
		p := 1 / (1 + math.Exp(-x[0]))
		prior := m.a*logSig(x[0]) + m.b*logSig(-x[0]) - logB
		like := k*logSig(x[0]) + nk*logSig(-x[0]) + lc
		g[0] = (m.a*(1-p) - m.b*p) + (k*(1-p) - nk*p)
		return prior + like
	}}
}

func (m betaBinom) postMean() float64 {
	return (m.a + float64(m.k)) / (m.a + m.b + float64(m.n))
}

func (m betaBinom) postVar() float64 {
	a, b := m.a+float64(m.k), m.b+float64(m.n-m.k)
	return a * b / ((a + b) * (a + b) * (a + b + 1))
}
