package samplers

import (
	"io"
	"math/rand/v2"
)

// Draw is what Options.Callback receives after each transition. Position
// is the chain's own buffer, valid only during the call.
type Draw struct {
	Chain     int
	Iteration int  // 0-based, warm-up included
	Warmup    bool // a warm-up iteration
	Saved     bool // stored in the Trace (after thinning)
	Position  []float64
	Stats     DrawStats
}

// Options configure Sample. The zero value of every field is its documented
// default (Stan's where it has one).
type Options struct {
	// Chains is the number of chains (default 4).
	Chains int
	// FirstChain is the global index of the first chain, to run chains
	// [FirstChain, FirstChain+Chains) of a larger run, one shard of it on
	// each machine: chain c of this run has the random stream of global
	// chain FirstChain+c, so with the same Seed and options its draws are
	// bit for bit those of that chain in a single run of all chains
	// (package shard runs and merges such shards). Per-chain options
	// (InitialPoints, Adapted) and the chain indices that Callback, CSV,
	// Recorder and errors give count from 0 within this run (a Recorder
	// that names chains globally adds FirstChain, as interop/cmdstan's
	// Writer does in its file names and ids). Default 0.
	FirstChain int
	// Parallel bounds the number of chains run at once (default: all).
	// Results do not depend on it.
	Parallel int
	// Warmup is the number of warm-up iterations (default 1000; negative:
	// none).
	Warmup int
	// Draws is the number of post-warm-up iterations (default 1000;
	// negative: none, to adapt only and keep Trace.Adapted).
	Draws int
	// Seed seeds every chain: chain c uses PCG(Seed, FirstChain+c+1).
	Seed uint64

	// Kernel is the Markov kernel, one value holding its own settings:
	// NUTS{MaxTreeDepth: 12}, HMC{Steps: 20, JitterSteps: true}, RWM{},
	// or any other Kernel (Gibbs, RMHMC, BAOAB, MALA, DHMC, a user's).
	// nil is NUTS{} with Stan's defaults. A NUTS, HMC or RWM value without
	// a Hamiltonian hook is built in: a zero StepSize (RWM: Scale) is taken
	// from the StepSize field below, a nil Metric is one of the Metric kind
	// below, and it can be checkpointed. Any other Adaptable kernel is tuned
	// by warm-up from its own step size (a nil metric gets one of the Metric
	// kind); a kernel that is not Adaptable is run as it is.
	Kernel Kernel
	// Metric is the form of metric adapted (default Diag).
	Metric MetricKind
	// TargetAccept is the acceptance dual averaging aims at (default 0.8;
	// 0.234 for random-walk Metropolis).
	TargetAccept float64
	// StepSize is the initial step size of warm-up (default 1, Stan's), or
	// the step size used when there is no warm-up; without either, the
	// step size comes from Stan's init_stepsize heuristic. For RWM it is
	// the proposal scale.
	StepSize float64
	// StepSizeJitter jitters each transition's step size uniformly in
	// StepSize·[1-j, 1+j] after warm-up.
	StepSizeJitter float64
	// Adapted, if not nil, resumes from a previous run's Trace.Adapted (one
	// entry for every chain, or one per chain): warm-up is skipped.
	Adapted []Adaptation
	// WarmupOptions sets the window schedule; its Metric and TargetAccept
	// are taken from the fields above.
	WarmupOptions WarmupOptions

	// InitialPoints are the chains' starting points: one for all chains or
	// one per chain. Default: uniform(-2, 2) in each coordinate, redrawn up
	// to 100 times until log p and its gradient are finite.
	InitialPoints [][]float64
	// Thin keeps every Thin-th iteration (default 1).
	Thin int
	// KeepWarmup stores the warm-up draws at the start of each chain.
	KeepWarmup bool
	// Callback is called after every transition from the chain's
	// goroutine: it must be safe for concurrent use.
	Callback func(Draw)
	// CSV, if not nil, receives a header and then every saved draw as it is
	// made (chain, draw, parameters, statistics): one long table of all
	// chains, for gota or a spreadsheet. For CmdStan's layout, one file per
	// chain that Stan's tools read, use interop/cmdstan's Writer as Recorder.
	CSV io.Writer
	// Progress, if not nil, receives a progress line about once a second
	// (nil: silent). Use os.Stderr for a terminal.
	Progress io.Writer
	// Recorder, if not nil, receives the run as it is made, for example
	// interop/cmdstan's writer of CmdStan CSV files (see Recorder).
	Recorder Recorder

	// Checkpoint, if not empty, is the file the whole state of the run is
	// written to as each chain goes, when the run is cancelled and when it
	// ends (format: see Checkpoint).
	Checkpoint string
	// CheckpointEvery is the number of iterations between a chain's
	// checkpoints (default: every 10 seconds of the chain's wall time).
	CheckpointEvery int
	// Resume, if not nil, continues the run a checkpoint holds (see
	// ReadCheckpoint): the draws are bit for bit those of the uninterrupted
	// run. The other options must be those of the checkpointed run.
	Resume *Checkpoint
}

// Randomness of chain c.
func chainRNG(seed uint64, c int) *rand.Rand {
	return rand.New(chainPCG(seed, c))
}

// chainPCG is the generator behind chainRNG, kept to checkpoint its state.
func chainPCG(seed uint64, c int) *rand.PCG {
	return rand.NewPCG(seed, uint64(c)+1)
}
