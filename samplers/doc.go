// Package samplers provides Markov chain Monte Carlo kernels for differentiable
// log densities: static Hamiltonian Monte Carlo, the No-U-Turn sampler by
// Stan's algorithm, Gibbs composition with exact conditional draws and adaptive
// random-walk Metropolis, together with Stan's warm-up (step-size search, dual
// averaging, windowed metric adaptation), a parallel multi-chain runner and the
// Trace that holds its draws. Beyond those: Riemannian HMC (RMHMC, with the
// Hessian or SoftAbs metric and the implicit generalized leapfrog or the
// explicit augmented integrator), underdamped Langevin dynamics by the BAOAB
// splitting, discontinuous HMC for discrete and piecewise-smooth parameters
// (DHMC, Laplace momentum and the coordinate-wise integrator, with its
// step size tuned on the momentum-flip statistic). Sequential Monte Carlo
// lives in package smc, built on these kernels.
//
// A sampler sees only a Target: its dimension and one call that writes the
// gradient of log p into a caller-owned slice and returns log p. A NaN or -Inf
// log density means "outside the support" and is treated as a rejection or a
// divergence, never a panic.
//
// # What matches Stan
//
// NUTS, its warm-up and its output follow Stan (2.26 and later):
//   - [NUTS] is base_nuts.hpp: the trajectory doubles forwards or backwards
//     at random; the draw is multinomial, uniform within each new subtree
//     and biased-progressive between the old tree and the new subtree; the
//     generalized no-U-turn criterion is checked across every merge,
//     including the two extra checks that span the boundary; a transition
//     is divergent when the energy error exceeds 1000 (MaxDeltaH), and a
//     tree has at most 10 doublings (MaxTreeDepth).
//   - [Warmup] is Stan's windowed adaptation: the init_stepsize heuristic
//     at the start and again after each metric window; [DualAveraging] with
//     δ 0.8, γ 0.05, t₀ 10, κ 0.75, shrinking towards log(10·ε₀), restarted
//     after each window and ending at the averaged step size; the windows of
//     [WindowSchedule] (buffers 75, 25 doubling, 50); and the regularised
//     (n/(n+5))·Σ + 10⁻³·(5/(n+5))·I Welford estimate of the inverse metric
//     (unit_e, diag_e or dense_e, see [MetricKind]).
//   - [Options]' defaults are Stan's where Stan has one: initial points
//     uniform(-2, 2) (100 tries), initial step size 1, target acceptance
//     0.8, a diagonal metric, 1000 warm-up iterations and 1000 draws.
//   - [DrawStats] have Stan's meanings and [Trace.Stat] Stan's names
//     ([StatNames]: lp__, accept_stat__, ...); an energy that is NaN counts
//     as +Inf, as in Stan ([Energy]).
//
// # Where it departs from Stan
//
// These give the same distributions by other numbers, so a seed never
// reproduces a Stan run; what is checked against Stan is distributions
// (tests/ against posteriordb's Stan reference posteriors), never draws:
//   - The random numbers: each chain has its own PCG stream of math/rand/v2
//     (see [Options].Seed), not Stan's boost::ecuyer1988, and the momentum's
//     normals come from a 256-layer ziggurat, exact up to a discretisation
//     below 2⁻²⁴ of a layer's width (normal.go).
//   - NUTS streams the multinomial draw within a subtree, each new state
//     replacing the proposal with probability w/W, where Stan draws
//     recursively at every merge: the same distribution over states with
//     fewer copies (the comment on type tree in nuts.go). Its weights use an
//     exponential accurate to a few units in the last place (exp.go).
//   - On amd64 with AVX2 or AVX-512 the kinetic energies and no-U-turn
//     products are summed in another order and agree with the Go loops to
//     rounding (see Speed below).
//   - Where two single states merge, Stan's two extra U-turn checks coincide
//     with the first, and only that one is computed (leafPair in nuts.go).
//
// These are other algorithms:
//   - Static [HMC] takes a fixed number of integrator steps (Steps, default
//     10, optionally jittered in 1..Steps), where Stan's static HMC fixes
//     the integration time and derives the number of steps from the step
//     size; here warm-up changes the integration time.
//   - [DHMC]'s warm-up runs Stan's dual averaging on the rate of its
//     coordinate-wise moves in place of the acceptance statistic
//     ([AdaptStatistic]; the reasons and measurements are in
//     dhmc_warmup.go).
//   - RMHMC, BAOAB, MALA, DHMC, RWM and Gibbs are not among Stan's
//     samplers; each type's own documentation describes its algorithm.
//
// # Layers
//
// Metric (unit, diagonal, dense) defines the Gaussian kinetic energy;
// Hamiltonian combines a metric with a target (see Euclidean) and exposes
// the operations integrators need (Kick, Velocity, Move), as Stan's
// base_hamiltonian does, so that a position-dependent (Riemannian) metric or a
// Laplace momentum can be added as another Hamiltonian; Integrator is either a
// palindromic Splitting given by its coefficients (Leapfrog, TwoStage) or one of
// the teaching schemes (Euler, ModifiedEuler). Kernels (HMC, NUTS, RWM, Gibbs,
// RMHMC, BAOAB, DHMC) are immutable values with Init and Step over an explicit State that caches
// the position, its log density and its gradient, so a rejection costs no
// gradient. Warmup adapts a kernel; Sample runs chains and returns a Trace.
// RMHMC and DHMC carry their own integrators (rmhmc_integrator.go, dhmc.go):
// the generalized leapfrog needs fixed points of ∂H/∂q(q, p) and the
// coordinate-wise update needs log p as one coordinate moves, which the
// Hamiltonian interface does not expose. PrecondRWM is random-walk
// Metropolis with a proposal shaped by a covariance (smc's random-walk
// move). MALA is
// the Metropolis-adjusted Langevin kernel, and with a momentum persistence
// above 0 generalised HMC with partial momentum refresh (adjusted BAOAB's
// underdamped counterpart, OBABO with a Metropolis test).
//
// # Choosing a kernel
//
// Options.Kernel holds the kernel as one value with its own settings, as
// BlackJAX and NumPyro pass one: NUTS{} (the default when nil),
// NUTS{MaxTreeDepth: 12}, HMC{Steps: 20, JitterSteps: true}, RWM{}, or any
// other Kernel (Gibbs, RMHMC, BAOAB, MALA, DHMC, a user's). What only one
// kernel uses (tree depth, number of steps, integrator, maximum energy
// error) lives in that kernel's type. What warm-up and Sample apply to every
// adaptable kernel stays in Options: Metric, the kind of metric adapted;
// TargetAccept, the acceptance dual averaging aims at; StepSize, the step
// size warm-up starts from (or keeps, without warm-up) when the kernel's
// own is zero; StepSizeJitter, applied after warm-up. A NUTS, HMC or RWM
// value without a Hamiltonian hook is built in: Sample fills its zero step
// size and nil metric from those fields, and only built-in kernels can be
// checkpointed.
//
// # Speed
//
// The common case, a Euclidean Hamiltonian with a unit or diagonal metric
// and a Splitting integrator, is recognised and run through fused loops that
// make one pass over the vectors where the separate operations would make
// several, with no interface call but the target's; NUTS streams its
// multinomial draw and fuses its no-U-turn checks (see vecops.go). Any other
// Hamiltonian or integrator goes through the interfaces, with the same
// results. Neither path allocates once a chain is running.
//
// On amd64 the fused loops run as AVX2 or AVX-512 assembly where the
// processor has it (internal/simd; the purego build tag or another
// architecture keeps the Go loops). The vectors they write are bit for bit
// those of the Go loops; their sums (kinetic energies, no-U-turn products)
// are added in another order and agree to rounding. The momentum is drawn
// by a 256-layer ziggurat taking two normals from each 64 random bits
// (normal.go), and the multinomial weights use a short-latency exponential
// (exp.go), accurate to a few units in the last place. The vectors of the
// trajectory start on cache lines (align.go).
package samplers
