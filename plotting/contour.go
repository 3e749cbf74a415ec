package plotting

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ContourOptions configures Contour. The zero value fits the window to the
// draws with a 10% margin, evaluates f on an 80 × 80 grid, draws 8 levels
// and at most 3000 points.
type ContourOptions struct {
	// XMin, XMax, YMin, YMax set the window; when XMin == XMax (or
	// YMin == YMax) that axis is fitted to the draws.
	XMin, XMax, YMin, YMax float64
	// Grid is the number of grid points per axis; zero means 80.
	Grid int
	// Levels are the contour heights; empty means NumLevels heights evenly
	// spaced strictly between the minimum and maximum of f on the grid.
	Levels []float64
	// NumLevels is the number of default levels; zero means 8.
	NumLevels int
	// MaxPoints caps the draws shown by even thinning; zero means 3000,
	// negative means no cap.
	MaxPoints int
	// Title, XLabel and YLabel label the plot.
	Title, XLabel, YLabel string
	// PointsLabel is the legend entry of the points; "" means "draws".
	// Name what they are when they are not posterior draws ("training
	// data", "observations"). When MaxPoints thins them, the entry says
	// how many of how many are shown.
	PointsLabel string
}

// Contour draws the contours of f (for example a bimodal density) on a
// grid and the points (x[i], y[i]) on top: draws, to show whether a sampler
// visits every mode, or data (name them with PointsLabel). x and y may be empty to draw the contours alone, but then the
// window must be given.
func Contour(f func(x, y float64) float64, x, y []float64, o ContourOptions) (*Figure, error) {
	if f == nil {
		return nil, fmt.Errorf("plotting: contour function is nil")
	}
	frame, err := gridWindow{o.XMin, o.XMax, o.YMin, o.YMax, o.Grid}.fit("contour", "draws", 80, x, y)
	if err != nil {
		return nil, err
	}
	g := frame.fresh()
	n := g.n
	zmin, zmax := math.Inf(1), math.Inf(-1)
	for r := range n {
		for c := range n {
			z := f(g.X(c), g.Y(r))
			if math.IsNaN(z) || math.IsInf(z, 1) {
				return nil, fmt.Errorf("plotting: contour function is %v at (%g, %g)", z, g.X(c), g.Y(r))
			}
			g.z[r*n+c] = z
			if !math.IsInf(z, -1) {
				zmin, zmax = math.Min(zmin, z), math.Max(zmax, z)
			}
		}
	}
	if !(zmin < zmax) {
		return nil, fmt.Errorf("plotting: contour function is constant or -Inf on the whole window")
	}
	// -Inf (outside a support, for a log density) lies below every level.
	for i, z := range g.z {
		if math.IsInf(z, -1) {
			g.z[i] = zmin - (zmax - zmin)
		}
	}
	levels := o.Levels
	if len(levels) == 0 {
		k := o.NumLevels
		if k == 0 {
			k = 8
		}
		levels = make([]float64, k)
		for i := range levels {
			levels[i] = zmin + (zmax-zmin)*float64(i+1)/float64(k+1)
		}
	}
	p := newPlot(o.Title, o.XLabel, o.YLabel)
	cp := plotter.NewContour(g, levels, moreland.SmoothBlueRed().Palette(len(levels)))
	cp.Min, cp.Max = levels[0], levels[len(levels)-1]
	if cp.Min == cp.Max {
		cp.Max = cp.Min + 1
	}
	cp.LineStyles = []draw.LineStyle{{Width: vg.Points(1.2)}}
	p.Add(cp)
	if len(x) > 0 {
		maxPts := o.MaxPoints
		if maxPts == 0 {
			maxPts = 3000
		}
		keep := thinIndex(len(x), maxPts)
		pts := make(plotter.XYs, len(keep))
		for k, i := range keep {
			pts[k] = plotter.XY{X: x[i], Y: y[i]}
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: withAlpha(RefColor, 0.4), Radius: vg.Points(1.2), Shape: draw.CircleGlyph{}}
		p.Add(s)
		label := o.PointsLabel
		if label == "" {
			label = "draws"
		}
		if len(keep) < len(x) {
			label = fmt.Sprintf("%s (%d of %d shown)", label, len(keep), len(x))
		}
		p.Legend.Add(label, s)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = g.xmin, g.xmax, g.ymin, g.ymax
	return FromPlot(p, 5*vg.Inch, 4.5*vg.Inch), nil
}
