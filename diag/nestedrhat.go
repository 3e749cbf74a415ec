package diag

import (
	"errors"
	"fmt"
	"math"

	"github.com/bayesnn-go/bayesnn/panics"
)

// NestedRHat returns the nested R-hat of the draws x (chain × draw) of many
// short chains grouped into superchains (Margossian, Hoffman, Sountsov,
// Riou-Durand, Vehtari and Gelman 2024, "Nested R̂: assessing the
// convergence of Markov chain Monte Carlo when running many short chains",
// Bayesian Analysis): superchain k holds the consecutive chains
// [k·M, (k+1)·M), M = len(x)/superchains; in the paper's design the chains of
// a superchain start from the same point. It is
//
//	nR̂ = √(1 + B̂ν/Ŵν),
//
// with B̂ν the sample variance (divisor K−1) of the K superchain means, and
// Ŵν the mean over superchains of B̃k + W̃k: B̃k the sample variance of the
// superchain's M chain means (0 when M = 1) and W̃k the mean of its chains'
// sample variances (0 with one draw per chain). It is what the R package
// posterior's rhat_nested computes. Unlike RHat, chains are not split and
// draws are not rank-normalized, and a single draw per chain is enough when
// M ≥ 2; values near 1 (the paper suggests below 1 + δ, with δ such as
// 0.01) indicate that the superchains agree.
//
// Bad input (fewer than 2 superchains, chains not divisible into them,
// ragged chains, non-finite draws) is an error with NaN; draws that are all
// equal, or a zero within-superchain variance, give NaN with ErrConstant.
func NestedRHat(x [][]float64, superchains int) (float64, error) {
	nan := math.NaN()
	if len(x) == 0 {
		return nan, fmt.Errorf("%w: got 0 chains", ErrNoChains)
	}
	if superchains < 2 {
		return nan, fmt.Errorf("diag: nested R-hat needs at least 2 superchains, got %d", superchains)
	}
	if len(x)%superchains != 0 {
		return nan, fmt.Errorf("diag: %d chains do not divide into %d superchains of equal size", len(x), superchains)
	}
	n := len(x[0])
	for c, xc := range x {
		if len(xc) != n {
			return nan, fmt.Errorf("%w: chain %d has %d draws, chain 0 has %d", ErrRaggedChains, c, len(xc), n)
		}
	}
	m := len(x) / superchains
	if n == 0 || (n == 1 && m == 1) {
		return nan, fmt.Errorf("%w: %d draws in each of %d chains per superchain; nested R-hat needs 2 draws per chain or 2 chains per superchain",
			ErrTooFewDraws, n, m)
	}
	if err := checkValues(x); err != nil {
		return nan, err
	}
	// Superchain means, and the within-superchain variances B̃k + W̃k.
	var sumMeans, sumWithin float64
	means := make([]float64, superchains)
	for k := range means {
		var chainMeanSum, chainVarSum float64
		chainMeans := make([]float64, m)
		for j := range chainMeans {
			xc := x[k*m+j]
			mu := meanOf(xc)
			chainMeans[j] = mu
			chainMeanSum += mu
			if n > 1 {
				chainVarSum += sampleVar(xc, mu)
			}
		}
		means[k] = chainMeanSum / float64(m)
		within := chainVarSum / float64(m) // W̃k
		if m > 1 {
			within += sampleVar(chainMeans, means[k]) // B̃k
		}
		sumMeans += means[k]
		sumWithin += within
	}
	between := sampleVar(means, sumMeans/float64(superchains)) // B̂ν
	within := sumWithin / float64(superchains)                 // Ŵν
	if within == 0 {
		return nan, fmt.Errorf("%w: zero variance within every superchain", ErrConstant)
	}
	return math.Sqrt(1 + between/within), nil
}

// meanOf returns the mean of x.
func meanOf(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// sampleVar returns the sample variance (divisor n−1) of x about mu.
func sampleVar(x []float64, mu float64) float64 {
	var s float64
	for _, v := range x {
		d := v - mu
		s += d * d
	}
	return s / float64(len(x)-1)
}

// NestedRHats returns the nested R-hat of every parameter of c, in the order
// of c.ParamNames(), with c's chains grouped into superchains consecutive
// groups as in NestedRHat. A parameter whose draws are constant or not
// finite gets NaN; a problem with the shape of the run (too few superchains,
// chains not divisible into them, ragged chains) is an error.
func NestedRHats(c Chains, superchains int) (out []float64, err error) {
	err = panics.Call("diag: NestedRHats", func() error {
		names := c.ParamNames()
		out = make([]float64, len(names))
		for j := range names {
			v, err := NestedRHat(c.Param(j), superchains)
			if err != nil && !errors.Is(err, ErrConstant) && !errors.Is(err, ErrNonFinite) {
				return fmt.Errorf("diag: nested R-hat of %s: %w", names[j], err)
			}
			out[j] = v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
