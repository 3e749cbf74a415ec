// Package samplers provides Markov chain Monte Carlo kernels for differentiable
// log densities: static Hamiltonian Monte Carlo, the No-U-Turn sampler exactly as
// Stan implements it, Gibbs composition with exact conditional draws and adaptive
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
// processor has it (vecops_amd64.s; the purego build tag or another
// architecture keeps the Go loops). The vectors they write are bit for bit
// those of the Go loops; their sums (kinetic energies, no-U-turn products)
// are added in another order and agree to rounding. The momentum is drawn
// by a 256-layer ziggurat taking two normals from each 64 random bits
// (normal.go), and the multinomial weights use a short-latency exponential
// (exp.go), accurate to a few units in the last place. The vectors of the
// trajectory start on cache lines (align.go).
package samplers
