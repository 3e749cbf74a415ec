package plotting

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/bayesnn-go/bayesnn/diag"
)

// ReliabilityOptions configures Reliability. The zero value titles the
// plot with the expected calibration error.
type ReliabilityOptions struct {
	// Title labels the plot; "" means "Reliability (ECE = …)".
	Title string
}

// Reliability draws a reliability diagram from a diag.Calibration: for
// each non-empty confidence bin a bar up to the bin's accuracy, a shaded
// box between its accuracy and its mean confidence (the gap that ECE
// averages, weighted by the bin's share of the predictions), and the
// diagonal of perfect calibration. Bars below the diagonal are
// over-confident bins.
func Reliability(c *diag.Calibration, o ReliabilityOptions) (*Figure, error) {
	if c == nil || len(c.Bins) == 0 {
		return nil, fmt.Errorf("plotting: reliability diagram of no calibration bins")
	}
	title := o.Title
	if title == "" {
		title = fmt.Sprintf("Reliability (ECE = %.3f)", c.ECE)
	}
	p := newPlot(title, "confidence", "accuracy")
	barColor, gapColor := withAlpha(ChainColors[0], 0.55), withAlpha(DivergentColor, 0.35)
	var bar, gap *plotter.Polygon
	for _, b := range c.Bins {
		if b.Count == 0 {
			continue
		}
		if math.IsNaN(b.Accuracy) || math.IsNaN(b.Confidence) {
			return nil, fmt.Errorf("plotting: bin [%g, %g) has %d predictions but accuracy %g, confidence %g", b.Lo, b.Hi, b.Count, b.Accuracy, b.Confidence)
		}
		r, err := rect(b.Lo, b.Hi, 0, b.Accuracy, barColor, draw.LineStyle{Color: ChainColors[0], Width: vg.Points(0.6)})
		if err != nil {
			return nil, err
		}
		p.Add(r)
		bar = r
		g, err := rect(b.Lo, b.Hi, min(b.Accuracy, b.Confidence), max(b.Accuracy, b.Confidence), gapColor, draw.LineStyle{})
		if err != nil {
			return nil, err
		}
		p.Add(g)
		gap = g
	}
	if bar == nil {
		return nil, fmt.Errorf("plotting: reliability diagram with every bin empty")
	}
	diagLine, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return nil, err
	}
	diagLine.LineStyle = draw.LineStyle{Color: RefColor, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}}
	p.Add(diagLine)
	p.Legend.Add("accuracy", bar)
	p.Legend.Add("gap to confidence", gap)
	p.Legend.Add("perfect calibration", diagLine)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	return FromPlot(p, 4.5*vg.Inch, 4.5*vg.Inch), nil
}

// rect is a filled rectangle [x0, x1] × [y0, y1].
func rect(x0, x1, y0, y1 float64, fill color.Color, line draw.LineStyle) (*plotter.Polygon, error) {
	r, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	if err != nil {
		return nil, err
	}
	r.Color = fill
	r.LineStyle = line
	return r, nil
}
