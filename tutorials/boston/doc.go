// Package boston is the tutorial "TFP-style Bayesian neural network on
// Boston housing": NUTS with dual averaging on a bimodal toy density, then
// a heteroscedastic Bayesian network for Boston house prices, started from
// an Adam MAP fit, with its convergence diagnostics, its test error against
// the MAP network, predictive intervals split into aleatoric and epistemic
// parts, and the resumption of a run from its saved adaptation.
//
// The steps are exported (RunBimodal, CountSwitches, LoadData, FitMAP,
// RunNUTS, Predict, PredictionChains) so that the test, a notebook or
// another program can run them with other sizes; Tutorial strings them
// together with the prose.
package boston
