package arviz

import (
	"fmt"

	"github.com/bayesnn-go/bayesnn/interop"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// Pointwise splits per-observation values indexed [chain][draw][column],
// whose columns names names (y[1], y[2], …, z), into one
// [chain][draw][observation] array per variable, as Data.LogLikelihood and
// Data.PosteriorPredictive take them: for example a model fit's pointwise
// log-likelihood with its names. The elements of a multi-dimensional
// variable come in row-major order.
func Pointwise(names []string, v [][][]float64) (map[string][][][]float64, error) {
	vars, err := interop.Vars(names)
	if err != nil {
		return nil, err
	}
	out := make(map[string][][][]float64, len(vars))
	for _, vr := range vars {
		a := make([][][]float64, len(v))
		for c, ch := range v {
			a[c] = make([][]float64, len(ch))
			for d, row := range ch {
				if len(row) != len(names) {
					return nil, fmt.Errorf("arviz: chain %d draw %d has %d values for %d names", c, d, len(row), len(names))
				}
				obs := make([]float64, len(vr.Columns))
				for i, col := range vr.Columns {
					obs[i] = row[col]
				}
				a[c][d] = obs
			}
		}
		out[vr.Name] = a
	}
	return out, nil
}

// PointwiseTrace is Pointwise of a trace's post-warm-up draws, for example
// posterior predictive draws made as a samplers.Trace (y[1], y[2], …).
func PointwiseTrace(tr *samplers.Trace) (map[string][][][]float64, error) {
	if tr == nil || len(tr.Samples) != tr.Chains*tr.Draws*tr.Dim || len(tr.Names) != tr.Dim {
		return nil, fmt.Errorf("arviz: malformed trace")
	}
	v := make([][][]float64, tr.Chains)
	for c := range v {
		v[c] = make([][]float64, tr.NumDraws())
		for d := range v[c] {
			i := (c*tr.Draws + tr.Warmup + d) * tr.Dim
			v[c][d] = tr.Samples[i : i+tr.Dim]
		}
	}
	return Pointwise(tr.Names, v)
}
