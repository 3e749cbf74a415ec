package plotting

import (
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// legendTextX records the drawing of p on a cell of size w × h by drawFn
// and returns the smallest x of the texts drawn for the legend entries
// labels, the right edge of p's data area when drawn beside its legend,
// and that edge when p takes the whole cell (gonum's own layout).
func legendTextX(t *testing.T, p *plot.Plot, labels []string, drawFn func(*plot.Plot, draw.Canvas)) (textX, dataMaxX, fullMaxX vg.Length) {
	t.Helper()
	rec := &recorder.Canvas{}
	c := draw.NewCanvas(rec, 5*vg.Inch, 4*vg.Inch)
	drawFn(p, c)
	textX = vg.Length(1e9)
	found := 0
	for _, a := range rec.Actions {
		if fs, ok := a.(*recorder.FillString); ok {
			for _, l := range labels {
				if fs.String == l {
					textX = min(textX, fs.Point.X)
					found++
				}
			}
		}
	}
	if found != len(labels) {
		t.Fatalf("found %d of the legend labels %q", found, labels)
	}
	pc, _, ok := legendBeside(p, c)
	if !ok {
		t.Fatal("no legend")
	}
	return textX, p.DataCanvas(pc).Max.X, p.DataCanvas(c).Max.X
}

// TestLegendOffTheData (issue 21, item 11): every plot's legend is drawn
// to the right of its data area, not on the Adam curves, predictive bands
// or points (gonum's default, drawn inside, is what main did).
func TestLegendOffTheData(t *testing.T) {
	figs, err := allFigures()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]string{
		"predictive": {"total interval", "epistemic interval", "predictive mean", "truth", "data"},
		"accuracy":   {"HMC", "SGLD"},
		"contour":    {"draws"},
	}
	for name, labels := range cases {
		p := figs[name].At(0, 0)
		x, dataMax, _ := legendTextX(t, p, labels, drawPlot)
		if x < dataMax {
			t.Errorf("%s: legend text at x=%v lies on the data area (right edge %v)", name, x, dataMax)
		}
		// gonum's own layout (main's) overlaps: the check can fail.
		if x, _, fullMax := legendTextX(t, p, labels, func(p *plot.Plot, c draw.Canvas) { p.Draw(c) }); x >= fullMax {
			t.Errorf("%s: gonum's legend at x=%v does not overlap the data area (right edge %v): test is void", name, x, fullMax)
		}
		if p.Legend.Rectangle(draw.NewCanvas(&recorder.Canvas{}, vg.Inch, vg.Inch)).Max.X == 0 {
			t.Errorf("%s: drawing lost the plot's legend", name)
		}
	}
}

// TestContourPointsLabel (issue 21, item 10): Contour's points are named
// by PointsLabel and say when they are thinned.
func TestContourPointsLabel(t *testing.T) {
	x, y := make([]float64, 50), make([]float64, 50)
	for i := range x {
		x[i], y[i] = float64(i%7)-3, float64(i%5)-2
	}
	f := func(a, b float64) float64 { return -a*a - b*b }
	for _, tc := range []struct {
		o    ContourOptions
		want string
	}{
		{ContourOptions{}, ">draws<"},
		{ContourOptions{PointsLabel: "training data"}, ">training data<"},
		{ContourOptions{PointsLabel: "training data", MaxPoints: 20}, ">training data (20 of 50 shown)<"},
	} {
		fig, err := Contour(f, x, y, tc.o)
		if err != nil {
			t.Fatal(err)
		}
		svg, err := fig.SVG()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(svg), tc.want) {
			t.Errorf("%+v: SVG lacks the legend %s", tc.o, tc.want)
		}
	}
}
