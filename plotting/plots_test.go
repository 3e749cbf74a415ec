package plotting

import (
	"math"
	"regexp"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
)

// svgOf renders f to SVG, failing the test on error.
func svgOf(t *testing.T, f *Figure) string {
	t.Helper()
	b, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Style fragments written by vgsvg for the package's colors.
const (
	truthDash   = "stroke-dasharray:6,3" // TruthDashes, in points
	redStroke   = "stroke:#D62728"       // DivergentColor and ExactColor as a line
	redFill     = "fill:#D62728"         // DivergentColor as a glyph or text
	pathElement = "<path "
)

var textRE = regexp.MustCompile(`(?s)<text[^>]*>([^<]*)</text>`)

// texts returns the contents of every <text> element.
func texts(svg string) []string {
	var out []string
	for _, m := range textRE.FindAllStringSubmatch(svg, -1) {
		out = append(out, m[1])
	}
	return out
}

// near reports whether a and b agree to rounding (1e-12 relative).
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

func hasText(svg, s string) bool {
	for _, t := range texts(svg) {
		if t == s {
			return true
		}
	}
	return false
}

func TestTraceStructure(t *testing.T) {
	const nChains, nDraws, divEvery = 2, 100, 10
	run, stats := fakeRun(7, nChains, nDraws, divEvery)
	nDiv := (nDraws + divEvery - 1) / divEvery // draws 0, 10, ..., 90 of chain 0
	f, err := Trace(run, TraceOptions{Stats: stats, Truth: map[string]float64{"mu": 1, "z": 0}})
	if err != nil {
		t.Fatal(err)
	}
	if r, c := f.Dims(); r != 3 || c != 1 {
		t.Fatalf("dims %d×%d, want 3×1", r, c)
	}
	for row, name := range run.Names {
		p := f.At(row, 0)
		if p.Y.Label.Text != name {
			t.Errorf("row %d y label %q, want %q", row, p.Y.Label.Text, name)
		}
		if p.X.Min != 0 || p.X.Max != nDraws-1 {
			t.Errorf("row %d x range [%g, %g], want [0, %d]", row, p.X.Min, p.X.Max, nDraws-1)
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, ch := range run.Draws[row] {
			for _, x := range ch {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
		if p.Y.Min != lo || p.Y.Max != hi {
			t.Errorf("row %d y range [%g, %g], want the draws' [%g, %g]", row, p.Y.Min, p.Y.Max, lo, hi)
		}
	}
	svg := svgOf(t, f)
	// One tick per divergence per panel, plus the legend's thumbnail.
	if got, want := strings.Count(svg, redStroke), nDiv*3+1; got != want {
		t.Errorf("divergence ticks: %d red strokes, want %d", got, want)
	}
	// Truth lines in the mu and z panels, plus the legend's thumbnail.
	if got := strings.Count(svg, truthDash); got != 3 {
		t.Errorf("%d truth lines, want 3", got)
	}
	for _, s := range []string{"mu", "tau", "z", "iteration", "chain 1", "chain 2", "truth", "divergent (10)"} {
		if !hasText(svg, s) {
			t.Errorf("missing text %q", s)
		}
	}
	// Chains are numbered from 1, as in the tables (issue 21, item 11).
	if hasText(svg, "chain 0") {
		t.Error(`legend numbers a "chain 0"`)
	}

	// Without stats and truth: no red and no dashes.
	f, err = Trace(run, TraceOptions{Params: []string{"tau"}})
	if err != nil {
		t.Fatal(err)
	}
	svg = svgOf(t, f)
	if strings.Contains(svg, redStroke) || strings.Contains(svg, truthDash) {
		t.Error("plain trace has divergence ticks or truth lines")
	}
	if r, _ := f.Dims(); r != 1 {
		t.Errorf("Params [tau]: %d rows, want 1", r)
	}
}

func TestDensityStructure(t *testing.T) {
	run, _ := fakeRun(8, 2, 500, 0)
	draws := pooled(run.Draws[2])
	f, err := Density(draws, DensityOptions{Bins: 25, Truth: []float64{0, 0.5}, Exact: normalPDF(0)})
	if err != nil {
		t.Fatal(err)
	}
	p := f.At(0, 0)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range draws {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	if p.X.Min != lo || p.X.Max != hi {
		t.Errorf("x range [%g, %g], want the draws' [%g, %g]", p.X.Min, p.X.Max, lo, hi)
	}
	// The y axis starts at zero and covers the exact density's peak
	// 1/sqrt(2π) ≈ 0.3989 (the peak lies inside the draws' range).
	if p.Y.Min != 0 || p.Y.Max < 0.39 {
		t.Errorf("y range [%g, %g], want [0, ≥0.39]", p.Y.Min, p.Y.Max)
	}
	svg := svgOf(t, f)
	if got := strings.Count(svg, truthDash); got != 3 { // two truths + legend
		t.Errorf("%d truth lines, want 3", got)
	}
	if got := strings.Count(svg, redStroke); got != 2 { // exact curve + legend
		t.Errorf("%d exact-density strokes, want 2", got)
	}
	if !hasText(svg, "exact") || !hasText(svg, "truth") {
		t.Error("legend misses exact or truth")
	}
	// 25 bars: each a filled polygon and an outline.
	if got := strings.Count(svg, pathElement); got < 50 {
		t.Errorf("%d paths, want at least 50 for 25 bars", got)
	}

	f, err = Density(draws, DensityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if svg := svgOf(t, f); strings.Contains(svg, truthDash) || strings.Contains(svg, redStroke) {
		t.Error("plain density has a truth line or exact curve")
	}
}

func TestPairStructure(t *testing.T) {
	const divEvery = 25
	run, stats := fakeRun(9, 2, 200, divEvery)
	nDiv := 200 / divEvery
	f, err := Pair(run, PairOptions{Stats: stats, Truth: map[string]float64{"mu": 1, "tau": 1, "z": 0}, MaxPoints: 100})
	if err != nil {
		t.Fatal(err)
	}
	r, c := f.Dims()
	if r != 3 || c != 3 {
		t.Fatalf("dims %d×%d, want 3×3", r, c)
	}
	for i := range 3 {
		for j := range 3 {
			if (f.At(i, j) == nil) != (j > i) {
				t.Errorf("cell (%d,%d) nil=%v, want nil above the diagonal only", i, j, f.At(i, j) == nil)
			}
		}
	}
	// Columns share x ranges.
	for j := range 3 {
		for i := j; i < 3; i++ {
			if f.At(i, j).X.Min != f.At(j, j).X.Min || f.At(i, j).X.Max != f.At(j, j).X.Max {
				t.Errorf("cell (%d,%d) x range differs from its column", i, j)
			}
		}
	}
	svg := svgOf(t, f)
	// Divergent points in each of the 3 scatter panels, plus the legend.
	if got, want := strings.Count(svg, redFill), 3*nDiv+1; got != want {
		t.Errorf("%d red glyphs, want %d", got, want)
	}
	if got := strings.Count(svg, truthDash); got != 3 {
		t.Errorf("%d truth lines on the diagonal, want 3", got)
	}
}

func TestRankCounts(t *testing.T) {
	// Two interleaved chains: chain 0 holds 0, 2, 4, ..., chain 1 holds
	// 1, 3, 5, ...; with 4 bins of 5 ranks each, each bin holds 3 or 2
	// draws of each chain.
	d := [][]float64{{0, 2, 4, 6, 8, 10, 12, 14, 16, 18}, {1, 3, 5, 7, 9, 11, 13, 15, 17, 19}}
	got := RankCounts(d, 4)
	want := [][]float64{{3, 2, 3, 2}, {2, 3, 2, 3}}
	for c := range want {
		for b := range want[c] {
			if got[c][b] != want[c][b] {
				t.Fatalf("RankCounts = %v, want %v", got, want)
			}
		}
	}
	// Separated chains: chain 1 holds every high rank.
	got = RankCounts([][]float64{{1, 2}, {3, 4}}, 2)
	if got[0][0] != 2 || got[0][1] != 0 || got[1][1] != 2 {
		t.Errorf("separated chains: %v", got)
	}

	run, _ := fakeRun(10, 3, 120, 0)
	f, err := Rank(run, RankOptions{Bins: 10})
	if err != nil {
		t.Fatal(err)
	}
	if r, c := f.Dims(); r != 2 || c != 2 || f.At(1, 1) != nil {
		t.Errorf("dims %d×%d, want 2×2 with the last cell empty", r, c)
	}
	p := f.At(0, 0)
	if p.X.Min != 0 || p.X.Max != 360 || p.Y.Min != 0 {
		t.Errorf("axes x [%g, %g] y min %g, want x [0, 360], y min 0", p.X.Min, p.X.Max, p.Y.Min)
	}
}

func TestACF(t *testing.T) {
	// Alternating ±1 has mean 0 and ρ(t) = (-1)^t (n-t)/n exactly.
	x := []float64{1, -1, 1, -1, 1, -1, 1, -1}
	got := ACF(nil, x, 3)
	for lag, g := range got {
		want := math.Pow(-1, float64(lag)) * float64(len(x)-lag) / float64(len(x))
		if math.Abs(g-want) > 1e-15 {
			t.Errorf("lag %d: %g, want %g", lag, g, want)
		}
	}
	got = ACF(make([]float64, 3), []float64{2, 2, 2, 2}, 2)
	if got[0] != 1 || got[1] != 0 || got[2] != 0 {
		t.Errorf("constant series: %v, want [1 0 0]", got)
	}
	// AR(1) with φ = 0.7 has ρ(t) = 0.7^t; with 4 × 400 draws the lag-1
	// estimate's standard error is about sqrt((1-φ²)/n) ≈ 0.018 per chain.
	run, _ := fakeRun(11, 4, 400, 0)
	for c, ch := range run.Draws[0] {
		if r := ACF(nil, ch, 1)[1]; math.Abs(r-0.7) > 4*math.Sqrt((1-0.49)/400)+0.01 {
			t.Errorf("chain %d: lag-1 autocorrelation %g, want 0.7", c, r)
		}
	}
	f, err := Autocorrelation(run, AutocorrOptions{MaxLag: 20})
	if err != nil {
		t.Fatal(err)
	}
	if p := f.At(0, 0); p.X.Max != 20 || p.Y.Max != 1 {
		t.Errorf("axes x max %g y max %g, want 20 and 1", p.X.Max, p.Y.Max)
	}
}

func TestEnergyStructure(t *testing.T) {
	_, stats := fakeRun(12, 2, 300, 0)
	f, err := Energy(stats[StatEnergy], EnergyOptions{Bins: 30, BFMI: []float64{1.01, 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	p := f.At(0, 0)
	if !strings.Contains(p.Title.Text, "E-BFMI 1.01, 0.50") {
		t.Errorf("title %q lacks the E-BFMI values", p.Title.Text)
	}
	h0 := histOnRange([]float64{0, 1, 1, 2, 5}, 30, -1, 5)
	h1 := histOnRange([]float64{3}, 30, -1, 5)
	hs := []*plotter.Histogram{h0, h1}
	for k, h := range hs {
		area := 0.0
		for _, b := range h.Bins {
			area += b.Weight * (b.Max - b.Min)
		}
		if math.Abs(area-1) > 1e-12 || len(h.Bins) != 30 {
			t.Errorf("histogram %d: area %g with %d bins, want 1 and 30", k, area, len(h.Bins))
		}
		if h.Bins[0].Min != hs[0].Bins[0].Min {
			t.Errorf("histograms do not share bins")
		}
	}
	svg := svgOf(t, f)
	if !hasText(svg, "marginal energy") || !hasText(svg, "energy transition") {
		t.Error("legend entries missing")
	}
}

func TestForestStructure(t *testing.T) {
	rows := []ForestRow{
		{Name: "a", Center: 0, Lo: -2, Hi: 2, InnerLo: -1, InnerHi: 1, Rhat: 1.01, ESS: 1234},
		{Name: "b", Center: 3, Lo: 2, Hi: 4},
	}
	f, err := Forest(rows, ForestOptions{Truth: map[string]float64{"b": 3.5}})
	if err != nil {
		t.Fatal(err)
	}
	p := f.At(0, 0)
	if p.X.Min != -2 || p.X.Max != 4 {
		t.Errorf("x range [%g, %g], want [-2, 4]", p.X.Min, p.X.Max)
	}
	svg := svgOf(t, f)
	for _, s := range []string{"a  R-hat 1.010  ESS 1234", "b", "truth"} {
		if !hasText(svg, s) {
			t.Errorf("missing label %q in %q", s, texts(svg))
		}
	}
	// Intervals: the quantiles of 0..100 are exact order statistics.
	x := make([]float64, 101)
	for i := range x {
		x[i] = float64(i)
	}
	ir, err := Intervals(ChainSet{Names: []string{"x"}, Draws: [][][]float64{{x}}}, 0.5, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	want := ForestRow{Name: "x", Center: 50, Lo: 5, Hi: 95, InnerLo: 25, InnerHi: 75}
	g := ir[0]
	if g.Name != want.Name || !near(g.Center, want.Center) || !near(g.Lo, want.Lo) || !near(g.Hi, want.Hi) ||
		!near(g.InnerLo, want.InnerLo) || !near(g.InnerHi, want.InnerHi) {
		t.Errorf("Intervals = %+v, want %+v", ir[0], want)
	}
}

func TestPredictiveBandStructure(t *testing.T) {
	b, dx, dy := fakeBand(20)
	f, err := PredictiveBand(b, dx, dy, PredictiveOptions{Truth: math.Sin})
	if err != nil {
		t.Fatal(err)
	}
	p := f.At(0, 0)
	if p.X.Min != 0 || math.Abs(p.X.Max-2*math.Pi) > 1e-12 {
		t.Errorf("x range [%g, %g], want [0, 2π]", p.X.Min, p.X.Max)
	}
	// The total band is the widest thing in y.
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range b.X {
		lo, hi = math.Min(lo, b.TotalLo[i]), math.Max(hi, b.TotalHi[i])
	}
	for _, y := range dy {
		lo, hi = math.Min(lo, y), math.Max(hi, y)
	}
	if p.Y.Min != lo || p.Y.Max != hi {
		t.Errorf("y range [%g, %g], want [%g, %g]", p.Y.Min, p.Y.Max, lo, hi)
	}
	svg := svgOf(t, f)
	for _, s := range []string{"total interval", "epistemic interval", "predictive mean", "truth", "data"} {
		if !hasText(svg, s) {
			t.Errorf("missing legend %q", s)
		}
	}
	if got := strings.Count(svg, truthDash); got != 2 {
		t.Errorf("%d truth curves, want 2 (curve and legend)", got)
	}
	// Without the total interval, its legend entry disappears.
	b.TotalLo, b.TotalHi = nil, nil
	f, err = PredictiveBand(b, nil, nil, PredictiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if svg := svgOf(t, f); hasText(svg, "total interval") || hasText(svg, "data") {
		t.Error("band without total interval or data still shows them")
	}
}

func TestFunnelAndContourStructure(t *testing.T) {
	x, v, div := funnelDraws(13, 500)
	nDiv := 0
	for _, d := range div {
		if d {
			nDiv++
		}
	}
	if nDiv == 0 {
		t.Fatal("fixture has no divergences")
	}
	f, err := Funnel(x, v, div, FunnelOptions{NoGuides: true})
	if err != nil {
		t.Fatal(err)
	}
	svg := svgOf(t, f)
	if got := strings.Count(svg, redFill); got != nDiv+1 {
		t.Errorf("%d red glyphs, want %d divergences + legend", got, nDiv+1)
	}

	bx, by := bimodalDraws(14, 300)
	f, err = Contour(bimodal, bx, by, ContourOptions{XMin: -5, XMax: 5, YMin: -3, YMax: 3, NumLevels: 5, Grid: 40})
	if err != nil {
		t.Fatal(err)
	}
	p := f.At(0, 0)
	if p.X.Min != -5 || p.X.Max != 5 || p.Y.Min != -3 || p.Y.Max != 3 {
		t.Errorf("window [%g,%g]×[%g,%g], want [-5,5]×[-3,3]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	// Five levels drawn in five palette colors (plus the gray draws).
	colors := map[string]bool{}
	svg = svgOf(t, f)
	for _, m := range regexp.MustCompile(`stroke:(#[0-9A-F]{6})`).FindAllStringSubmatch(svg, -1) {
		colors[m[1]] = true
	}
	delete(colors, "#000000") // axes
	if len(colors) != 5 {
		t.Errorf("%d contour colors %v, want 5", len(colors), colors)
	}
}

func TestDigitsStructure(t *testing.T) {
	ims, labels := fakeDigits(10, 28)
	pred := append([]int(nil), labels...)
	pred[2] = 7
	f, err := Digits(ims, pred, DigitsOptions{Truth: labels, Cols: 4})
	if err != nil {
		t.Fatal(err)
	}
	if r, c := f.Dims(); r != 3 || c != 4 {
		t.Errorf("dims %d×%d, want 3×4", r, c)
	}
	svg := svgOf(t, f)
	if got := strings.Count(svg, "<image "); got != 10 {
		t.Errorf("%d images, want 10", got)
	}
	if got := strings.Count(svg, redFill); got != 1 {
		t.Errorf("%d red titles, want 1 wrong prediction", got)
	}
	if !hasText(svg, "pred 7, true 2") {
		t.Error("missing title of the wrong prediction")
	}
	img := grayImage(ims[0], 28)
	if img.GrayAt(5, 10).Y != 0 || img.GrayAt(0, 0).Y != 255 {
		t.Error("ink is not dark on white")
	}
}

func TestAccuracyStructure(t *testing.T) {
	f, err := Accuracy([]Series{{Name: "a", X: []float64{10, 20, 30}, Y: []float64{0.2, 0.5, 0.6}}}, AccuracyOptions{UnitY: true})
	if err != nil {
		t.Fatal(err)
	}
	p := f.At(0, 0)
	if p.X.Min != 10 || p.X.Max != 30 || p.Y.Min != 0 || p.Y.Max != 1 {
		t.Errorf("axes [%g,%g]×[%g,%g], want [10,30]×[0,1]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	if p.X.Label.Text != "iteration" || p.Y.Label.Text != "accuracy" {
		t.Errorf("labels %q, %q", p.X.Label.Text, p.Y.Label.Text)
	}
}
