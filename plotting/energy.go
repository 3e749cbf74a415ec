package plotting

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// EnergyOptions configures Energy. The zero value uses 40 bins.
type EnergyOptions struct {
	// Bins is the number of bins of each histogram; zero means 40.
	Bins int
	// BFMI holds the E-BFMI of each chain, computed elsewhere; when not
	// empty it is shown in the plot title.
	BFMI []float64
	// Title is the plot title; empty means "Energy".
	Title string
}

// Energy plots the marginal energy distribution (energy__ minus its mean)
// against the energy transition distribution (differences of successive
// energy__ values within each chain), both as unit-area histograms on
// common bins (Betancourt 2016). energy is chain × draw, as returned by
// StatSource.Stat(StatEnergy). A transition histogram much narrower than
// the marginal one means the sampler explores the energy levels slowly.
func Energy(energy [][]float64, o EnergyOptions) (*Figure, error) {
	if len(energy) == 0 {
		return nil, fmt.Errorf("plotting: energy has no chains")
	}
	var marg, trans []float64
	for c, ch := range energy {
		if len(ch) < 2 {
			return nil, fmt.Errorf("plotting: energy chain %d has %d draws, need at least 2", c, len(ch))
		}
		if err := checkFinite(fmt.Sprintf("energy chain %d", c), ch); err != nil {
			return nil, err
		}
		marg = append(marg, ch...)
		for i := 1; i < len(ch); i++ {
			trans = append(trans, ch[i]-ch[i-1])
		}
	}
	center(marg)
	center(trans)
	bins := o.Bins
	if bins == 0 {
		bins = 40
	}
	if bins < 0 {
		return nil, fmt.Errorf("plotting: negative number of bins %d", bins)
	}
	title := o.Title
	if title == "" {
		title = "Energy"
	}
	if len(o.BFMI) > 0 {
		s := make([]string, len(o.BFMI))
		for i, b := range o.BFMI {
			s[i] = fmt.Sprintf("%.2f", b)
		}
		title += "  (E-BFMI " + strings.Join(s, ", ") + ")"
	}
	p := newPlot(title, "E - mean(E)", "density")
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range append(marg, trans...) {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	for k, series := range [][]float64{marg, trans} {
		h := histOnRange(series, bins, lo, hi)
		col := ChainColors[k]
		h.FillColor = withAlpha(col, 0.4)
		h.LineStyle.Color = col
		h.LineStyle.Width = vg.Points(0.5)
		p.Add(h)
		p.Legend.Add([]string{"marginal energy", "energy transition"}[k], h)
	}
	p.Y.Min = 0
	return FromPlot(p, 5*vg.Inch, 3.5*vg.Inch), nil
}

func center(x []float64) {
	m, _ := meanSD(x)
	for i := range x {
		x[i] -= m
	}
}

// histOnRange returns a unit-area histogram of x with bins equal-width bins
// spanning [lo, hi], or [lo-1, lo+1] when hi <= lo.
func histOnRange(x []float64, bins int, lo, hi float64) *plotter.Histogram {
	if hi <= lo {
		hi = lo + 1
		lo -= 1
	}
	w := (hi - lo) / float64(bins)
	hb := make([]plotter.HistogramBin, bins)
	for i := range hb {
		hb[i].Min = lo + float64(i)*w
		hb[i].Max = lo + float64(i+1)*w
	}
	for _, v := range x {
		i := int((v - lo) / w)
		i = max(0, min(bins-1, i))
		hb[i].Weight++
	}
	h := &plotter.Histogram{Bins: hb, Width: w, LineStyle: plotter.DefaultLineStyle}
	h.Normalize(1)
	return h
}
