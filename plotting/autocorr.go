package plotting

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// AutocorrOptions configures Autocorrelation. The zero value plots the
// first 8 parameters up to lag 40.
type AutocorrOptions struct {
	// Params names the parameters; empty means the first MaxParams.
	Params []string
	// MaxParams caps the panels when Params is empty; zero means 8.
	MaxParams int
	// MaxLag is the largest lag; zero means min(40, NumDraws-1).
	MaxLag int
	// Cols is the number of grid columns; zero means 2.
	Cols int
	// Title is the figure title.
	Title string
}

// Autocorrelation plots the sample autocorrelation of each chain against
// the lag, one panel per parameter, one line per chain.
func Autocorrelation(c Chains, o AutocorrOptions) (*Figure, error) {
	v, idx, err := chainsAndParams(c, o.Params, o.MaxParams, 8)
	if err != nil {
		return nil, err
	}
	if v.nDraws < 2 {
		return nil, fmt.Errorf("plotting: autocorrelation needs at least 2 draws per chain, have %d", v.nDraws)
	}
	lag := o.MaxLag
	if lag == 0 {
		lag = min(40, v.nDraws-1)
	}
	if lag < 1 || lag >= v.nDraws {
		return nil, fmt.Errorf("plotting: MaxLag %d out of range [1, %d]", lag, v.nDraws-1)
	}
	cols := o.Cols
	if cols == 0 {
		cols = 2
	}
	rows, cols := gridShape(len(idx), cols)
	f := NewFigure(rows, cols, 3.5*vg.Inch, 2.4*vg.Inch)
	f.Title = o.Title
	for k, j := range idx {
		d, err := v.param(j)
		if err != nil {
			return nil, err
		}
		p := newPlot(v.names[j], "lag", "autocorrelation")
		for ch, x := range d {
			acf := ACF(nil, x, lag)
			xy := make(plotter.XYs, len(acf))
			for t, a := range acf {
				xy[t] = plotter.XY{X: float64(t), Y: a}
			}
			l, err := plotter.NewLine(xy)
			if err != nil {
				return nil, fmt.Errorf("plotting: autocorrelation of %q chain %d: %w", v.names[j], ch, err)
			}
			l.Color = chainColor(ch)
			l.Width = vg.Points(1)
			p.Add(l)
			if k == 0 && v.nChains > 1 {
				f.AddLegend(chainLabel(ch), l)
			}
		}
		p.Add(refLine{Value: 0, Style: draw.LineStyle{Color: RefColor, Width: vg.Points(0.5)}})
		p.Y.Min, p.Y.Max = min(p.Y.Min, -0.2), 1
		p.X.Min, p.X.Max = 0, float64(lag)
		f.plots[k/cols][k%cols] = p
	}
	return f, nil
}

// ACF writes into dst (allocated when nil) the sample autocorrelation of x
// at lags 0..maxLag, using the biased estimator
//
//	ρ(t) = Σ_i (x_i - m)(x_{i+t} - m) / Σ_i (x_i - m)²,
//
// and returns it. A constant x has ρ(0) = 1 and ρ(t) = 0 for t > 0. It
// panics if len(dst) != maxLag+1 or maxLag >= len(x).
func ACF(dst, x []float64, maxLag int) []float64 {
	if maxLag < 0 || maxLag >= len(x) {
		panic(fmt.Sprintf("plotting: ACF lag %d out of range for %d values", maxLag, len(x)))
	}
	if dst == nil {
		dst = make([]float64, maxLag+1)
	}
	if len(dst) != maxLag+1 {
		panic("plotting: ACF dst length mismatch")
	}
	m, _ := meanSD(x)
	var v0 float64
	for _, a := range x {
		v0 += (a - m) * (a - m)
	}
	if v0 == 0 {
		for t := range dst {
			dst[t] = 0
		}
		dst[0] = 1
		return dst
	}
	for t := range dst {
		s := 0.0
		for i := 0; i+t < len(x); i++ {
			s += (x[i] - m) * (x[i+t] - m)
		}
		dst[t] = s / v0
	}
	return dst
}
