package datasets

import (
	"bytes"
	"encoding/binary"
	"math"
	"strings"
	"testing"
)

// npyBytes builds a .npy file by hand: version, header dict and raw data.
func npyBytes(major byte, header string, data []byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x93NUMPY")
	b.WriteByte(major)
	b.WriteByte(0)
	if major == 1 {
		binary.Write(&b, binary.LittleEndian, uint16(len(header)))
	} else {
		binary.Write(&b, binary.LittleEndian, uint32(len(header)))
	}
	b.WriteString(header)
	b.Write(data)
	return b.Bytes()
}

func TestNPYRoundTrip(t *testing.T) {
	a := &Array{Shape: []int{2, 3}, Data: []float64{1, -2.5, math.Pi, 0, 1e300, -1e-300}}
	var buf bytes.Buffer
	if err := WriteNPY(&buf, a); err != nil {
		t.Fatal(err)
	}
	// numpy aligns the data to 64 bytes.
	hl := int(binary.LittleEndian.Uint16(buf.Bytes()[8:10]))
	if (10+hl)%64 != 0 {
		t.Errorf("data offset %d not 64-aligned", 10+hl)
	}
	got, err := ReadNPY(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Shape) != 2 || got.Shape[0] != 2 || got.Shape[1] != 3 {
		t.Fatalf("shape %v", got.Shape)
	}
	for i := range a.Data {
		if got.Data[i] != a.Data[i] {
			t.Errorf("data[%d] = %v, want %v", i, got.Data[i], a.Data[i])
		}
	}
	rows, err := got.Rows()
	if err != nil || rows[1][2] != -1e-300 {
		t.Errorf("Rows: %v %v", rows, err)
	}
}

func TestNPYDtypes(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	i4 := le.AppendUint32(le.AppendUint32(nil, uint32(0xffffffff)), 7) // -1, 7
	f8be := be.AppendUint64(nil, math.Float64bits(2.5))
	f4 := le.AppendUint32(nil, math.Float32bits(0.25))
	cases := []struct {
		name, header string
		major        byte
		data         []byte
		want         []float64
	}{
		{"<i4", "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", 1, i4, []float64{-1, 7}},
		{">f8 v2", "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", 2, f8be, []float64{2.5}},
		{"<f4", `{"descr": "<f4", "fortran_order": False, "shape": (1, 1)}`, 3, f4, []float64{0.25}},
		{"|u1", "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", 1, []byte{0, 128, 255}, []float64{0, 128, 255}},
		{"|i1", "{'descr': '|i1', 'fortran_order': False, 'shape': (2,), }", 1, []byte{0xff, 3}, []float64{-1, 3}},
		{"|b1", "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", 1, []byte{1, 0}, []float64{1, 0}},
		{"scalar", "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 1, le.AppendUint64(nil, math.Float64bits(-3)), []float64{-3}},
	}
	for _, c := range cases {
		a, err := ReadNPY(bytes.NewReader(npyBytes(c.major, c.header, c.data)))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for i, w := range c.want {
			if a.Data[i] != w {
				t.Errorf("%s: data[%d] = %v, want %v", c.name, i, a.Data[i], w)
			}
		}
	}
}

func TestNPYErrors(t *testing.T) {
	f8 := make([]byte, 16)
	cases := []struct {
		name string
		b    []byte
		want string
	}{
		{"magic", []byte("PK\x03\x04xxxxxxxx"), "bad magic"},
		{"fortran", npyBytes(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2,), }", f8), "Fortran"},
		{"object", npyBytes(1, "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", f8), "unsupported dtype"},
		{"complex", npyBytes(1, "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", f8), "unsupported dtype"},
		{"truncated", npyBytes(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", f8), "truncated"},
		{"no shape", npyBytes(1, "{'descr': '<f8', 'fortran_order': False}", f8), "shape"},
		{"version", npyBytes(9, "{}", nil), "version"},
	}
	for _, c := range cases {
		_, err := ReadNPY(bytes.NewReader(c.b))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to mention %q", c.name, err, c.want)
		}
	}
}

func TestNPZ(t *testing.T) {
	var buf bytes.Buffer
	err := WriteNPZ(&buf, map[string]*Array{
		"x": {Shape: []int{2, 2}, Data: []float64{1, 2, 3, 4}},
		"y": {Shape: []int{2}, Data: []float64{5, 6}},
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadNPZ(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 2 || m["x"].Data[3] != 4 || m["y"].Data[1] != 6 {
		t.Fatalf("npz read back %v", m)
	}
	if _, err := ReadNPZ(bytes.NewReader([]byte("not a zip")), 9); err == nil || !strings.Contains(err.Error(), "zip") {
		t.Errorf("non-zip: err = %v", err)
	}
}
