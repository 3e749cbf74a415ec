package arviz

import (
	"reflect"
	"strings"
	"testing"

	"github.com/bayesnn-go/bayesnn/samplers"
)

func TestPointwise(t *testing.T) {
	// Two chains of one draw: columns y[1], z, y[2].
	v := [][][]float64{{{1, 2, 3}}, {{4, 5, 6}}}
	got, err := Pointwise([]string{"y[1]", "z", "y[2]"}, v)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][][][]float64{"y": {{{1, 3}}, {{4, 6}}}, "z": {{{2}}, {{5}}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Pointwise = %v, want %v", got, want)
	}
	if _, err := Pointwise([]string{"y[1]", "y[2]"}, v); err == nil || !strings.Contains(err.Error(), "3 values for 2 names") {
		t.Errorf("short names: error %v", err)
	}
	// A predictive trace with a kept warm-up row per chain and no statistics.
	tr := &samplers.Trace{Names: []string{"y[1]", "y[2]"}, Chains: 2, Draws: 2, Warmup: 1, Dim: 2,
		Samples: []float64{-1, -1, 1, 3, -1, -1, 4, 6}}
	got, err = PointwiseTrace(tr)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, map[string][][][]float64{"y": {{{1, 3}}, {{4, 6}}}}) {
		t.Fatalf("PointwiseTrace = %v", got)
	}
}
