package plotting

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// TraceOptions configures Trace. The zero value plots up to MaxParams
// parameters with no divergence ticks and no truth lines.
type TraceOptions struct {
	// Params names the parameters to plot, in order; empty means the first
	// MaxParams parameters.
	Params []string
	// MaxParams caps the number of panels when Params is empty; zero means 8.
	MaxParams int
	// Stats, when not nil, supplies divergent__; divergent draws are marked
	// by ticks along the bottom of every panel.
	Stats StatSource
	// Truth maps parameter names to true values, drawn as dashed
	// horizontal lines.
	Truth map[string]float64
	// Title is the figure title; empty means none.
	Title string
}

// Trace plots the draws of each parameter against the iteration, one
// colored line per chain, one panel per parameter, with divergent
// transitions marked as ticks at the bottom of each panel.
func Trace(c Chains, o TraceOptions) (*Figure, error) {
	v, idx, err := chainsAndParams(c, o.Params, o.MaxParams, 8)
	if err != nil {
		return nil, err
	}
	div, err := divergences(o.Stats, v.nChains, v.nDraws)
	if err != nil {
		return nil, err
	}
	var divX []float64
	for _, ch := range div {
		for i, d := range ch {
			if d {
				divX = append(divX, float64(i))
			}
		}
	}
	f := NewFigure(len(idx), 1, 7*vg.Inch, 1.8*vg.Inch)
	f.Title = o.Title
	for row, j := range idx {
		d, err := v.param(j)
		if err != nil {
			return nil, err
		}
		name := v.names[j]
		p := newPlot("", "", name)
		if row == len(idx)-1 {
			p.X.Label.Text = "iteration"
		}
		for ch, draws := range d {
			xy := make(plotter.XYs, len(draws))
			for i, x := range draws {
				xy[i] = plotter.XY{X: float64(i), Y: x}
			}
			l, err := plotter.NewLine(xy)
			if err != nil {
				return nil, fmt.Errorf("plotting: trace of %q: %w", name, err)
			}
			l.Color = withAlpha(chainColor(ch), 0.8)
			l.Width = vg.Points(0.7)
			p.Add(l)
			if row == 0 && v.nChains > 1 {
				f.AddLegend(chainLabel(ch), l)
			}
		}
		if len(divX) > 0 {
			r := rug{X: divX, Style: draw.LineStyle{Color: DivergentColor, Width: vg.Points(1)}, Length: vg.Points(8)}
			p.Add(r)
			if row == 0 {
				f.AddLegend(fmt.Sprintf("divergent (%d)", len(divX)), r)
			}
		}
		if t, ok := o.Truth[name]; ok {
			l := refLine{Value: t, Style: truthStyle()}
			p.Add(l)
			if row == 0 {
				f.AddLegend("truth", l)
			}
		}
		f.plots[row][0] = p
	}
	return f, nil
}
