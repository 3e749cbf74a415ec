package autodiff

import "fmt"

// Tape records operations on Vars for reverse-mode differentiation.
// A Tape is not safe for concurrent use; give each goroutine its own
// (Compiled.Clone records a fresh one).
type Tape struct {
	nodes  []*Var
	out    *Var // the output of the last completed recording, if any
	second bool // tangent buffers allocated
	stale  bool // a guard changed outcome during replay

	// Replay caches, rebuilt when the tape has grown: the non-nil forward
	// rules in order and the backward rules of nodes with an adjoint in
	// reverse order (a replay then walks a dense slice of closures instead
	// of every node).
	fwds, bwds []func()
	cached     int  // len(nodes) when fwds and bwds were built
	cacheOK    bool // fwds and bwds were built

	// Every adjoint buffer allocated by newVar lies in one of gradSlabs
	// (its used prefix), so that backward clears them all in a few calls.
	// gradCur indexes the slab that small buffers are carved from (a
	// slab of its own has no spare capacity, so it is never carved).
	gradSlabs [][]float64
	gradCur   int
}

// gradChunk is the size of a shared adjoint slab; buffers larger than a
// quarter of it get a slab of their own.
const gradChunk = 2048

// NewTape returns an empty tape.
func NewTape() *Tape { return &Tape{} }

// Var is a tensor recorded on a tape: its value and, when it depends on
// parameters, the adjoint (Grad) that the backward pass accumulates.
// Value and Grad are flat, in row-major order of Shape.
type Var struct {
	tape  *Tape
	Shape []int
	Value []float64
	Grad  []float64 // nil for constants

	// Second order (forward-over-reverse): Tan is the directional
	// derivative of Value along the parameter direction, GradTan that of
	// Grad. Allocated by Tape.enableSecondOrder.
	Tan     []float64
	GradTan []float64

	op   string
	base *Var // non-nil for a view: Value/Grad alias base's at offset off
	off  int

	fwd    func() // recompute Value from the inputs' values
	bwd    func() // accumulate the inputs' Grad from Grad
	jvp    func() // compute Tan from the inputs' Value and Tan
	bwdTan func() // accumulate the inputs' GradTan
}

// Op names the operation that produced v ("param", "const", "Add", ...).
func (v *Var) Op() string { return v.op }

// Tape returns the tape v is recorded on.
func (v *Var) Tape() *Tape { return v.tape }

// Len returns the number of elements of v.
func (v *Var) Len() int { return len(v.Value) }

// NeedsGrad reports whether v depends on a parameter.
func (v *Var) NeedsGrad() bool { return v.Grad != nil }

// Scalar returns the value of a one-element Var.
func (v *Var) Scalar() float64 {
	if len(v.Value) != 1 {
		opPanic("Scalar", "not a scalar", v)
	}
	return v.Value[0]
}

// String returns the op that recorded v and its shape, e.g. "Var(Add [3 2])",
// for debugging; it does not print the values.
func (v *Var) String() string { return fmt.Sprintf("Var(%s %v)", v.op, v.Shape) }

// newVar allocates a Var of the given shape on t; with grad it also
// allocates the adjoint.
func (t *Tape) newVar(op string, shape []int, grad bool) *Var {
	checkShape(op, shape)
	n := numel(shape)
	v := &Var{tape: t, Shape: cloneShape(shape), Value: make([]float64, n), op: op}
	if grad {
		v.Grad = t.allocGrad(n)
	}
	if t.second {
		v.Tan = make([]float64, n)
		if grad {
			v.GradTan = make([]float64, n)
		}
	}
	return v
}

// allocGrad returns a zeroed adjoint buffer of length n inside a slab.
func (t *Tape) allocGrad(n int) []float64 {
	if n > gradChunk/4 {
		g := make([]float64, n)
		t.gradSlabs = append(t.gradSlabs, g)
		return g
	}
	if t.gradCur >= len(t.gradSlabs) || cap(t.gradSlabs[t.gradCur])-len(t.gradSlabs[t.gradCur]) < n {
		t.gradCur = len(t.gradSlabs)
		t.gradSlabs = append(t.gradSlabs, make([]float64, 0, gradChunk))
	}
	s := t.gradSlabs[t.gradCur]
	lo := len(s)
	s = s[:lo+n]
	t.gradSlabs[t.gradCur] = s
	return s[lo : lo+n : lo+n]
}

// replayCache returns the forward and backward rule lists, rebuilding
// them if nodes were recorded since they were built.
func (t *Tape) replayCache() (fwds, bwds []func()) {
	if t.cacheOK && t.cached == len(t.nodes) {
		return t.fwds, t.bwds
	}
	t.fwds, t.bwds = t.fwds[:0], t.bwds[:0]
	for _, v := range t.nodes {
		if v.fwd != nil {
			t.fwds = append(t.fwds, v.fwd)
		}
	}
	for i := len(t.nodes) - 1; i >= 0; i-- {
		if v := t.nodes[i]; v.bwd != nil && v.Grad != nil {
			t.bwds = append(t.bwds, v.bwd)
		}
	}
	t.cached, t.cacheOK = len(t.nodes), true
	return t.fwds, t.bwds
}

// push appends v to the tape.
func (t *Tape) push(v *Var) *Var {
	t.nodes = append(t.nodes, v)
	return v
}

// Param records a parameter vector of length n, initialised to x if x is
// not nil. Gradients are taken with respect to parameters.
func (t *Tape) Param(x []float64, shape ...int) *Var {
	if len(shape) == 0 {
		shape = []int{len(x)}
	}
	v := t.newVar("param", shape, true)
	if x != nil {
		if len(x) != len(v.Value) {
			opPanic("Param", "length %d does not match shape %v", len(x), shape)
		}
		copy(v.Value, x)
	}
	return t.push(v)
}

// Const records a constant tensor (data) of the given shape; data is
// copied. A shape of no dimensions is a scalar.
func (t *Tape) Const(data []float64, shape ...int) *Var {
	if len(shape) == 0 && len(data) != 1 {
		shape = []int{len(data)}
	}
	v := t.newVar("const", shape, false)
	if len(data) != len(v.Value) {
		opPanic("Const", "%d values for shape %v", len(data), shape)
	}
	copy(v.Value, data)
	return t.push(v)
}

// Scalar records a constant scalar.
func (t *Tape) Scalar(x float64) *Var { return t.Const([]float64{x}) }

// Input records a constant whose data the caller may change between
// replays of a compiled tape (e.g. a minibatch): the Var's Value aliases
// data, which must keep its length.
func (t *Tape) Input(data []float64, shape ...int) *Var {
	if len(shape) == 0 {
		shape = []int{len(data)}
	}
	if numel(shape) != len(data) {
		opPanic("Input", "%d values for shape %v", len(data), shape)
	}
	v := &Var{tape: t, Shape: cloneShape(shape), Value: data, op: "input"}
	if t.second {
		v.Tan = make([]float64, len(data))
	}
	return t.push(v)
}

// sameTape panics unless every v is recorded on t.
func (t *Tape) check(op string, vs ...*Var) {
	for _, v := range vs {
		if v == nil {
			panic(&OpError{Op: op, Msg: "nil Var"})
		}
		if v.tape != t {
			opPanic(op, "operand recorded on another tape", v)
		}
	}
}

// tapeOf returns the tape of the first operand and checks the others.
func tapeOf(op string, vs ...*Var) *Tape {
	if len(vs) == 0 || vs[0] == nil {
		panic(&OpError{Op: op, Msg: "nil Var"})
	}
	t := vs[0].tape
	for _, v := range vs[1:] {
		if v == nil {
			panic(&OpError{Op: op, Msg: "nil Var"})
		}
		if v.tape != t {
			shapes := make([][]int, len(vs))
			for i, w := range vs {
				shapes[i] = w.Shape
			}
			panic(&OpError{Op: op, Shapes: shapes, Msg: "operands recorded on different tapes"})
		}
	}
	return t
}

// anyGrad reports whether any of vs needs a gradient.
func anyGrad(vs ...*Var) bool {
	for _, v := range vs {
		if v.Grad != nil {
			return true
		}
	}
	return false
}

// View returns a Var aliasing the contiguous elements [lo, hi) of v with
// the given shape (default: a vector). No copy is made, on record or on
// replay, and gradients flow to v.
func (v *Var) View(lo, hi int, shape ...int) *Var {
	if lo < 0 || hi > len(v.Value) || lo > hi {
		opPanic("View", "range [%d, %d) out of bounds for length %d", lo, hi, len(v.Value), v)
	}
	if len(shape) == 0 {
		shape = []int{hi - lo}
	}
	if numel(shape) != hi-lo {
		opPanic("View", "shape %v does not hold %d elements", shape, hi-lo, v)
	}
	base, off := v, lo
	if v.base != nil {
		base, off = v.base, v.off+lo
	}
	w := &Var{tape: v.tape, Shape: cloneShape(shape), op: "View", base: base, off: off}
	w.alias()
	return v.tape.push(w)
}

// alias points a view's buffers into its base.
func (w *Var) alias() {
	n := numel(w.Shape)
	b := w.base
	w.Value = b.Value[w.off : w.off+n]
	if b.Grad != nil {
		w.Grad = b.Grad[w.off : w.off+n]
	}
	if b.Tan != nil {
		w.Tan = b.Tan[w.off : w.off+n]
	}
	if b.GradTan != nil {
		w.GradTan = b.GradTan[w.off : w.off+n]
	}
}

// Reshape returns a view of v with a new shape of the same size.
func Reshape(v *Var, shape ...int) *Var {
	if numel(shape) != len(v.Value) {
		opPanic("Reshape", "cannot reshape %d elements to %v", len(v.Value), shape, v)
	}
	return v.View(0, len(v.Value), shape...)
}

// Flatten returns v as a 2-D view [N, rest] keeping the first axis.
func Flatten(v *Var) *Var {
	if len(v.Shape) == 0 {
		return Reshape(v, 1, 1)
	}
	return Reshape(v, v.Shape[0], len(v.Value)/max(v.Shape[0], 1))
}

// enableSecondOrder allocates tangent buffers for every node.
func (t *Tape) enableSecondOrder() {
	if t.second {
		return
	}
	t.second = true
	for _, v := range t.nodes {
		if v.base != nil {
			v.alias()
			continue
		}
		if v.Tan == nil {
			v.Tan = make([]float64, len(v.Value))
		}
		if v.Grad != nil && v.GradTan == nil {
			v.GradTan = make([]float64, len(v.Value))
		}
	}
}

// forward replays every node's forward rule in order. It stops early and
// reports false when a guard changed outcome.
func (t *Tape) forward() bool {
	fwds, _ := t.replayCache()
	for _, f := range fwds {
		f()
		if t.stale {
			return false
		}
	}
	return true
}

// backward zeroes the adjoints and propagates from out (seed 1).
func (t *Tape) backward(out *Var) {
	_, bwds := t.replayCache()
	for _, s := range t.gradSlabs {
		clear(s)
	}
	out.Grad[0] = 1
	for _, b := range bwds {
		b()
	}
}

// tangentPass computes every node's Tan given the parameters' Tan.
func (t *Tape) tangentPass() {
	for _, v := range t.nodes {
		if v.Grad == nil || v.fwd == nil {
			continue
		}
		if v.jvp == nil {
			panic(&OpError{Op: v.op, Msg: "no second-order rule: Hessian products are not available for this op"})
		}
		v.jvp()
	}
}

// backwardTan propagates the tangents of the adjoints (forward-over-reverse).
// It requires backward and tangentPass to have run.
func (t *Tape) backwardTan(out *Var) {
	for _, v := range t.nodes {
		if v.base == nil && v.GradTan != nil {
			clear(v.GradTan)
		}
	}
	for i := len(t.nodes) - 1; i >= 0; i-- {
		v := t.nodes[i]
		if v.Grad == nil || v.bwd == nil {
			continue
		}
		if v.bwdTan == nil {
			panic(&OpError{Op: v.op, Msg: "no second-order rule: Hessian products are not available for this op"})
		}
		v.bwdTan()
	}
}

// Len returns the number of recorded nodes.
func (t *Tape) Len() int { return len(t.nodes) }

// Forward replays the recorded forward rules in order, recomputing every
// value from the current values of parameters and inputs (for prediction
// with a tape whose parameters are an Input). It reports false when a
// Branch changed outcome: the recording is then stale and must be redone.
func (t *Tape) Forward() bool {
	t.stale = false
	return t.forward()
}
