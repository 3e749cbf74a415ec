package diag

import (
	"errors"
	"fmt"
	"math"
)

// Chains is a run of several Markov chains: for each parameter, draws indexed
// chain × draw. A sampler's trace satisfies it.
type Chains interface {
	// ParamNames returns the parameter names, in the order of Param.
	ParamNames() []string
	// NumChains returns the number of chains.
	NumChains() int
	// NumDraws returns the number of draws per chain.
	NumDraws() int
	// Param returns the draws of parameter j, indexed chain × draw.
	Param(j int) [][]float64
}

// Checker is implemented by a Chains that can check its own consistency,
// as a sampler's trace does; Summarize calls Check first and returns its
// error.
type Checker interface {
	Check() error
}

// StatSource gives per-draw sampler statistics by Stan's names: divergent__
// (0 or 1), treedepth__, energy__, n_leapfrog__, stepsize__, accept_stat__.
// Stat returns nil for a statistic the sampler did not record.
type StatSource interface {
	Stat(name string) [][]float64
}

// Draws is an in-memory Chains: Values[j] holds the draws of parameter
// Names[j], indexed chain × draw.
type Draws struct {
	Names  []string
	Values [][][]float64
}

var _ Chains = (*Draws)(nil)

// ParamNames returns d.Names.
func (d *Draws) ParamNames() []string { return d.Names }

// NumChains returns the number of chains of the first parameter.
func (d *Draws) NumChains() int {
	if len(d.Values) == 0 {
		return 0
	}
	return len(d.Values[0])
}

// NumDraws returns the number of draws of the first chain of the first parameter.
func (d *Draws) NumDraws() int {
	if len(d.Values) == 0 || len(d.Values[0]) == 0 {
		return 0
	}
	return len(d.Values[0][0])
}

// Param returns the draws of parameter j.
func (d *Draws) Param(j int) [][]float64 { return d.Values[j] }

// MinDraws is the smallest number of draws per chain the diagnostics accept.
const MinDraws = 4

// Errors returned for bad input. They are wrapped with the details of the
// problem; test for them with errors.Is.
var (
	// ErrNoChains: no chains, or no parameters.
	ErrNoChains = errors.New("diag: no chains")
	// ErrTooFewDraws: fewer than MinDraws draws per chain (or, for
	// effective sample sizes, fewer than 3 draws per split half).
	ErrTooFewDraws = errors.New("diag: too few draws")
	// ErrRaggedChains: chains of unequal length.
	ErrRaggedChains = errors.New("diag: chains of unequal length")
	// ErrNonFinite: a draw is NaN or ±Inf; the diagnostic is NaN.
	ErrNonFinite = errors.New("diag: non-finite draw")
	// ErrConstant: all draws are equal; R-hat and ESS are undefined (NaN).
	ErrConstant = errors.New("diag: all draws are equal")
)

// checkShape reports a structural problem with x: no chains, too few draws or
// chains of unequal length. It returns the number of draws per chain.
func checkShape(x [][]float64) (int, error) {
	if len(x) == 0 {
		return 0, fmt.Errorf("%w: got 0 chains", ErrNoChains)
	}
	n := len(x[0])
	for c, xc := range x {
		if len(xc) != n {
			return 0, fmt.Errorf("%w: chain %d has %d draws, chain 0 has %d", ErrRaggedChains, c, len(xc), n)
		}
	}
	if n < MinDraws {
		return 0, fmt.Errorf("%w: %d draws per chain, need at least %d", ErrTooFewDraws, n, MinDraws)
	}
	return n, nil
}

// checkValues reports a non-finite draw or draws that are all equal.
func checkValues(x [][]float64) error {
	first := x[0][0]
	constant := true
	for c, xc := range x {
		for d, v := range xc {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w: chain %d draw %d is %v", ErrNonFinite, c, d, v)
			}
			if v != first {
				constant = false
			}
		}
	}
	if constant {
		return fmt.Errorf("%w: every draw is %v", ErrConstant, first)
	}
	return nil
}

// check runs checkShape and checkValues.
func check(x [][]float64) (int, error) {
	n, err := checkShape(x)
	if err != nil {
		return 0, err
	}
	return n, checkValues(x)
}

// isConstant reports whether err is ErrConstant.
func isConstant(err error) bool { return errors.Is(err, ErrConstant) }
