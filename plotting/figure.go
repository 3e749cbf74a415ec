package plotting

import (
	"bytes"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/bayesnn-go/bayesnn/report"
)

// DefaultDPI is the PNG resolution used when Figure.DPI is zero.
const DefaultDPI = 96

// Figure is a grid of gonum plots with a title and a size. Cells may be nil
// (left blank). The plots are ordinary *plot.Plot values and may be adjusted
// before rendering.
type Figure struct {
	// Title is drawn above the grid; empty means none.
	Title string

	// Width and Height are the size of the rendered figure.
	// Constructors set them from the grid shape.
	Width, Height vg.Length

	// DPI is the PNG resolution in dots per inch; zero means DefaultDPI.
	DPI int

	plots [][]*plot.Plot

	// legend, when it has entries, is drawn to the right of the grid.
	legend  *plot.Legend
	nLegend int
}

// NewFigure returns an empty figure with rows × cols cells, sized
// cellW × cellH per cell. It panics if rows or cols is less than one.
func NewFigure(rows, cols int, cellW, cellH vg.Length) *Figure {
	if rows < 1 || cols < 1 {
		panic(fmt.Sprintf("plotting: bad figure shape %d×%d", rows, cols))
	}
	f := &Figure{
		Width:  vg.Length(cols) * cellW,
		Height: vg.Length(rows) * cellH,
		plots:  make([][]*plot.Plot, rows),
	}
	for i := range f.plots {
		f.plots[i] = make([]*plot.Plot, cols)
	}
	return f
}

// FromPlot wraps a single plot in a figure of the given size.
func FromPlot(p *plot.Plot, w, h vg.Length) *Figure {
	f := NewFigure(1, 1, w, h)
	f.plots[0][0] = p
	return f
}

// AddLegend adds an entry to the figure-wide legend, drawn to the right of
// the grid. Panels of a multi-panel figure share it instead of each
// covering its data with its own.
func (f *Figure) AddLegend(name string, thumbs ...plot.Thumbnailer) {
	if f.legend == nil {
		l := plot.NewLegend()
		l.Top = true
		l.Left = true
		l.TextStyle.Font.Size = vg.Points(9)
		l.ThumbnailWidth = vg.Points(14)
		f.legend = &l
	}
	f.legend.Add(name, thumbs...)
	f.nLegend++
}

// Dims returns the number of rows and columns of the grid.
func (f *Figure) Dims() (rows, cols int) {
	if len(f.plots) == 0 {
		return 0, 0
	}
	return len(f.plots), len(f.plots[0])
}

// At returns the plot in row i, column j (nil for a blank cell).
func (f *Figure) At(i, j int) *plot.Plot { return f.plots[i][j] }

// Set puts p in row i, column j.
func (f *Figure) Set(i, j int, p *plot.Plot) { f.plots[i][j] = p }

// SVG renders the figure as a standalone SVG document.
func (f *Figure) SVG() ([]byte, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	c := vgsvg.New(f.Width, f.Height)
	if err := f.draw(draw.New(c)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plotting: writing SVG: %w", err)
	}
	return buf.Bytes(), nil
}

// PNG renders the figure as a PNG image at f.DPI.
func (f *Figure) PNG() ([]byte, error) {
	dpi := f.DPI
	if dpi <= 0 {
		dpi = DefaultDPI
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	c := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	if err := f.draw(draw.New(c)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plotting: writing PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// Save writes the figure to path as SVG or PNG, chosen by the extension
// (.svg or .png).
func (f *Figure) Save(path string) error {
	var (
		b   []byte
		err error
	)
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".svg":
		b, err = f.SVG()
	case ".png":
		b, err = f.PNG()
	default:
		return fmt.Errorf("plotting: cannot save %q: unsupported extension %q (want .svg or .png)", path, ext)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// Display shows the figure inline in a GoNB notebook as PNG, and waits
// until the notebook has received it. Outside a notebook it adds the
// figure to the page of report.Program when a program (a notebook run as a
// plain Go program) set one up, and otherwise does nothing and returns nil
// without rendering.
func (f *Figure) Display() error {
	if !gonbui.IsNotebook {
		if report.ProgramActive() {
			report.Display(report.PlotPNG(f, f.Title))
		}
		return nil
	}
	b, err := f.PNG()
	if err != nil {
		return err
	}
	gonbui.DisplayPng(b)
	gonbui.Sync()
	return gonbui.Error()
}

// DisplaySVG shows the figure inline in a GoNB notebook as SVG. Outside a
// notebook it does nothing and returns nil.
func (f *Figure) DisplaySVG() error {
	if !gonbui.IsNotebook {
		return nil
	}
	b, err := f.SVG()
	if err != nil {
		return err
	}
	gonbui.DisplaySvg(string(b))
	gonbui.Sync()
	return gonbui.Error()
}

// check reports an empty or zero-sized figure.
func (f *Figure) check() error {
	rows, _ := f.Dims()
	if rows == 0 || f.Width <= 0 || f.Height <= 0 {
		return fmt.Errorf("plotting: empty figure (%d rows, size %v×%v)", rows, f.Width, f.Height)
	}
	return nil
}

// draw renders the figure onto dc, turning a panic inside gonum/plot into an
// error.
func (f *Figure) draw(dc draw.Canvas) (err error) {
	rows, cols := f.Dims()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plotting: rendering failed: %v", r)
		}
	}()
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	if f.Title != "" {
		sty := text.Style{
			Color:   color.Black,
			Font:    font.From(plot.DefaultFont, 14),
			XAlign:  draw.XCenter,
			YAlign:  draw.YTop,
			Handler: plot.DefaultTextHandler,
		}
		pad := vg.Points(4)
		dc.FillText(sty, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - pad}, f.Title)
		dc = draw.Crop(dc, 0, 0, 0, -(sty.Height(f.Title) + 2*pad))
	}
	if f.nLegend > 0 {
		r := f.legend.Rectangle(dc)
		w := r.Max.X - r.Min.X + vg.Points(12)
		lc := draw.Crop(dc, dc.Max.X-dc.Min.X-w, 0, 0, -vg.Points(24))
		lc = draw.Crop(lc, vg.Points(6), 0, 0, 0)
		f.legend.Draw(lc)
		dc = draw.Crop(dc, 0, -w, 0, 0)
	}
	t := draw.Tiles{
		Rows: rows, Cols: cols,
		PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(8),
		PadX: vg.Points(10), PadY: vg.Points(10),
	}
	canvases := plot.Align(f.plots, t, dc)
	for i := range f.plots {
		for j, p := range f.plots[i] {
			if p != nil {
				drawPlot(p, canvases[i][j])
			}
		}
	}
	return nil
}
