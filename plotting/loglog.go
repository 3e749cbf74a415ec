package plotting

import (
	"fmt"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// LogLogOptions configures LogLog. The zero value labels the axes "x" and
// "y".
type LogLogOptions struct {
	// Title, XLabel and YLabel label the plot.
	Title, XLabel, YLabel string
}

// LogLog plots curves on logarithmic x and y axes, with points at the
// values: the plot of a convergence order, where an error that falls like
// x^k is a straight line of slope k (for example an integrator's energy
// error against its step size). Every X and Y must be positive; a nil X
// is not allowed. When all series share at most 10 x values, the x ticks
// are those values.
func LogLog(series []Series, o LogLogOptions) (*Figure, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("plotting: log-log plot has no series")
	}
	xl, yl := o.XLabel, o.YLabel
	if xl == "" {
		xl = "x"
	}
	if yl == "" {
		yl = "y"
	}
	p := newPlot(o.Title, xl, yl)
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{}, plot.LogTicks{}
	xs := map[float64]bool{}
	for k, s := range series {
		if len(s.X) != len(s.Y) || len(s.Y) == 0 {
			return nil, fmt.Errorf("plotting: log-log series %q has %d x and %d y values", s.Name, len(s.X), len(s.Y))
		}
		xy := make(plotter.XYs, len(s.Y))
		for i := range s.Y {
			if !(s.X[i] > 0) || !(s.Y[i] > 0) || s.X[i] > 1e308 || s.Y[i] > 1e308 {
				return nil, fmt.Errorf("plotting: log-log series %q point %d is (%v, %v): both must be finite and positive", s.Name, i, s.X[i], s.Y[i])
			}
			xy[i] = plotter.XY{X: s.X[i], Y: s.Y[i]}
			xs[s.X[i]] = true
		}
		l, pts, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, fmt.Errorf("plotting: series %q: %w", s.Name, err)
		}
		l.Color, pts.Color = chainColor(k), chainColor(k)
		l.Width, pts.Radius = vg.Points(1.5), vg.Points(2)
		p.Add(l, pts)
		if s.Name != "" {
			p.Legend.Add(s.Name, l, pts)
		}
	}
	if len(xs) <= 10 {
		var ticks []plot.Tick
		for x := range xs {
			ticks = append(ticks, plot.Tick{Value: x, Label: strconv.FormatFloat(x, 'g', 4, 64)})
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
	}
	p.Legend.Top = true
	return FromPlot(p, 5.5*vg.Inch, 3.5*vg.Inch), nil
}
