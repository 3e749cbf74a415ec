package plotting

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func TestLogLog(t *testing.T) {
	eps := []float64{0.4, 0.2, 0.1, 0.05}
	sq := make([]float64, len(eps))
	for i, e := range eps {
		sq[i] = e * e
	}
	f, err := LogLog([]Series{{Name: "ε²", X: eps, Y: sq}, {Name: "ε", X: eps, Y: eps}}, LogLogOptions{Title: "order"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.PNG()
	if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Fatalf("PNG: %v", err)
	}
	for _, c := range []struct {
		name string
		s    []Series
		want string
	}{
		{"none", nil, "no series"},
		{"nil x", []Series{{Name: "a", Y: []float64{1}}}, "0 x and 1 y"},
		{"zero", []Series{{Name: "a", X: []float64{1, 2}, Y: []float64{1, 0}}}, "point 1"},
		{"NaN", []Series{{Name: "a", X: []float64{math.NaN()}, Y: []float64{1}}}, "positive"},
		{"Inf", []Series{{Name: "a", X: []float64{1}, Y: []float64{math.Inf(1)}}}, "finite"},
	} {
		if _, err := LogLog(c.s, LogLogOptions{}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one naming %q", c.name, err, c.want)
		}
	}
}
