package plotting

import (
	"fmt"
	"sort"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Band is a posterior predictive summary over a 1-D input: the predictive
// mean, the epistemic interval (from parameter uncertainty only) and,
// optionally, the total interval (adding the observation noise). All
// slices are indexed like X, which need not be sorted.
type Band struct {
	X                        []float64
	Mean                     []float64
	EpistemicLo, EpistemicHi []float64
	// TotalLo and TotalHi may be nil.
	TotalLo, TotalHi []float64
}

// PredictiveOptions configures PredictiveBand.
type PredictiveOptions struct {
	// Truth, when not nil, is the true regression function, drawn dashed.
	Truth func(x float64) float64
	// Title, XLabel and YLabel label the plot.
	Title, XLabel, YLabel string
}

// PredictiveBand plots a posterior predictive band: the total interval as
// a light band, the epistemic interval as a darker band inside it, the
// predictive mean as a line, and the observed data (dataX, dataY; may be
// empty) as points.
func PredictiveBand(b Band, dataX, dataY []float64, o PredictiveOptions) (*Figure, error) {
	n := len(b.X)
	if n < 2 {
		return nil, fmt.Errorf("plotting: predictive band needs at least 2 inputs, have %d", n)
	}
	named := []struct {
		name string
		v    []float64
	}{{"X", b.X}, {"Mean", b.Mean}, {"EpistemicLo", b.EpistemicLo}, {"EpistemicHi", b.EpistemicHi}}
	total := b.TotalLo != nil || b.TotalHi != nil
	if total {
		named = append(named, struct {
			name string
			v    []float64
		}{"TotalLo", b.TotalLo}, struct {
			name string
			v    []float64
		}{"TotalHi", b.TotalHi})
	}
	for _, s := range named {
		if len(s.v) != n {
			return nil, fmt.Errorf("plotting: band %s has length %d, want %d (len X)", s.name, len(s.v), n)
		}
		if err := checkFinite("band "+s.name, s.v); err != nil {
			return nil, err
		}
	}
	if len(dataX) != len(dataY) {
		return nil, fmt.Errorf("plotting: data has %d x and %d y values", len(dataX), len(dataY))
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, c int) bool { return b.X[order[a]] < b.X[order[c]] })
	p := newPlot(o.Title, o.XLabel, o.YLabel)
	base := ChainColors[0]
	if total {
		poly, err := bandPolygon(b.X, b.TotalLo, b.TotalHi, order)
		if err != nil {
			return nil, err
		}
		poly.Color = withAlpha(base, 0.15)
		p.Add(poly)
		p.Legend.Add("total interval", poly)
	}
	poly, err := bandPolygon(b.X, b.EpistemicLo, b.EpistemicHi, order)
	if err != nil {
		return nil, err
	}
	poly.Color = withAlpha(base, 0.35)
	p.Add(poly)
	p.Legend.Add("epistemic interval", poly)
	mean := make(plotter.XYs, n)
	for k, i := range order {
		mean[k] = plotter.XY{X: b.X[i], Y: b.Mean[i]}
	}
	ml, err := plotter.NewLine(mean)
	if err != nil {
		return nil, err
	}
	ml.Color = base
	ml.Width = vg.Points(1.8)
	p.Add(ml)
	p.Legend.Add("predictive mean", ml)
	if o.Truth != nil {
		t := plotter.NewFunction(o.Truth)
		t.XMin, t.XMax = b.X[order[0]], b.X[order[n-1]]
		t.Samples = 200
		t.LineStyle = truthStyle()
		p.Add(t)
		p.Legend.Add("truth", t)
	}
	if len(dataX) > 0 {
		if err := checkFinite("dataX", dataX); err != nil {
			return nil, err
		}
		if err := checkFinite("dataY", dataY); err != nil {
			return nil, err
		}
		pts := make(plotter.XYs, len(dataX))
		for i := range dataX {
			pts[i] = plotter.XY{X: dataX[i], Y: dataY[i]}
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: withAlpha(chainColor(1), 0.9), Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
		p.Add(s)
		p.Legend.Add("data", s)
	}
	return FromPlot(p, 6*vg.Inch, 4*vg.Inch), nil
}

func bandPolygon(x, lo, hi []float64, order []int) (*plotter.Polygon, error) {
	pts := make(plotter.XYs, 0, 2*len(order))
	for _, i := range order {
		pts = append(pts, plotter.XY{X: x[i], Y: lo[i]})
	}
	for k := len(order) - 1; k >= 0; k-- {
		i := order[k]
		pts = append(pts, plotter.XY{X: x[i], Y: hi[i]})
	}
	poly, err := plotter.NewPolygon(pts)
	if err != nil {
		return nil, err
	}
	poly.LineStyle.Width = 0
	return poly, nil
}
