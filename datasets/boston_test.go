package datasets

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

func bostonSplit(t *testing.T) *TrainTest {
	t.Helper()
	l := Loader{Dirs: []string{sharedDir(t)}, OnlyDirs: true, Offline: true, CacheDir: t.TempDir()}
	s, err := l.Boston(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReadBostonCSV(t *testing.T) {
	d, err := ReadBostonCSV(sharedFile(t, "boston_housing.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 506 || d.Dim() != 13 {
		t.Fatalf("got %d rows of %d inputs, want 506 of 13", d.Len(), d.Dim())
	}
	// First row, from shared/datasets/README.md.
	want := []float64{0.00632, 18, 2.31, 0, 0.538, 6.575, 65.2, 4.09, 1, 296, 15.3, 396.9, 4.98}
	for j, w := range want {
		if d.X[0][j] != w {
			t.Errorf("x[0][%d] = %v, want %v", j, d.X[0][j], w)
		}
	}
	if d.Y[0] != 24 {
		t.Errorf("y[0] = %v, want 24", d.Y[0])
	}
	if d.Names[12] != "LSTAT" {
		t.Errorf("names = %v", d.Names)
	}
}

func TestBostonKerasSplit(t *testing.T) {
	s := bostonSplit(t)
	if s.Train.Len() != 404 || s.Test.Len() != 102 {
		t.Fatalf("split %d/%d, want 404/102", s.Train.Len(), s.Test.Len())
	}
	// Published Keras output, quoted in shared/datasets/README.md.
	yTest := []float64{7.2, 18.8, 19.0, 27.0, 22.2, 24.5, 31.2, 22.9, 20.5, 23.2}
	for i, w := range yTest {
		if s.Test.Y[i] != w {
			t.Errorf("y_test[%d] = %v, want %v", i, s.Test.Y[i], w)
		}
	}
	xTest0 := []float64{18.0846, 0, 18.1, 0, 0.679, 6.434, 100, 1.8347, 24, 666, 20.2, 27.25, 29.05}
	for j, w := range xTest0 {
		if s.Test.X[0][j] != w {
			t.Errorf("x_test[0][%d] = %v, want %v", j, s.Test.X[0][j], w)
		}
	}
	yTrain := []float64{15.2, 42.3, 50.0, 21.1}
	for i, w := range yTrain {
		if s.Train.Y[i] != w {
			t.Errorf("y_train[%d] = %v, want %v", i, s.Train.Y[i], w)
		}
	}
	if s.Train.Y[403] != 29.1 {
		t.Errorf("y_train[403] = %v, want 29.1", s.Train.Y[403])
	}
	if s.TrainIndex[0] != 22 || s.TestIndex[0] != 415 {
		t.Errorf("indices start %d / %d, want 22 / 415", s.TrainIndex[0], s.TestIndex[0])
	}
}

// writeBostonNPZ writes the CSV's data as an npz with Keras's layout.
func writeBostonNPZ(t *testing.T, path string) []byte {
	t.Helper()
	d, err := ReadBostonCSV(sharedFile(t, "boston_housing.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err = WriteNPZ(&buf, map[string]*Array{
		"x": {Shape: []int{d.Len(), d.Dim()}, Data: d.FlatX(nil)},
		"y": {Shape: []int{d.Len()}, Data: d.Y},
	})
	if err != nil {
		t.Fatal(err)
	}
	if path != "" {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestReadBostonNPZ(t *testing.T) {
	p := filepath.Join(t.TempDir(), "boston_housing.npz")
	writeBostonNPZ(t, p)
	got, err := ReadBostonNPZ(p)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := ReadBostonCSV(sharedFile(t, "boston_housing.csv"))
	if got.Len() != 506 || got.Dim() != 13 {
		t.Fatalf("npz gives %d×%d", got.Len(), got.Dim())
	}
	for i := range want.Y {
		if got.Y[i] != want.Y[i] {
			t.Fatalf("y[%d] = %v, want %v", i, got.Y[i], want.Y[i])
		}
		for j := range want.X[i] {
			if got.X[i][j] != want.X[i][j] {
				t.Fatalf("x[%d][%d] = %v, want %v", i, j, got.X[i][j], want.X[i][j])
			}
		}
	}
}

func TestReadBostonCSVWrongHeader(t *testing.T) {
	p := filepath.Join(t.TempDir(), "b.csv")
	os.WriteFile(p, []byte("a,b\n1,2\n"), 0o644)
	if _, err := ReadBostonCSV(p); err == nil || !bytes.Contains([]byte(err.Error()), []byte("header")) {
		t.Fatalf("err = %v, want a header error", err)
	}
}
