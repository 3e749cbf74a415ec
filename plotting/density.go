package plotting

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// DensityOptions configures Density. The zero value draws a 40-bin
// histogram normalized to unit area and nothing else.
type DensityOptions struct {
	// Bins is the number of histogram bins; zero means 40.
	Bins int
	// Truth holds true values, each drawn as a dashed vertical line.
	Truth []float64
	// Exact, when not nil, is the exact density, drawn as a curve.
	Exact func(x float64) float64
	// KDE adds a Gaussian kernel density estimate (Silverman's bandwidth).
	KDE bool
	// Title and XLabel label the plot.
	Title, XLabel string
}

// Density plots a histogram of draws, normalized to unit area so that it
// compares with a density, with true values marked and an optional exact
// density curve and kernel density estimate.
func Density(draws []float64, o DensityOptions) (*Figure, error) {
	p, err := densityPlot(draws, o, nil)
	if err != nil {
		return nil, err
	}
	return FromPlot(p, 5*vg.Inch, 3.5*vg.Inch), nil
}

// MarginalsOptions configures Marginals. The zero value plots up to 12
// parameters with 40 bins each.
type MarginalsOptions struct {
	// Params names the parameters to plot; empty means the first MaxParams.
	Params []string
	// MaxParams caps the panels when Params is empty; zero means 12.
	MaxParams int
	// Cols is the number of columns of the grid; zero means 3.
	Cols int
	// Bins is the number of histogram bins; zero means 40.
	Bins int
	// Truth maps parameter names to true values.
	Truth map[string]float64
	// Exact maps parameter names to exact marginal densities.
	Exact map[string]func(float64) float64
	// KDE adds kernel density estimates.
	KDE bool
	// Title is the figure title.
	Title string
}

// Marginals plots the pooled marginal density of each parameter, one panel
// per parameter, as Density does.
func Marginals(c Chains, o MarginalsOptions) (*Figure, error) {
	v, idx, err := chainsAndParams(c, o.Params, o.MaxParams, 12)
	if err != nil {
		return nil, err
	}
	cols := o.Cols
	if cols == 0 {
		cols = 3
	}
	rows, cols := gridShape(len(idx), cols)
	f := NewFigure(rows, cols, 3*vg.Inch, 2.4*vg.Inch)
	f.Title = o.Title
	for k, j := range idx {
		d, err := v.param(j)
		if err != nil {
			return nil, err
		}
		name := v.names[j]
		do := DensityOptions{Bins: o.Bins, Exact: o.Exact[name], KDE: o.KDE, XLabel: name}
		if t, ok := o.Truth[name]; ok {
			do.Truth = []float64{t}
		}
		var legend func(string, ...plot.Thumbnailer)
		if k == 0 {
			legend = f.AddLegend
		} else {
			legend = func(string, ...plot.Thumbnailer) {}
		}
		p, err := densityPlot(pooled(d), do, legend)
		if err != nil {
			return nil, fmt.Errorf("plotting: marginal of %q: %w", name, err)
		}
		f.plots[k/cols][k%cols] = p
	}
	return f, nil
}

// densityPlot builds the plot of Density; legend receives the legend
// entries (nil means the plot's own legend).
func densityPlot(draws []float64, o DensityOptions, legend func(string, ...plot.Thumbnailer)) (*plot.Plot, error) {
	if err := checkFinite("draws", draws); err != nil {
		return nil, err
	}
	bins := o.Bins
	if bins == 0 {
		bins = 40
	}
	if bins < 0 {
		return nil, fmt.Errorf("plotting: negative number of bins %d", bins)
	}
	for i, t := range o.Truth {
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return nil, fmt.Errorf("plotting: Truth[%d] is not finite (%v)", i, t)
		}
	}
	p := newPlot(o.Title, o.XLabel, "density")
	if legend == nil {
		legend = p.Legend.Add
	}
	lo, hi := draws[0], draws[0]
	for _, x := range draws {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	// Constant draws get a unit-wide window around their value.
	h := histOnRange(draws, bins, lo, hi)
	h.FillColor = withAlpha(ChainColors[0], 0.45)
	h.LineStyle.Color = withAlpha(ChainColors[0], 0.9)
	h.LineStyle.Width = vg.Points(0.5)
	p.Add(h)
	legend("draws", h)
	ymax := 0.0
	for _, b := range h.Bins {
		ymax = math.Max(ymax, b.Weight)
	}
	lo, hi = h.Bins[0].Min, h.Bins[len(h.Bins)-1].Max
	if _, sd := meanSD(draws); o.KDE && sd > 0 {
		xy := kde(draws, lo, hi, 200)
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, err
		}
		l.Color = ChainColors[0]
		l.Width = vg.Points(1.5)
		p.Add(l)
		legend("KDE", l)
	}
	if o.Exact != nil {
		// Sample the exact density on the histogram's range so the
		// y axis covers its peak.
		const n = 400
		xy := make(plotter.XYs, 0, n)
		for i := range n {
			x := lo + (hi-lo)*float64(i)/float64(n-1)
			y := o.Exact(x)
			if math.IsNaN(y) || math.IsInf(y, 0) {
				continue
			}
			xy = append(xy, plotter.XY{X: x, Y: y})
			ymax = math.Max(ymax, y)
		}
		if len(xy) < 2 {
			return nil, fmt.Errorf("plotting: exact density is not finite on [%g, %g]", lo, hi)
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, err
		}
		l.Color = ExactColor
		l.Width = vg.Points(1.5)
		p.Add(l)
		legend("exact", l)
	}
	for k, t := range o.Truth {
		l := refLine{Value: t, Vertical: true, Style: truthStyle()}
		p.Add(l)
		if k == 0 {
			legend("truth", l)
		}
	}
	p.Y.Min = 0
	p.Y.Max = math.Max(p.Y.Max, ymax*1.05)
	return p, nil
}

// kde evaluates a Gaussian kernel density estimate of x with Silverman's
// rule-of-thumb bandwidth at n points on [lo, hi].
func kde(x []float64, lo, hi float64, n int) plotter.XYs {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	_, sd := meanSD(s)
	iqr := quantileSorted(s, 0.75) - quantileSorted(s, 0.25)
	spread := sd
	if iqr > 0 && iqr/1.34 < spread {
		spread = iqr / 1.34
	}
	bw := 0.9 * spread * math.Pow(float64(len(s)), -0.2)
	if bw <= 0 {
		bw = 1e-3 * math.Max(1, math.Abs(s[0]))
	}
	xy := make(plotter.XYs, n)
	norm := 1 / (float64(len(s)) * bw * math.Sqrt(2*math.Pi))
	for i := range xy {
		t := lo + (hi-lo)*float64(i)/float64(n-1)
		// Only points within 6 bandwidths contribute noticeably.
		a := sort.SearchFloat64s(s, t-6*bw)
		b := sort.SearchFloat64s(s, t+6*bw)
		sum := 0.0
		for _, v := range s[a:b] {
			z := (t - v) / bw
			sum += math.Exp(-0.5 * z * z)
		}
		xy[i] = plotter.XY{X: t, Y: sum * norm}
	}
	return xy
}

func meanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, 0
	}
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(x)-1))
}

// quantileSorted returns the q-quantile of sorted s by linear interpolation
// between order statistics (R's type 7).
func quantileSorted(s []float64, q float64) float64 {
	if len(s) == 1 {
		return s[0]
	}
	h := q * float64(len(s)-1)
	i := int(math.Floor(h))
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[i] + (h-float64(i))*(s[i+1]-s[i])
}
