package interop

import (
	"reflect"
	"strings"
	"testing"
)

func TestVars(t *testing.T) {
	names := []string{"mu", "L[1,1]", "theta[0]", "L[2,1]", "L[1,2]", "theta[1]", "L[2,2]", "L[1,3]", "L[2,3]"}
	vs, err := Vars(names)
	if err != nil {
		t.Fatal(err)
	}
	want := []Var{
		{Name: "mu", Columns: []int{0}},
		{Name: "L", Shape: []int{2, 3}, Base: 1, Columns: []int{1, 4, 7, 3, 6, 8}},
		{Name: "theta", Shape: []int{2}, Base: 0, Columns: []int{2, 5}},
	}
	if !reflect.DeepEqual(vs, want) {
		t.Fatalf("Vars = %+v, want %+v", vs, want)
	}
	if got := vs[1].Index(nil, 4); !reflect.DeepEqual(got, []int{1, 1}) {
		t.Errorf("Index(4) = %v, want [1 1]", got)
	}
}

func TestVarsErrors(t *testing.T) {
	for _, c := range []struct {
		names []string
		msg   string
	}{
		{[]string{"a[1]", "a[3]"}, "no element [2]"},
		{[]string{"a[1]", "a[1]"}, "appears twice"},
		{[]string{"a", "a"}, "appears 2 times"},
		{[]string{"a[1]", "a[1,2]"}, "indices"},
		{[]string{"a", "a[1]"}, "indices"},
		{[]string{"a[-1]"}, "negative"},
	} {
		if _, err := Vars(c.names); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("Vars(%q): error %v, want one containing %q", c.names, err, c.msg)
		}
	}
}

func TestParseName(t *testing.T) {
	for _, c := range []struct {
		in   string
		base string
		idx  []int
	}{
		{"theta", "theta", nil},
		{"theta[12]", "theta", []int{12}},
		{"L[1, 2]", "L", []int{1, 2}},
		{"x[a]", "x[a]", nil},
		{"w.1", "w.1", nil},
	} {
		b, idx := ParseName(c.in)
		if b != c.base || !reflect.DeepEqual(idx, c.idx) {
			t.Errorf("ParseName(%q) = %q, %v; want %q, %v", c.in, b, idx, c.base, c.idx)
		}
	}
}
