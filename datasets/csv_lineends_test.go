package datasets

import (
	"reflect"
	"strings"
	"testing"
)

// Issue 21, item 8: old Mac line endings, a byte-order mark without a header
// and duplicate column names.
func TestReadCSVLineEndings(t *testing.T) {
	want := &Table{Names: []string{"a", "b"}, Rows: [][]float64{{1, 2}, {3, 4}}}
	for name, text := range map[string]string{
		"LF":           "a,b\n1,2\n3,4\n",
		"CRLF":         "a,b\r\n1,2\r\n3,4\r\n",
		"CR":           "a,b\r1,2\r3,4\r",
		"CR no final":  "a,b\r1,2\r3,4",
		"mixed":        "a,b\r1,2\r\n3,4\n",
		"BOM and CR":   "\ufeffa,b\r1,2\r3,4\r",
		"CR blank row": "a,b\r\r1,2\r\r3,4\r",
	} {
		got, err := ReadCSV(strings.NewReader(text), CSVOptions{Name: name})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
	}
	// Whitespace-separated files too.
	got, err := ReadCSV(strings.NewReader("a b\r1 2\r3 4\r"), CSVOptions{Whitespace: true})
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("whitespace CR: got %+v, %v", got, err)
	}
	// Line numbers in errors count CR-only lines.
	_, err = ReadCSV(strings.NewReader("a,b\r1,2\r3,x\r"), CSVOptions{Name: "cr.csv"})
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("CR error: %v, want one naming line 3", err)
	}
}

func TestReadCSVBOMNoHeader(t *testing.T) {
	for _, opt := range []CSVOptions{{NoHeader: true}, {NoHeader: true, Whitespace: true}} {
		text := "\ufeff1,2\n3,4\n"
		if opt.Whitespace {
			text = "\ufeff1 2\n3 4\n"
		}
		got, err := ReadCSV(strings.NewReader(text), opt)
		if err != nil {
			t.Errorf("%+v: %v", opt, err)
			continue
		}
		want := &Table{Names: []string{"C0", "C1"}, Rows: [][]float64{{1, 2}, {3, 4}}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: got %+v, want %+v", opt, got, want)
		}
	}
}

func TestReadCSVDuplicateNames(t *testing.T) {
	_, err := ReadCSV(strings.NewReader("x,y,x,z,y\n1,2,3,4,5\n"), CSVOptions{Name: "dup.csv"})
	if err == nil {
		t.Fatal("no error for duplicate column names")
	}
	for _, w := range []string{"dup.csv", `"x"`, "columns 1 and 3", `"y"`, "columns 2 and 5"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %s", err, w)
		}
	}
	// Names equal after trimming spaces are duplicates too.
	if _, err := ReadCSV(strings.NewReader("a, a\n1,2\n"), CSVOptions{}); err == nil {
		t.Error("no error for names equal after trimming")
	}
}
