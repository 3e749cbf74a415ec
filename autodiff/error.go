package autodiff

import (
	"fmt"
	"strings"
)

// OpError reports misuse detected when an op is recorded.
type OpError struct {
	Op     string  // name of the op, e.g. "Add"
	Shapes [][]int // shapes of its operands
	Msg    string  // what is wrong
}

// Error returns "autodiff: Op: Msg" followed by the operands' shapes.
func (e *OpError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "autodiff: %s: %s", e.Op, e.Msg)
	if len(e.Shapes) > 0 {
		b.WriteString(" (shapes")
		for _, s := range e.Shapes {
			fmt.Fprintf(&b, " %v", s)
		}
		b.WriteString(")")
	}
	return b.String()
}

// opPanic panics with an *OpError for op with the shapes of vs.
func opPanic(op, format string, vs ...any) {
	var shapes [][]int
	var args []any
	for _, v := range vs {
		if x, ok := v.(*Var); ok {
			shapes = append(shapes, x.Shape)
			continue
		}
		args = append(args, v)
	}
	panic(&OpError{Op: op, Shapes: shapes, Msg: fmt.Sprintf(format, args...)})
}

// recoverOpError turns a panic carrying an *OpError into an error stored in
// *err; other panics propagate.
func recoverOpError(err *error) {
	if r := recover(); r != nil {
		if e, ok := r.(*OpError); ok {
			*err = e
			return
		}
		panic(r)
	}
}
