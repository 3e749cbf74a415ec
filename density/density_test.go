package density

import (
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
