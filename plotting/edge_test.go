package plotting

import (
	"testing"
)

// TestDegenerateInput renders every chain-based plot for degenerate but
// valid input: constant draws, one chain, very few draws. None may fail or
// panic.
func TestDegenerateInput(t *testing.T) {
	constant := ChainSet{Names: []string{"c", "d"}, Draws: [][][]float64{{{2, 2, 2}}, {{1, 2, 3}}}}
	single := ChainSet{Names: []string{"s"}, Draws: [][][]float64{{{5}}}}
	for _, tc := range []struct {
		name string
		c    Chains
	}{{"constant", constant}, {"single draw", single}} {
		build := map[string]func() (*Figure, error){
			"trace":     func() (*Figure, error) { return Trace(tc.c, TraceOptions{}) },
			"marginals": func() (*Figure, error) { return Marginals(tc.c, MarginalsOptions{KDE: true}) },
			"pair":      func() (*Figure, error) { return Pair(tc.c, PairOptions{}) },
			"rank":      func() (*Figure, error) { return Rank(tc.c, RankOptions{Bins: 1}) },
		}
		if tc.c.NumDraws() > 1 {
			build["autocorr"] = func() (*Figure, error) { return Autocorrelation(tc.c, AutocorrOptions{}) }
		}
		rows, err := Intervals(tc.c, 0.5, 0.9)
		if err != nil {
			t.Fatalf("%s: Intervals: %v", tc.name, err)
		}
		build["forest"] = func() (*Figure, error) { return Forest(rows, ForestOptions{}) }
		for name, b := range build {
			f, err := b()
			if err != nil {
				t.Errorf("%s %s: %v", tc.name, name, err)
				continue
			}
			if _, err := f.PNG(); err != nil {
				t.Errorf("%s %s: PNG: %v", tc.name, name, err)
			}
			if _, err := f.SVG(); err != nil {
				t.Errorf("%s %s: SVG: %v", tc.name, name, err)
			}
		}
	}
	f, err := Energy([][]float64{{1, 1}}, EnergyOptions{})
	if err == nil {
		_, err = f.PNG()
	}
	if err != nil {
		t.Errorf("constant energy: %v", err)
	}
	f, err = Funnel([]float64{0}, []float64{0}, []bool{true}, FunnelOptions{})
	if err == nil {
		_, err = f.PNG()
	}
	if err != nil {
		t.Errorf("one-draw funnel: %v", err)
	}
}
