package plotting

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bayesnn-go/bayesnn/diag"
)

// fakeCalibration calibrates n binary predictions of an over-confident
// classifier: the true probability of class 0 is q ~ U(0, 1) and the
// classifier reports q pushed towards 0 or 1 (q² / (q² + (1-q)²)).
func fakeCalibration(seed uint64, n int) (*diag.Calibration, error) {
	rng := rand.New(rand.NewPCG(seed, 5))
	probs, labels := make([][]float64, n), make([]int, n)
	for i := range n {
		q := rng.Float64()
		p := q * q / (q*q + (1-q)*(1-q))
		probs[i] = []float64{p, 1 - p}
		if rng.Float64() >= q {
			labels[i] = 1
		}
	}
	return diag.Calibrate(probs, labels, 10)
}

// twoBlobs returns n points in two Gaussian blobs at (±1.5, 0), labelled
// by blob.
func twoBlobs(seed uint64, n int) (x, y []float64, labels []int) {
	rng := rand.New(rand.NewPCG(seed, 6))
	for i := range n {
		c := i % 2
		x = append(x, 3*float64(c)-1.5+0.6*rng.NormFloat64())
		y = append(y, 0.6*rng.NormFloat64())
		labels = append(labels, c)
	}
	return x, y, labels
}

// blobPanels are a logistic probability of class 1 (boundary x1 = 0) and
// a bump of "uncertainty" away from the data.
func blobPanels() []MapPanel {
	return []MapPanel{
		{F: func(x, y float64) float64 { return 1 / (1 + math.Exp(-2*x)) }, Title: "p(class 1)", Min: 0, Max: 1, Levels: []float64{0.5}},
		{F: func(x, y float64) float64 { return 0.1 * (1 - math.Exp(-0.3*y*y)) }, Title: "epistemic"},
	}
}

// TestReliabilityAndClassMap checks the figures' content: the reliability
// diagram has a bar and a gap box per non-empty bin plus the diagonal and
// the ECE in its title; the class map has one panel per function, a
// raster image each, the 0.5 boundary only in the first, and one legend
// entry per class.
func TestReliabilityAndClassMap(t *testing.T) {
	cal, err := fakeCalibration(7, 500)
	if err != nil {
		t.Fatal(err)
	}
	if !(cal.ECE > 0.05) {
		t.Fatalf("the over-confident fixture has ECE %g: not a useful test", cal.ECE)
	}
	f, err := Reliability(cal, ReliabilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	svg := svgOf(t, f)
	if !strings.Contains(svg, "ECE = ") || !strings.Contains(svg, "perfect calibration") {
		t.Error("reliability diagram lacks the ECE title or the diagonal's legend")
	}
	nonEmpty := 0
	for _, b := range cal.Bins {
		if b.Count > 0 {
			nonEmpty++
		}
	}
	// Bars are filled with ChainColors[0] at alpha 0.55 (written
	// 0.54902 = 140/255), gaps with DivergentColor at alpha 0.35.
	if got := strings.Count(svg, "fill-opacity:0.54902"); got != nonEmpty+1 { // one more in the legend
		t.Errorf("%d bar fills for %d non-empty bins", got, nonEmpty)
	}
	if got := strings.Count(svg, "fill-opacity:0.34902"); got != nonEmpty+1 { // one more in the legend
		t.Errorf("%d gap fills for %d non-empty bins", got, nonEmpty)
	}
	mx, my, ml := twoBlobs(8, 60)
	g, err := ClassMap(blobPanels(), mx, my, ml, ClassMapOptions{Grid: 30})
	if err != nil {
		t.Fatal(err)
	}
	if r, c := g.Dims(); r != 1 || c != 2 {
		t.Fatalf("class map grid %d×%d, want 1×2", r, c)
	}
	svg = svgOf(t, g)
	if n := strings.Count(svg, "<image "); n != 2 {
		t.Errorf("%d raster images, want one per panel", n)
	}
	for _, s := range []string{"class 0", "class 1", "p(class 1)", "epistemic"} {
		if !strings.Contains(svg, ">"+s+"<") {
			t.Errorf("class map lacks the text %q", s)
		}
	}
}

func TestReliabilityClassMapErrors(t *testing.T) {
	good := blobPanels()
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"reliability nil", err2(Reliability(nil, ReliabilityOptions{})), "no calibration bins"},
		{"reliability empty", err2(Reliability(&diag.Calibration{Bins: make([]diag.CalibrationBin, 3)}, ReliabilityOptions{})), "every bin empty"},
		{"classmap none", err2(ClassMap(nil, nil, nil, nil, ClassMapOptions{})), "no panels"},
		{"classmap lengths", err2(ClassMap(good, []float64{1}, nil, nil, ClassMapOptions{})), "1 x and 0 y"},
		{"classmap labels", err2(ClassMap(good, []float64{1}, []float64{1}, []int{0, 1}, ClassMapOptions{})), "2 labels"},
		{"classmap window", err2(ClassMap(good, nil, nil, nil, ClassMapOptions{})), "window not set"},
		{"classmap nil f", err2(ClassMap([]MapPanel{{}}, []float64{0, 1}, []float64{0, 1}, nil, ClassMapOptions{})), "function is nil"},
		{"classmap NaN", err2(ClassMap([]MapPanel{{F: func(x, y float64) float64 { return math.NaN() }}}, []float64{0, 1}, []float64{0, 1}, nil, ClassMapOptions{})), "NaN"},
		{"classmap scale", err2(ClassMap([]MapPanel{{F: good[0].F, Min: 1, Max: 0}}, []float64{0, 1}, []float64{0, 1}, nil, ClassMapOptions{})), "reversed"},
		{"classmap negative label", err2(ClassMap(good, []float64{1}, []float64{1}, []int{-1}, ClassMapOptions{})), "negative"},
	}
	for _, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, c.err, c.want)
		}
	}
}
