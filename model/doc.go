// Package model is the modelling layer: a model is a Go function that
// declares named, shaped parameters with priors (M.Sample) or with a
// constraint alone (M.Param), observations with their likelihood
// (M.Observe), generated quantities (M.Deterministic), raw log-density
// terms (M.Factor, or M.Score for log d(x)) and bayesnn networks as named
// blocks of weights (M.Network). Transforms to the unconstrained space and
// their log-Jacobians are applied automatically from each parameter's
// support (Positive, Interval, Simplex, Ordered, CholeskyCorr, CovMatrix,
// ...; see package dist).
//
// The function is recorded on the autodiff tape once and replayed for
// every gradient (no allocation). Sample runs a sampler on the
// unconstrained space and returns a Fit: the draws on the constrained
// scale with the user's names (theta[1], L[1,2]), deterministic quantities
// as extra columns, the sampler's statistics, the raw draws, and the
// pointwise log-likelihood [chain][draw][observation] for LOO and WAIC.
// PriorPredictive and Fit.PosteriorPredictive draw the observed sites;
// Fit.AddPosteriorPredictive stores those draws beside the parameters.
// A model's target is a density.HessianTarget (RMHMC runs on it), and
// Model.HMCGibbs builds NumPyro's Gibbs-within-HMC kernel: named sites
// drawn exactly from their conditional by the user's function, the others
// moved by HMC or NUTS. Model.Func and Model.Constrainer expose the density and the map to the
// constrained values to code written for plain tape functions.
//
// Values declared by the function are Vars: build everything else with
// autodiff's ops. The function must declare the same sites in the same
// order at every run; like any function on the tape, Go control flow that
// depends on a parameter's value must go through autodiff's Tape.Branch.
package model
