package diag

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"testing"
)

// readCSV reads a CSV file with a header into records.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

// TestNestedRHatFixture compares NestedRHat with the numbers of
// testdata/nestedrhat/make.R: the paper's formulas written in R, and the R
// package posterior's rhat_nested (see make.R).
func TestNestedRHatFixture(t *testing.T) {
	draws := map[string][][]float64{}
	for _, r := range readCSV(t, "testdata/nestedrhat/draws.csv") {
		c, _ := strconv.Atoi(r[2])
		d, _ := strconv.Atoi(r[3])
		v, err := strconv.ParseFloat(r[4], 64)
		if err != nil {
			t.Fatal(err)
		}
		x := draws[r[0]]
		for len(x) <= c {
			x = append(x, nil)
		}
		if len(x[c]) != d {
			t.Fatalf("case %s chain %d: draw %d out of order", r[0], c, d)
		}
		x[c] = append(x[c], v)
		draws[r[0]] = x
	}
	exp := readCSV(t, "testdata/nestedrhat/expected.csv")
	if len(exp) < 5 {
		t.Fatalf("%d cases in expected.csv", len(exp))
	}
	for _, r := range exp {
		k, _ := strconv.Atoi(r[1])
		m, _ := strconv.Atoi(r[2])
		n, _ := strconv.Atoi(r[3])
		x := draws[r[0]]
		if len(x) != k*m || len(x[0]) != n {
			t.Fatalf("case %s: %d chains of %d draws, want %d of %d", r[0], len(x), len(x[0]), k*m, n)
		}
		got, err := NestedRHat(x, k)
		if err != nil {
			t.Fatalf("case %s: %v", r[0], err)
		}
		for col, name := range map[int]string{4: "formulas in R", 5: "posterior::rhat_nested"} {
			want, err := strconv.ParseFloat(r[col], 64)
			if err != nil {
				t.Fatalf("case %s: %s: %v", r[0], name, err)
			}
			if math.Abs(got-want) > 1e-14*want {
				t.Errorf("case %s (K=%d, M=%d, N=%d): nested R-hat %.17g, %s %.17g", r[0], k, m, n, got, name, want)
			}
		}
	}
}

// TestNestedRHatOneChainPerSuperchain checks the paper's remark: with one
// chain per superchain nested R-hat is √(1 + B/W), the non-split R-hat
// without its (N−1)/N factor.
func TestNestedRHatOneChainPerSuperchain(t *testing.T) {
	x := [][]float64{{1, 2, 4, 3}, {2, 3, 3, 5}, {0, 1, 1, 2}}
	got, err := NestedRHat(x, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Means 2.5, 3.25, 1; variances 5/3, 1.5833…, 2/3.
	b := sampleVar([]float64{2.5, 3.25, 1}, (2.5+3.25+1)/3)
	w := (5.0/3 + 19.0/12 + 2.0/3) / 3
	if want := math.Sqrt(1 + b/w); math.Abs(got-want) > 1e-15 {
		t.Errorf("nested R-hat %v, want %v", got, want)
	}
}

func TestNestedRHatErrors(t *testing.T) {
	ok := [][]float64{{1, 2}, {2, 3}, {0, 1}, {5, 4}}
	for _, tc := range []struct {
		name string
		x    [][]float64
		k    int
		is   error
	}{
		{"no chains", nil, 2, ErrNoChains},
		{"one superchain", ok, 1, nil},
		{"indivisible", ok[:3], 2, nil},
		{"ragged", [][]float64{{1, 2}, {1}}, 2, ErrRaggedChains},
		{"one draw one chain", [][]float64{{1}, {2}}, 2, ErrTooFewDraws},
		{"NaN", [][]float64{{1, math.NaN()}, {2, 3}}, 2, ErrNonFinite},
		{"constant", [][]float64{{1, 1}, {1, 1}}, 2, ErrConstant},
		{"no within variance", [][]float64{{1, 1}, {2, 2}}, 2, ErrConstant},
	} {
		v, err := NestedRHat(tc.x, tc.k)
		if err == nil || !math.IsNaN(v) {
			t.Errorf("%s: %v, %v; want NaN and an error", tc.name, v, err)
			continue
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.is)
		}
	}
}

func TestNestedRHats(t *testing.T) {
	d := &Draws{Names: []string{"a", "b", "c"}, Values: [][][]float64{
		{{1, 2}, {2, 3}, {0, 1}, {5, 4}},
		{{1, 1}, {1, 1}, {1, 1}, {1, 1}},
		{{1, 2}, {3, 2}, {0, 2}, {1, 1}},
	}}
	got, err := NestedRHats(d, 2)
	if err != nil {
		t.Fatal(err)
	}
	for j, want := range []int{0, 1, 2} {
		w, _ := NestedRHat(d.Values[want], 2)
		if !(got[j] == w || math.IsNaN(got[j]) && math.IsNaN(w)) {
			t.Errorf("%s: %v, want %v", d.Names[j], got[j], w)
		}
	}
	if !math.IsNaN(got[1]) {
		t.Errorf("constant parameter: %v, want NaN", got[1])
	}
	if _, err := NestedRHats(d, 3); err == nil {
		t.Error("4 chains in 3 superchains: no error")
	}
}
