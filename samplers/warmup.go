package samplers

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// WarmupOptions configure Warmup. The zero value is Stan's default.
type WarmupOptions struct {
	// TargetAccept is dual averaging's target acceptance statistic
	// (default 0.8).
	TargetAccept float64
	// Metric is the form of metric adapted (default Diag; Unit: none).
	Metric MetricKind
	// InitBuffer, TermBuffer and BaseWindow set the window schedule
	// (defaults 75, 50, 25; see WindowSchedule).
	InitBuffer, TermBuffer, BaseWindow int
	// FixedStepSize turns step-size adaptation off.
	FixedStepSize bool
}

// Warmup is Stan's adaptation as its own layer over an Adaptable kernel:
// Init searches a first step size (init_stepsize), Update learns from each
// warm-up transition (dual averaging of the step size; windowed estimates of
// the metric, each followed by a new step-size search and a restart of dual
// averaging), and Final returns the tuned kernel with the averaged step size.
type Warmup struct {
	opts     WarmupOptions
	n        int      // number of warm-up iterations
	windows  []Window // metric windows
	counter  int      // iterations seen
	window   int      // index of the current window
	kernel   Adaptable
	da       *DualAveraging
	est      *covEstimator
	adaptMet bool
}

// NewWarmup returns the warm-up of k for numWarmup iterations.
func NewWarmup(k Adaptable, numWarmup int, opts WarmupOptions) *Warmup {
	eps, m := k.Tuning()
	w := &Warmup{opts: opts, n: numWarmup, kernel: k}
	w.da = NewDualAveraging(opts.TargetAccept, eps)
	w.adaptMet = opts.Metric != Unit && m != nil
	if w.adaptMet {
		w.windows = WindowSchedule(numWarmup, opts.InitBuffer, opts.TermBuffer, opts.BaseWindow)
	}
	return w
}

// Windows returns the metric-adaptation windows.
func (w *Warmup) Windows() []Window { return w.windows }

// Init searches a first step size at s with Stan's heuristic when the
// kernel supports it, and returns the kernel to use.
func (w *Warmup) Init(rng *rand.Rand, s *State) (Adaptable, error) {
	if w.opts.FixedStepSize {
		return w.kernel, nil
	}
	eps, m := w.kernel.Tuning()
	eps, err := initStepSize(rng, w.kernel, s, eps)
	if err != nil {
		return nil, err
	}
	w.kernel = w.kernel.Tuned(eps, m)
	return w.kernel, nil
}

// Update learns from the transition that produced s and info, and returns
// the kernel for the next transition.
func (w *Warmup) Update(rng *rand.Rand, s *State, info DrawStats) (Adaptable, error) {
	eps, m := w.kernel.Tuning()
	if !w.opts.FixedStepSize {
		stat := info.AcceptStat
		if a, ok := w.kernel.(AdaptStatistic); ok {
			stat = a.AdaptStat(s, info)
		}
		eps = w.da.Update(stat)
	}
	i := w.counter
	w.counter++
	if w.adaptMet && w.window < len(w.windows) {
		win := w.windows[w.window]
		if i >= win.Start && i < win.End {
			x := w.kernel.MetricPosition(s)
			if w.est == nil {
				w.est = newCovEstimator(len(x), w.opts.Metric == Dense)
			}
			w.est.add(x)
		}
		if i == win.End-1 {
			nm, err := w.est.regularized()
			if err != nil {
				return nil, fmt.Errorf("samplers: metric adaptation window %d: %w", w.window, err)
			}
			w.est.restart()
			w.window++
			m = nm
			k := w.kernel.Tuned(eps, m)
			if !w.opts.FixedStepSize {
				eps, err = initStepSize(rng, k, s, eps)
				if err != nil {
					return nil, err
				}
				w.da.Restart(eps)
			}
		}
	}
	w.kernel = w.kernel.Tuned(eps, m)
	return w.kernel, nil
}

// Final returns the tuned kernel: the averaged step size and the last metric.
func (w *Warmup) Final() Adaptable {
	eps, m := w.kernel.Tuning()
	if !w.opts.FixedStepSize && w.counter > 0 {
		eps = w.da.Final()
	}
	return w.kernel.Tuned(eps, m)
}

// initStepSize is Stan's init_stepsize: starting from eps, double or halve
// until the one-step acceptance probability crosses 0.8.
func initStepSize(rng *rand.Rand, k Adaptable, s *State, eps float64) (float64, error) {
	p, ok := k.(StepSizeProber)
	if !ok || eps == 0 || eps > 1e7 || math.IsNaN(eps) {
		return eps, nil
	}
	logTarget := math.Log(0.8)
	dh := p.ProbeStepSize(rng, s, eps)
	if math.IsNaN(dh) { // the kernel cannot probe
		return eps, nil
	}
	dir := -1.0
	if dh > logTarget {
		dir = 1
	}
	for {
		dh = p.ProbeStepSize(rng, s, eps)
		if dir == 1 && !(dh > logTarget) || dir == -1 && !(dh < logTarget) {
			return eps, nil
		}
		if dir == 1 {
			eps *= 2
		} else {
			eps /= 2
		}
		if eps > 1e7 {
			return 0, fmt.Errorf("samplers: step size search diverged to %v: the posterior may be improper", eps)
		}
		if eps == 0 {
			return 0, fmt.Errorf("samplers: step size search fell to 0: no finite step keeps the log density finite")
		}
	}
}
