package plotting

import (
	"math"
	"strings"
	"testing"
)

// TestBadInput checks that bad input gives an error naming the problem
// rather than a panic.
func TestBadInput(t *testing.T) {
	run, stats := fakeRun(20, 2, 50, 0)
	nan := ChainSet{Names: []string{"a"}, Draws: [][][]float64{{{1, math.NaN()}}}}
	ragged := ChainSet{Names: []string{"a"}, Draws: [][][]float64{{{1, 2}, {1}}}}
	short := fakeStats{StatDivergent: [][]float64{{0}}}
	ims, labels := fakeDigits(2, 28)
	b, _, _ := fakeBand(5)
	badBand := b
	badBand.Mean = b.Mean[:3]
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"trace nil", err2(Trace(nil, TraceOptions{})), "nil Chains"},
		{"trace empty", err2(Trace(ChainSet{}, TraceOptions{})), "no parameters"},
		{"trace NaN", err2(Trace(nan, TraceOptions{})), "not finite"},
		{"trace ragged", err2(Trace(ragged, TraceOptions{})), "chain 1 has 1 draws"},
		{"trace unknown param", err2(Trace(run, TraceOptions{Params: []string{"nope"}})), `unknown parameter "nope"`},
		{"trace short stats", err2(Trace(run, TraceOptions{Stats: short})), "divergent__"},
		{"density empty", err2(Density(nil, DensityOptions{})), "empty"},
		{"density NaN truth", err2(Density([]float64{1, 2}, DensityOptions{Truth: []float64{math.NaN()}})), "Truth[0]"},
		{"density exact NaN", err2(Density([]float64{1, 2}, DensityOptions{Exact: func(float64) float64 { return math.NaN() }})), "exact density"},
		{"pair bins", err2(Pair(run, PairOptions{Bins: -1})), "bins"},
		{"density bins", err2(Density([]float64{1}, DensityOptions{Bins: -1})), "bins"},
		{"energy bins", err2(Energy([][]float64{{1, 2}}, EnergyOptions{Bins: -1})), "bins"},
		{"pair stats", err2(Pair(run, PairOptions{Stats: short})), "divergent__"},
		{"rank bins", err2(Rank(run, RankOptions{Bins: 1000})), "rank bins"},
		{"energy empty", err2(Energy(nil, EnergyOptions{})), "no chains"},
		{"energy short", err2(Energy([][]float64{{1}}, EnergyOptions{})), "at least 2"},
		{"energy inf", err2(Energy([][]float64{{1, math.Inf(1)}}, EnergyOptions{})), "not finite"},
		{"forest empty", err2(Forest(nil, ForestOptions{})), "no rows"},
		{"forest reversed", err2(Forest([]ForestRow{{Name: "a", Lo: 1, Hi: 0}}, ForestOptions{})), `"a" has Lo`},
		{"intervals probs", err2(Intervals(run, 0.9, 0.5)), "inner"},
		{"autocorr lag", err2(Autocorrelation(run, AutocorrOptions{MaxLag: 50})), "MaxLag"},
		{"band length", err2(PredictiveBand(badBand, nil, nil, PredictiveOptions{})), "Mean has length 3"},
		{"band data", err2(PredictiveBand(b, []float64{1}, nil, PredictiveOptions{})), "1 x and 0 y"},
		{"accuracy none", err2(Accuracy(nil, AccuracyOptions{})), "no series"},
		{"accuracy x", err2(Accuracy([]Series{{Name: "s", X: []float64{1}, Y: []float64{1, 2}}}, AccuracyOptions{})), `"s" has 1 x`},
		{"funnel lengths", err2(Funnel([]float64{1}, []float64{1, 2}, nil, FunnelOptions{})), "1 x and 2 v"},
		{"funnel flags", err2(Funnel([]float64{1}, []float64{1}, []bool{true, false}, FunnelOptions{})), "divergent flags"},
		{"contour nil", err2(Contour(nil, nil, nil, ContourOptions{})), "nil"},
		{"contour window", err2(Contour(bimodal, nil, nil, ContourOptions{})), "window not set"},
		{"contour NaN", err2(Contour(func(x, y float64) float64 { return math.NaN() }, []float64{0, 1}, []float64{0, 1}, ContourOptions{})), "NaN"},
		{"contour constant", err2(Contour(func(x, y float64) float64 { return 1 }, []float64{0, 1}, []float64{0, 1}, ContourOptions{})), "constant"},
		{"digits labels", err2(Digits(ims, labels[:1], DigitsOptions{})), "2 images but 1"},
		{"digits size", err2(Digits([][]float64{{1, 2, 3}}, []int{1}, DigitsOptions{})), "pixels"},
		{"save ext", (&Figure{}).Save("x.gif"), "unsupported extension"},
		{"empty figure", err2((&Figure{}).SVG()), "empty figure"},
	}
	_ = stats
	for _, c := range cases {
		if c.err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %q does not mention %q", c.name, c.err, c.want)
		}
		if !strings.HasPrefix(c.err.Error(), "plotting: ") {
			t.Errorf("%s: error %q lacks the package prefix", c.name, c.err)
		}
	}
}

func err2[T any](_ T, err error) error { return err }

// TestDisplayOutsideNotebook checks that Display is a no-op outside GoNB.
func TestDisplayOutsideNotebook(t *testing.T) {
	f := NewFigure(1, 1, 100, 100) // blank cells render nothing; no plot needed
	if err := f.Display(); err != nil {
		t.Errorf("Display outside a notebook: %v", err)
	}
	if err := f.DisplaySVG(); err != nil {
		t.Errorf("DisplaySVG outside a notebook: %v", err)
	}
}
