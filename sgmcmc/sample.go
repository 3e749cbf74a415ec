package sgmcmc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// Options configure Sample. The zero value of a field is its documented
// default; Epochs, BatchSize (unless the target has one) and a step size
// (StepSize or Schedule) have none.
type Options struct {
	// Kernel is the transition (default SGLD{}).
	Kernel Kernel
	// Schedule gives the step sizes; nil means Constant{StepSize}.
	Schedule Schedule
	// StepSize is the constant step size used when Schedule is nil.
	StepSize float64
	// BatchSize is the number of data rows per step (default: the
	// target's, for a BatchSizer). Each epoch takes ⌊N/BatchSize⌋ steps
	// over a fresh shuffle of the rows; the N mod BatchSize rows left over
	// wait for a later epoch's shuffle.
	BatchSize int
	// Epochs is the number of passes over the data, burn-in included.
	Epochs int
	// BurnIn is the number of first epochs whose draws are not kept.
	BurnIn int
	// Thin keeps a draw every Thin steps (default: once per epoch, at its
	// last step). A cyclical schedule's exploring steps keep none.
	Thin int
	// Chains is the number of chains (default 1).
	Chains int
	// Parallel bounds the number of chains run at once (default: all).
	// Results do not depend on it.
	Parallel int
	// Seed seeds every chain: chain c shuffles and draws noise from
	// PCG(Seed, c+1), as samplers.Sample's chains.
	Seed uint64
	// InitialPoints are the starting points: one for all chains or one per
	// chain (default: uniform(-2, 2) in each coordinate).
	InitialPoints [][]float64
	// Callback is called after every step from the chain's goroutine (it
	// must be safe for concurrent use); Warmup marks burn-in steps.
	Callback func(samplers.Draw)
	// Progress, if not nil, receives samplers.Sample's progress line about
	// once a second (nil: silent).
	Progress io.Writer
}

// plan is Options with defaults applied and the run's shape.
type plan struct {
	Options
	dim, n     int
	perEpoch   int // steps per epoch
	total      int // steps
	burn       int // burn-in steps
	rows       int // kept draws per chain
	stepsOfRow []int
}

func newPlan(t Target, o Options) (*plan, error) {
	if t == nil {
		return nil, errors.New("sgmcmc: nil target")
	}
	p := &plan{Options: o, dim: t.Dim(), n: t.NumRows()}
	if p.dim <= 0 {
		return nil, fmt.Errorf("sgmcmc: target dimension %d, must be positive", p.dim)
	}
	if p.n <= 0 {
		return nil, fmt.Errorf("sgmcmc: target has %d data rows, must be positive", p.n)
	}
	if p.Kernel == nil {
		p.Kernel = SGLD{}
	}
	if err := p.Kernel.Check(); err != nil {
		return nil, err
	}
	if p.Schedule == nil {
		if err := checkStep("step size", p.StepSize); err != nil {
			return nil, err
		}
		p.Schedule = Constant{StepSize: p.StepSize}
	}
	if err := p.Schedule.Check(); err != nil {
		return nil, err
	}
	if bs, ok := t.(BatchSizer); ok {
		if p.BatchSize == 0 {
			p.BatchSize = bs.BatchSize()
		} else if p.BatchSize != bs.BatchSize() {
			return nil, fmt.Errorf("sgmcmc: batch size %d, but the target was built for batches of %d rows", p.BatchSize, bs.BatchSize())
		}
	}
	switch {
	case p.BatchSize <= 0:
		return nil, fmt.Errorf("sgmcmc: batch size %d, must be positive", p.BatchSize)
	case p.BatchSize > p.n:
		return nil, fmt.Errorf("sgmcmc: batch size %d is larger than the data (%d rows)", p.BatchSize, p.n)
	}
	if p.Epochs <= 0 {
		return nil, fmt.Errorf("sgmcmc: %d epochs, must be positive", p.Epochs)
	}
	if p.BurnIn < 0 || p.BurnIn >= p.Epochs {
		return nil, fmt.Errorf("sgmcmc: %d burn-in epochs of %d, must be in [0, Epochs)", p.BurnIn, p.Epochs)
	}
	p.perEpoch = p.n / p.BatchSize
	if p.Thin == 0 {
		p.Thin = p.perEpoch
	}
	if p.Thin < 0 {
		return nil, fmt.Errorf("sgmcmc: thin %d, must be positive", p.Thin)
	}
	if p.Chains == 0 {
		p.Chains = 1
	}
	if p.Chains < 0 {
		return nil, fmt.Errorf("sgmcmc: %d chains", p.Chains)
	}
	if p.Parallel <= 0 || p.Parallel > p.Chains {
		p.Parallel = p.Chains
	}
	if n := len(p.InitialPoints); n != 0 && n != 1 && n != p.Chains {
		return nil, fmt.Errorf("sgmcmc: %d initial points for %d chains, want 1 or %d", n, p.Chains, p.Chains)
	}
	for i, x := range p.InitialPoints {
		if len(x) != p.dim {
			return nil, fmt.Errorf("sgmcmc: initial point %d has length %d, target dimension is %d", i, len(x), p.dim)
		}
		for j, v := range x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("sgmcmc: initial point %d element %d is %v", i, j, v)
			}
		}
	}
	p.total = p.Epochs * p.perEpoch
	p.burn = p.BurnIn * p.perEpoch
	for k := p.burn; k < p.total; k++ {
		if p.keeps(k) {
			p.stepsOfRow = append(p.stepsOfRow, k)
		}
	}
	p.rows = len(p.stepsOfRow)
	if p.rows == 0 {
		return nil, fmt.Errorf("sgmcmc: the run keeps no draw (%d steps, %d of burn-in, thin %d, every kept step exploring?)", p.total, p.burn, p.Thin)
	}
	for k := 0; k < p.total; k++ {
		if h, _ := p.Schedule.At(k, p.total); !(h > 0) || math.IsInf(h, 0) {
			return nil, fmt.Errorf("sgmcmc: the schedule's step size at step %d is %v, must be finite and positive", k, h)
		}
	}
	return p, nil
}

// keeps reports whether step k keeps a draw.
func (p *plan) keeps(k int) bool {
	if k < p.burn || (k+1-p.burn)%p.Thin != 0 {
		return false
	}
	_, explore := p.Schedule.At(k, p.total)
	return !explore
}

// Sample runs opts.Chains chains of SG-MCMC on t, in parallel goroutines,
// and returns their kept draws as a samplers.Trace (per-draw statistics:
// lp__ is the minibatch estimate of log p where the step started,
// stepsize__ the step size, accept_stat__ 1 and n_leapfrog__ 1). The same
// seed gives the same draws whatever the parallelism; with a target
// implementing Cloner every chain after the first gets its own clone, any
// other target must be safe for concurrent use. Invalid options return an error before any work. A log
// density or gradient that is not finite stops the chain with an error
// naming the step, and the draws made until then are returned (as many
// from every chain), as they are when ctx is cancelled, with ctx's error.
func Sample(ctx context.Context, t Target, opts Options) (*samplers.Trace, error) {
	p, err := newPlan(t, opts)
	if err != nil {
		return nil, err
	}
	names := paramNames(t)
	targets := make([]Target, p.Chains)
	states := make([]*State, p.Chains)
	rngs := make([]*rand.Rand, p.Chains)
	for c := range targets {
		targets[c] = t
		if cl, ok := t.(Cloner); ok && c > 0 {
			targets[c] = cl.Clone()
		}
		rngs[c] = rand.New(rand.NewPCG(p.Seed, uint64(c)+1))
		var x []float64
		switch len(p.InitialPoints) {
		case 0:
			x = make([]float64, p.dim)
			for j := range x {
				x[j] = -2 + 4*rngs[c].Float64()
			}
		case 1:
			x = p.InitialPoints[0]
		default:
			x = p.InitialPoints[c]
		}
		states[c] = p.Kernel.Init(x)
	}
	prog := samplers.NewProgress(p.Progress, p.Chains*p.total)
	defer prog.Stop()

	results := make([]chainResult, p.Chains)
	sem := make(chan struct{}, p.Parallel)
	var wg sync.WaitGroup
	for c := range p.Chains {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[c] = p.runChain(ctx, c, names, rngs[c], targets[c], states[c], prog)
		}(c)
	}
	wg.Wait()

	tr := &samplers.Trace{Names: names, Chains: p.Chains, Dim: p.dim, Draws: p.rows}
	var errs []error
	for c, res := range results {
		if res.err != nil {
			errs = append(errs, fmt.Errorf("sgmcmc: chain %d: %w", c, res.err))
		}
		tr.Draws = min(tr.Draws, res.rows)
		tr.Adapted = append(tr.Adapted, samplers.Adaptation{StepSize: res.lastStep, Metric: samplers.Unit})
	}
	tr.Samples = make([]float64, 0, p.Chains*tr.Draws*p.dim)
	tr.Stats = make([]samplers.DrawStats, 0, p.Chains*tr.Draws)
	for _, res := range results {
		tr.Samples = append(tr.Samples, res.samples[:tr.Draws*p.dim]...)
		tr.Stats = append(tr.Stats, res.stats[:tr.Draws]...)
	}
	if err := prog.Stop(); err != nil {
		errs = append(errs, err)
	}
	if err := ctx.Err(); err != nil {
		errs = append(errs, err)
	}
	return tr, errors.Join(errs...)
}

// chainResult is one chain's output.
type chainResult struct {
	samples  []float64
	stats    []samplers.DrawStats
	rows     int
	lastStep float64
	err      error
}

// runChain runs one chain's epochs.
func (p *plan) runChain(ctx context.Context, c int, names []string, rng *rand.Rand, t Target, s *State, prog *samplers.Progress) (res chainResult) {
	res.samples = make([]float64, p.rows*p.dim)
	res.stats = make([]samplers.DrawStats, p.rows)
	defer func() {
		if v := recover(); v != nil {
			res.err = fmt.Errorf("panic in the target or the callback: %v", v)
		}
	}()
	perm := make([]int, p.n)
	for i := range perm {
		perm[i] = i
	}
	grad := make([]float64, p.dim)
	k := 0
	for epoch := 0; epoch < p.Epochs; epoch++ {
		shuffle(rng, perm)
		for b := 0; b < p.perEpoch; b, k = b+1, k+1 {
			if ctx.Err() != nil {
				return res
			}
			rows := perm[b*p.BatchSize : (b+1)*p.BatchSize]
			h, explore := p.Schedule.At(k, p.total)
			lp := t.LogProbBatch(grad, s.Position, rows)
			if err := checkFinite(lp, grad, names); err != nil {
				res.err = fmt.Errorf("step %d (epoch %d, step size %g): %w (a step size too large for the data makes the chain diverge)", k, epoch, h, err)
				return res
			}
			p.Kernel.Update(rng, s, grad, h, p.n, !explore)
			res.lastStep = h
			info := samplers.DrawStats{LogDensity: lp, AcceptStat: 1, StepSize: h, NLeapfrog: 1}
			burn := k < p.burn
			saved := res.rows < p.rows && p.stepsOfRow[res.rows] == k
			if saved {
				copy(res.samples[res.rows*p.dim:], s.Position)
				res.stats[res.rows] = info
				res.rows++
			}
			if p.Callback != nil {
				p.Callback(samplers.Draw{Chain: c, Iteration: k, Warmup: burn, Saved: saved, Position: s.Position, Stats: info})
			}
			prog.Add(info, burn)
		}
	}
	return res
}

// checkFinite reports a log density or gradient that is not finite.
func checkFinite(lp float64, grad []float64, names []string) error {
	if math.IsNaN(lp) || math.IsInf(lp, 0) {
		return fmt.Errorf("the minibatch log density is %v", lp)
	}
	for i, g := range grad {
		if math.IsNaN(g) || math.IsInf(g, 0) {
			return fmt.Errorf("the gradient of %s is %v", names[i], g)
		}
	}
	return nil
}

// shuffle permutes perm in place (Fisher–Yates) without allocating.
func shuffle(rng *rand.Rand, perm []int) {
	for i := len(perm) - 1; i > 0; i-- {
		j := rng.IntN(i + 1)
		perm[i], perm[j] = perm[j], perm[i]
	}
}

// paramNames returns the target's names, or theta[i].
func paramNames(t Target) []string {
	if nm, ok := t.(density.Namer); ok {
		if names := nm.ParamNames(); len(names) == t.Dim() {
			return append([]string(nil), names...)
		}
	}
	names := make([]string, t.Dim())
	for i := range names {
		names[i] = fmt.Sprintf("theta[%d]", i)
	}
	return names
}
