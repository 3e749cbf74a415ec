package datasets

import (
	"math"
	"strings"
	"testing"
)

func TestStandardizerBoston(t *testing.T) {
	s := bostonSplit(t)
	var st Standardizer
	if err := st.Fit(s.Train.X); err != nil {
		t.Fatal(err)
	}
	z := st.Transform(nil, s.Train.X)
	// Standardized training columns have mean 0 and population sd 1 up to
	// rounding (values are O(1e3), so 1e-12 relative).
	for j := 0; j < 13; j++ {
		var m, v float64
		for i := range z {
			m += z[i][j]
		}
		m /= float64(len(z))
		for i := range z {
			v += (z[i][j] - m) * (z[i][j] - m)
		}
		v /= float64(len(z))
		if !near(m, 0, 1e-12) || !near(v, 1, 1e-12) {
			t.Errorf("column %d: mean %g var %g", j, m, v)
		}
	}
	back := st.Inverse(nil, st.Transform(nil, s.Test.X))
	for i := range back {
		for j := range back[i] {
			if !near(back[i][j], s.Test.X[i][j], 1e-9*math.Max(1, math.Abs(s.Test.X[i][j]))) {
				t.Fatalf("inverse[%d][%d] = %v, want %v", i, j, back[i][j], s.Test.X[i][j])
			}
		}
	}
	// In place.
	x := [][]float64{append([]float64(nil), s.Test.X[0]...)}
	st.Transform(x, x)
	if x[0][0] != (s.Test.X[0][0]-st.Mean[0])/st.Scale[0] {
		t.Error("in-place transform differs")
	}

	var ys ScalarStandardizer
	if err := ys.Fit(s.Train.Y); err != nil {
		t.Fatal(err)
	}
	zy := ys.Transform(nil, s.Train.Y)
	var m float64
	for _, v := range zy {
		m += v
	}
	if !near(m/float64(len(zy)), 0, 1e-12) {
		t.Errorf("standardized y mean %g", m/float64(len(zy)))
	}
	if yb := ys.Inverse(nil, zy); !near(yb[7], s.Train.Y[7], 1e-12) {
		t.Errorf("y inverse %v vs %v", yb[7], s.Train.Y[7])
	}
}

func TestStandardizerEdgeCases(t *testing.T) {
	var st Standardizer
	if err := st.Fit([][]float64{{1, 5}, {3, 5}}); err != nil {
		t.Fatal(err)
	}
	// Column 1 has zero spread: scale 1, so it is only centred.
	if st.Scale[1] != 1 || st.Mean[0] != 2 || st.Scale[0] != 1 {
		t.Errorf("mean %v scale %v", st.Mean, st.Scale)
	}
	for _, bad := range []struct {
		x    [][]float64
		want string
	}{
		{nil, "at least one row"},
		{[][]float64{{1, 2}, {3}}, "row 1 has 1 values"},
		{[][]float64{{1, math.NaN()}}, "row 0, column 1 is NaN"},
	} {
		if err := st.Fit(bad.x); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("Fit(%v): err = %v, want %q", bad.x, err, bad.want)
		}
	}
	var ys ScalarStandardizer
	if err := ys.Fit([]float64{1, math.Inf(1)}); err == nil || !strings.Contains(err.Error(), "value 1 is +Inf") {
		t.Errorf("scalar fit: %v", err)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "datasets:") {
			t.Errorf("length mismatch: recover() = %v", r)
		}
	}()
	st.Transform(nil, [][]float64{{1, 2, 3}})
}
