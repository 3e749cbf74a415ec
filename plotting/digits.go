package plotting

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// DigitsOptions configures Digits. The zero value lays out 8 columns of
// square images with side sqrt(len(image)).
type DigitsOptions struct {
	// Truth holds the true labels; when given, each title shows the true
	// label too and wrong predictions are titled in DivergentColor.
	Truth []int
	// Confidence holds the predicted probability of each predicted label,
	// shown in the titles when given.
	Confidence []float64
	// Cols is the number of grid columns; zero means 8.
	Cols int
	// Side is the image width and height in pixels; zero means the square
	// root of the image length (28 for MNIST).
	Side int
	// Title is the figure title.
	Title string
}

// Digits shows a grid of grayscale images (row-major, values in [0, 1] or
// rescaled from their range, ink dark on white) titled with their predicted
// labels pred.
func Digits(images [][]float64, pred []int, o DigitsOptions) (*Figure, error) {
	n := len(images)
	if n == 0 {
		return nil, fmt.Errorf("plotting: no images")
	}
	if len(pred) != n {
		return nil, fmt.Errorf("plotting: %d images but %d predicted labels", n, len(pred))
	}
	if o.Truth != nil && len(o.Truth) != n {
		return nil, fmt.Errorf("plotting: %d images but %d true labels", n, len(o.Truth))
	}
	if o.Confidence != nil && len(o.Confidence) != n {
		return nil, fmt.Errorf("plotting: %d images but %d confidences", n, len(o.Confidence))
	}
	side := o.Side
	if side == 0 {
		side = int(math.Round(math.Sqrt(float64(len(images[0])))))
	}
	if side < 1 {
		return nil, fmt.Errorf("plotting: image side %d is not positive", side)
	}
	cols := o.Cols
	if cols == 0 {
		cols = 8
	}
	rows, cols := gridShape(n, cols)
	f := NewFigure(rows, cols, 1.1*vg.Inch, 1.3*vg.Inch)
	f.Title = o.Title
	for k, im := range images {
		if len(im) != side*side {
			return nil, fmt.Errorf("plotting: image %d has %d pixels, want %d×%d", k, len(im), side, side)
		}
		if err := checkFinite(fmt.Sprintf("image %d", k), im); err != nil {
			return nil, err
		}
		title := fmt.Sprintf("pred %d", pred[k])
		if o.Confidence != nil {
			title += fmt.Sprintf(" (%.2f)", o.Confidence[k])
		}
		wrong := false
		if o.Truth != nil {
			title += fmt.Sprintf(", true %d", o.Truth[k])
			wrong = o.Truth[k] != pred[k]
		}
		p := newPlot(title, "", "")
		p.Title.TextStyle.Font.Size = vg.Points(8)
		if wrong {
			p.Title.TextStyle.Color = DivergentColor
		}
		p.HideAxes()
		p.Add(plotter.NewImage(grayImage(im, side), 0, 0, float64(side), float64(side)), frame{})
		f.plots[k/cols][k%cols] = p
	}
	return f, nil
}

// frame outlines the data area in light gray.
type frame struct{}

func (frame) Plot(c draw.Canvas, _ *plot.Plot) {
	sty := draw.LineStyle{Color: color.Gray{Y: 0xbb}, Width: vg.Points(0.5)}
	r := c.Rectangle
	c.StrokeLines(sty, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min})
}

// grayImage converts pixel intensities to an image with ink (high values)
// dark. Values already in [0, 1] are used as they are; otherwise they are
// rescaled from their range.
func grayImage(px []float64, side int) *image.Gray {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range px {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if lo >= 0 && hi <= 1 {
		lo, hi = 0, 1
	}
	scale := hi - lo
	if scale == 0 {
		scale = 1
	}
	img := image.NewGray(image.Rect(0, 0, side, side))
	for r := range side {
		for c := range side {
			v := (px[r*side+c] - lo) / scale
			img.SetGray(c, r, color.Gray{Y: uint8(math.Round(255 * (1 - v)))})
		}
	}
	return img
}
