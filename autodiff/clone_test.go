package autodiff

import (
	"math"
	"testing"
)

// TestCloneAfterFailedRerecord: a re-recording that fails leaves the
// Compiled at a point where the function does not record; Clone, and
// everything on the clone, must still work or report an error, never
// dereference nil.
func TestCloneAfterFailedRerecord(t *testing.T) {
	// Records a scalar for x ≤ 1 (with a Branch guard) and a vector beyond.
	f := func(tp *Tape, x *Var) *Var {
		if tp.Branch(x, 0, func(v float64) bool { return v > 1 }) {
			return x // not a scalar: the recording fails
		}
		return Sum(Square(x))
	}
	c, err := Compile(f, []float64{0.5, 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := make([]float64, 2)
	if v := c.LogProb(g, []float64{2, 0}); !math.IsNaN(v) || c.Err() == nil {
		t.Fatalf("at 2: value %v, Err %v; want NaN and the recording error", v, c.Err())
	}
	d := c.Clone() // main: nil dereference in a clone of the clone, below
	if v := d.LogProb(g, []float64{0.25, 0}); v != 0.0625 || g[0] != 0.5 {
		t.Errorf("clone at 0.25: value %v grad %v, want 0.0625 0.5", v, g[0])
	}
	e := d.Clone().Clone()
	if v := e.Value([]float64{-1, 0}); v != 1 {
		t.Errorf("clone of a clone at -1: %v, want 1", v)
	}

	// A function that records only once: a clone records nowhere.
	calls := 0
	once := func(tp *Tape, x *Var) *Var {
		if calls++; calls > 1 {
			return x
		}
		return Sum(Square(x))
	}
	c, err = Compile(once, []float64{0.5, 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d = c.Clone()
	if d.Err() == nil || d.Tape() != nil {
		t.Fatalf("clone of a function that no longer records: Err %v, tape %v", d.Err(), d.Tape())
	}
	if v := d.LogProb(g, []float64{0.5, 0}); !math.IsNaN(v) {
		t.Errorf("LogProb of an unrecorded clone: %v, want NaN", v)
	}
	if _, err := d.ValueGrad(g, []float64{0.5, 0}); err == nil {
		t.Error("ValueGrad of an unrecorded clone: no error")
	}
	if _, _, err := d.Hessian(nil, nil, []float64{0.5, 0}); err == nil {
		t.Error("Hessian of an unrecorded clone: no error")
	}
	if dd := d.Clone(); dd.Err() == nil {
		t.Error("clone of an unrecorded clone: no error")
	}
}
