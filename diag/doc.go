// Package diag provides convergence diagnostics and summaries for Markov chain
// Monte Carlo draws: rank-normalized split R-hat, nested R-hat for many short
// chains grouped into superchains (NestedRHat), bulk and tail effective sample
// sizes, Monte Carlo standard errors, E-BFMI, quantiles and highest-density
// intervals, summary tables as text and HTML, and checks of draws against known
// truths (Kolmogorov–Smirnov, binned KL divergence, the MCSE rule for means),
// and model assessment from the pointwise log-likelihood: Pareto-smoothed
// importance sampling leave-one-out cross-validation (LOO, with Pareto k̂
// diagnostics), WAIC and model comparison (CompareLOO), as R's loo package
// computes them.
//
// Draws of one parameter are a [][]float64 indexed chain × draw. Whole runs are
// read through the Chains interface, which a sampler's trace satisfies; per-draw
// sampler statistics (divergent__, treedepth__, energy__) are read through the
// optional StatSource interface.
//
// # Algorithms
//
// The diagnostics follow Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021),
// "Rank-normalization, folding, and localization: an improved R-hat for
// assessing convergence of MCMC", Bayesian Analysis 16(2), as implemented in the
// early versions (0.0.1 and 0.0.2) of the R package posterior, whose numbers
// posteriordb publishes beside its reference draws:
//
//   - chains are split in halves; with an odd number of draws the middle draw
//     of each chain is dropped;
//   - rank normalization pools all split chains, gives tied values their
//     average rank r and maps it to Φ⁻¹((r − 3/8)/(S + 1/4)), S the number of
//     draws (posterior 0.0.x; later versions use (r − 1/2)/S);
//   - R-hat is the larger of the rank-normalized split R-hat of the draws and
//     of the draws folded about their median, |x − median(x)|; with an even
//     number of draws the two middle draws, equidistant from the median in
//     exact arithmetic, tie in the folded ranks whatever the rounding;
//   - the effective sample size uses the biased (divide by n) autocovariance,
//     Geyer's initial positive sequence on pairs of lags and Geyer's initial
//     monotone sequence, adds the first positive even-lag term of the
//     truncated sequence (the "improved estimate", which lets ESS exceed the
//     number of draws for antithetic chains), and bounds the integrated
//     autocorrelation time below by 1/log10(S);
//   - tail ESS is the smaller of the ESS of the indicators x ≤ q05 and x ≤ q95,
//     with q the type-7 (linear interpolation) sample quantiles of all draws.
//
// On the twelve posteriordb references these reproduce posterior's bulk and
// tail ESS to 1e-14 and its R-hat to 1.4e-6 (see the posteriordb test).
//
// Autocovariances are computed lag by lag while Geyer's sequence is short and
// by FFT (gonum's dsp/fourier) when it is long; both give the same numbers up to
// rounding. posterior 0.0.x scaled its FFT autocovariance by the padded length
// rather than the chain length; the two agree whenever the split-chain length
// has no prime factor above 5 (as with posteriordb's 500-draw halves), and
// this package uses the exact scaling for every length.
//
// # Cost
//
// A parameter's summary sorts its draws once (a linear-time radix sort whose
// keys are built while the draws are copied into the split layout) and
// derives the bulk and folded ranks, quantiles and HDI from that order; the
// folded R-hat needs no second sort (a merge outward from the median that
// accumulates the per-chain sums as it goes). Tail ESS builds the bitsets of
// both quantile indicators in one pass. Each series whose ESS is needed (the
// rank-normalized draws, the draws and their squares) is centered chain by
// chain, and its first sixteen lag sums are taken while the chain is in
// cache; later lags follow sixteen at a time, and the FFT takes over for
// slowly mixing chains. On amd64 with AVX2 and FMA the lag sums use a small
// assembly kernel whose lanes perform the same fused operations in the same
// order as the portable loop, so the numbers are the same bit for bit on
// every path. Summarize spreads whole parameters over goroutines, each with
// its own scratch, so its results do not depend on their number.
//
// # Bad input
//
// Fewer than four draws per chain, chains of unequal length and an empty input
// are errors (ErrTooFewDraws, ErrRaggedChains, ErrNoChains). NaN or ±Inf in the
// draws gives NaN with ErrNonFinite, and draws that are all equal give NaN with
// ErrConstant: their R-hat and ESS are undefined. Summaries report these as NaN
// cells with a note instead of failing.
package diag
