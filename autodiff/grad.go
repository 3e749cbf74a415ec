package autodiff

import (
	"errors"
	"fmt"
	"math"
)

// Func is a scalar function of a parameter vector, written on a tape: it
// receives the tape and the parameters x (a vector Var) and returns a Var
// with one element.
type Func func(t *Tape, x *Var) *Var

// record runs f on a fresh tape at x.
func record(f Func, x []float64, second bool) (t *Tape, xv, out *Var, err error) {
	defer recoverOpError(&err)
	if f == nil {
		return nil, nil, nil, errors.New("autodiff: nil Func")
	}
	if len(x) == 0 {
		return nil, nil, nil, errors.New("autodiff: empty parameter vector")
	}
	t = NewTape()
	t.second = second
	xv = t.Param(x)
	out = f(t, xv)
	switch {
	case out == nil:
		return nil, nil, nil, errors.New("autodiff: Func returned a nil Var")
	case out.tape != t:
		return nil, nil, nil, &OpError{Op: "Grad", Shapes: [][]int{out.Shape}, Msg: "output recorded on another tape"}
	case len(out.Value) != 1:
		return nil, nil, nil, &OpError{Op: "Grad", Shapes: [][]int{out.Shape}, Msg: "output is not a scalar"}
	}
	t.out = out
	t.replayCache() // built now, so that the first replay allocates nothing
	return t, xv, out, nil
}

// gradient runs the backward pass and copies the gradient into grad.
func gradient(t *Tape, xv, out *Var, grad []float64) {
	if out.Grad == nil { // the output does not depend on x
		clear(grad)
		return
	}
	t.backward(out)
	copy(grad, xv.Grad)
}

// Grad returns f(x) and writes its gradient into grad (len(x)), recording
// f afresh. Use Compile to evaluate f repeatedly without allocating.
func Grad(f Func, grad, x []float64) (float64, error) {
	if len(grad) != len(x) {
		return math.NaN(), fmt.Errorf("autodiff: Grad: gradient length %d, parameter length %d", len(grad), len(x))
	}
	t, xv, out, err := record(f, x, false)
	if err != nil {
		return math.NaN(), err
	}
	gradient(t, xv, out, grad)
	return out.Value[0], nil
}

// CompileOptions configures Compile. The zero value is the default.
type CompileOptions struct {
	// Rerecord records the function again at every call instead of
	// replaying the tape (for functions whose structure changes with x).
	Rerecord bool
	// Names optionally names the parameters (len = dimension).
	Names []string
}

// Compiled is a Func recorded once and replayed for new parameter values.
// Its LogProb method allocates nothing once warm. A Compiled is not safe
// for concurrent use: Clone it for each goroutine.
type Compiled struct {
	f      Func
	opts   CompileOptions
	n      int
	x0     []float64 // the point Compile recorded at
	tape   *Tape     // nil while no recording has succeeded (a Clone's, see there)
	x, out *Var
	err    error // last recording error (from a re-record at a new point)
	// Rerecords counts recordings after the first (guards that changed).
	Rerecords int
	hs        *hessScratch // Hessian and HessianDeriv buffers, made on first use
}

// Compile records f at x0 and returns its compiled form.
func Compile(f Func, x0 []float64, opts *CompileOptions) (*Compiled, error) {
	c := &Compiled{f: f, n: len(x0), x0: append([]float64(nil), x0...)}
	if opts != nil {
		c.opts = *opts
	}
	if c.opts.Names != nil && len(c.opts.Names) != len(x0) {
		return nil, fmt.Errorf("autodiff: Compile: %d names for %d parameters", len(c.opts.Names), len(x0))
	}
	if err := c.rerecord(x0); err != nil {
		return nil, err
	}
	c.Rerecords = 0
	return c, nil
}

func (c *Compiled) rerecord(x []float64) error {
	second := c.tape != nil && c.tape.second
	t, xv, out, err := record(c.f, x, second)
	if err != nil {
		c.err = err
		return err
	}
	c.tape, c.x, c.out = t, xv, out
	c.Rerecords++
	return nil
}

// Dim returns the number of parameters.
func (c *Compiled) Dim() int { return c.n }

// ParamNames returns the parameter names given in CompileOptions, or nil.
func (c *Compiled) ParamNames() []string { return c.opts.Names }

// Tape returns the recorded tape (for inspection); nil for a clone that
// has not recorded yet (see Clone).
func (c *Compiled) Tape() *Tape { return c.tape }

// Err returns the error of the last failed re-recording, if any.
func (c *Compiled) Err() error { return c.err }

// Clone returns an independent Compiled of the same function, recorded
// at the current point, for use in another goroutine. When the function
// does not record there (the current point is where a re-recording
// failed), the clone is recorded at the point given to Compile; if that
// fails too, Err returns the error and the clone records at the first
// point it is evaluated at.
func (c *Compiled) Clone() *Compiled {
	d := &Compiled{f: c.f, opts: c.opts, n: c.n, x0: c.x0}
	if c.tape != nil {
		d.rerecord(c.x.Value)
	}
	if d.tape == nil && d.rerecord(c.x0) == nil {
		d.err = nil
	}
	d.Rerecords = 0
	return d
}

// eval sets the parameters to x and runs the forward pass, re-recording
// when needed. It reports false if recording failed.
func (c *Compiled) eval(x []float64) bool {
	if len(x) != c.n {
		panic(fmt.Sprintf("autodiff: parameter length %d, want %d", len(x), c.n))
	}
	if c.opts.Rerecord || c.tape == nil {
		return c.rerecord(x) == nil
	}
	copy(c.x.Value, x)
	if c.tape.forward() {
		return true
	}
	return c.rerecord(x) == nil
}

// Value returns f(x) (forward pass only).
func (c *Compiled) Value(x []float64) float64 {
	if !c.eval(x) {
		return math.NaN()
	}
	return c.out.Value[0]
}

// LogProb writes the gradient of f at x into grad and returns f(x). It has
// the signature of a sampler's target. A failed re-recording (see Branch)
// returns NaN and keeps the error for Err.
func (c *Compiled) LogProb(grad, x []float64) float64 {
	if len(grad) != c.n {
		panic(fmt.Sprintf("autodiff: gradient length %d, want %d", len(grad), c.n))
	}
	if !c.eval(x) {
		return math.NaN()
	}
	gradient(c.tape, c.x, c.out, grad)
	return c.out.Value[0]
}

// ValueGrad is LogProb returning the recording error, if any.
func (c *Compiled) ValueGrad(grad, x []float64) (float64, error) {
	v := c.LogProb(grad, x)
	if math.IsNaN(v) && c.err != nil {
		return v, c.err
	}
	return v, nil
}
