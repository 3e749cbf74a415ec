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
	if len(x) != len(y) {
		return nil, fmt.Errorf("plotting: contour has %d x and %d y draws", len(x), len(y))
	}
	if len(x) > 0 {
		if err := checkFinite("x", x); err != nil {
			return nil, err
		}
		if err := checkFinite("y", y); err != nil {
			return nil, err
		}
	}
	xmin, xmax, err := window(o.XMin, o.XMax, x, "x")
	if err != nil {
		return nil, err
	}
	ymin, ymax, err := window(o.YMin, o.YMax, y, "y")
	if err != nil {
		return nil, err
	}
	n := o.Grid
	if n == 0 {
		n = 80
	}
	if n < 2 {
		return nil, fmt.Errorf("plotting: contour grid %d too small (need at least 2)", n)
	}
	g := &fnGrid{n: n, xmin: xmin, xmax: xmax, ymin: ymin, ymax: ymax, z: make([]float64, n*n)}
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
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
	return FromPlot(p, 5*vg.Inch, 4.5*vg.Inch), nil
}

// window returns the axis range: [lo, hi] when lo < hi, else the range of
// d widened by 10% on each side.
func window(lo, hi float64, d []float64, name string) (float64, float64, error) {
	if lo < hi {
		return lo, hi, nil
	}
	if lo > hi {
		return 0, 0, fmt.Errorf("plotting: contour %s window [%g, %g] is reversed", name, lo, hi)
	}
	if len(d) == 0 {
		return 0, 0, fmt.Errorf("plotting: contour %s window not set and no draws to fit it to", name)
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, a := range d {
		lo, hi = math.Min(lo, a), math.Max(hi, a)
	}
	pad := 0.1 * (hi - lo)
	if pad == 0 {
		pad = 1
	}
	return lo - pad, hi + pad, nil
}

// fnGrid is a regular n × n grid of function values implementing
// plotter.GridXYZ.
type fnGrid struct {
	n                      int
	xmin, xmax, ymin, ymax float64
	z                      []float64 // row-major, row r is y index
}

func (g *fnGrid) Dims() (c, r int)   { return g.n, g.n }
func (g *fnGrid) Z(c, r int) float64 { return g.z[r*g.n+c] }
func (g *fnGrid) X(c int) float64 {
	return g.xmin + (g.xmax-g.xmin)*float64(c)/float64(g.n-1)
}
func (g *fnGrid) Y(r int) float64 {
	return g.ymin + (g.ymax-g.ymin)*float64(r)/float64(g.n-1)
}
