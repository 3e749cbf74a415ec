package plotting

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PairOptions configures Pair. The zero value plots the first 4 parameters
// with at most 2000 points per panel.
type PairOptions struct {
	// Params names the parameters; empty means the first MaxParams.
	Params []string
	// MaxParams caps the parameters when Params is empty; zero means 4.
	MaxParams int
	// MaxPoints caps the non-divergent points per scatter panel by even
	// thinning; zero means 2000, negative means no cap. Divergent draws are
	// always all drawn.
	MaxPoints int
	// Bins is the number of bins of the diagonal histograms; zero means 30.
	Bins int
	// Stats, when not nil, supplies divergent__; divergent draws are drawn
	// in DivergentColor on top.
	Stats StatSource
	// Truth maps parameter names to true values, marked on the diagonal
	// and as a cross in the scatter panels.
	Truth map[string]float64
	// Title is the figure title.
	Title string
}

// Pair plots every pair of parameters as a scatter of the pooled draws
// below the diagonal, with divergent draws highlighted, and each marginal
// as a histogram on the diagonal.
func Pair(c Chains, o PairOptions) (*Figure, error) {
	v, idx, err := chainsAndParams(c, o.Params, o.MaxParams, 4)
	if err != nil {
		return nil, err
	}
	div, err := divergences(o.Stats, v.nChains, v.nDraws)
	if err != nil {
		return nil, err
	}
	maxPts := o.MaxPoints
	if maxPts == 0 {
		maxPts = 2000
	}
	bins := o.Bins
	if bins == 0 {
		bins = 30
	}
	if bins < 0 {
		return nil, fmt.Errorf("plotting: negative number of bins %d", bins)
	}
	n := len(idx)
	data := make([][]float64, n)
	for k, j := range idx {
		d, err := v.param(j)
		if err != nil {
			return nil, err
		}
		data[k] = pooled(d)
	}
	var isDiv []bool
	if div != nil {
		isDiv = make([]bool, 0, v.nChains*v.nDraws)
		for _, ch := range div {
			isDiv = append(isDiv, ch...)
		}
	}
	var divIdx, okIdx []int
	for i := range data[0] {
		if isDiv != nil && isDiv[i] {
			divIdx = append(divIdx, i)
		} else {
			okIdx = append(okIdx, i)
		}
	}
	keep := thinIndex(len(okIdx), maxPts)
	side := 2.2 * vg.Inch
	if n == 1 {
		side = 3.5 * vg.Inch
	}
	f := NewFigure(n, n, side, side)
	f.Title = o.Title
	for r := range n {
		for col := 0; col <= r; col++ {
			xname, yname := v.names[idx[col]], v.names[idx[r]]
			var xl, yl string
			if r == n-1 {
				xl = xname
			}
			if col == 0 {
				yl = yname
			}
			p := newPlot("", xl, yl)
			if r == col {
				lo, hi := data[r][0], data[r][0]
				for _, x := range data[r] {
					lo, hi = min(lo, x), max(hi, x)
				}
				h := histOnRange(data[r], bins, lo, hi)
				h.FillColor = withAlpha(ChainColors[0], 0.45)
				h.LineStyle.Color = withAlpha(ChainColors[0], 0.9)
				h.LineStyle.Width = vg.Points(0.5)
				p.Add(h)
				if t, ok := o.Truth[xname]; ok {
					p.Add(refLine{Value: t, Vertical: true, Style: truthStyle()})
				}
				if n == 1 && len(divIdx) > 0 {
					p.Add(rug{X: pick(data[r], divIdx), Style: draw.LineStyle{Color: DivergentColor, Width: vg.Points(1)}, Length: vg.Points(8)})
				}
				p.Y.Min = 0
				f.plots[r][col] = p
				continue
			}
			pts := make(plotter.XYs, len(keep))
			for k, i := range keep {
				pts[k] = plotter.XY{X: data[col][okIdx[i]], Y: data[r][okIdx[i]]}
			}
			s, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, fmt.Errorf("plotting: pair %q vs %q: %w", yname, xname, err)
			}
			s.GlyphStyle = draw.GlyphStyle{Color: withAlpha(ChainColors[0], 0.35), Radius: vg.Points(1), Shape: draw.CircleGlyph{}}
			p.Add(s)
			if len(divIdx) > 0 {
				dp := make(plotter.XYs, len(divIdx))
				for k, i := range divIdx {
					dp[k] = plotter.XY{X: data[col][i], Y: data[r][i]}
				}
				ds, err := plotter.NewScatter(dp)
				if err != nil {
					return nil, err
				}
				ds.GlyphStyle = draw.GlyphStyle{Color: DivergentColor, Radius: vg.Points(1.8), Shape: draw.CircleGlyph{}}
				p.Add(ds)
				if r == 1 && col == 0 || n == 1 {
					f.AddLegend(fmt.Sprintf("divergent (%d)", len(divIdx)), ds)
				}
			}
			tx, okx := o.Truth[xname]
			ty, oky := o.Truth[yname]
			if okx && oky {
				ts, err := plotter.NewScatter(plotter.XYs{{X: tx, Y: ty}})
				if err != nil {
					return nil, err
				}
				ts.GlyphStyle = draw.GlyphStyle{Color: TruthColor, Radius: vg.Points(4), Shape: draw.CrossGlyph{}}
				p.Add(ts)
			}
			f.plots[r][col] = p
		}
	}
	alignPairAxes(f.plots)
	return f, nil
}

// alignPairAxes gives every panel of a column the same x range and every
// off-diagonal panel of a row the same y range.
func alignPairAxes(ps [][]*plot.Plot) {
	n := len(ps)
	for col := range n {
		lo, hi := ps[col][col].X.Min, ps[col][col].X.Max
		for r := col; r < n; r++ {
			lo, hi = min(lo, ps[r][col].X.Min), max(hi, ps[r][col].X.Max)
		}
		for r := col; r < n; r++ {
			ps[r][col].X.Min, ps[r][col].X.Max = lo, hi
		}
	}
	for r := range n {
		if r == 0 {
			continue
		}
		lo, hi := ps[r][0].Y.Min, ps[r][0].Y.Max
		for col := range r {
			lo, hi = min(lo, ps[r][col].Y.Min), max(hi, ps[r][col].Y.Max)
		}
		// A variable's range on the y axis matches its x range in its column.
		lo, hi = min(lo, ps[r][r].X.Min), max(hi, ps[r][r].X.Max)
		for col := range r {
			ps[r][col].Y.Min, ps[r][col].Y.Max = lo, hi
		}
	}
}

func pick(x []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for k, i := range idx {
		out[k] = x[i]
	}
	return out
}
