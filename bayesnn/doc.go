// Package bayesnn provides Bayesian neural networks on the autodiff tape:
// layers and sequential models with named, packed parameters, likelihoods
// and priors, the log posterior as a sampler Target, MAP pre-training with
// Adam, and predictions from posterior draws with the split of predictive
// variance into aleatoric and epistemic parts.
//
// The data flow is one way: a Model and a Likelihood and a Prior make a
// Posterior, which is a density.Target; the sampler never knows it samples
// a network. Draws come back to Predict, which evaluates the network for
// every draw on new inputs. SMC runs sequential Monte Carlo from the same
// Posterior (its prior draws, normalised prior and per-datum likelihood),
// and PredictSMC predicts from the weighted particles.
package bayesnn
