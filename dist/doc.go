// Package dist provides probability distributions as values: a log density
// recorded on the autodiff tape, a pointwise log density and seeded random
// draws at the parameters' current values, and a support (a Constraint)
// that says where a draw lives and how an unconstrained real vector maps
// onto it.
//
// Parameters may be float64, int, []float64, []int, [][]float64 (a matrix)
// or *autodiff.Var; a parameter of any other type is an error returned by
// the first method that needs it (LogProb, Rand, Support, Shape), never a
// panic. Arguments broadcast as in autodiff.Add.
//
// # Constraints
//
// A Constraint is the support of a distribution and the transform from an
// unconstrained vector (where HMC moves) to it, with the log-Jacobian
// (Stan's reference manual, "Constraint transforms"): Real; Positive,
// Lower, Upper (exp); Interval, UnitInterval (scaled logistic); Simplex
// (stick-breaking); Ordered and PositiveOrdered (exp of increments);
// CholeskyCorr (tanh of canonical partial correlations); CovMatrix
// (Cholesky factor with log diagonal). Discrete supports (Boolean, Count)
// have no transform: such a variable must be observed or marginalised.
package dist
