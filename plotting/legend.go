package plotting

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendGap separates a plot's data area from its legend.
const legendGap = vg.Length(8)

// legendBeside splits the cell canvas c of p into pc, where p is drawn
// without its legend, and lc, a strip to the right of p's data area where
// the legend is drawn: a legend never covers data (draws, bands, curves,
// the cells of a probability map). ok is false when p has no legend
// entries (pc is then c).
func legendBeside(p *plot.Plot, c draw.Canvas) (pc, lc draw.Canvas, ok bool) {
	r := p.Legend.Rectangle(c)
	w := r.Max.X - r.Min.X
	if w <= 0 {
		return c, draw.Canvas{}, false
	}
	// A legend wider than half the cell would squeeze the data: it then
	// keeps half and may be clipped by the image edge, but never overlaps.
	w = min(w, (c.Max.X-c.Min.X)/2)
	pc = draw.Crop(c, 0, -(w + legendGap), 0, 0)
	lc = draw.Crop(c, c.Max.X-c.Min.X-w, 0, 0, 0)
	// Top-aligned with the data area, below the title.
	lc.Max.Y = p.DataCanvas(pc).Max.Y
	return pc, lc, true
}

// drawPlot draws p on c with its legend, if any, beside its data area.
func drawPlot(p *plot.Plot, c draw.Canvas) {
	pc, lc, ok := legendBeside(p, c)
	if !ok {
		p.Draw(c)
		return
	}
	l := p.Legend
	defer func() { p.Legend = l }()
	p.Legend = plot.NewLegend()
	p.Draw(pc)
	beside := l
	beside.Left, beside.Top = true, true
	beside.XOffs, beside.YOffs = 0, 0
	beside.Draw(lc)
}
