package samplers

import "time"

// Recorder receives a run of Sample as it is made, so that a writer can
// stream it (interop/cmdstan writes CmdStan's CSV files through it). Calls
// for one chain come in order from that chain's goroutine; calls for
// different chains may be concurrent.
type Recorder interface {
	// Begin is called once, before any chain starts, with the parameter
	// names and the options with every default applied (Chains, Warmup,
	// Draws, Thin, TargetAccept and StepSize are filled in; Kernel is never
	// nil, and a NUTS's MaxTreeDepth or an HMC's Steps is set). An error
	// stops the run before any work.
	Begin(names []string, o Options) error
	// Adapted is called when a chain's warm-up ends, with its tuned step
	// size and inverse metric (not called when there is no warm-up).
	Adapted(chain int, a Adaptation)
	// Draw is called for every saved draw, in order, warm-up draws first
	// when they are kept. x is the chain's buffer, valid during the call.
	Draw(chain int, warmup bool, x []float64, st *DrawStats)
	// End is called once per chain after its last iteration (or when the
	// run is cancelled), with the wall time its warm-up and its sampling
	// took; its error is returned by Sample.
	End(chain int, warmup, sampling time.Duration) error
}

// recorderOptions returns the options a Recorder's Begin receives.
func (r *resolved) recorderOptions() Options {
	o := r.Options
	if o.StepSize == 0 {
		o.StepSize = 1
	}
	return o
}

// chainClock measures a chain's warm-up and sampling wall time.
type chainClock struct {
	start, split time.Time
	warmup       time.Duration
	split0       bool
}

func newChainClock() chainClock {
	now := time.Now()
	return chainClock{start: now, split: now}
}

// endWarmup marks the end of warm-up.
func (c *chainClock) endWarmup() {
	if !c.split0 {
		c.split = time.Now()
		c.warmup = c.split.Sub(c.start)
		c.split0 = true
	}
}

// durations returns the warm-up and sampling times.
func (c *chainClock) durations() (time.Duration, time.Duration) {
	if !c.split0 {
		return time.Since(c.start), 0
	}
	return c.warmup, time.Since(c.split)
}

// recordAdapted tells the recorder that chain c's warm-up has ended.
func (r *resolved) recordAdapted(c int, k Kernel) {
	if r.Recorder != nil {
		r.Recorder.Adapted(c, adaptationOf(k))
	}
}
