package plotting

import (
	"math"
	"strings"
	"testing"
)

// TestGridWindowFit checks the window and grid that Contour and ClassMap
// share: an axis with equal ends is fitted to the points with a 10% margin
// (1 for points all at one value), a set axis is kept, Grid defaults to the
// plot's default, and bad input is an error naming the plot and the
// problem.
func TestGridWindowFit(t *testing.T) {
	x := []float64{-1, 3, 0.5}
	y := []float64{2, 2, 2}
	g, err := gridWindow{YMin: -4, YMax: 5}.fit("contour", "draws", 80, x, y)
	if err != nil {
		t.Fatal(err)
	}
	// x spans [-1, 3]: 10% of 4 on each side.
	if g.xmin != -1.4 || g.xmax != 3.4 || g.ymin != -4 || g.ymax != 5 || g.n != 80 || g.z != nil {
		t.Errorf("fit = x [%g, %g] y [%g, %g] n %d (z %d), want x [-1.4, 3.4] y [-4, 5] n 80, no values",
			g.xmin, g.xmax, g.ymin, g.ymax, g.n, len(g.z))
	}
	g, err = gridWindow{XMin: 0, XMax: 1, Grid: 7}.fit("class map", "points", 60, x, y)
	if err != nil {
		t.Fatal(err)
	}
	// y is constant at 2: a margin of 1.
	if g.xmin != 0 || g.xmax != 1 || g.ymin != 1 || g.ymax != 3 || g.n != 7 {
		t.Errorf("fit = x [%g, %g] y [%g, %g] n %d, want x [0, 1] y [1, 3] n 7", g.xmin, g.xmax, g.ymin, g.ymax, g.n)
	}
	f := g.fresh()
	f.z[0] = 1
	if h := g.fresh(); len(h.z) != 49 || h.z[0] != 0 || g.z != nil {
		t.Errorf("fresh grids share values (len %d, z[0] %g)", len(h.z), h.z[0])
	}
	if f.X(0) != 0 || f.X(6) != 1 || f.Y(0) != 1 || f.Y(6) != 3 {
		t.Errorf("grid ends x %g…%g y %g…%g, want 0…1, 1…3", f.X(0), f.X(6), f.Y(0), f.Y(6))
	}

	for _, tc := range []struct {
		name string
		w    gridWindow
		x, y []float64
		want string
	}{
		{"lengths", gridWindow{}, []float64{1, 2}, []float64{1}, "contour has 2 x and 1 y draws"},
		{"not finite", gridWindow{}, []float64{1, math.NaN()}, []float64{1, 2}, "x[1] is not finite"},
		{"not finite y", gridWindow{}, []float64{1, 2}, []float64{math.Inf(-1), 2}, "y[0] is not finite"},
		{"no points x", gridWindow{YMin: 0, YMax: 1}, nil, nil, "contour x window not set and no draws to fit it to"},
		{"no points y", gridWindow{XMin: 0, XMax: 1}, nil, nil, "contour y window not set and no draws to fit it to"},
		{"reversed", gridWindow{XMin: 1, XMax: 0}, x, y, "contour x window [1, 0] is reversed"},
		{"reversed y", gridWindow{YMin: 1, YMax: -1}, x, y, "contour y window [1, -1] is reversed"},
		{"grid", gridWindow{Grid: 1}, x, y, "contour grid 1 too small"},
		{"negative grid", gridWindow{Grid: -3}, x, y, "contour grid -3 too small"},
	} {
		_, err := tc.w.fit("contour", "draws", 80, tc.x, tc.y)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one with %q", tc.name, err, tc.want)
		}
	}
	// With no points but both axes set, the window is the one given.
	if g, err := (gridWindow{XMin: -2, XMax: 2, YMin: 0, YMax: 1}).fit("contour", "draws", 80, nil, nil); err != nil || g.xmin != -2 || g.ymax != 1 {
		t.Errorf("set window without points: %+v, %v", g, err)
	}
	// ClassMap's errors name it and its points, not Contour.
	if _, err := ClassMap(blobPanels(), nil, nil, nil, ClassMapOptions{}); err == nil ||
		!strings.Contains(err.Error(), "class map x window not set and no points") {
		t.Errorf("ClassMap without a window or points: %v", err)
	}
}
