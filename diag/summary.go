package diag

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/bayesnn-go/bayesnn/panics"
)

// SummaryOptions configures Summarize. The zero value gives the defaults.
type SummaryOptions struct {
	// Probs are the probabilities of the reported quantiles; nil means
	// {0.05, 0.5, 0.95}.
	Probs []float64
	// HDIMass is the probability mass of the highest-density interval;
	// 0 means 0.9.
	HDIMass float64
	// MaxTreeDepth is the NUTS tree-depth limit the sampler ran with: draws
	// whose treedepth__ reaches it are counted as saturated; 0 means Stan's 10.
	MaxTreeDepth int
	// RHatMax is the R-hat above which a parameter is flagged; 0 means 1.01.
	RHatMax float64
	// MinESSPerChain is the bulk and tail ESS per chain below which a
	// parameter is flagged; 0 means 100 (Vehtari et al. 2021).
	MinESSPerChain float64
	// EBFMIMin is the E-BFMI below which a chain is flagged; 0 means 0.3.
	EBFMIMin float64
	// Variables selects the parameters to summarize (like posterior's
	// variables= and ArviZ's var_names); nil means all. An entry is a
	// parameter's name ("tau"), a vector's or array's base name ("theta"
	// selects "theta[1]", "theta[2]", ...) or a prefix ending in "*"
	// ("layer1.*"). Rows come in the order of the entries; an entry that
	// selects nothing is an error. Sampler statistics (divergences, tree
	// depth, E-BFMI) are of the whole run whatever the selection.
	Variables []string
	// Workers is the number of goroutines, each summarizing whole
	// parameters; 0 means GOMAXPROCS. Results do not depend on it.
	Workers int
}

func (o *SummaryOptions) withDefaults() SummaryOptions {
	var r SummaryOptions
	if o != nil {
		r = *o
	}
	if r.Probs == nil {
		r.Probs = []float64{0.05, 0.5, 0.95}
	}
	if r.HDIMass == 0 {
		r.HDIMass = 0.9
	}
	if r.MaxTreeDepth == 0 {
		r.MaxTreeDepth = 10
	}
	if r.RHatMax == 0 {
		r.RHatMax = 1.01
	}
	if r.MinESSPerChain == 0 {
		r.MinESSPerChain = 100
	}
	if r.EBFMIMin == 0 {
		r.EBFMIMin = 0.3
	}
	if r.Workers <= 0 {
		r.Workers = runtime.GOMAXPROCS(0)
	}
	return r
}

// ParamSummary summarizes the draws of one parameter.
type ParamSummary struct {
	Name     string
	Mean     float64
	SD       float64
	MCSEMean float64 // Monte Carlo standard error of Mean
	MCSESD   float64 // Monte Carlo standard error of SD
	// Quantiles at Summary.Probs (type 7).
	Quantiles []float64
	// HDILow and HDIHigh bound the highest-density interval of mass
	// Summary.HDIMass.
	HDILow, HDIHigh float64
	ESSBulk         float64
	ESSTail         float64
	RHat            float64
	// Err is nil, or wraps ErrConstant or ErrNonFinite when the
	// diagnostics are NaN for that reason.
	Err error
}

// Summary is a table of per-parameter summaries with the run's sampler
// warnings. Print it with String, or display HTML in a notebook.
type Summary struct {
	Params    []ParamSummary
	Probs     []float64
	HDIMass   float64
	NumChains int
	NumDraws  int

	// Divergent counts the divergent transitions of each chain; nil when
	// the run records no divergent__.
	Divergent []int
	// TreeDepthSaturated counts, per chain, the draws whose tree depth
	// reached MaxTreeDepth; nil when the run records no treedepth__.
	TreeDepthSaturated []int
	MaxTreeDepth       int
	// EBFMI of each chain; nil when the run records no energy__ or a
	// constant one (samplers without a Hamiltonian).
	EBFMI []float64

	// RHatMax and MinESS are the thresholds above (below) which R-hat (bulk
	// and tail ESS) are flagged.
	RHatMax float64
	MinESS  float64

	// Warnings are sentences for the user about divergences, tree depth,
	// E-BFMI, R-hat, ESS and undefined diagnostics.
	Warnings []string
}

// Summarize computes the summary of every parameter of a run (or of those
// SummaryOptions.Variables selects): mean, sd and
// their MCSE, quantiles, HDI, bulk and tail ESS and R-hat. If c also
// implements StatSource, it counts divergences and tree-depth saturations
// and computes E-BFMI from divergent__, treedepth__ and energy__. Bad shapes
// (no chains, fewer than 6 draws, ragged chains) are errors; a constant or
// non-finite parameter gets NaN diagnostics, an Err and a warning. A
// Chains that implements Checker is checked first; a panic in c's methods
// (a malformed run) is returned as a *panics.Error.
func Summarize(c Chains, opt *SummaryOptions) (s *Summary, err error) {
	err = panics.Call("diag: Summarize", func() (err error) {
		s, err = summarizeAll(c, opt)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

func summarizeAll(c Chains, opt *SummaryOptions) (*Summary, error) {
	o := opt.withDefaults()
	if ck, ok := c.(Checker); ok {
		if err := ck.Check(); err != nil {
			return nil, err
		}
	}
	for _, p := range o.Probs {
		if !(p >= 0 && p <= 1) {
			return nil, fmt.Errorf("diag: quantile probability %v outside [0, 1]", p)
		}
	}
	if !(o.HDIMass > 0 && o.HDIMass <= 1) {
		return nil, fmt.Errorf("diag: HDI mass %v outside (0, 1]", o.HDIMass)
	}
	names := c.ParamNames()
	nc, nd := c.NumChains(), c.NumDraws()
	if len(names) == 0 || nc == 0 {
		return nil, fmt.Errorf("%w: %d parameters, %d chains", ErrNoChains, len(names), nc)
	}
	if nd < minESSDraws {
		return nil, errTooFewForESS(nd)
	}
	sel, err := selectVariables(names, o.Variables)
	if err != nil {
		return nil, err
	}
	s := &Summary{
		Params:       make([]ParamSummary, len(sel)),
		Probs:        append([]float64(nil), o.Probs...),
		HDIMass:      o.HDIMass,
		NumChains:    nc,
		NumDraws:     nd,
		MaxTreeDepth: o.MaxTreeDepth,
		RHatMax:      o.RHatMax,
		MinESS:       o.MinESSPerChain * float64(nc),
	}
	// The normal scores of the ranks depend only on the number of split
	// draws: one table serves every goroutine.
	ztab := zTable(nil, 2*nc*(nd/2))
	errs := make([]error, len(sel))
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range min(o.Workers, len(sel)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &work{ztab: ztab}
			j := -1
			defer func() {
				if v := recover(); v != nil {
					errs[j] = panics.New(fmt.Sprintf("diag: parameter %q", names[sel[j]]), v)
				}
			}()
			for {
				mu.Lock()
				j = next
				next++
				mu.Unlock()
				if j >= len(sel) {
					return
				}
				name := names[sel[j]]
				x := c.Param(sel[j])
				if len(x) != nc || len(x) > 0 && len(x[0]) != nd {
					errs[j] = fmt.Errorf("diag: parameter %q has %d chains × %d draws, the run %d × %d", name, len(x), lenFirst(x), nc, nd)
					continue
				}
				s.Params[j], errs[j] = w.summarize(name, x, &o)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if src, ok := c.(StatSource); ok {
		if err := s.addStats(src, &o); err != nil {
			return nil, err
		}
	}
	s.addParamWarnings(&o)
	return s, nil
}

func lenFirst(x [][]float64) int {
	if len(x) == 0 {
		return 0
	}
	return len(x[0])
}

// summarize computes the summary of one parameter in w.
func (w *work) summarize(name string, x [][]float64, o *SummaryOptions) (ParamSummary, error) {
	p := ParamSummary{Name: name, Quantiles: make([]float64, len(o.Probs))}
	if _, err := checkShape(x); err != nil {
		return p, fmt.Errorf("diag: parameter %q: %w", name, err)
	}
	// load's sum is finite and its sorted draws not all equal for good
	// draws: only otherwise are the draws checked one by one (before load for
	// small inputs, where load takes no sum).
	var err error
	if len(x)*len(x[0]) < radixMin {
		err = checkValues(x)
	}
	if err == nil {
		w.load(x)
		if s := w.sorted; !w.hasSum || math.IsNaN(w.sum) || math.IsInf(w.sum, 0) || s[0] == s[len(s)-1] {
			err = checkValues(x)
		}
	}
	if err != nil {
		p.Err = err
		nan := math.NaN()
		p.MCSEMean, p.MCSESD, p.ESSBulk, p.ESSTail, p.RHat = nan, nan, nan, nan, nan
		if isConstant(err) {
			v := x[0][0]
			p.Mean, p.SD, p.HDILow, p.HDIHigh = v, 0, v, v
			for i := range p.Quantiles {
				p.Quantiles[i] = v
			}
		} else {
			p.Mean, p.SD, p.HDILow, p.HDIHigh = nan, nan, nan, nan
			for i := range p.Quantiles {
				p.Quantiles[i] = nan
			}
		}
		return p, nil
	}
	p.Mean, p.SD = w.meanSD()
	for i, q := range o.Probs {
		p.Quantiles[i] = quantileSorted(q, w.sorted)
	}
	p.HDILow, p.HDIHigh = hdiSorted(o.HDIMass, w.sorted)

	pos, vals := w.bulkZ()
	bulk, essBulk := w.bulk()
	p.ESSBulk = essBulk
	p.RHat = max(bulk, w.foldedRHat(w.median(), pos, vals))
	p.ESSTail = w.essTail()
	essMean := w.essMean()
	p.MCSEMean = p.SD / math.Sqrt(essMean)
	p.MCSESD = mcseSD(p.SD, min(essMean, w.essSquare()))
	return p, nil
}

// addStats reads the sampler statistics of the run.
func (s *Summary) addStats(src StatSource, o *SummaryOptions) error {
	total := s.NumChains * s.NumDraws
	if div := src.Stat("divergent__"); div != nil {
		if len(div) != s.NumChains {
			return fmt.Errorf("diag: divergent__ has %d chains, the run %d", len(div), s.NumChains)
		}
		s.Divergent = make([]int, len(div))
		var n int
		for c, d := range div {
			for _, v := range d {
				if v != 0 {
					s.Divergent[c]++
				}
			}
			n += s.Divergent[c]
		}
		if n > 0 {
			s.Warnings = append(s.Warnings, fmt.Sprintf(
				"%d of %d transitions (%s) after warm-up were divergent: the posterior has regions the sampler cannot explore (raise samplers.Options.TargetAccept, Stan's adapt_delta, e.g. to 0.95, or reparameterize).",
				n, total, percent(n, total)))
		}
	}
	if td := src.Stat("treedepth__"); td != nil {
		if len(td) != s.NumChains {
			return fmt.Errorf("diag: treedepth__ has %d chains, the run %d", len(td), s.NumChains)
		}
		s.TreeDepthSaturated = make([]int, len(td))
		var n int
		for c, d := range td {
			for _, v := range d {
				if v >= float64(o.MaxTreeDepth) {
					s.TreeDepthSaturated[c]++
				}
			}
			n += s.TreeDepthSaturated[c]
		}
		if n > 0 {
			s.Warnings = append(s.Warnings, fmt.Sprintf(
				"%d of %d transitions (%s) reached the maximum tree depth %d: trajectories were cut short, an efficiency concern (raise samplers.NUTS.MaxTreeDepth, Stan's max_treedepth, and SummaryOptions.MaxTreeDepth with it).",
				n, total, percent(n, total), o.MaxTreeDepth))
		}
	}
	if en := src.Stat("energy__"); en != nil {
		e, err := EBFMI(en)
		if err != nil && !isConstant(err) {
			return fmt.Errorf("diag: energy__: %w", err)
		}
		// A sampler without a Hamiltonian (random-walk Metropolis) records
		// a constant energy: no E-BFMI.
		if slices.ContainsFunc(e, func(v float64) bool { return !math.IsNaN(v) }) {
			s.EBFMI = e
		}
		for c, v := range s.EBFMI {
			if v < o.EBFMIMin {
				s.Warnings = append(s.Warnings, fmt.Sprintf(
					"chain %d has E-BFMI %.3g below %.2g: the sampler may not explore the tails (reparameterize).", c+1, v, o.EBFMIMin))
			}
		}
	}
	return nil
}

// addParamWarnings flags high R-hat, low ESS and undefined diagnostics.
func (s *Summary) addParamWarnings(o *SummaryOptions) {
	minESS := o.MinESSPerChain * float64(s.NumChains)
	var rhat, ess, undefined []string
	for _, p := range s.Params {
		if p.Err != nil {
			undefined = append(undefined, fmt.Sprintf("%s (%v)", p.Name, p.Err))
			continue
		}
		if p.RHat > o.RHatMax {
			rhat = append(rhat, p.Name)
		}
		if p.ESSBulk < minESS || p.ESSTail < minESS {
			ess = append(ess, p.Name)
		}
	}
	if len(rhat) > 0 {
		s.Warnings = append(s.Warnings, fmt.Sprintf(
			"R-hat above %.3g for %s: the chains have not mixed; run longer or reparameterize.", o.RHatMax, list(rhat)))
	}
	if len(ess) > 0 {
		s.Warnings = append(s.Warnings, fmt.Sprintf(
			"bulk or tail ESS below %.0f (%.0f per chain) for %s: estimates of means or quantiles may be unreliable.",
			minESS, o.MinESSPerChain, list(ess)))
	}
	if len(undefined) > 0 {
		s.Warnings = append(s.Warnings, "diagnostics undefined for "+list(undefined)+".")
	}
}

// percent formats 100·n/total for a sentence: whole percents from 10%
// ("100%", not "1e+02%"), two significant digits below ("2.5%", "0.013%").
func percent(n, total int) string {
	p := 100 * float64(n) / float64(max(total, 1))
	if p >= 10 {
		return strconv.FormatFloat(p, 'f', 0, 64) + "%"
	}
	return strconv.FormatFloat(p, 'g', 2, 64) + "%"
}

// list joins names, shortening long lists.
func list(names []string) string {
	const most = 8
	var b []byte
	for i, n := range names {
		if i == most {
			b = fmt.Appendf(b, " and %d more", len(names)-most)
			break
		}
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, n...)
	}
	return string(b)
}

// Param returns the summary of the parameter called name.
func (s *Summary) Param(name string) (ParamSummary, bool) {
	for _, p := range s.Params {
		if p.Name == name {
			return p, true
		}
	}
	return ParamSummary{}, false
}
