package diag

import (
	"fmt"
	"math"
	"slices"
)

// logLik is a checked pointwise log-likelihood [chain][draw][observation]:
// m chains of h draws (S = m·h) of n observations.
type logLik struct {
	ll      [][][]float64
	m, h, n int
	S       int
}

// newLogLik checks ll for the function fn: at least one chain, chains of
// equal length, at least 2 draws in all, draws with the same positive number
// of observations, and finite values.
func newLogLik(fn string, ll [][][]float64) (*logLik, error) {
	if len(ll) == 0 {
		return nil, fmt.Errorf("%w: %s: the log-likelihood has 0 chains", ErrNoChains, fn)
	}
	h := len(ll[0])
	for c, lc := range ll {
		if len(lc) != h {
			return nil, fmt.Errorf("%w: %s: chain %d has %d draws, chain 0 has %d", ErrRaggedChains, fn, c, len(lc), h)
		}
	}
	m := len(ll)
	if m*h < 2 {
		return nil, fmt.Errorf("%w: %s: %d draws in all, need at least 2", ErrTooFewDraws, fn, m*h)
	}
	n := len(ll[0][0])
	if n == 0 {
		return nil, fmt.Errorf("diag: %s: the log-likelihood has 0 observations", fn)
	}
	for c, lc := range ll {
		for d, ld := range lc {
			if len(ld) != n {
				return nil, fmt.Errorf("diag: %s: chain %d draw %d has %d observations, chain 0 draw 0 has %d", fn, c, d, len(ld), n)
			}
			for i, v := range ld {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, fmt.Errorf("%w: %s: log-likelihood of chain %d draw %d observation %d is %v", ErrNonFinite, fn, c, d, i, v)
				}
			}
		}
	}
	return &logLik{ll: ll, m: m, h: h, n: n, S: m * h}, nil
}

// column writes observation i's draws into dst (length S), chain-major.
func (d *logLik) column(dst []float64, i int) {
	for c, lc := range d.ll {
		for t, ld := range lc {
			dst[c*d.h+t] = ld[i]
		}
	}
}

// relEff returns, for each observation, the relative efficiency of its
// likelihood draws exp(ll) (computed as exp(ll − max ll), which changes
// nothing but the range of the numbers): their effective sample size, by Geyer's initial
// monotone sequence over the (unsplit) chains as in R's
// loo::relative_eff, divided by S. It is 1 where that is undefined: fewer
// than MinDraws draws per chain, or a constant likelihood.
func (d *logLik) relEff() []float64 {
	r := make([]float64, d.n)
	y := make([]float64, d.S)
	var w essWork
	for i := range r {
		r[i] = 1
		if d.h < MinDraws {
			continue
		}
		d.column(y, i)
		top := slices.Max(y)
		constant := true
		for s, v := range y {
			y[s] = math.Exp(v - top) // ESS is scale-free: no overflow or underflow
			if y[s] != y[0] {
				constant = false
			}
		}
		if constant {
			continue
		}
		if e := w.ess(y, d.m, d.h); e > 0 && !math.IsInf(e, 0) {
			r[i] = e / float64(d.S)
		}
	}
	return r
}
