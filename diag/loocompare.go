package diag

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// LOOComparison compares models by PSIS-LOO, as R's loo::loo_compare does:
// rows ordered from the highest elpd_loo down, each with its difference
// from the best model.
type LOOComparison struct {
	Rows []LOOCompareRow
}

// LOOCompareRow is one model of a LOOComparison.
type LOOCompareRow struct {
	// Name is the model's name.
	Name string
	// ELPDDiff is this model's elpd_loo minus the best model's (0 for the
	// best, negative for the others), and SEDiff the standard error of that
	// difference, √n·sd of the pointwise differences (0 for the best).
	ELPDDiff, SEDiff float64
	// LOO is the model's own result.
	LOO *LOOResult
}

// CompareLOO compares the models whose PSIS-LOO results are loos, named by
// names, on the same observations. It returns an error for fewer than two
// models, a names list of another length, duplicate or empty names, or
// results over different numbers of observations. Models with equal
// elpd_loo keep their input order.
func CompareLOO(names []string, loos []*LOOResult) (*LOOComparison, error) {
	if len(loos) < 2 {
		return nil, fmt.Errorf("diag: CompareLOO needs at least two models, have %d", len(loos))
	}
	if len(names) != len(loos) {
		return nil, fmt.Errorf("diag: CompareLOO: %d names for %d models", len(names), len(loos))
	}
	for j, l := range loos {
		if l == nil {
			return nil, fmt.Errorf("diag: CompareLOO: model %q has a nil result", names[j])
		}
		if names[j] == "" {
			return nil, fmt.Errorf("diag: CompareLOO: model %d has an empty name", j)
		}
		if k := slices.Index(names, names[j]); k != j {
			return nil, fmt.Errorf("diag: CompareLOO: models %d and %d are both named %q", k, j, names[j])
		}
		if len(l.PointwiseELPD) != len(loos[0].PointwiseELPD) {
			return nil, fmt.Errorf("diag: CompareLOO: model %q has %d observations, model %q has %d",
				names[j], len(l.PointwiseELPD), names[0], len(loos[0].PointwiseELPD))
		}
	}
	ord := make([]int, len(loos))
	for j := range ord {
		ord[j] = j
	}
	slices.SortStableFunc(ord, func(a, b int) int { return cmpFloat(loos[b].ELPD, loos[a].ELPD) })
	best := loos[ord[0]].PointwiseELPD
	diff := make([]float64, len(best))
	c := &LOOComparison{}
	for _, j := range ord {
		for i, v := range loos[j].PointwiseELPD {
			diff[i] = v - best[i]
		}
		s, _ := sumSE(diff)
		c.Rows = append(c.Rows, LOOCompareRow{
			Name:     names[j],
			ELPDDiff: s,
			SEDiff:   math.Sqrt(float64(len(diff)) * variance(diff)),
			LOO:      loos[j],
		})
	}
	return c, nil
}

// String formats c as R's print of loo_compare does (elpd_diff, se_diff),
// with each model's elpd_loo and its SE.
func (c *LOOComparison) String() string {
	w := len("model")
	for _, r := range c.Rows {
		w = max(w, len(r.Name))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s  elpd_diff  se_diff  elpd_loo  se_elpd_loo\n", w, "model")
	for _, r := range c.Rows {
		fmt.Fprintf(&b, "%-*s  %9.1f  %7.1f  %8.1f  %11.1f\n", w, r.Name, r.ELPDDiff, r.SEDiff, r.LOO.ELPD, r.LOO.SE)
	}
	return b.String()
}
