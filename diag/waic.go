package diag

import (
	"fmt"
	"math"
	"strings"
)

// pWAICWarn is the pointwise p_waic above which R's loo recommends LOO
// instead of WAIC.
const pWAICWarn = 0.4

// WAICResult is the widely applicable information criterion of a model, as
// R's loo::waic computes it. Totals are sums over observations; their
// standard errors are √(n·Var) of the pointwise values.
type WAICResult struct {
	// ELPD is elpd_waic = lpd − p_waic, and SE its standard error.
	ELPD, SE float64
	// P is p_waic, the sum over observations of the posterior variance
	// of the log-likelihood, and SEP its standard error.
	P, SEP float64
	// WAIC is −2·elpd_waic, and SEWAIC its standard error.
	WAIC, SEWAIC float64

	// Pointwise values, one per observation.
	PointwiseELPD []float64
	PointwiseP    []float64

	// Draws is the number of draws (all chains) and Obs the number of
	// observations.
	Draws, Obs int
	// HighP lists the observations (0-based) with p_waic above 0.4.
	HighP []int
	// Warning is empty unless some pointwise p_waic exceeds 0.4, where
	// WAIC is unreliable and LOO is recommended.
	Warning string
}

// WAIC returns the WAIC of a model from its pointwise log-likelihood ll,
// indexed [chain][draw][observation]. It returns an error for no chains,
// chains or draws of unequal length, fewer than 2 draws in all, no
// observations, or a log-likelihood that is NaN or infinite.
func WAIC(ll [][][]float64) (*WAICResult, error) {
	d, err := newLogLik("WAIC", ll)
	if err != nil {
		return nil, err
	}
	S, n := d.S, d.n
	r := &WAICResult{
		PointwiseELPD: make([]float64, n),
		PointwiseP:    make([]float64, n),
		Draws:         S,
		Obs:           n,
	}
	col := make([]float64, S)
	for i := range n {
		d.column(col, i)
		lpd := logSumExp(col) - math.Log(float64(S))
		p := variance(col)
		r.PointwiseP[i] = p
		r.PointwiseELPD[i] = lpd - p
		if p > pWAICWarn {
			r.HighP = append(r.HighP, i)
		}
	}
	r.ELPD, r.SE = sumSE(r.PointwiseELPD)
	r.P, r.SEP = sumSE(r.PointwiseP)
	r.WAIC, r.SEWAIC = -2*r.ELPD, 2*r.SE
	if len(r.HighP) > 0 {
		r.Warning = fmt.Sprintf("%d of %d p_waic above %g (%s): WAIC is unreliable there; use LOO",
			len(r.HighP), n, pWAICWarn, oneBased(r.HighP))
	}
	return r, nil
}

// String formats r as R's print of a waic object does.
func (r *WAICResult) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Computed from %d by %d log-likelihood matrix\n\n", r.Draws, r.Obs)
	fmt.Fprintf(&b, "          Estimate     SE\n")
	fmt.Fprintf(&b, "elpd_waic %8.1f %6.1f\n", r.ELPD, r.SE)
	fmt.Fprintf(&b, "p_waic    %8.1f %6.1f\n", r.P, r.SEP)
	fmt.Fprintf(&b, "waic      %8.1f %6.1f\n", r.WAIC, r.SEWAIC)
	if r.Warning != "" {
		fmt.Fprintf(&b, "Warning: %s\n", r.Warning)
	}
	return b.String()
}
