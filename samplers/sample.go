package samplers

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/panics"
)

// resolved holds Options with defaults applied.
type resolved struct {
	Options
	builtin bool // Kernel is a built-in NUTS, HMC or RWM (see Options.Kernel)
	dim     int
	rows    int // saved rows per chain
	wrow    int // saved warm-up rows per chain
}

func resolve(t density.Target, o Options) (*resolved, error) {
	if t == nil {
		return nil, errors.New("samplers: nil target")
	}
	r := &resolved{Options: o, dim: t.Dim()}
	if r.dim <= 0 {
		return nil, fmt.Errorf("samplers: target dimension %d, must be positive", r.dim)
	}
	if r.Chains == 0 {
		r.Chains = 4
	}
	if r.Chains < 0 {
		return nil, fmt.Errorf("samplers: %d chains", r.Chains)
	}
	if r.FirstChain < 0 {
		return nil, fmt.Errorf("samplers: first chain %d, must be 0 or more", r.FirstChain)
	}
	if r.Parallel <= 0 || r.Parallel > r.Chains {
		r.Parallel = r.Chains
	}
	switch {
	case r.Warmup == 0:
		r.Warmup = 1000
	case r.Warmup < 0:
		r.Warmup = 0
	}
	switch {
	case r.Draws == 0:
		r.Draws = 1000
	case r.Draws < 0:
		r.Draws = 0
	}
	if r.Thin == 0 {
		r.Thin = 1
	}
	if r.Thin < 0 {
		return nil, fmt.Errorf("samplers: thin %d, must be positive", r.Thin)
	}
	if r.StepSize < 0 || math.IsNaN(r.StepSize) || math.IsInf(r.StepSize, 0) {
		return nil, fmt.Errorf("samplers: step size %v, must be finite and positive", r.StepSize)
	}
	if err := checkJitter(r.StepSizeJitter); err != nil {
		return nil, err
	}
	if r.TargetAccept < 0 || r.TargetAccept >= 1 || math.IsNaN(r.TargetAccept) {
		return nil, fmt.Errorf("samplers: target acceptance %v, must be in (0, 1)", r.TargetAccept)
	}
	if r.Metric < Diag || r.Metric > Unit {
		return nil, fmt.Errorf("samplers: unknown metric kind %d", int(r.Metric))
	}
	if r.Kernel == nil {
		r.Kernel = NUTS{}
	}
	switch k := r.Kernel.(type) {
	case NUTS:
		if k.MaxTreeDepth < 0 {
			return nil, errors.New("samplers: NUTS maximum tree depth is negative")
		}
		if k.MaxTreeDepth == 0 {
			k.MaxTreeDepth = 10
		}
		r.Kernel, r.builtin = k, k.Hamiltonian == nil
	case HMC:
		if k.Steps < 0 {
			return nil, errors.New("samplers: HMC number of steps is negative")
		}
		if k.Steps == 0 {
			k.Steps = 10
		}
		r.Kernel, r.builtin = k, k.Hamiltonian == nil
	case RWM:
		r.builtin = true
	}
	if n := len(r.InitialPoints); n != 0 && n != 1 && n != r.Chains {
		return nil, fmt.Errorf("samplers: %d initial points for %d chains, want 1 or %d", n, r.Chains, r.Chains)
	}
	for i, x := range r.InitialPoints {
		if len(x) != r.dim {
			return nil, fmt.Errorf("samplers: initial point %d has length %d, target dimension is %d", i, len(x), r.dim)
		}
		for j, v := range x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("samplers: initial point %d element %d is %v", i, j, v)
			}
		}
	}
	if n := len(r.Adapted); n != 0 && n != 1 && n != r.Chains {
		return nil, fmt.Errorf("samplers: %d adaptations for %d chains, want 1 or %d", n, r.Chains, r.Chains)
	}
	for i, a := range r.Adapted {
		if err := checkStepSize(a.StepSize); err != nil {
			return nil, fmt.Errorf("samplers: adaptation %d: %w", i, err)
		}
	}
	if len(r.Adapted) > 0 {
		r.Warmup = 0
	}
	if r.TargetAccept == 0 {
		r.TargetAccept = 0.8
		if _, ok := r.Kernel.(RWM); ok {
			r.TargetAccept = 0.234
		}
	}
	if r.KeepWarmup {
		r.wrow = (r.Warmup + r.Thin - 1) / r.Thin
	}
	r.rows = r.wrow + (r.Draws+r.Thin-1)/r.Thin
	return r, nil
}

// baseKernel builds chain c's kernel before warm-up.
func (r *resolved) baseKernel(c int) (Kernel, error) {
	var a *Adaptation
	if len(r.Adapted) > 0 {
		a = &r.Adapted[0]
		if len(r.Adapted) > 1 {
			a = &r.Adapted[c]
		}
	}
	if !r.builtin {
		ak, ok := r.Kernel.(Adaptable)
		if a == nil || !ok {
			return r.Kernel, nil
		}
		// The metric of a custom kernel may cover fewer coordinates than
		// the target (Gibbs): take its dimension from the adaptation.
		n := len(a.InvMetric)
		if a.Metric == Dense {
			n = int(math.Round(math.Sqrt(float64(n))))
		}
		var m Metric
		if a.Metric != Unit {
			var err error
			if m, err = a.NewMetric(n); err != nil {
				return nil, err
			}
		}
		return ak.Tuned(a.StepSize, m), nil
	}
	// A built-in kernel: its own step size and metric, else the options'.
	k := r.Kernel.(Adaptable)
	eps, m := k.Tuning()
	if eps == 0 {
		eps = r.StepSize
	}
	if eps == 0 {
		eps = 1
	}
	if a != nil {
		var err error
		if m, err = a.NewMetric(r.dim); err != nil {
			return nil, err
		}
		eps = a.StepSize
	} else if m == nil {
		if _, isRWM := k.(RWM); !isRWM {
			m = metricFor(r.Metric, r.dim)
		}
	}
	return k.Tuned(eps, m), nil
}

// initialStepSize reports whether no step size was given for the built-in
// kernel: neither its own nor Options.StepSize.
func (r *resolved) initialStepSize() bool {
	if !r.builtin || r.StepSize != 0 {
		return false
	}
	eps, _ := r.Kernel.(Adaptable).Tuning()
	return eps == 0
}

// withJitter returns k with the step-size jitter set, for the built-in kernels.
func withJitter(k Kernel, j float64) Kernel {
	switch k := k.(type) {
	case NUTS:
		k.StepSizeJitter = j
		return k
	case HMC:
		k.StepSizeJitter = j
		return k
	}
	return k
}

// chainResult is one chain's output.
type chainResult struct {
	samples []float64
	stats   []DrawStats
	rows    int // saved rows
	adapted Adaptation
	err     error
}

// Sample runs opts.Chains chains on t in parallel goroutines and returns
// their draws. Each chain has its own random stream derived from opts.Seed,
// so the same seed gives the same draws whatever the parallelism; a target
// implementing density.Cloner is cloned per chain, any other target must be safe for
// concurrent use. Invalid options or initial points return an error before
// any work. When ctx is cancelled Sample returns the draws made so far
// (the same number from every chain) with ctx's error. A panic in the
// target, the callback or the CSV writer is returned as a *panics.Error naming
// the chain, and stops the other chains.
func Sample(ctx context.Context, t density.Target, opts Options) (*Trace, error) {
	r, err := resolve(t, opts)
	if err != nil {
		return nil, err
	}
	names := density.Names(t)
	if err := r.checkCheckpointing(names); err != nil {
		return nil, err
	}
	targets := make([]density.Target, r.Chains)
	kernels := make([]Kernel, r.Chains)
	states := make([]*State, r.Chains)
	rngs := make([]*rand.Rand, r.Chains)
	pcgs := make([]*rand.PCG, r.Chains)
	// Targets, kernels and initial states, sequentially: errors come before
	// any sampling.
	for c := range targets {
		err := panics.Call(chainWhere(c), func() (err error) {
			targets[c] = t
			if cl, ok := t.(density.Cloner); ok {
				targets[c] = cl.Clone()
			}
			if kernels[c], err = r.baseKernel(c); err != nil {
				return err
			}
			pcgs[c] = chainPCG(r.Seed, r.FirstChain+c)
			rngs[c] = rand.New(pcgs[c])
			if r.resumes(c) {
				states[c], err = r.restoreState(c, pcgs[c], kernels[c], targets[c])
			} else {
				states[c], err = initChain(rngs[c], kernels[c], targets[c], r, c)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	if r.Recorder != nil {
		err := panics.Call("samplers: Options.Recorder", func() error { return r.Recorder.Begin(names, r.recorderOptions()) })
		if err != nil {
			return nil, err
		}
	}
	ck := newCheckpointer(r, names)

	var out *csvSink
	if r.CSV != nil {
		out = newCSVSink(r.CSV, names)
	}
	var prog *progress
	if r.Progress != nil {
		prog = newProgress(r.Progress, r.Chains*(r.Warmup+r.Draws))
		defer prog.stop() // for the early returns; stopped again below to report a panicking writer
	}

	// A panic in one chain cancels the others through run.
	run, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([]chainResult, r.Chains)
	tk := newTurns(r.Parallel, r.Chains, r.starts())
	var wg sync.WaitGroup
	for c := 0; c < r.Chains; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			results[c] = runChain(run, c, rngs[c], pcgs[c], kernels[c], states[c], r, out, prog, tk, ck)
			if _, ok := results[c].err.(*panics.Error); ok {
				cancel()
			}
		}(c)
	}
	wg.Wait()

	tr := &Trace{Names: names, Chains: r.Chains, Dim: r.dim, Draws: r.rows}
	var errs []error
	for c, res := range results {
		if _, ok := res.err.(*panics.Error); ok {
			errs = append(errs, res.err) // it names the chain
		} else if res.err != nil {
			errs = append(errs, fmt.Errorf("chain %d: %w", c, res.err))
		}
		tr.Draws = min(tr.Draws, res.rows)
		tr.Adapted = append(tr.Adapted, res.adapted)
	}
	tr.Warmup = min(r.wrow, tr.Draws)
	tr.Samples = make([]float64, 0, r.Chains*tr.Draws*r.dim)
	tr.Stats = make([]DrawStats, 0, r.Chains*tr.Draws)
	for _, res := range results {
		tr.Samples = append(tr.Samples, res.samples[:tr.Draws*r.dim]...)
		tr.Stats = append(tr.Stats, res.stats[:tr.Draws]...)
	}
	if prog != nil {
		if err := prog.stop(); err != nil {
			errs = append(errs, err)
		}
	}
	if out != nil && out.err != nil {
		errs = append(errs, fmt.Errorf("samplers: writing CSV: %w", out.err))
	}
	if ck != nil && ck.err != nil {
		errs = append(errs, ck.err)
	}
	if err := ctx.Err(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) == 0 && tr.Draws < r.rows {
		// Never draws missing without an error.
		errs = append(errs, fmt.Errorf("samplers: internal error: %d of %d draws per chain", tr.Draws, r.rows))
	}
	return tr, errors.Join(errs...)
}

// initChain builds chain c's initial state from the user's point or from
// uniform(-2, 2) draws.
func initChain(rng *rand.Rand, k Kernel, t density.Target, r *resolved, c int) (*State, error) {
	if len(r.InitialPoints) > 0 {
		x := r.InitialPoints[0]
		if len(r.InitialPoints) > 1 {
			x = r.InitialPoints[c]
		}
		s, err := k.Init(t, x)
		if err != nil {
			return nil, fmt.Errorf("samplers: chain %d: %w", c, err)
		}
		return s, nil
	}
	const tries = 100
	x := make([]float64, r.dim)
	var last error
	var lps []string
	nans := 0
	for i := 0; i < tries; i++ {
		for j := range x {
			x[j] = -2 + 4*rng.Float64()
		}
		s, err := k.Init(t, x)
		if err == nil {
			return s, nil
		}
		if nanData(err) { // no starting point helps: say so at once
			return nil, fmt.Errorf("samplers: chain %d: %w", c, err)
		}
		if errors.Is(err, errNaNDensity) {
			nans++
		}
		last = err
		if len(lps) < 3 {
			lps = append(lps, fmt.Sprintf("%.3g", x))
		}
	}
	if nans == tries {
		return nil, fmt.Errorf("samplers: chain %d: the log density is NaN at all %d draws from uniform(-2, 2) (first tried: %s); check the data for NaN, or give Options.InitialPoints (last error: %w)",
			c, tries, strings.Join(lps, ", "), last)
	}
	return nil, fmt.Errorf("samplers: chain %d: no initial point with finite log density and gradient in %d draws from uniform(-2, 2) (first tried: %s; last error: %v); give Options.InitialPoints",
		c, tries, strings.Join(lps, ", "), last)
}

// runChain runs warm-up and sampling for one chain, taking a turn from tk
// for each iteration (the first also covers the set-up). A panic ends the chain with a *panics.Error, keeping
// the draws saved before it.
func runChain(ctx context.Context, c int, rng *rand.Rand, pcg *rand.PCG, k Kernel, s *State, r *resolved,
	out *csvSink, prog *progress, tk *turns, ck *checkpointer) (res chainResult) {
	res = chainResult{
		samples: make([]float64, r.rows*r.dim),
		stats:   make([]DrawStats, r.rows),
	}
	start := r.startOf(c)
	tk.take(c, start)
	defer tk.leave(c)
	defer func() {
		if v := recover(); v != nil {
			res.err = panics.New(chainWhere(c), v)
		}
	}()
	clock := newChainClock()
	var wu *Warmup
	if r.resumes(c) {
		var err error
		if k, wu, _, err = r.resumeChain(c, s, &res); err != nil {
			res.err = err
			return res
		}
		r.replay(c, &res, wu, k)
	} else if a, ok := k.(Adaptable); ok && r.Warmup > 0 {
		eps, m := a.Tuning()
		if n := len(a.MetricPosition(s)); m == nil && r.Metric != Unit && !r.builtin && n > 0 {
			// A custom kernel without a metric gets one of the chosen kind.
			if _, isRWM := a.(RWM); !isRWM {
				a = a.Tuned(eps, metricFor(r.Metric, n))
			}
		}
		wopts := r.WarmupOptions
		wopts.Metric, wopts.TargetAccept = r.Metric, r.TargetAccept
		wu = NewWarmup(a, r.Warmup, wopts)
		var err error
		if k, err = wu.Init(rng, s); err != nil {
			res.err = err
			return res
		}
	} else if a, ok := k.(Adaptable); ok && r.Warmup == 0 && r.initialStepSize() && len(r.Adapted) == 0 {
		// No warm-up and no step size: Stan's heuristic from 1.
		eps, m := a.Tuning()
		eps, err := initStepSize(rng, a, s, eps)
		if err != nil {
			res.err = err
			return res
		}
		k = a.Tuned(eps, m)
	}
	if r.Warmup == 0 {
		k = withJitter(k, r.StepSizeJitter)
	}
	total := r.Warmup + r.Draws
	done := start
	for it := start; it < total; it++ {
		if it > start {
			tk.take(c, it)
		}
		if ctx.Err() != nil {
			break
		}
		if it == r.Warmup && wu != nil {
			k = withJitter(wu.Final(), r.StepSizeJitter)
			r.recordAdapted(c, k)
			clock.endWarmup()
		}
		info := k.Step(rng, s)
		warm := it < r.Warmup
		if warm && wu != nil {
			var err error
			if k, err = wu.Update(rng, s, info); err != nil {
				res.err = err
				break
			}
		}
		saved := false
		if warm {
			saved = r.KeepWarmup && it%r.Thin == 0
		} else {
			saved = (it-r.Warmup)%r.Thin == 0
		}
		if saved {
			copy(res.samples[res.rows*r.dim:], s.Position)
			res.stats[res.rows] = info
			if out != nil {
				out.write(c, res.rows+1-r.wrow, s.Position, &info)
			}
			if r.Recorder != nil {
				r.Recorder.Draw(c, warm, s.Position, &info)
			}
			res.rows++
		}
		if r.Callback != nil {
			r.Callback(Draw{Chain: c, Iteration: it, Warmup: warm, Saved: saved, Position: s.Position, Stats: info})
		}
		if prog != nil {
			prog.add(info, warm)
		}
		done = it + 1
		if ck != nil && done < total && ck.due(c, done) {
			ck.save(c, done, pcg, k, s, wu, &res, r)
		}
	}
	if ck != nil && res.err == nil {
		ck.save(c, done, pcg, k, s, wu, &res, r)
	}
	if wu != nil && r.Draws == 0 && res.err == nil {
		k = wu.Final()
		r.recordAdapted(c, k)
	}
	res.adapted = adaptationOf(k)
	if r.Recorder != nil {
		tw, ts := clock.durations()
		if err := r.Recorder.End(c, tw, ts); err != nil {
			res.err = errors.Join(res.err, err)
		}
	}
	return res
}

// SampleSimple is the one-call form: it samples the density logProb (which
// writes its gradient into grad and returns log p) from init, with opts
// (NUTS, 4 chains of 1000 warm-up and 1000 draws by default; init is
// used for every chain unless opts.InitialPoints is set).
func SampleSimple(logProb func(grad, x []float64) float64, init []float64, opts Options) (*Trace, error) {
	if len(init) == 0 {
		return nil, errors.New("samplers: empty initial point")
	}
	if opts.InitialPoints == nil {
		opts.InitialPoints = [][]float64{init}
	}
	return Sample(context.Background(), density.FuncTarget{N: len(init), F: logProb}, opts)
}
