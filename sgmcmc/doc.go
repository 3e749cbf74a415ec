// Package sgmcmc provides stochastic-gradient MCMC: samplers that move on a
// minibatch estimate of the gradient of log p instead of the full one, so
// that a step costs |batch| data rows, not N, and a network can be sampled
// on a data set that full-batch HMC could not afford.
//
// A Target is a log density that sums over N data rows plus a prior; its
// LogProbBatch returns the unbiased minibatch estimate
//
//	log p(θ) + N/|B| · Σ_{i∈B} log p(y_i | θ)
//
// and its gradient (bayesnn.Minibatch is one for a network). Sample runs
// chains over epochs: each epoch shuffles the rows with the chain's own
// random stream and walks them in batches of Options.BatchSize, one step
// per batch. The kernels are
//
//   - SGLD (Welling and Teh 2011): a Langevin step on the noisy gradient;
//   - SGHMC (Chen, Fox and Guestrin 2014): Langevin dynamics with momentum
//     and friction, optionally subtracting an estimate of the gradient
//     noise from the injected noise;
//   - PSGLD (Li, Chen, Carlson and Carin 2016): SGLD preconditioned by an
//     RMSprop running average of squared gradients;
//   - Adam, an optimiser written as a kernel that never adds noise, for a
//     MAP estimate by minibatches over the same epochs (bayesnn.MAP takes
//     its full-batch steps with it);
//
// and the step size follows a Schedule: Constant, Polynomial (the decaying
// steps of Welling and Teh) or Cyclical (Zhang, Li, Zhang, Chen and Wilson
// 2020: a cosine cycle whose early part explores without noise and whose
// late part samples; with SGLD or SGHMC this is cSGLD or cSGHMC).
//
// Draws are kept every Options.Thin steps (by default once per epoch)
// after Options.BurnIn epochs, in a samplers.Trace, so that diag's
// summaries, ESS and plotting work on them as on any other run; progress,
// callbacks, seeds and cancellation behave as in samplers.Sample.
//
// SG-MCMC has no Metropolis correction: its draws carry a bias that grows
// with the step size (and with the gradient noise). Small steps, or the
// sampling stage of a cyclical schedule, keep it small; the package's tests
// measure it on a Gaussian posterior.
package sgmcmc
