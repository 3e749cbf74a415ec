package plotting

import (
	"fmt"
	"math"
)

// Chains is the read-only view of MCMC draws that plotting needs. A sampler
// trace satisfies it structurally.
type Chains interface {
	// ParamNames returns the names of the parameters, in column order.
	ParamNames() []string
	// NumChains returns the number of chains.
	NumChains() int
	// NumDraws returns the number of draws per chain.
	NumDraws() int
	// Param returns the draws of parameter j as chain × draw.
	Param(j int) [][]float64
}

// StatSource gives per-draw sampler statistics by their Stan names
// (divergent__ as 0/1, energy__, lp__, ...), as chain × draw. It returns nil
// for a statistic it does not hold.
type StatSource interface {
	Stat(name string) [][]float64
}

// Stan names of the per-draw statistics that plotting reads.
const (
	StatDivergent = "divergent__"
	StatEnergy    = "energy__"
)

// ChainSet is a Chains held in plain slices: Draws[j][c][i] is draw i of
// chain c for parameter j. It is handy for tests and for draws that do not
// come from a sampler trace.
type ChainSet struct {
	Names []string
	Draws [][][]float64
}

var _ Chains = ChainSet{}

// ParamNames implements Chains.
func (s ChainSet) ParamNames() []string { return s.Names }

// NumChains implements Chains.
func (s ChainSet) NumChains() int {
	if len(s.Draws) == 0 {
		return 0
	}
	return len(s.Draws[0])
}

// NumDraws implements Chains.
func (s ChainSet) NumDraws() int {
	if len(s.Draws) == 0 || len(s.Draws[0]) == 0 {
		return 0
	}
	return len(s.Draws[0][0])
}

// Param implements Chains.
func (s ChainSet) Param(j int) [][]float64 { return s.Draws[j] }

// chainView is a validated copy of the shape of a Chains value.
type chainView struct {
	names   []string
	nChains int
	nDraws  int
	src     Chains
}

// checkChains validates the shape of c: at least one parameter, chain and
// draw, and every chain of every parameter with NumDraws finite draws.
func checkChains(c Chains) (chainView, error) {
	if c == nil {
		return chainView{}, fmt.Errorf("plotting: nil Chains")
	}
	v := chainView{names: c.ParamNames(), nChains: c.NumChains(), nDraws: c.NumDraws(), src: c}
	switch {
	case len(v.names) == 0:
		return v, fmt.Errorf("plotting: chains have no parameters")
	case v.nChains < 1:
		return v, fmt.Errorf("plotting: chains have no chains (NumChains=%d)", v.nChains)
	case v.nDraws < 1:
		return v, fmt.Errorf("plotting: chains have no draws (NumDraws=%d)", v.nDraws)
	}
	return v, nil
}

// param returns the draws of parameter j after checking their shape and
// finiteness.
func (v chainView) param(j int) ([][]float64, error) {
	d := v.src.Param(j)
	if len(d) != v.nChains {
		return nil, fmt.Errorf("plotting: parameter %q has %d chains, want %d", v.names[j], len(d), v.nChains)
	}
	for c, ch := range d {
		if len(ch) != v.nDraws {
			return nil, fmt.Errorf("plotting: parameter %q chain %d has %d draws, want %d", v.names[j], c, len(ch), v.nDraws)
		}
		for i, x := range ch {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("plotting: parameter %q chain %d draw %d is not finite (%v)", v.names[j], c, i, x)
			}
		}
	}
	return d, nil
}

// selectParams returns the column indices of the named parameters, or of the
// first max parameters when names is empty (all of them when max <= 0).
func (v chainView) selectParams(names []string, max int) ([]int, error) {
	if len(names) == 0 {
		n := len(v.names)
		if max > 0 && n > max {
			n = max
		}
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx, nil
	}
	pos := make(map[string]int, len(v.names))
	for i, n := range v.names {
		pos[n] = i
	}
	idx := make([]int, len(names))
	for i, n := range names {
		j, ok := pos[n]
		if !ok {
			return nil, fmt.Errorf("plotting: unknown parameter %q", n)
		}
		idx[i] = j
	}
	return idx, nil
}

// divergences returns the divergent flags (chain × draw) from s, or nil when
// s is nil or holds no divergent__ statistic.
func divergences(s StatSource, nChains, nDraws int) ([][]bool, error) {
	if s == nil {
		return nil, nil
	}
	d := s.Stat(StatDivergent)
	if d == nil {
		return nil, nil
	}
	if err := checkShape(StatDivergent, d, nChains, nDraws); err != nil {
		return nil, err
	}
	out := make([][]bool, len(d))
	for c, ch := range d {
		out[c] = make([]bool, len(ch))
		for i, x := range ch {
			out[c][i] = x != 0
		}
	}
	return out, nil
}

// checkShape checks that a chain × draw statistic has the given shape.
func checkShape(name string, d [][]float64, nChains, nDraws int) error {
	if len(d) != nChains {
		return fmt.Errorf("plotting: statistic %s has %d chains, want %d", name, len(d), nChains)
	}
	for c, ch := range d {
		if len(ch) != nDraws {
			return fmt.Errorf("plotting: statistic %s chain %d has %d draws, want %d", name, c, len(ch), nDraws)
		}
	}
	return nil
}

// checkFinite returns an error naming what when x is empty or holds a
// non-finite value.
func checkFinite(what string, x []float64) error {
	if len(x) == 0 {
		return fmt.Errorf("plotting: %s is empty", what)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("plotting: %s[%d] is not finite (%v)", what, i, v)
		}
	}
	return nil
}

// pooled concatenates the chains of one parameter.
func pooled(d [][]float64) []float64 {
	n := 0
	for _, ch := range d {
		n += len(ch)
	}
	out := make([]float64, 0, n)
	for _, ch := range d {
		out = append(out, ch...)
	}
	return out
}

// chainsAndParams checks c and picks the parameters to draw: the named ones,
// or the first maxParams (def when maxParams is zero).
func chainsAndParams(c Chains, names []string, maxParams, def int) (chainView, []int, error) {
	v, err := checkChains(c)
	if err != nil {
		return v, nil, err
	}
	if maxParams == 0 {
		maxParams = def
	}
	idx, err := v.selectParams(names, maxParams)
	return v, idx, err
}

// chainLabel names chain ch (0-based index) in a legend. Chains are
// numbered from 1 in legends, as in diag's warnings, the reports' tables
// and Stan's output; error messages index the Go slices from 0.
func chainLabel(ch int) string { return fmt.Sprintf("chain %d", ch+1) }
