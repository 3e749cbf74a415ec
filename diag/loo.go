package diag

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// KHatThreshold is the Pareto k̂ above which a PSIS-LOO estimate for an
// observation is unreliable (LOOResult.HighK).
const KHatThreshold = 0.7

// LOOOptions configure LOO. The zero value (or nil) is the default.
type LOOOptions struct {
	// RelEff, if not nil, gives the relative efficiency of each
	// observation's likelihood draws (one per observation), instead of
	// estimating it from the chains.
	RelEff []float64
}

// LOOResult is the Pareto-smoothed importance sampling leave-one-out
// cross-validation (PSIS-LOO) of a model, as R's loo::loo computes it.
// Totals are sums over observations; their standard errors are
// √(n·Var) of the pointwise values.
type LOOResult struct {
	// ELPD is elpd_loo, the expected log pointwise predictive density of
	// a new observation, and SE its standard error.
	ELPD, SE float64
	// P is p_loo, the effective number of parameters (lpd − elpd_loo),
	// and SEP its standard error.
	P, SEP float64
	// LOOIC is −2·elpd_loo, and SELOOIC its standard error.
	LOOIC, SELOOIC float64
	// MCSE is the Monte Carlo standard error of ELPD; NaN when any k̂
	// exceeds KHatThreshold (R's loo reports NA then).
	MCSE float64

	// Pointwise values, one per observation.
	PointwiseELPD []float64 // elpd_loo_i
	PointwiseMCSE []float64 // mcse_elpd_loo_i
	PointwiseP    []float64 // p_loo_i
	PointwiseLPD  []float64 // log mean likelihood lpd_i
	ParetoK       []float64 // Pareto shape k̂_i (+Inf if not fitted)
	NEff          []float64 // PSIS effective sample size, r_eff_i / Σ w²
	RelEff        []float64 // relative efficiency r_eff_i used

	// Draws is the number of draws (all chains) and Obs the number of
	// observations.
	Draws, Obs int
	// HighK lists the observations (0-based) with k̂ > KHatThreshold.
	HighK []int
	// Warning is empty when every k̂ ≤ KHatThreshold, and otherwise names
	// the observations whose estimates are unreliable.
	Warning string
}

// LOO returns the PSIS-LOO estimate of a model's out-of-sample predictive
// fit from its pointwise log-likelihood ll, indexed [chain][draw][observation].
// The relative efficiency of each observation's draws (for the tail length
// and the Monte Carlo errors) is estimated from the chains as R's
// relative_eff(exp(ll), chain_id) does, unless opts.RelEff gives it. (R's
// loo 2.5 scales its autocovariances by M/N, M the FFT length rounded up
// from N draws per chain to a product of 2s, 3s and 5s; we do not, so the
// relative efficiencies, and through them the tail lengths and MCSEs, agree
// with R's exactly when N is such a product, as 1000 is.)
//
// It returns an error for no chains, chains or draws of unequal length, fewer
// than 2 draws in all, no observations, or a log-likelihood that is NaN or
// infinite.
func LOO(ll [][][]float64, opts *LOOOptions) (*LOOResult, error) {
	d, err := newLogLik("LOO", ll)
	if err != nil {
		return nil, err
	}
	var relEff []float64
	if opts != nil && opts.RelEff != nil {
		if len(opts.RelEff) != d.n {
			return nil, fmt.Errorf("diag: LOO: %d relative efficiencies for %d observations", len(opts.RelEff), d.n)
		}
		for i, r := range opts.RelEff {
			if !(r > 0) || math.IsInf(r, 0) {
				return nil, fmt.Errorf("diag: LOO: relative efficiency of observation %d is %v, not positive and finite", i, r)
			}
		}
		relEff = append([]float64(nil), opts.RelEff...)
	} else {
		relEff = d.relEff()
	}
	S, n := d.S, d.n
	r := &LOOResult{
		PointwiseELPD: make([]float64, n),
		PointwiseMCSE: make([]float64, n),
		PointwiseP:    make([]float64, n),
		PointwiseLPD:  make([]float64, n),
		ParetoK:       make([]float64, n),
		NEff:          make([]float64, n),
		RelEff:        relEff,
		Draws:         S,
		Obs:           n,
	}
	zn := mcseNormalScores()
	var w psisWork
	col := make([]float64, S)
	lw := make([]float64, S)
	tmp := make([]float64, S)
	for i := range n {
		d.column(col, i)
		for s, v := range col {
			lw[s] = -v
		}
		r.ParetoK[i] = w.smooth(lw, relEff[i])
		z := logSumExp(lw)
		var sw2 float64
		for s := range lw {
			lw[s] -= z
			tmp[s] = col[s] + lw[s]
			e := math.Exp(lw[s])
			sw2 += e * e
		}
		elpd := logSumExp(tmp)
		lpd := logSumExp(col) - math.Log(float64(S))
		r.PointwiseELPD[i] = elpd
		r.PointwiseLPD[i] = lpd
		r.PointwiseP[i] = lpd - elpd
		r.NEff[i] = relEff[i] / sw2
		r.PointwiseMCSE[i] = mcseELPD(col, lw, elpd, relEff[i], zn)
		if r.ParetoK[i] > KHatThreshold {
			r.HighK = append(r.HighK, i)
		}
	}
	r.ELPD, r.SE = sumSE(r.PointwiseELPD)
	r.P, r.SEP = sumSE(r.PointwiseP)
	r.LOOIC, r.SELOOIC = -2*r.ELPD, 2*r.SE
	if len(r.HighK) > 0 {
		r.MCSE = math.NaN()
		r.Warning = fmt.Sprintf("%d of %d Pareto k̂ above %g (%s): their PSIS-LOO estimates are unreliable",
			len(r.HighK), n, KHatThreshold, oneBased(r.HighK))
	} else {
		var v float64
		for _, m := range r.PointwiseMCSE {
			v += m * m
		}
		r.MCSE = math.Sqrt(v)
	}
	return r, nil
}

// String formats r as R's print of a loo object does: the estimates with
// their standard errors, the Monte Carlo SE of elpd_loo, and the k̂ warning
// if any.
func (r *LOOResult) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Computed from %d by %d log-likelihood matrix\n\n", r.Draws, r.Obs)
	fmt.Fprintf(&b, "         Estimate     SE\n")
	fmt.Fprintf(&b, "elpd_loo %8.1f %6.1f\n", r.ELPD, r.SE)
	fmt.Fprintf(&b, "p_loo    %8.1f %6.1f\n", r.P, r.SEP)
	fmt.Fprintf(&b, "looic    %8.1f %6.1f\n", r.LOOIC, r.SELOOIC)
	if math.IsNaN(r.MCSE) {
		fmt.Fprintf(&b, "------\nMonte Carlo SE of elpd_loo is NA (some k̂ > %g).\n\n", KHatThreshold)
	} else {
		fmt.Fprintf(&b, "------\nMonte Carlo SE of elpd_loo is %.1f.\n\n", r.MCSE)
	}
	b.WriteString(r.kTable())
	if r.Warning != "" {
		fmt.Fprintf(&b, "Warning: %s\n", r.Warning)
	}
	return b.String()
}

// kTable counts the Pareto k̂ in R loo's classes, with the smallest PSIS
// effective sample size of each.
func (r *LOOResult) kTable() string {
	classes := []struct {
		label  string
		lo, hi float64
	}{
		{"(-Inf, 0.5]  (good)    ", math.Inf(-1), 0.5},
		{" (0.5, 0.7]  (ok)      ", 0.5, 0.7},
		{"   (0.7, 1]  (bad)     ", 0.7, 1},
		{"   (1, Inf)  (very bad)", 1, math.Inf(1)},
	}
	var b strings.Builder
	b.WriteString("Pareto k diagnostic values:\n                        Count   Pct.  Min. n_eff\n")
	for _, c := range classes {
		count, minNEff := 0, math.Inf(1)
		for i, k := range r.ParetoK {
			if k > c.lo && k <= c.hi {
				count++
				minNEff = min(minNEff, r.NEff[i])
			}
		}
		ne := "-"
		if count > 0 {
			ne = strconv.FormatFloat(minNEff, 'f', 0, 64)
		}
		fmt.Fprintf(&b, "%s %5d %5.1f%%  %10s\n", c.label, count, 100*float64(count)/float64(max(1, r.Obs)), ne)
	}
	return b.String()
}

// oneBased names observations by their 1-based indices, as a modeller
// numbers them: "observation 3" or "observations 3, 7".
func oneBased(idx []int) string {
	s := make([]string, len(idx))
	for j, i := range idx {
		s[j] = strconv.Itoa(i + 1)
	}
	if len(s) == 1 {
		return "observation " + s[0]
	}
	return "observations " + strings.Join(s, ", ")
}

// sumSE returns the sum of x and its standard error √(n·Var(x)), Var with
// denominator n − 1 (NaN for n = 1).
func sumSE(x []float64) (sum, se float64) {
	n := float64(len(x))
	for _, v := range x {
		sum += v
	}
	return sum, math.Sqrt(n * variance(x))
}

// mcseScores is the number of normal scores of mcseELPD.
const mcseScores = 1000

// mcseNormalScores returns Blom's normal scores Φ⁻¹((r − 3/8)/(n + 1/4)),
// r = 1..n, for n = mcseScores.
func mcseNormalScores() []float64 {
	const c = 3.0 / 8
	zn := make([]float64, mcseScores)
	for r := range zn {
		zn[r] = distuv.UnitNormal.Quantile((float64(r+1) - c) / (mcseScores - 2*c + 1))
	}
	return zn
}

// mcseELPD returns the Monte Carlo standard error of one observation's
// elpd_loo as R's loo computes it: the variance of the importance-sampling
// estimate of the predictive density E = exp(elpd), Σ w²(lik − E)², is
// carried to the log scale by the variance of log z over z = E + sd·zₙ at
// the normal scores zn (positive z only), then divided by rEff.
//
// Likelihoods are scaled by exp(−max ll), which leaves the result unchanged
// (the variance of log z is shift-free) and keeps them finite.
func mcseELPD(ll, lw []float64, elpd, rEff float64, zn []float64) float64 {
	top := slices.Max(ll)
	e := math.Exp(elpd - top)
	var v float64
	for s, l := range ll {
		w := math.Exp(lw[s])
		d := math.Exp(l-top) - e
		v += w * w * d * d
	}
	sd := math.Sqrt(v)
	var n, mean, m2 float64 // Welford over log z, z > 0
	for _, q := range zn {
		z := e + sd*q
		if !(z > 0) {
			continue
		}
		lz := math.Log(z)
		n++
		dl := lz - mean
		mean += dl / n
		m2 += dl * (lz - mean)
	}
	return math.Sqrt(m2 / (n - 1) / rEff)
}
