package plotting

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ForestRow is one parameter of a forest plot: a central value, an outer
// interval, an optional inner interval, and optional diagnostics shown in
// its label.
type ForestRow struct {
	Name string
	// Center is the point estimate (for example the median).
	Center float64
	// Lo and Hi bound the outer interval (for example 94%).
	Lo, Hi float64
	// InnerLo and InnerHi bound the inner interval (for example 50%);
	// drawn only when InnerLo < InnerHi.
	InnerLo, InnerHi float64
	// Rhat and ESS are shown in the label when positive.
	Rhat, ESS float64
}

// ForestOptions configures Forest.
type ForestOptions struct {
	// Truth maps row names to true values, drawn as crosses.
	Truth map[string]float64
	// Ref, when RefLine is set, is drawn as a vertical dashed reference line.
	Ref     float64
	RefLine bool
	// Title and XLabel label the plot.
	Title, XLabel string
}

// Forest plots one horizontal interval per row, first row at the top: the
// outer interval thin, the inner one thick, the center as a dot, with the
// row's R-hat and ESS, when given, in its label.
func Forest(rows []ForestRow, o ForestOptions) (*Figure, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("plotting: forest plot has no rows")
	}
	n := len(rows)
	labels := make([]string, n)
	p := newPlot(o.Title, o.XLabel, "")
	outer := draw.LineStyle{Color: ChainColors[0], Width: vg.Points(1.2)}
	inner := draw.LineStyle{Color: ChainColors[0], Width: vg.Points(4)}
	centers := make(plotter.XYs, n)
	var truths plotter.XYs
	for i, r := range rows {
		for _, x := range []float64{r.Center, r.Lo, r.Hi, r.InnerLo, r.InnerHi} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("plotting: forest row %q has a non-finite value", r.Name)
			}
		}
		if r.Lo > r.Hi {
			return nil, fmt.Errorf("plotting: forest row %q has Lo %g > Hi %g", r.Name, r.Lo, r.Hi)
		}
		y := float64(n - 1 - i)
		label := r.Name
		if r.Rhat > 0 {
			label += fmt.Sprintf("  R-hat %.3f", r.Rhat)
		}
		if r.ESS > 0 {
			label += fmt.Sprintf("  ESS %.0f", r.ESS)
		}
		labels[n-1-i] = label
		segs := []plotter.XYs{{{X: r.Lo, Y: y}, {X: r.Hi, Y: y}}}
		styles := []draw.LineStyle{outer}
		if r.InnerLo < r.InnerHi {
			segs = append(segs, plotter.XYs{{X: r.InnerLo, Y: y}, {X: r.InnerHi, Y: y}})
			styles = append(styles, inner)
		}
		for k, s := range segs {
			l, err := plotter.NewLine(s)
			if err != nil {
				return nil, err
			}
			l.LineStyle = styles[k]
			p.Add(l)
		}
		centers[i] = plotter.XY{X: r.Center, Y: y}
		if t, ok := o.Truth[r.Name]; ok {
			truths = append(truths, plotter.XY{X: t, Y: y})
		}
	}
	s, err := plotter.NewScatter(centers)
	if err != nil {
		return nil, err
	}
	s.GlyphStyle = draw.GlyphStyle{Color: color.White, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
	p.Add(s)
	ring, _ := plotter.NewScatter(centers)
	ring.GlyphStyle = draw.GlyphStyle{Color: ChainColors[0], Radius: vg.Points(3), Shape: draw.RingGlyph{}}
	p.Add(ring)
	if len(truths) > 0 {
		ts, err := plotter.NewScatter(truths)
		if err != nil {
			return nil, fmt.Errorf("plotting: forest truth: %w", err)
		}
		ts.GlyphStyle = draw.GlyphStyle{Color: TruthColor, Radius: vg.Points(4), Shape: draw.CrossGlyph{}}
		p.Add(ts)
		p.Legend.Add("truth", ts)
	}
	if o.RefLine {
		p.Add(refLine{Value: o.Ref, Vertical: true, Style: draw.LineStyle{Color: RefColor, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}}})
	}
	p.NominalY(labels...)
	p.Y.Min, p.Y.Max = -0.7, float64(n-1)+0.7
	return FromPlot(p, 6*vg.Inch, vg.Length(n)*0.3*vg.Inch+1.2*vg.Inch), nil
}

// Intervals returns one ForestRow per parameter of c from its pooled draws:
// the median, the central interval with probability outer and the central
// interval with probability inner (0 < inner < outer < 1). R-hat and ESS are
// left zero for the caller to fill.
func Intervals(c Chains, inner, outer float64) ([]ForestRow, error) {
	if !(0 < inner && inner < outer && outer < 1) {
		return nil, fmt.Errorf("plotting: need 0 < inner (%g) < outer (%g) < 1", inner, outer)
	}
	v, err := checkChains(c)
	if err != nil {
		return nil, err
	}
	rows := make([]ForestRow, len(v.names))
	for j, name := range v.names {
		d, err := v.param(j)
		if err != nil {
			return nil, err
		}
		s := pooled(d)
		sort.Float64s(s)
		rows[j] = ForestRow{
			Name:    name,
			Center:  quantileSorted(s, 0.5),
			Lo:      quantileSorted(s, (1-outer)/2),
			Hi:      quantileSorted(s, (1+outer)/2),
			InnerLo: quantileSorted(s, (1-inner)/2),
			InnerHi: quantileSorted(s, (1+inner)/2),
		}
	}
	return rows, nil
}
