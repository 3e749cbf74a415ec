package plotting

import (
	"fmt"
	"math"
)

// gridWindow is the window and grid of a function of two inputs drawn with
// points on top (Contour, ClassMap), as their options give them: an axis
// whose ends are equal is fitted to the points, a zero Grid means the
// plot's default.
type gridWindow struct {
	XMin, XMax, YMin, YMax float64
	Grid                   int
}

// fit checks the points (x[i], y[i]) and returns the grid on which the
// function is evaluated, its values not yet allocated (see fnGrid.fresh):
// Grid points per axis (def when zero, at least 2) over the window, each
// axis fitted by window when its ends are equal. plot names the plot and
// points the points in the errors ("contour", "draws").
func (w gridWindow) fit(plot, points string, def int, x, y []float64) (fnGrid, error) {
	if len(x) != len(y) {
		return fnGrid{}, fmt.Errorf("plotting: %s has %d x and %d y %s", plot, len(x), len(y), points)
	}
	if len(x) > 0 {
		if err := checkFinite("x", x); err != nil {
			return fnGrid{}, err
		}
		if err := checkFinite("y", y); err != nil {
			return fnGrid{}, err
		}
	}
	g := fnGrid{n: w.Grid}
	var err error
	if g.xmin, g.xmax, err = window(plot, "x", points, w.XMin, w.XMax, x); err != nil {
		return fnGrid{}, err
	}
	if g.ymin, g.ymax, err = window(plot, "y", points, w.YMin, w.YMax, y); err != nil {
		return fnGrid{}, err
	}
	if g.n == 0 {
		g.n = def
	}
	if g.n < 2 {
		return fnGrid{}, fmt.Errorf("plotting: %s grid %d too small (need at least 2)", plot, g.n)
	}
	return g, nil
}

// window returns the range of the plot's axis: [lo, hi] when lo < hi, else
// the range of the points' coordinates d widened by 10% on each side (by 1
// when they are all equal).
func window(plot, axis, points string, lo, hi float64, d []float64) (float64, float64, error) {
	if lo < hi {
		return lo, hi, nil
	}
	if lo > hi {
		return 0, 0, fmt.Errorf("plotting: %s %s window [%g, %g] is reversed", plot, axis, lo, hi)
	}
	if len(d) == 0 {
		return 0, 0, fmt.Errorf("plotting: %s %s window not set and no %s to fit it to", plot, axis, points)
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

// fresh returns a copy of the grid with its own zeroed values.
func (g fnGrid) fresh() *fnGrid {
	g.z = make([]float64, g.n*g.n)
	return &g
}

func (g *fnGrid) Dims() (c, r int)   { return g.n, g.n }
func (g *fnGrid) Z(c, r int) float64 { return g.z[r*g.n+c] }
func (g *fnGrid) X(c int) float64 {
	return g.xmin + (g.xmax-g.xmin)*float64(c)/float64(g.n-1)
}
func (g *fnGrid) Y(r int) float64 {
	return g.ymin + (g.ymax-g.ymin)*float64(r)/float64(g.n-1)
}
