package plotting

import (
	"fmt"
	"sort"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RankOptions configures Rank. The zero value plots the first 8 parameters
// with 20 rank bins.
type RankOptions struct {
	// Params names the parameters; empty means the first MaxParams.
	Params []string
	// MaxParams caps the panels when Params is empty; zero means 8.
	MaxParams int
	// Bins is the number of rank bins; zero means 20.
	Bins int
	// Cols is the number of grid columns; zero means 2.
	Cols int
	// Title is the figure title.
	Title string
}

// Rank plots, for each parameter, the histogram of the ranks of each
// chain's draws within the pooled draws, one step line per chain, with the
// count expected under uniform ranks dashed (Vehtari et al. 2021). Chains
// that mix well give flat, overlapping lines.
func Rank(c Chains, o RankOptions) (*Figure, error) {
	v, idx, err := chainsAndParams(c, o.Params, o.MaxParams, 8)
	if err != nil {
		return nil, err
	}
	bins := o.Bins
	if bins == 0 {
		bins = 20
	}
	total := v.nChains * v.nDraws
	if bins < 1 || bins > total {
		return nil, fmt.Errorf("plotting: rank bins %d out of range [1, %d]", bins, total)
	}
	cols := o.Cols
	if cols == 0 {
		cols = 2
	}
	rows, cols := gridShape(len(idx), cols)
	f := NewFigure(rows, cols, 3.5*vg.Inch, 2.4*vg.Inch)
	f.Title = o.Title
	for k, j := range idx {
		d, err := v.param(j)
		if err != nil {
			return nil, err
		}
		counts := RankCounts(d, bins)
		p := newPlot(v.names[j], "rank (bins of pooled draws)", "count")
		for ch, cnt := range counts {
			xy := make(plotter.XYs, bins+1)
			for b := range bins + 1 {
				y := cnt[min(b, bins-1)]
				xy[b] = plotter.XY{X: float64(b) * float64(total) / float64(bins), Y: y}
			}
			l, err := plotter.NewLine(xy)
			if err != nil {
				return nil, err
			}
			l.StepStyle = plotter.PostStep
			l.Color = chainColor(ch)
			l.Width = vg.Points(1.2)
			p.Add(l)
			if k == 0 {
				f.AddLegend(chainLabel(ch), l)
			}
		}
		exp := refLine{Value: float64(v.nDraws) / float64(bins), Style: draw.LineStyle{Color: RefColor, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}}}
		p.Add(exp)
		p.Y.Min = 0
		p.X.Min, p.X.Max = 0, float64(total)
		f.plots[k/cols][k%cols] = p
	}
	return f, nil
}

// RankCounts ranks the pooled draws of one parameter (chain × draw; ties get
// consecutive ranks in chain order) and returns, per chain, the number of
// its draws in each of bins equal-width rank bins.
func RankCounts(d [][]float64, bins int) [][]float64 {
	type item struct {
		x     float64
		chain int
	}
	all := make([]item, 0, len(d)*len(d[0]))
	for c, ch := range d {
		for _, x := range ch {
			all = append(all, item{x, c})
		}
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].x < all[b].x })
	counts := make([][]float64, len(d))
	for c := range counts {
		counts[c] = make([]float64, bins)
	}
	n := len(all)
	for r, it := range all {
		b := r * bins / n
		counts[it.chain][b]++
	}
	return counts
}
