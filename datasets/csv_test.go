package datasets

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

func TestReadCSVErrors(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"bad cell", "a,b,c\n1,2,3\n4,x5,6\n", []string{"bad.csv", "line 3", "data row 2", "column 2 (b)", `"x5"`}},
		{"ragged", "a,b,c\n1,2,3\n4,5\n", []string{"bad.csv", "line 3", "has 2 fields, want 3"}},
		{"too many", "a,b\n1,2,3\n", []string{"line 2", "has 3 fields, want 2"}},
		{"empty cell", "a,b\n1,\n", []string{"column 2 (b)", `""`}},
		{"empty header", "a,,c\n1,2,3\n", []string{"header column 2 is empty"}},
		{"empty file", "", []string{"empty file"}},
		{"bad quote", "a,b\n1,\"2\n", []string{"bad.csv"}},
	}
	for _, c := range cases {
		_, err := ReadCSV(strings.NewReader(c.text), CSVOptions{Name: "bad.csv"})
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, w)
			}
		}
	}
}

func TestReadCSVFileMissing(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nope.csv")
	_, err := ReadCSVFile(p, CSVOptions{})
	if err == nil || !strings.Contains(err.Error(), p) || !os.IsNotExist(unwrapAll(err)) {
		t.Fatalf("err = %v, want a not-exist error naming %s", err, p)
	}
	if _, err := ReadDataFrameCSV(p, CSVOptions{}); err == nil {
		t.Fatal("ReadDataFrameCSV: no error for a missing file")
	}
}

func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return err
		}
		err = u.Unwrap()
	}
}

func TestReadCSVOptions(t *testing.T) {
	tb, err := ReadCSV(strings.NewReader(" 1.5  2\n\n3\t-4e1\n"), CSVOptions{NoHeader: true, Whitespace: true})
	if err != nil {
		t.Fatal(err)
	}
	if tb.Names[1] != "C1" || len(tb.Rows) != 2 || tb.Rows[1][1] != -40 {
		t.Fatalf("whitespace table %+v", tb)
	}
	tb, err = ReadCSV(strings.NewReader("\ufeffa,b\r\n1,2\r\n"), CSVOptions{})
	if err != nil || tb.Names[0] != "a" || tb.Rows[0][1] != 2 {
		t.Fatalf("BOM and CRLF: %+v %v", tb, err)
	}
	tb, err = ReadCSV(strings.NewReader("a;b\n1;2\n"), CSVOptions{Comma: ';'})
	if err != nil || tb.Rows[0][1] != 2 {
		t.Fatalf("semicolon: %+v %v", tb, err)
	}
}

func TestTableRoundTrips(t *testing.T) {
	src := "x1,x2,y\n1,0.1,3\n-2,1e-09,NaN\n" // strconv g-format spelling
	tb, err := ReadCSV(strings.NewReader(src), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !tb.HasNaN() {
		t.Error("HasNaN false")
	}
	var buf bytes.Buffer
	if err := tb.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	if buf.String() != src {
		t.Errorf("WriteCSV = %q, want %q", buf.String(), src)
	}
	df := tb.DataFrame()
	if r, c := df.Dims(); r != 2 || c != 3 {
		t.Fatalf("DataFrame dims %d×%d", r, c)
	}
	if v := df.Col("x2").Float()[1]; v != 1e-9 {
		t.Errorf("df x2[1] = %v", v)
	}
	back, err := TableFromDataFrame(df)
	if err != nil {
		t.Fatal(err)
	}
	if back.Rows[1][0] != -2 || back.Names[2] != "y" {
		t.Errorf("round trip %+v", back)
	}
	reg, err := tb.Regression("y")
	if err != nil {
		t.Fatal(err)
	}
	if reg.Dim() != 2 || reg.Y[0] != 3 || reg.Names[1] != "x2" {
		t.Errorf("Regression %+v", reg)
	}
	rdf := reg.DataFrame()
	if names := rdf.Names(); strings.Join(names, ",") != "x1,x2,y" {
		t.Errorf("Regression.DataFrame names %v", names)
	}
	if _, err := tb.Regression("z"); err == nil || !strings.Contains(err.Error(), `"z"`) {
		t.Errorf("missing target: %v", err)
	}
	if _, err := tb.Column("q"); err == nil {
		t.Error("Column of a missing name: no error")
	}
}

func TestTableFromDataFrameErrors(t *testing.T) {
	df := dataframe.New(series.New([]string{"a", "b"}, series.String, "s"))
	if _, err := TableFromDataFrame(df); err == nil || !strings.Contains(err.Error(), "column 1 (s)") {
		t.Errorf("string column: err = %v", err)
	}
	bad := dataframe.New(series.Floats([]float64{1}), series.Floats([]float64{1, 2}))
	if _, err := TableFromDataFrame(bad); err == nil {
		t.Error("DataFrame with an error: no error")
	}
	ok := dataframe.New(series.New([]int{1, 2}, series.Int, "i"), series.New([]bool{true, false}, series.Bool, "b"))
	tb, err := TableFromDataFrame(ok)
	if err != nil || tb.Rows[0][0] != 1 || tb.Rows[0][1] != 1 || tb.Rows[1][1] != 0 {
		t.Errorf("int/bool: %+v %v", tb, err)
	}
}

func TestReadDataFrameCSVShared(t *testing.T) {
	df, err := ReadDataFrameCSV(sharedFile(t, "boston_housing.csv"), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r, c := df.Dims(); r != 506 || c != 14 {
		t.Fatalf("dims %d×%d, want 506×14", r, c)
	}
	if v := df.Col("MEDV").Float()[0]; v != 24 {
		t.Errorf("MEDV[0] = %v", v)
	}
}
