// Package laplace provides the Laplace approximation of a posterior: a
// Gaussian centred at a mode (a MAP) whose precision is the negative
// Hessian of the log posterior there.
//
// Fit approximates any density.Target, with its exact Hessian when the
// target has one (a bayesnn.Posterior, autodiff.Compiled.Target of a
// tape-written model) and central differences of its gradient otherwise;
// Mode finds the mode by L-BFGS. Network approximates a Bayesian network's
// posterior (bayesnn.LogPosterior with a GaussianPrior) at a MAP with the
// generalized Gauss–Newton matrix (or the exact Hessian) of the
// likelihood: over all weights (Full), their diagonal (Diag) or the last
// layer alone (LastLayer), the other weights fixed at the MAP. A Net gives
// the Laplace log marginal likelihood, tunes the prior precision by
// maximising it (MacKay's fixed point, the objective laplace-torch
// maximises), and predicts by the linearised network (the GLM predictive:
// exact normal for regression; probit or Monte Carlo over the logits for
// classification) or by sampling weights into a samplers.Trace for
// bayesnn's predictive functions, diag and plotting.
//
// A Hessian that is not negative definite at the point given (a saddle, a
// flat direction, or no mode at all) is an error naming its smallest
// eigenvalue, never a silent wrong covariance.
package laplace
