package boston

import (
	"fmt"
	"math"
	"sort"

	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// PredictionChains returns, for the test rows given, the chains of the
// network's predicted mean MEDV (one parameter per row, named
// "MEDV[test i]"), indexed chain × draw: functions of the parameters that,
// unlike the weights themselves, do not change when hidden units are
// permuted, so their R-hat and ESS are meaningful.
func PredictionChains(d *Data, tr *samplers.Trace, rows []int) (*diag.Draws, error) {
	m, err := NewModel()
	if err != nil {
		return nil, err
	}
	x := make([][]float64, len(rows))
	out := &diag.Draws{}
	for k, r := range rows {
		if r < 0 || r >= len(d.XTest) {
			return nil, fmt.Errorf("boston: test row %d out of range [0, %d)", r, len(d.XTest))
		}
		x[k] = d.XTest[r]
		out.Names = append(out.Names, fmt.Sprintf("MEDV[test %d]", r))
		out.Values = append(out.Values, make([][]float64, tr.Chains))
	}
	pr, err := m.NewPredictor(x)
	if err != nil {
		return nil, err
	}
	nd := tr.NumDraws()
	w := pr.Width()
	var buf []float64
	for c := range tr.Chains {
		for k := range rows {
			out.Values[k][c] = make([]float64, nd)
		}
		for i := range nd {
			j := (c*tr.Draws + tr.Warmup + i) * tr.Dim
			buf = pr.Predict(buf, tr.Samples[j:j+tr.Dim])
			for k := range rows {
				out.Values[k][c][i] = buf[k*w]*d.YScale + d.YMean
			}
		}
	}
	return out, nil
}

// Worst returns the k parameters of s with the largest R-hat and the k
// with the smallest bulk ESS (NaN diagnostics first).
func Worst(s *diag.Summary, k int) (byRHat, byESS []diag.ParamSummary) {
	ps := append([]diag.ParamSummary(nil), s.Params...)
	key := func(v float64, nanFirst float64) float64 {
		if math.IsNaN(v) {
			return nanFirst
		}
		return v
	}
	sort.SliceStable(ps, func(i, j int) bool {
		return key(ps[i].RHat, math.Inf(1)) > key(ps[j].RHat, math.Inf(1))
	})
	byRHat = append(byRHat, ps[:min(k, len(ps))]...)
	sort.SliceStable(ps, func(i, j int) bool {
		return key(ps[i].ESSBulk, math.Inf(-1)) < key(ps[j].ESSBulk, math.Inf(-1))
	})
	byESS = append(byESS, ps[:min(k, len(ps))]...)
	return byRHat, byESS
}

// Concat joins two runs' draws chain by chain (a's chain c, then b's
// chain c): the split R-hat of the result compares the first run with
// its continuation.
func Concat(a, b *diag.Draws) (*diag.Draws, error) {
	if len(a.Values) != len(b.Values) {
		return nil, fmt.Errorf("boston: concatenating %d and %d parameters", len(a.Values), len(b.Values))
	}
	out := &diag.Draws{Names: a.Names, Values: make([][][]float64, len(a.Values))}
	for j := range a.Values {
		if len(a.Values[j]) != len(b.Values[j]) {
			return nil, fmt.Errorf("boston: concatenating %d and %d chains", len(a.Values[j]), len(b.Values[j]))
		}
		out.Values[j] = make([][]float64, len(a.Values[j]))
		for c := range a.Values[j] {
			out.Values[j][c] = append(append([]float64(nil), a.Values[j][c]...), b.Values[j][c]...)
		}
	}
	return out, nil
}
