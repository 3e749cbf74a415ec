package plotting

import (
	"fmt"
	"testing"
)

func TestRankedBand(t *testing.T) {
	b := Band{Mean: []float64{3, 1, 2}, EpistemicLo: []float64{2.5, 0.5, 1.5}, EpistemicHi: []float64{3.5, 1.5, 2.5}}
	r, y, err := RankedBand(b, []float64{30, 10, 20})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(r.X, r.Mean, r.EpistemicLo, r.EpistemicHi, r.TotalLo, y); got != "[1 2 3] [1 2 3] [0.5 1.5 2.5] [1.5 2.5 3.5] [] [10 20 30]" {
		t.Errorf("ranked band %s", got)
	}
	if _, err := PredictiveBand(r, r.X, y, PredictiveOptions{Title: "ranked"}); err != nil {
		t.Errorf("PredictiveBand of a ranked band: %v", err)
	}
	if _, _, err := RankedBand(b, []float64{1}); err == nil {
		t.Error("y of length 1: no error")
	}
	b.TotalLo = []float64{1}
	if _, _, err := RankedBand(b, nil); err == nil {
		t.Error("TotalLo of length 1: no error")
	}
}
