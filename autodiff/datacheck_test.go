package autodiff

import (
	"errors"
	"math"
	"testing"
)

func TestCheckData(t *testing.T) {
	tp := NewTape()
	tp.Param([]float64{1, 2})
	tp.Const([]float64{1, 2})
	tp.Const([]float64{math.Inf(1), 0, math.Inf(-1)})
	if err := tp.CheckData(); err == nil {
		t.Fatal("no error for +Inf data")
	} else if de := new(DataError); !errors.As(err, &de) || de.Index != 2 || de.Elem != 0 || !math.IsInf(de.Value, 1) || de.Bad != 2 {
		t.Fatalf("err = %#v", err)
	}
	// A NaN is reported before an infinity recorded earlier.
	tp.Input([]float64{0, 0, 0, math.NaN()}, 2, 2)
	var de *DataError
	if err := tp.CheckData(); !errors.As(err, &de) || de.Op != "input" || de.Index != 3 || de.Elem != 3 || !math.IsNaN(de.Value) {
		t.Fatalf("err = %v", err)
	}
	if got := de.Error(); got != "autodiff: data holds NaN: input 3 of the tape (shape [2 2]) has 1 such value(s), the first at element 3; check the data recorded with Tape.Const/Tape.Input" {
		t.Errorf("message %q", got)
	}
	// Parameters and results of ops are not data.
	ok := NewTape()
	p := ok.Param([]float64{math.NaN()})
	Log(Add(p, ok.Scalar(1)))
	if err := ok.CheckData(); err != nil {
		t.Errorf("finite data: %v", err)
	}
	c, err := Compile(func(tp *Tape, x *Var) *Var { return Sum(Mul(x, tp.Const([]float64{math.NaN()}))) }, []float64{1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CheckData(); err == nil {
		t.Error("Compiled.CheckData: no error")
	}
}
