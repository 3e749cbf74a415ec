package datasets

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// storedGzip compresses b without compression (deflate stored blocks), so
// that a payload byte can be changed without breaking the deflate stream:
// only the CRC can tell.
func storedGzip(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.NoCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// corrupt returns a copy of b with the first occurrence of old replaced.
func corrupt(t *testing.T, b, old, new []byte) []byte {
	t.Helper()
	i := bytes.Index(b, old)
	if i < 0 {
		t.Fatalf("%v not found", old)
	}
	c := append([]byte(nil), b...)
	copy(c[i:], new)
	return c
}

func TestCorruptedGzipIsRefused(t *testing.T) {
	dir := t.TempDir()
	pixels := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	images := storedGzip(idxBytes([]int{4, 2, 2}, pixels))
	labels := storedGzip(idxBytes([]int{4}, []byte{0, 1, 2, 3}))
	// Pixel 5 becomes 200: a valid deflate stream with a wrong CRC.
	bad := corrupt(t, images, []byte{4, 5, 6}, []byte{4, 200, 6})
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good, badPath, lab := write("good-images.gz", images), write("bad-images.gz", bad), write("labels.gz", labels)
	if m, err := ReadMNISTFiles(good, lab, 0); err != nil || m.Pixels[4] != 5 {
		t.Fatalf("intact files: %v", err)
	}
	for _, max := range []int{0, 1, 3} {
		if d, err := ReadIDXFile(badPath, max); err == nil || !strings.Contains(err.Error(), "checksum") {
			t.Errorf("ReadIDXFile(max %d) of corrupted gzip: err %v (data %v)", max, err, d)
		}
		if _, err := ReadMNISTFiles(badPath, lab, max); err == nil || !strings.Contains(err.Error(), "checksum") {
			t.Errorf("ReadMNISTFiles(n %d) of corrupted gzip: err %v", max, err)
		}
	}
}

func TestCorruptedNPZIsRefused(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteNPZ(&buf, map[string]*Array{"y": {Shape: []int{2}, Data: []float64{1, 2}}}); err != nil {
		t.Fatal(err)
	}
	two := binary.LittleEndian.AppendUint64(nil, math.Float64bits(2))
	other := binary.LittleEndian.AppendUint64(nil, math.Float64bits(131072))
	bad := corrupt(t, buf.Bytes(), two, other) // [1 2] → [1 131072], CRC unchanged
	if m, err := ReadNPZ(bytes.NewReader(bad), int64(len(bad))); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("ReadNPZ of a corrupted member: err %v (data %v)", err, m)
	}

	// Boston: one value of the Keras archive changed.
	dir := t.TempDir()
	b := writeBostonNPZ(t, "")
	v24 := binary.LittleEndian.AppendUint64(nil, math.Float64bits(24)) // the first value 24 in the archive
	p := filepath.Join(dir, "boston_housing.npz")
	if err := os.WriteFile(p, corrupt(t, b, v24, binary.LittleEndian.AppendUint64(nil, math.Float64bits(99))), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadBostonNPZ(p); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("ReadBostonNPZ of a corrupted archive: err %v", err)
	}
}
