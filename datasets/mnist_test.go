package datasets

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func sharedMNIST(t *testing.T, part MNISTPart, n int) *MNIST {
	t.Helper()
	l := Loader{Dirs: []string{sharedDir(t)}, OnlyDirs: true, Offline: true, CacheDir: t.TempDir()}
	m, err := l.MNIST(context.Background(), part, n)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMNISTFirstTrainLabels(t *testing.T) {
	m := sharedMNIST(t, MNISTTrain, 10)
	// shared/datasets/README.md.
	want := []uint8{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}
	if m.Len() != 10 || m.Rows != 28 || m.Cols != 28 || len(m.Pixels) != 7840 {
		t.Fatalf("got %d images of %d×%d", m.Len(), m.Rows, m.Cols)
	}
	if !bytes.Equal(m.Labels, want) {
		t.Fatalf("labels %v, want %v", m.Labels, want)
	}
	oh := m.OneHot(nil)
	if oh[5] != 1 || oh[10] != 1 || sum(oh) != 10 {
		t.Errorf("one-hot wrong: %v", oh[:20])
	}
}

func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

func TestMNISTTestSetCounts(t *testing.T) {
	m := sharedMNIST(t, MNISTTest, 0)
	if m.Len() != 10000 {
		t.Fatalf("test set has %d images", m.Len())
	}
	// shared/datasets/README.md.
	want := [10]int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}
	if got := m.LabelCounts(); got != want {
		t.Fatalf("label counts %v, want %v", got, want)
	}
}

func TestMNISTTrainLabelCounts(t *testing.T) {
	idx, err := ReadIDXFile(sharedFile(t, "mnist/train-labels-idx1-ubyte.gz"), 0)
	if err != nil {
		t.Fatal(err)
	}
	var got [10]int
	for _, l := range idx.Data {
		got[l]++
	}
	want := [10]int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}
	if got != want {
		t.Fatalf("train label counts %v, want %v", got, want)
	}
}

func TestMNISTTrainPixelStatistics(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes all 60000 training images")
	}
	m := sharedMNIST(t, MNISTTrain, 0)
	if m.Len() != 60000 {
		t.Fatalf("%d images", m.Len())
	}
	// torchvision's constants are these statistics rounded to 4 digits, so
	// the [0,1]-scaled pixels must match them to within half a unit of the
	// last digit, and the normalized pixels have mean ~0 and sd ~1.
	x := m.Floats(nil, ScaleUnit)
	mean, sd := meanSD(x)
	if !near(mean, MNISTMean, 5e-5) || !near(sd, MNISTStd, 5e-5) {
		t.Errorf("pixel mean %.6f sd %.6f, want %.4f %.4f", mean, sd, MNISTMean, MNISTStd)
	}
	z := m.Floats(x, ScaleNormalized)
	mean, sd = meanSD(z)
	if !near(mean, 0, 5e-4) || !near(sd, 1, 5e-4) {
		t.Errorf("normalized mean %.6f sd %.6f", mean, sd)
	}
}

func meanSD(x []float64) (float64, float64) {
	var m, v float64
	for _, a := range x {
		m += a
	}
	m /= float64(len(x))
	for _, a := range x {
		v += (a - m) * (a - m)
	}
	return m, math.Sqrt(v / float64(len(x)))
}

func TestMNISTScalingsAndSubsets(t *testing.T) {
	m := sharedMNIST(t, MNISTTest, 100)
	u := m.Floats(nil, ScaleUnit)
	n := m.Floats(nil, ScaleNormalized)
	r := m.Floats(nil, ScaleRaw)
	for i, p := range m.Pixels {
		if r[i] != float64(p) || u[i] != float64(p)/255 || !near(n[i], (float64(p)/255-0.1307)/0.3081, 1e-15) {
			t.Fatalf("pixel %d: %d -> %v %v %v", i, p, r[i], u[i], n[i])
		}
	}
	f := m.First(3)
	if f.Len() != 3 || !bytes.Equal(f.Image(2), m.Image(2)) || f.Labels[2] != m.Labels[2] {
		t.Error("First(3) differs from the first images")
	}
	a, b := m.Sample(20, 7), m.Sample(20, 7)
	if !bytes.Equal(a.Labels, b.Labels) || !bytes.Equal(a.Pixels, b.Pixels) {
		t.Error("Sample is not reproducible with the same seed")
	}
	c := m.Sample(20, 8)
	if bytes.Equal(a.Pixels, c.Pixels) {
		t.Error("seeds 7 and 8 drew the same subset")
	}
	// Without replacement: 20 distinct images (the 100 test images are
	// pairwise distinct, checked here too).
	seen := map[string]bool{}
	for i := 0; i < m.Len(); i++ {
		seen[string(m.Image(i))] = true
	}
	if len(seen) != 100 {
		t.Fatalf("the first 100 test images are not distinct")
	}
	seen = map[string]bool{}
	for i := 0; i < a.Len(); i++ {
		seen[string(a.Image(i))] = true
	}
	if len(seen) != 20 {
		t.Errorf("Sample drew %d distinct images of 20", len(seen))
	}
	// Known first test labels (torchvision / Keras: 7 2 1 0 4 1 4 9 5 9).
	if !bytes.Equal(m.Labels[:10], []uint8{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}) {
		t.Errorf("first test labels %v", m.Labels[:10])
	}
}

// idxBytes builds an unsigned-byte IDX file.
func idxBytes(dims []int, data []byte) []byte {
	b := []byte{0, 0, 8, byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, uint32(d))
	}
	return append(b, data...)
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func TestReadIDXErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	full := idxBytes([]int{3, 2, 2}, make([]byte, 12))
	cases := []struct {
		name string
		b    []byte
		want []string
	}{
		{"trunc.idx", full[:len(full)-5], []string{"trunc.idx", "truncated", "promises 3 items of 4 bytes", "only 1 complete"}},
		{"trunc.gz", gz(full[:len(full)-5]), []string{"trunc.gz", "truncated"}},
		{"cutgz.gz", gz(full)[:20], []string{"cutgz.gz"}},
		{"header.idx", full[:9], []string{"header.idx", "truncated IDX header"}},
		{"magic.idx", []byte{1, 2, 3, 4}, []string{"bad IDX magic"}},
		{"float.idx", []byte{0, 0, 0x0d, 1, 0, 0, 0, 0}, []string{"0x0d", "not supported"}},
		{"empty.idx", nil, []string{"empty.idx", "magic"}},
	}
	for _, c := range cases {
		_, err := ReadIDXFile(write(c.name, c.b), 0)
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
	if _, err := ReadIDXFile(filepath.Join(dir, "missing"), 0); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing file: %v", err)
	}
	// A truncated file still yields its first items when fewer are asked.
	idx, err := ReadIDXFile(write("trunc2.idx", full[:len(full)-5]), 1)
	if err != nil || idx.Dims[0] != 1 || len(idx.Data) != 4 {
		t.Errorf("first item of a truncated file: %+v %v", idx, err)
	}
}

func TestReadMNISTFilesRawAndMismatch(t *testing.T) {
	dir := t.TempDir()
	// Decompress the first 5 test images into a raw IDX file of 5 items.
	src := sharedMNIST(t, MNISTTest, 5)
	imgs := filepath.Join(dir, "img")
	labs := filepath.Join(dir, "lab")
	os.WriteFile(imgs, idxBytes([]int{5, 28, 28}, src.Pixels), 0o644)
	os.WriteFile(labs, gz(idxBytes([]int{5}, src.Labels)), 0o644)
	m, err := ReadMNISTFiles(imgs, labs, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.Pixels, src.Pixels) || !bytes.Equal(m.Labels, src.Labels) {
		t.Error("raw/gz round trip differs")
	}
	labs4 := filepath.Join(dir, "lab4")
	os.WriteFile(labs4, idxBytes([]int{4}, src.Labels[:4]), 0o644)
	if _, err := ReadMNISTFiles(imgs, labs4, 0); err == nil || !strings.Contains(err.Error(), "5 images") {
		t.Errorf("count mismatch: %v", err)
	}
	bad := filepath.Join(dir, "badlab")
	os.WriteFile(bad, idxBytes([]int{5}, []byte{1, 2, 3, 10, 4}), 0o644)
	if _, err := ReadMNISTFiles(imgs, bad, 0); err == nil || !strings.Contains(err.Error(), "label 3 is 10") {
		t.Errorf("bad label: %v", err)
	}
	if _, err := ReadMNISTFiles(labs, labs, 0); err == nil || !strings.Contains(err.Error(), "want images") {
		t.Errorf("labels as images: %v", err)
	}
}

func TestGoMNISTDir(t *testing.T) {
	d, err := GoMNISTDir()
	if err != nil {
		t.Skipf("GoMNIST not in the module cache on this machine: %v", err)
	}
	if err := MNISTTestLabelsFile.Verify(filepath.Join(d, MNISTTestLabelsFile.Name)); err != nil {
		t.Fatal(err)
	}
}
