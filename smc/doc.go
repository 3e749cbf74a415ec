// Package smc is sequential Monte Carlo (Del Moral, Doucet and Jasra 2006):
// particles drawn from a prior are carried to the posterior along an
// annealing path — likelihood tempering (Tempering: β chosen adaptively by
// the conditional ESS, or a fixed schedule) or data annealing
// (DataAnnealing: the data added in batches) — by reweighting, resampling
// (Resample: systematic, stratified or multinomial) and MCMC moves that
// leave each stage's target invariant. Run returns the weighted particles,
// the estimate of the log evidence and a record of the stages.
//
// The moves are the samplers package's kernels built for each stage from
// the particles' spread: random-walk Metropolis (samplers.PrecondRWM), MALA
// or HMC with the particles' covariance or variances as inverse metric,
// their step size tuned between stages from the acceptance rate and the
// number of moves optionally adapted (Options.MaxMoves); or any
// samplers.Kernel through Options.Kernel. Every random stream is derived
// from Options.Seed per stage and per particle, so a run does not depend on
// the number of goroutines. bayesnn.SMC runs it on a network's posterior.
package smc
