package datasets

import (
	"context"
	"testing"
)

// TestLoadMNISTSplit checks hamiltorch's split: the held-out digits are
// the ones right after the training digits, scaled to [0, 1].
func TestLoadMNISTSplit(t *testing.T) {
	if _, err := LoadMNISTSplit(context.Background(), 0, 10); err == nil {
		t.Error("no training digits: no error")
	}
	s, err := LoadMNISTSplit(context.Background(), 100, 50)
	if err != nil {
		t.Skipf("MNIST not available: %v", err)
	}
	all, err := LoadMNIST(context.Background(), MNISTTrain, 150)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.TrainX) != 100 || len(s.TrainY) != 100 || len(s.TestX) != 50 || len(s.TestY) != 50 {
		t.Fatalf("sizes %d %d %d %d", len(s.TrainX), len(s.TrainY), len(s.TestX), len(s.TestY))
	}
	for k, row := range [][]float64{s.TrainX[7], s.TestX[3]} {
		i := []int{7, 103}[k]
		img := all.Image(i)
		if len(row) != len(img) {
			t.Fatalf("row of %d values, image of %d", len(row), len(img))
		}
		for j, p := range img {
			if row[j] != float64(p)/255 {
				t.Fatalf("image %d pixel %d: %g, want %d/255", i, j, row[j], p)
			}
		}
	}
	if s.TestY[3] != int(all.Labels[103]) || s.TrainY[7] != int(all.Labels[7]) {
		t.Error("labels out of step with the images")
	}
	// The training rows must not grow into the held-out ones.
	if cap(s.TrainX) != 100 {
		t.Errorf("TrainX capacity %d", cap(s.TrainX))
	}
}
