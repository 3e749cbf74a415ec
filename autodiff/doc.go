// Package autodiff provides tape-based reverse-mode automatic differentiation
// over dense float64 tensors, with exact second-order products
// (forward-over-reverse) for Riemannian HMC.
//
// # Recording
//
// A Tape records operations eagerly: every op computes its value when it is
// called and appends a node holding a forward rule (to recompute the value on
// replay), a backward rule (to push adjoints to its inputs) and, for second
// order, a tangent rule and a tangent-of-the-adjoint rule. Buffers are
// allocated once, when the op is recorded.
//
// A model is a Func: it receives the tape and the parameter vector as a Var
// and returns a scalar Var. Grad records the function afresh at every call;
// Compile records it once and replays the recorded tape for new parameter
// values without allocating.
//
// # Control flow that depends on values
//
// Replaying a compiled tape re-runs the recorded operations only: Go code in
// the Func (an if on a parameter's value, a loop whose length depends on a
// value) does not run again, so a replay keeps the branches taken when the
// tape was recorded. Value-dependent branches must be declared with
// Tape.Branch: the predicate is re-evaluated on every replay, and when its
// outcome differs from the recorded one the tape is recorded again at the new
// point (allocating once). Ops whose rule depends on values (relu, abs,
// max-pool, ...) are not control flow: they recompute their choice on replay.
// Use CompileOptions.Rerecord (or Grad) for a function whose structure changes
// too often to be worth compiling.
//
// # Errors
//
// Misuse detected while recording (shapes that do not match or broadcast,
// variables from another tape, a non-scalar output asked for a gradient)
// panics with an *OpError naming the op and the shapes; Grad, Compile and the
// other entry points recover it and return it as an error.
package autodiff
