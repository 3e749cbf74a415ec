package plotting

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Series is one named curve: Y against X. A nil X means 0, 1, 2, ....
type Series struct {
	Name string
	X, Y []float64
}

// AccuracyOptions configures Accuracy. The zero value labels the axes
// "iteration" and "accuracy" and fits the y axis to the data.
type AccuracyOptions struct {
	// Title, XLabel and YLabel label the plot; empty labels get the
	// defaults above.
	Title, XLabel, YLabel string
	// UnitY fixes the y axis to [0, 1].
	UnitY bool
}

// Accuracy plots one or more metric curves (for example the test accuracy
// of the posterior predictive after each iteration, or of several
// methods) against the iteration, with points at the values.
func Accuracy(series []Series, o AccuracyOptions) (*Figure, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("plotting: accuracy plot has no series")
	}
	xl, yl := o.XLabel, o.YLabel
	if xl == "" {
		xl = "iteration"
	}
	if yl == "" {
		yl = "accuracy"
	}
	p := newPlot(o.Title, xl, yl)
	for k, s := range series {
		if err := checkFinite(fmt.Sprintf("series %q Y", s.Name), s.Y); err != nil {
			return nil, err
		}
		if s.X != nil && len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("plotting: series %q has %d x and %d y values", s.Name, len(s.X), len(s.Y))
		}
		xy := make(plotter.XYs, len(s.Y))
		for i, y := range s.Y {
			x := float64(i)
			if s.X != nil {
				x = s.X[i]
			}
			xy[i] = plotter.XY{X: x, Y: y}
		}
		l, pts, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, fmt.Errorf("plotting: series %q: %w", s.Name, err)
		}
		l.Color = chainColor(k)
		l.Width = vg.Points(1.5)
		pts.Color = chainColor(k)
		pts.Radius = vg.Points(2)
		p.Add(l, pts)
		if s.Name != "" {
			p.Legend.Add(s.Name, l, pts)
		}
	}
	if o.UnitY {
		p.Y.Min, p.Y.Max = 0, 1
	}
	p.Legend.Top = false
	return FromPlot(p, 6*vg.Inch, 3.5*vg.Inch), nil
}
