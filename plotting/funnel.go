package plotting

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// FunnelOptions configures Funnel. The zero value draws at most 4000
// non-divergent points and the ±2 standard deviation guide curves.
type FunnelOptions struct {
	// MaxPoints caps the non-divergent points by even thinning; zero means
	// 4000, negative means no cap.
	MaxPoints int
	// NoGuides hides the curves x = ±2·exp(v/2), which enclose about 95% of
	// the exact conditional distribution of x given v.
	NoGuides bool
	// XMax, when positive, limits the x axis to [-XMax, XMax]; the
	// funnel's mouth otherwise stretches it far beyond its neck.
	XMax float64
	// Title, XLabel and YLabel label the plot; empty axis labels mean "x"
	// and "v".
	Title, XLabel, YLabel string
}

// Funnel plots draws of Neal's funnel, v ~ N(0, 3²), x | v ~ N(0, exp(v)):
// the log-scale v on the y axis against one coordinate x, with divergent
// draws (divergent may be nil) in DivergentColor. Divergences bunched in
// the neck (low v) are the classic sign that the sampler cannot enter it.
func Funnel(x, v []float64, divergent []bool, o FunnelOptions) (*Figure, error) {
	if err := checkFinite("x", x); err != nil {
		return nil, err
	}
	if err := checkFinite("v", v); err != nil {
		return nil, err
	}
	if len(x) != len(v) {
		return nil, fmt.Errorf("plotting: funnel has %d x and %d v values", len(x), len(v))
	}
	if divergent != nil && len(divergent) != len(x) {
		return nil, fmt.Errorf("plotting: funnel has %d divergent flags for %d draws", len(divergent), len(x))
	}
	xl, yl := o.XLabel, o.YLabel
	if xl == "" {
		xl = "x"
	}
	if yl == "" {
		yl = "v"
	}
	p := newPlot(o.Title, xl, yl)
	var ok, div plotter.XYs
	for i := range x {
		pt := plotter.XY{X: x[i], Y: v[i]}
		if divergent != nil && divergent[i] {
			div = append(div, pt)
		} else {
			ok = append(ok, pt)
		}
	}
	maxPts := o.MaxPoints
	if maxPts == 0 {
		maxPts = 4000
	}
	keep := thinIndex(len(ok), maxPts)
	thin := make(plotter.XYs, len(keep))
	for k, i := range keep {
		thin[k] = ok[i]
	}
	vmin, vmax := math.Inf(1), math.Inf(-1)
	for _, a := range v {
		vmin, vmax = math.Min(vmin, a), math.Max(vmax, a)
	}
	if !o.NoGuides {
		for _, sign := range []float64{-1, 1} {
			const n = 200
			xy := make(plotter.XYs, n)
			for i := range xy {
				vv := vmin + (vmax-vmin)*float64(i)/float64(n-1)
				xy[i] = plotter.XY{X: sign * 2 * math.Exp(vv/2), Y: vv}
			}
			l, err := plotter.NewLine(xy)
			if err != nil {
				return nil, err
			}
			l.LineStyle = draw.LineStyle{Color: ExactColor, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}
			// Guides must not stretch the x axis: they are drawn but
			// excluded from the data range.
			p.Add(noRange{l})
			if sign > 0 {
				p.Legend.Add("±2 sd of x | v", l)
			}
		}
	}
	if len(thin) > 0 {
		s, err := plotter.NewScatter(thin)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: withAlpha(ChainColors[0], 0.35), Radius: vg.Points(1.2), Shape: draw.CircleGlyph{}}
		p.Add(s)
		p.Legend.Add("draws", s)
	}
	if len(div) > 0 {
		s, err := plotter.NewScatter(div)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: DivergentColor, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
		p.Add(s)
		p.Legend.Add(fmt.Sprintf("divergent (%d)", len(div)), s)
	}
	if o.XMax > 0 {
		p.X.Min, p.X.Max = -o.XMax, o.XMax
	}
	return FromPlot(p, 5*vg.Inch, 4*vg.Inch), nil
}

// noRange hides the DataRange of a line so that it does not change the
// axes.
type noRange struct{ *plotter.Line }

func (n noRange) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
}
