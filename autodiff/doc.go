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
// # Ops
//
// Every op records a forward rule, a backward rule and exact second-order
// (tangent) rules:
//
//   - elementwise with NumPy broadcasting: Add, Sub, Mul, Div; Neg, Exp,
//     Log, Log1p, Expm1, Sqrt, Square, Pow, Abs, Tanh, Sigmoid, Relu,
//     LeakyRelu, Softplus, LogSigmoid, Lgamma, Scale, AddConst;
//   - reductions: Sum, Mean, SumAxis, MeanAxis (and the Keep variants),
//     LogSumExp, LogSoftmax, Softmax;
//   - shapes: Reshape, Flatten and Var.View (zero-copy views), Transpose,
//     Slice, Concat, Gather, BroadcastTo;
//   - linear algebra: MatMul (our blocked GEMM), Dot, QuadForm,
//     QuadFormRows, Cholesky, TriSolve, LogDetChol;
//   - networks: Dense (fused act(x·W + b)), Conv2D (NCHW), MaxPool2D.
//
// # Log densities and transforms
//
// <Family>LogPdf (continuous x) and <Family>LogPmf (discrete observations)
// return, as one fused node, the sum over elements of the log density with
// its normalising constants (each term equals gonum distuv's LogProb).
// Arguments broadcast as in Add and the gradient flows to every argument
// that depends on parameters. x outside the support gives -Inf (zero
// gradient); an invalid parameter (scale <= 0, ...) gives NaN, which a
// sampler counts as a divergence. Observations must be constants (Const or
// Input). Positive, LowerBound, UpperBound, Bounded and UnitInterval map
// an unconstrained u to a constrained x and return log|dx/du|, to be added
// to the log density.
//
// # Second order
//
// Compiled.HessVec and Compiled.Hessian are exact (forward-over-reverse:
// a tangent pass followed by the tangent of the backward pass).
// Compiled.HessianDeriv, the derivatives of a Hessian metric that implicit
// Riemannian HMC needs, are Richardson-extrapolated central differences of
// the exact Hessian, checked to 1e-6 relative against closed forms.
//
// # Errors
//
// Misuse detected while recording (shapes that do not match or broadcast,
// variables from another tape, a non-scalar output asked for a gradient)
// panics with an *OpError naming the op and the shapes; Grad, Compile and the
// other entry points recover it and return it as an error.
//
// An implicit broadcast whose result is larger than every operand is such
// misuse: an observation vector [n] against predictions [n, 1] would give
// [n, n], every observation against every prediction, and a wrong log
// density. BroadcastTo asks for such a broadcast explicitly.
package autodiff
