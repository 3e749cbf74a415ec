// Package models provides ready-made targets: the posteriordb posteriors
// the samplers are validated against (with the data read from posteriordb's
// data.json) and Gaussian test densities, written on the autodiff tape;
// Neal's funnel (Funnel: a hand-written target, the same density on the
// tape, and exact draws); and Bayesian linear regression with an unknown noise
// precision (LinearRegression), a plain density.Target with exact
// conditionals for Gibbs steps and an exact posterior by quadrature. Each
// Model has an unconstrained log density (with the log-Jacobians of its
// constraining transforms) and a map to the constrained parameters under
// posteriordb's names.
package models
