package diag

import (
	"math"
	"strings"
	"testing"
)

// TestCalibrateByHand: four predictions in 5 bins, computed by hand.
// Confidences 0.9 (right), 0.65 (wrong), 0.85 (right), 0.55 (right):
// bin [0.8, 1] holds 0.9 and 0.85 (accuracy 1, confidence 0.875, gap
// 0.125), bin [0.6, 0.8) holds 0.65 (0, 0.65, gap 0.65), bin [0.4, 0.6)
// holds 0.55 (1, 0.55, gap 0.45). ECE = ½·0.125 + ¼·0.65 + ¼·0.45 =
// 0.3375, MCE = 0.65. NLL = -(ln 0.9 + ln 0.35 + ln 0.85 + ln 0.55)/4.
// Brier = (2·0.1² + 2·0.65² + 2·0.15² + 2·0.45²)/4.
func TestCalibrateByHand(t *testing.T) {
	probs := [][]float64{{0.9, 0.1}, {0.65, 0.35}, {0.15, 0.85}, {0.55, 0.45}}
	labels := []int{0, 1, 1, 0}
	c, err := Calibrate(probs, labels, 5)
	if err != nil {
		t.Fatal(err)
	}
	near := func(name string, got, want float64) {
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %.15g, want %.15g", name, got, want)
		}
	}
	near("ECE", c.ECE, 0.3375)
	near("MCE", c.MCE, 0.65)
	near("NLL", c.NLL, -(math.Log(0.9)+math.Log(0.35)+math.Log(0.85)+math.Log(0.55))/4)
	near("Brier", c.Brier, (2*0.01+2*0.65*0.65+2*0.15*0.15+2*0.45*0.45)/4)
	near("Accuracy", c.Accuracy, 0.75)
	want := []struct {
		count     int
		conf, acc float64
	}{{0, math.NaN(), math.NaN()}, {0, math.NaN(), math.NaN()}, {1, 0.55, 1}, {1, 0.65, 0}, {2, 0.875, 1}}
	for b, w := range want {
		g := c.Bins[b]
		if g.Count != w.count || (w.count > 0 && (math.Abs(g.Confidence-w.conf) > 1e-12 || g.Accuracy != w.acc)) ||
			(w.count == 0 && !math.IsNaN(g.Confidence)) {
			t.Errorf("bin %d [%g, %g): %+v, want %+v", b, g.Lo, g.Hi, g, w)
		}
	}
	// Confidence exactly 1 falls in the last bin; a perfectly calibrated
	// certain classifier has ECE 0.
	c, err = Calibrate([][]float64{{1, 0}, {0, 1}}, []int{0, 1}, 10)
	if err != nil || c.ECE != 0 || c.Bins[9].Count != 2 || c.NLL != 0 {
		t.Errorf("certain and right: %+v, %v", c, err)
	}
	if c, _ := Calibrate([][]float64{{1, 0}}, []int{1}, 0); !math.IsInf(c.NLL, 1) || len(c.Bins) != 15 {
		t.Errorf("certain and wrong: NLL %g (want +Inf), %d bins (want 15)", c.NLL, len(c.Bins))
	}
}

func TestCalibrateErrors(t *testing.T) {
	cases := []struct {
		probs  [][]float64
		labels []int
		bins   int
		want   string
	}{
		{nil, nil, 5, "no predictions"},
		{[][]float64{{0.5, 0.5}}, []int{0, 1}, 5, "2 labels"},
		{[][]float64{{0.5, 0.6}}, []int{0}, 5, "sum to"},
		{[][]float64{{1.5, -0.5}}, []int{0}, 5, "not in [0, 1]"},
		{[][]float64{{math.NaN(), 1}}, []int{0}, 5, "not in [0, 1]"},
		{[][]float64{{0.5, 0.5}}, []int{2}, 5, "not a class"},
		{[][]float64{{0.5, 0.5}, {1}}, []int{0, 0}, 5, "class probabilities"},
		{[][]float64{{0.5, 0.5}}, []int{0}, -1, "bins"},
	}
	for _, c := range cases {
		_, err := Calibrate(c.probs, c.labels, c.bins)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v %v: error %v, want one containing %q", c.probs, c.labels, err, c.want)
		}
	}
}
