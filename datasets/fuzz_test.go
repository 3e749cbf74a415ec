package datasets

import (
	"bytes"
	"strings"
	"testing"
)

// The readers must return an error, never panic, on any input.

func FuzzReadNPY(f *testing.F) {
	var buf bytes.Buffer
	WriteNPY(&buf, &Array{Shape: []int{2, 2}, Data: []float64{1, 2, 3, 4}})
	f.Add(buf.Bytes())
	f.Add(npyBytes(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (99999999999,), }", nil))
	f.Add(npyBytes(2, "{'descr': '>i2', 'fortran_order': False, 'shape': (3, 0), }", nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ReadNPY(bytes.NewReader(b))
		if err == nil && len(a.Data) != a.Len() {
			t.Fatalf("shape %v but %d values", a.Shape, len(a.Data))
		}
	})
}

func FuzzReadIDX(f *testing.F) {
	f.Add(idxBytes([]int{2, 2, 2}, make([]byte, 8)), 0)
	f.Add(idxBytes([]int{1 << 27, 1 << 27}, nil), 1)
	f.Add([]byte{0, 0, 8, 255}, 0)
	f.Fuzz(func(t *testing.T, b []byte, max int) {
		x, err := ReadIDX(bytes.NewReader(b), "fuzz", max)
		if err == nil {
			n := 1
			for _, d := range x.Dims {
				n *= d
			}
			if n != len(x.Data) {
				t.Fatalf("dims %v but %d bytes", x.Dims, len(x.Data))
			}
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	f.Add("a,b\n1,2\n", false)
	f.Add("1 2\n3\n", true)
	f.Add("a,\"b\n", false)
	f.Fuzz(func(t *testing.T, s string, ws bool) {
		tb, err := ReadCSV(strings.NewReader(s), CSVOptions{Whitespace: ws})
		if err == nil {
			for _, r := range tb.Rows {
				if len(r) != len(tb.Names) {
					t.Fatalf("row of %d values, %d names", len(r), len(tb.Names))
				}
			}
		}
	})
}
