package autodiff

import (
	"errors"
	"fmt"
	"strings"
)

// Nodes returns the Vars recorded on t in the order they were recorded:
// the tape as a Wengert list, each node computed from earlier ones, so
// that the list is a topological order of the computation graph and the
// backward pass is a walk of it in reverse.
func (t *Tape) Nodes() []*Var { return append([]*Var(nil), t.nodes...) }

// Backward runs the backward pass from out, a one-element Var recorded on t
// that depends on parameters: it zeroes every adjoint, sets out's to 1 and
// applies the backward rules of the nodes in reverse order, leaving in each
// Var's Grad the derivative of out with respect to it.
func (t *Tape) Backward(out *Var) error {
	switch {
	case out == nil || out.tape != t:
		return errors.New("autodiff: Backward of a Var not recorded on this tape")
	case len(out.Value) != 1:
		return fmt.Errorf("autodiff: Backward of a Var of shape %v, want one element", out.Shape)
	case out.Grad == nil:
		return errors.New("autodiff: Backward of a Var that depends on no parameter")
	}
	t.backward(out)
	return nil
}

// Listing returns the recorded nodes as text, one a line: the index, the
// operation, the shape, the value and (for nodes that depend on the
// parameters) the adjoint, with at most the first 4 elements of each. A
// view (Var.View) shares the storage of its base, value and adjoint: it
// shows the base's elements, whose adjoint sums over every use.
func (t *Tape) Listing() string {
	var b strings.Builder
	short := func(x []float64) string {
		if len(x) > 4 {
			return fmt.Sprintf("%.4g…", x[:4])
		}
		return fmt.Sprintf("%.4g", x)
	}
	for i, v := range t.nodes {
		fmt.Fprintf(&b, "%3d %-8s shape %-5s value %s", i, v.op, fmt.Sprint(v.Shape), short(v.Value))
		if v.Grad != nil {
			fmt.Fprintf(&b, "  adjoint %s", short(v.Grad))
		}
		b.WriteByte('\n')
	}
	return b.String()
}
