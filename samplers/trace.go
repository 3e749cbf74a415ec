package samplers

import (
	"fmt"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"gonum.org/v1/gonum/mat"
)

// Trace holds the draws of a run: chains × draws × parameters, with the
// parameter names, the per-draw statistics and each chain's adaptation.
type Trace struct {
	Names              []string
	Chains, Draws, Dim int
	Samples            []float64   // [chain][draw][param], flat; Draws rows per chain
	Stats              []DrawStats // [chain][draw], flat
	Warmup             int         // number of warm-up draws kept at the start of each chain (0 if dropped)
	Adapted            []Adaptation
}

// Adaptation is a chain's tuned step size and inverse metric, reusable
// through Options.Adapted to resume without re-adapting.
type Adaptation struct {
	StepSize float64
	Metric   MetricKind
	// InvMetric is the inverse metric: Dim values for Diag, Dim×Dim
	// row-major for Dense, nil for Unit.
	InvMetric []float64
}

// NewMetric returns the metric a describes for dimension n.
func (a Adaptation) NewMetric(n int) (Metric, error) {
	switch a.Metric {
	case Unit:
		return UnitMetric{N: n}, nil
	case Diag:
		if len(a.InvMetric) != n {
			return nil, fmt.Errorf("samplers: adapted diagonal inverse metric has %d elements, want %d", len(a.InvMetric), n)
		}
		return NewDiagMetric(a.InvMetric)
	case Dense:
		if len(a.InvMetric) != n*n {
			return nil, fmt.Errorf("samplers: adapted dense inverse metric has %d elements, want %d", len(a.InvMetric), n*n)
		}
		return NewDenseMetric(mat.NewSymDense(n, append([]float64(nil), a.InvMetric...)))
	}
	return nil, fmt.Errorf("samplers: unknown metric kind %v", a.Metric)
}

// adaptationOf records a kernel's tuning.
func adaptationOf(k Kernel) Adaptation {
	a, ok := k.(Adaptable)
	if !ok {
		return Adaptation{Metric: Unit}
	}
	eps, m := a.Tuning()
	out := Adaptation{StepSize: eps, Metric: Unit}
	switch m := m.(type) {
	case *DiagMetric:
		out.Metric, out.InvMetric = Diag, m.Diagonal()
	case *DenseMetric:
		out.Metric = Dense
		s := m.InvMetric()
		n := s.SymmetricDim()
		out.InvMetric = make([]float64, n*n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				out.InvMetric[i*n+j] = s.At(i, j)
			}
		}
	}
	return out
}

// ParamNames returns the parameter names.
func (t *Trace) ParamNames() []string { return t.Names }

// NumChains returns the number of chains.
func (t *Trace) NumChains() int { return t.Chains }

// NumDraws returns the number of post-warm-up draws per chain.
func (t *Trace) NumDraws() int { return t.Draws - t.Warmup }

// Param returns a chain × draw copy of parameter j's post-warm-up draws.
func (t *Trace) Param(j int) [][]float64 {
	if j < 0 || j >= t.Dim {
		panic(fmt.Sprintf("samplers: parameter index %d out of range [0, %d)", j, t.Dim))
	}
	out := make([][]float64, t.Chains)
	for c := range out {
		row := make([]float64, t.NumDraws())
		for d := range row {
			row[d] = t.Samples[(c*t.Draws+t.Warmup+d)*t.Dim+j]
		}
		out[c] = row
	}
	return out
}

// ParamByName returns Param of the named parameter.
func (t *Trace) ParamByName(name string) ([][]float64, error) {
	for j, n := range t.Names {
		if n == name {
			return t.Param(j), nil
		}
	}
	return nil, fmt.Errorf("samplers: no parameter named %q", name)
}

// Last returns a copy of each chain's last stored draw, for example as
// Options.InitialPoints to continue the chains (with Options.Adapted).
func (t *Trace) Last() [][]float64 {
	if t.Draws == 0 {
		return nil
	}
	out := make([][]float64, t.Chains)
	for c := range out {
		i := (c*t.Draws + t.Draws - 1) * t.Dim
		out[c] = append([]float64(nil), t.Samples[i:i+t.Dim]...)
	}
	return out
}

// StatNames are the names Stat accepts, as Stan writes them.
var StatNames = []string{"lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__"}

func statValue(s *DrawStats, name string) (float64, bool) {
	switch name {
	case "lp__":
		return s.LogDensity, true
	case "accept_stat__":
		return s.AcceptStat, true
	case "stepsize__":
		return s.StepSize, true
	case "treedepth__":
		return float64(s.TreeDepth), true
	case "n_leapfrog__":
		return float64(s.NLeapfrog), true
	case "divergent__":
		if s.Divergent {
			return 1, true
		}
		return 0, true
	case "energy__":
		return s.Energy, true
	}
	return 0, false
}

// Stat returns a chain × draw copy of a post-warm-up statistic by its Stan
// name (see StatNames), or nil for an unknown name or a trace without
// statistics (Stats empty, as in a predictive trace).
func (t *Trace) Stat(name string) [][]float64 {
	if _, ok := statValue(&DrawStats{}, name); !ok || len(t.Stats) == 0 {
		return nil
	}
	out := make([][]float64, t.Chains)
	for c := range out {
		row := make([]float64, t.NumDraws())
		for d := range row {
			row[d], _ = statValue(&t.Stats[c*t.Draws+t.Warmup+d], name)
		}
		out[c] = row
	}
	return out
}

// Divergences returns the number of divergent post-warm-up transitions
// (0 for a trace without statistics).
func (t *Trace) Divergences() int {
	if len(t.Stats) == 0 {
		return 0
	}
	n := 0
	for c := 0; c < t.Chains; c++ {
		for d := t.Warmup; d < t.Draws; d++ {
			if t.Stats[c*t.Draws+d].Divergent {
				n++
			}
		}
	}
	return n
}

// DataFrame returns every stored draw, warm-up included, as a gota data
// frame with columns chain, draw (1-based, warm-up draws numbered ≤ 0 when
// kept), the parameters and the statistics of StatNames.
func (t *Trace) DataFrame() dataframe.DataFrame {
	rows := t.Chains * t.Draws
	chain := make([]int, rows)
	draw := make([]int, rows)
	for c := 0; c < t.Chains; c++ {
		for d := 0; d < t.Draws; d++ {
			chain[c*t.Draws+d] = c + 1
			draw[c*t.Draws+d] = d + 1 - t.Warmup
		}
	}
	cols := []series.Series{series.New(chain, series.Int, "chain"), series.New(draw, series.Int, "draw")}
	for j, name := range t.Names {
		v := make([]float64, rows)
		for r := range v {
			v[r] = t.Samples[r*t.Dim+j]
		}
		cols = append(cols, series.New(v, series.Float, name))
	}
	for _, name := range StatNames {
		v := make([]float64, rows)
		for r := range v {
			v[r], _ = statValue(&t.Stats[r], name)
		}
		cols = append(cols, series.New(v, series.Float, name))
	}
	return dataframe.New(cols...)
}
