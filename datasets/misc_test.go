package datasets

import (
	"context"
	"strings"
	"testing"
)

func TestDefaultLoadersAndSmallAPIs(t *testing.T) {
	t.Setenv(EnvDataDir, sharedDir(t))
	s, err := LoadBoston(context.Background())
	if err != nil || s.Train.Len() != 404 {
		t.Fatalf("LoadBoston: %v", err)
	}
	m, err := LoadMNIST(context.Background(), MNISTTest, 2)
	if err != nil || m.Len() != 2 {
		t.Fatalf("LoadMNIST: %v", err)
	}
	if MNISTTrain.String() != "train" || MNISTTest.String() != "test" || MNISTPart(5).String() != "MNISTPart(5)" {
		t.Error("MNISTPart.String")
	}
	var l Loader
	if _, err := l.MNIST(context.Background(), MNISTPart(5), 1); err == nil {
		t.Error("unknown part: no error")
	}
	b := Bimodal()
	if b.Dim() != 2 || b.ParamNames()[1] != "y" {
		t.Error("Bimodal Dim/ParamNames")
	}
	tb := &Table{Names: []string{"a", "b"}, Rows: [][]float64{{1, 2}, {3, 4}}}
	if c, err := tb.Column("b"); err != nil || c[1] != 4 {
		t.Errorf("Column: %v %v", c, err)
	}
	a := &Array{Shape: []int{3}, Data: []float64{1, 2, 3}}
	if r, err := a.Rows(); err != nil || len(r) != 3 || r[2][0] != 3 {
		t.Errorf("1-D Rows: %v %v", r, err)
	}
	if _, err := (&Array{Shape: []int{1, 1, 1}, Data: []float64{1}}).Rows(); err == nil {
		t.Error("3-D Rows: no error")
	}
}

func TestKerasSplitErrors(t *testing.T) {
	for _, c := range []struct {
		d     *Regression
		split float64
		want  string
	}{
		{&Regression{X: [][]float64{{1}}, Y: []float64{1, 2}}, 0.2, "1 input rows but 2 targets"},
		{&Regression{X: [][]float64{{1}, {1, 2}}, Y: []float64{1, 2}}, 0.2, "row 1 has 2 values"},
		{&Regression{}, 0.2, "empty"},
		{&Regression{X: [][]float64{{1}}, Y: []float64{1}}, 1.5, "test split 1.5"},
	} {
		if _, err := KerasSplit(c.d, c.split, 1); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("err = %v, want %q", err, c.want)
		}
	}
	s, err := KerasSplit(&Regression{X: [][]float64{{1}, {2}, {3}}, Y: []float64{1, 2, 3}}, 0, 1)
	if err != nil || s.Train.Len() != 3 || s.Test.Len() != 0 {
		t.Errorf("split 0: %v", err)
	}
}
