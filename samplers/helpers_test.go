package samplers

import (
	"math"
)

// ess is a small effective-sample-size estimator for the tests (the real
// one lives in diag): Stan's multi-chain autocorrelation combination with
// Geyer's initial monotone sequence, without splitting chains.
func ess(chains [][]float64) float64 {
	m := len(chains)
	n := len(chains[0])
	means := make([]float64, m)
	vars := make([]float64, m)
	acov := make([][]float64, m)
	for c, x := range chains {
		means[c] = mean(x)
		acov[c] = autocov(x, means[c])
		vars[c] = acov[c][0] * float64(n) / float64(n-1)
	}
	w := mean(vars)
	varPlus := w * float64(n-1) / float64(n)
	if m > 1 {
		varPlus += variance(means)
	}
	rho := func(t int) float64 {
		var s float64
		for c := range acov {
			s += acov[c][t]
		}
		return 1 - (w-s/float64(m))/varPlus
	}
	// Geyer: sum pairs while positive, enforcing monotone decrease.
	tau := -1.0
	prev := math.Inf(1)
	for t := 0; t+1 < len(acov[0]); t += 2 {
		p := rho(t) + rho(t+1)
		if p <= 0 {
			break
		}
		p = math.Min(p, prev)
		prev = p
		tau += 2 * p
	}
	return float64(m*n) / math.Max(tau, 1/math.Log10(float64(m*n)))
}

// maxLag truncates the autocorrelation sum: it shortens the estimated
// autocorrelation time only for chains mixing so slowly that the Geyer sum
// is still positive at lag 400, making the MCSE smaller and the tests
// stricter, never looser.
const maxLag = 400

func autocov(x []float64, mu float64) []float64 {
	n := len(x)
	out := make([]float64, min(n, maxLag+2))
	for t := range out {
		var s float64
		for i := 0; i+t < n; i++ {
			s += (x[i] - mu) * (x[i+t] - mu)
		}
		out[t] = s / float64(n)
	}
	return out
}

func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func variance(x []float64) float64 {
	mu := mean(x)
	var s float64
	for _, v := range x {
		s += (v - mu) * (v - mu)
	}
	return s / float64(len(x)-1)
}

func flatten(chains [][]float64) []float64 {
	var out []float64
	for _, c := range chains {
		out = append(out, c...)
	}
	return out
}

func mapChains(chains [][]float64, f func(float64) float64) [][]float64 {
	out := make([][]float64, len(chains))
	for c, x := range chains {
		out[c] = make([]float64, len(x))
		for i, v := range x {
			out[c][i] = f(v)
		}
	}
	return out
}

// zMean returns (estimate - truth)/MCSE for the mean of the draws.
func zMean(chains [][]float64, truth float64) float64 {
	all := flatten(chains)
	mcse := math.Sqrt(variance(all) / ess(chains))
	return (mean(all) - truth) / mcse
}

// zVar returns (estimate - truth)/MCSE for the variance around the known
// mean mu: the mean of (x-mu)², with its own ESS.
func zVar(chains [][]float64, mu, truth float64) float64 {
	return zMean(mapChains(chains, func(v float64) float64 { return (v - mu) * (v - mu) }), truth)
}
