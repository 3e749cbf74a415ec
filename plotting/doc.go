// Package plotting provides diagnostic and result plots for Bayesian inference
// runs (trace, marginal density against the truth, pair, rank, energy, forest,
// autocorrelation, posterior predictive band, accuracy curve, funnel scatter,
// density contours with draws, and digit grids), rendered with gonum/plot to SVG
// or PNG bytes and shown inline in GoNB notebooks.
//
// Every constructor returns a *Figure: a grid of gonum plots with a size. A
// Figure renders with SVG or PNG, saves with Save, and displays in a GoNB
// notebook with Display (a no-op outside a notebook).
//
// The package reads draws through the small Chains interface (and per-draw
// statistics through StatSource), which a sampler trace satisfies structurally,
// or through plain slices. Statistics that belong to diagnostics, such as R-hat
// and the effective sample size, are passed in as plain numbers: plotting
// computes only what a picture needs (histogram bins, ranks, quantiles and
// autocorrelations).
//
// Bad input (no draws, ragged chains, non-finite values, unknown parameter
// names, mismatched lengths) is reported as an error naming the problem.
package plotting
