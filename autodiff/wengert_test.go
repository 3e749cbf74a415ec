package autodiff

import (
	"math"
	"strings"
	"testing"
)

// f(x, y) = x·y + exp(x): the adjoints after Backward are the partial
// derivatives (y + exp(x), x), and every node is listed.
func TestTapeBackward(t *testing.T) {
	tp := NewTape()
	p := tp.Param([]float64{0.5, 2})
	x, y := p.View(0, 1), p.View(1, 2)
	out := Add(Mul(x, y), Exp(x))
	if err := tp.Backward(out); err != nil {
		t.Fatal(err)
	}
	want := []float64{2 + math.Exp(0.5), 0.5}
	for i := range want {
		if math.Abs(p.Grad[i]-want[i]) > 1e-14 {
			t.Errorf("∂f/∂x%d = %v, want %v", i, p.Grad[i], want[i])
		}
	}
	if n := len(tp.Nodes()); n < 4 || !strings.Contains(tp.Listing(), "adjoint") {
		t.Errorf("%d nodes, listing:\n%s", n, tp.Listing())
	}
	if err := tp.Backward(tp.Scalar(1)); err == nil {
		t.Error("no error for a constant")
	}
	if err := tp.Backward(p); err == nil {
		t.Error("no error for a vector")
	}
	if err := NewTape().Backward(out); err == nil {
		t.Error("no error for another tape's Var")
	}
}
