package plotting

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colors used across the package. ChainColors cycles over chains.
var (
	ChainColors = []color.Color{
		color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
		color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff},
		color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
		color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff},
		color.RGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff},
		color.RGBA{R: 0x17, G: 0xbe, B: 0xcf, A: 0xff},
		color.RGBA{R: 0xbc, G: 0xbd, B: 0x22, A: 0xff},
		color.RGBA{R: 0x7f, G: 0x7f, B: 0x7f, A: 0xff},
	}

	// DivergentColor marks divergent transitions.
	DivergentColor color.Color = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}

	// TruthColor draws true values (dashed lines and markers).
	TruthColor color.Color = color.Black

	// RefColor draws reference lines (expected rank counts, zero
	// autocorrelation) and the draws over contours.
	RefColor color.Color = color.Black

	// ExactColor draws exact densities and reference curves.
	ExactColor color.Color = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
)

// TruthDashes is the dash pattern of truth lines; it tells them apart from
// every other line in a figure.
var TruthDashes = []vg.Length{vg.Points(6), vg.Points(3)}

func chainColor(c int) color.Color { return ChainColors[c%len(ChainColors)] }

// withAlpha returns c with opacity a in [0, 1] (premultiplied).
func withAlpha(c color.Color, a float64) color.Color {
	r, g, b, _ := c.RGBA()
	return color.RGBA{
		R: uint8(float64(r>>8) * a), G: uint8(float64(g>>8) * a), B: uint8(float64(b>>8) * a),
		A: uint8(255 * a),
	}
}

func truthStyle() draw.LineStyle {
	return draw.LineStyle{Color: TruthColor, Width: vg.Points(1.5), Dashes: TruthDashes}
}

// refLine is a vertical (or horizontal) line across the whole data area at
// Value; its data range includes Value so it is always visible.
type refLine struct {
	Value    float64
	Vertical bool
	Style    draw.LineStyle
}

func (l refLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	if l.Vertical {
		x := trX(l.Value)
		c.StrokeLines(l.Style, c.ClipLinesX([]vg.Point{{X: x, Y: c.Min.Y}, {X: x, Y: c.Max.Y}})...)
		return
	}
	y := trY(l.Value)
	c.StrokeLines(l.Style, c.ClipLinesY([]vg.Point{{X: c.Min.X, Y: y}, {X: c.Max.X, Y: y}})...)
}

func (l refLine) DataRange() (xmin, xmax, ymin, ymax float64) {
	if l.Vertical {
		return l.Value, l.Value, math.Inf(1), math.Inf(-1)
	}
	return math.Inf(1), math.Inf(-1), l.Value, l.Value
}

// Thumbnail implements plot.Thumbnailer for legends.
func (l refLine) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.Style, c.Min.X, y, c.Max.X, y)
}

// rug draws short vertical ticks at X along the bottom of the data area.
type rug struct {
	X      []float64
	Style  draw.LineStyle
	Length vg.Length
}

func (r rug) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	for _, x := range r.X {
		px := trX(x)
		if !c.ContainsX(px) {
			continue
		}
		c.StrokeLine2(r.Style, px, c.Min.Y, px, c.Min.Y+r.Length)
	}
}

// Thumbnail implements plot.Thumbnailer for legends.
func (r rug) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	c.StrokeLine2(r.Style, x, c.Min.Y, x, c.Max.Y)
}

// newPlot returns a plot with the package's defaults: small fonts, a title,
// axis labels and a legend at the top right.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(11)
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.X.Label.TextStyle.Font.Size = vg.Points(10)
	p.Y.Label.TextStyle.Font.Size = vg.Points(10)
	p.X.Tick.Label.Font.Size = vg.Points(8)
	p.Y.Tick.Label.Font.Size = vg.Points(8)
	p.X.Tick.Marker = cleanTicks{}
	p.Y.Tick.Marker = cleanTicks{}
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	p.Legend.ThumbnailWidth = vg.Points(14)
	return p
}

// cleanTicks is gonum's default ticker with labels written in their
// shortest form ("250" rather than "250.00") when that form is short.
type cleanTicks struct{}

func (cleanTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	for i, t := range ts {
		if t.Label == "" {
			continue
		}
		if s := strconv.FormatFloat(t.Value, 'f', -1, 64); len(s) <= 7 {
			ts[i].Label = s
		}
	}
	return ts
}

// gridShape returns rows and columns for n panels with at most maxCols
// columns.
func gridShape(n, maxCols int) (rows, cols int) {
	cols = min(n, maxCols)
	if cols < 1 {
		cols = 1
	}
	rows = (n + cols - 1) / cols
	return rows, cols
}

// thinIndex returns at most max evenly spaced indices into 0..n-1 (all of
// them when max <= 0 or n <= max).
func thinIndex(n, max int) []int {
	if max <= 0 || n <= max {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	idx := make([]int, max)
	for i := range idx {
		idx[i] = int(float64(i) * float64(n) / float64(max))
	}
	return idx
}
