package density

import (
	"math"
	"reflect"
	"testing"
)

func TestNames(t *testing.T) {
	f := FuncTarget{N: 2, F: func(grad, x []float64) float64 { return 0 }}
	if got, want := Names(f), []string{"theta[0]", "theta[1]"}; !reflect.DeepEqual(got, want) {
		t.Errorf("unnamed: %v, want %v", got, want)
	}
	f.Names = []string{"a"} // wrong length: the defaults
	if got := Names(f); !reflect.DeepEqual(got, []string{"theta[0]", "theta[1]"}) {
		t.Errorf("one name for two parameters: %v", got)
	}
	f.Names = []string{"a", "b"}
	got := Names(f)
	got[0] = "changed"
	if f.Names[0] != "a" {
		t.Error("Names returns the target's own slice")
	}
}

// TestLogProbRule: +Inf is outside the support, as NaN: LogProb makes it NaN.
func TestLogProbRule(t *testing.T) {
	for _, c := range []struct{ lp, want float64 }{{math.Inf(1), math.NaN()}, {math.Inf(-1), math.Inf(-1)}, {-1.5, -1.5}} {
		f := FuncTarget{N: 1, F: func(grad, x []float64) float64 { return c.lp }}
		got := LogProb(f, []float64{0}, []float64{0})
		if !(got == c.want || math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("log p %v: LogProb %v, want %v", c.lp, got, c.want)
		}
	}
}
