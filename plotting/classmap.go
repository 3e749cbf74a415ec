package plotting

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// MapPanel is one panel of ClassMap: a function of the two inputs shown
// as a colour map with contour lines.
type MapPanel struct {
	// F is the value at (x, y), e.g. the predictive probability of class
	// 1, or the epistemic part of the predictive entropy.
	F func(x, y float64) float64
	// Title names the panel.
	Title string
	// Min and Max are the ends of the colour scale; when Min == Max they
	// are fitted to F's values on the grid.
	Min, Max float64
	// Levels are contour heights drawn over the colours (e.g. 0.5, the
	// decision boundary); nil draws none.
	Levels []float64
}

// ClassMapOptions configures ClassMap. The zero value fits the window to
// the points with a 10% margin and uses a 60 × 60 grid.
type ClassMapOptions struct {
	// XMin, XMax, YMin, YMax set the window; when XMin == XMax (or
	// YMin == YMax) that axis is fitted to the points.
	XMin, XMax, YMin, YMax float64
	// Grid is the number of grid points per axis; zero means 60.
	Grid int
	// Title is the figure's title; XLabel and YLabel label every panel.
	Title, XLabel, YLabel string
}

// ClassMap draws, for a classifier of 2-D inputs, one colour map per
// panel (for example the predictive probability of a class and the
// epistemic uncertainty, the mutual information) over the window, with
// the panel's contour lines and the points (x[i], y[i]) marked by their
// class labels[i] (labels may be nil: plain points). A legend gives the
// colours of five values of the scale.
func ClassMap(panels []MapPanel, x, y []float64, labels []int, o ClassMapOptions) (*Figure, error) {
	if len(panels) == 0 {
		return nil, fmt.Errorf("plotting: class map with no panels")
	}
	frame, err := gridWindow{o.XMin, o.XMax, o.YMin, o.YMax, o.Grid}.fit("class map", "points", 60, x, y)
	if err != nil {
		return nil, err
	}
	if labels != nil && len(labels) != len(x) {
		return nil, fmt.Errorf("plotting: class map has %d labels for %d points", len(labels), len(x))
	}
	for i, l := range labels {
		if l < 0 {
			return nil, fmt.Errorf("plotting: label %d of point %d is negative", l, i)
		}
	}
	fig := NewFigure(1, len(panels), 4.6*vg.Inch, 4.2*vg.Inch)
	fig.Title = o.Title
	for k, pn := range panels {
		p, err := classPanel(pn, frame, o)
		if err != nil {
			return nil, fmt.Errorf("plotting: class map panel %d (%s): %w", k, pn.Title, err)
		}
		if err := addClassPoints(p, x, y, labels); err != nil {
			return nil, err
		}
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = frame.xmin, frame.xmax, frame.ymin, frame.ymax
		fig.Set(0, k, p)
	}
	return fig, nil
}

// classPanel evaluates one panel on a fresh copy of the grid frame and
// draws its colours, contours and colour legend.
func classPanel(pn MapPanel, frame fnGrid, o ClassMapOptions) (*plot.Plot, error) {
	if pn.F == nil {
		return nil, fmt.Errorf("function is nil")
	}
	g := frame.fresh()
	n := g.n
	zmin, zmax := math.Inf(1), math.Inf(-1)
	for r := range n {
		for c := range n {
			z := pn.F(g.X(c), g.Y(r))
			if math.IsNaN(z) || math.IsInf(z, 0) {
				return nil, fmt.Errorf("value %v at (%g, %g)", z, g.X(c), g.Y(r))
			}
			g.z[r*n+c] = z
			zmin, zmax = math.Min(zmin, z), math.Max(zmax, z)
		}
	}
	lo, hi := pn.Min, pn.Max
	if lo > hi {
		return nil, fmt.Errorf("colour scale [%g, %g] is reversed", lo, hi)
	}
	if lo == hi {
		lo, hi = zmin, zmax
		if lo == hi {
			hi = lo + 1
		}
	}
	pal := moreland.SmoothBlueRed().Palette(64)
	p := newPlot(pn.Title, o.XLabel, o.YLabel)
	hm := plotter.NewHeatMap(g, pal)
	hm.Min, hm.Max = lo, hi
	hm.Underflow, hm.Overflow = pal.Colors()[0], pal.Colors()[len(pal.Colors())-1]
	hm.Rasterized = true
	p.Add(hm)
	if len(pn.Levels) > 0 {
		cp := plotter.NewContour(g, pn.Levels, palette.Heat(1, 1))
		cp.LineStyles = []draw.LineStyle{{Color: color.Black, Width: vg.Points(1.2)}}
		cp.Palette = nil
		cp.Min, cp.Max = pn.Levels[0], pn.Levels[len(pn.Levels)-1]
		if cp.Min == cp.Max {
			cp.Max = cp.Min + 1
		}
		p.Add(cp)
	}
	for i := range 5 {
		v := lo + (hi-lo)*float64(i)/4
		p.Legend.Add(fmt.Sprintf("%.3g", v), swatch{colorAt(pal, lo, hi, v)})
	}
	return p, nil
}

// colorAt returns the palette's colour for v on the scale [lo, hi].
func colorAt(pal palette.Palette, lo, hi, v float64) color.Color {
	cs := pal.Colors()
	i := int(math.Round((v - lo) / (hi - lo) * float64(len(cs)-1)))
	return cs[max(0, min(len(cs)-1, i))]
}

// swatch is a legend thumbnail filled with one colour.
type swatch struct{ c color.Color }

// Thumbnail fills the legend entry's box.
func (s swatch) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}}
	c.FillPolygon(s.c, pts)
}

// classGlyphs are the point markers of classes 0, 1, 2, ... (cycled).
var classGlyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.SquareGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}}

// addClassPoints draws the points, one scatter (and legend entry) per
// class.
func addClassPoints(p *plot.Plot, x, y []float64, labels []int) error {
	if len(x) == 0 {
		return nil
	}
	groups := map[int]plotter.XYs{}
	maxClass := 0
	for i := range x {
		l := 0
		if labels != nil {
			l = labels[i]
		}
		groups[l] = append(groups[l], plotter.XY{X: x[i], Y: y[i]})
		maxClass = max(maxClass, l)
	}
	for l := 0; l <= maxClass; l++ {
		pts, ok := groups[l]
		if !ok {
			continue
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(2), Shape: classGlyphs[l%len(classGlyphs)]}
		p.Add(s)
		name := "points"
		if labels != nil {
			name = fmt.Sprintf("class %d", l)
		}
		p.Legend.Add(name, s)
	}
	return nil
}
