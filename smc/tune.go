package smc

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/bayesnn-go/bayesnn/samplers"

	"gonum.org/v1/gonum/mat"
)

// Move names SMC's built-in move kernels.
type Move int

const (
	// MoveAuto is the random walk up to 10 dimensions and MALA above.
	MoveAuto Move = iota
	// RandomWalk is random-walk Metropolis with proposal covariance
	// MoveScale²·Σ, Σ the particles' covariance (or its diagonal).
	RandomWalk
	// MALA is MALA with the particles' covariance (or its diagonal) as
	// inverse metric and step size MoveScale; with Options.Persistence
	// above 0 the momentum is kept in part from one move to the next
	// (generalised HMC), within a stage.
	MALA
	// HMC is HMC with Options.Steps leapfrog steps, the particles'
	// covariance (or its diagonal) as inverse metric and step size
	// MoveScale.
	HMC
)

// String names the move.
func (m Move) String() string {
	switch m {
	case MoveAuto:
		return "auto"
	case RandomWalk:
		return "random walk"
	case MALA:
		return "MALA"
	case HMC:
		return "HMC"
	}
	return fmt.Sprintf("Move(%d)", int(m))
}

// smcCollapse is the acceptance rate below which the moves count as
// collapsed: the particles barely move.
const smcCollapse = 0.05

// initTuning validates and sets the built-in moves' options.
func (r *smcRun) initTuning() error {
	o := &r.o
	if o.Move < MoveAuto || o.Move > HMC {
		return fmt.Errorf("smc: unknown SMC move %d", int(o.Move))
	}
	if o.Move == MoveAuto {
		o.Move = RandomWalk
		if r.d > 10 {
			o.Move = MALA
		}
	}
	if a := o.TargetAccept; a != 0 && !(a > 0 && a < 1) {
		return fmt.Errorf("smc: target acceptance %v, must be in (0, 1)", a)
	}
	if o.MaxMoves < 0 {
		return fmt.Errorf("smc: MaxMoves %d is negative", o.MaxMoves)
	}
	if c := o.Decorrelate; !(c >= 0 && c < 1) {
		return fmt.Errorf("smc: Decorrelate %v, must be in [0, 1)", c)
	}
	d := float64(r.d)
	r.targetAccept = o.TargetAccept
	r.scale = o.MoveScale
	switch o.Move {
	case RandomWalk:
		if r.targetAccept == 0 {
			r.targetAccept = 0.234
			if r.d <= 2 {
				r.targetAccept = 0.44
			}
		}
		if r.scale == 0 {
			r.scale = 2.38 / math.Sqrt(d)
		}
	case MALA:
		if r.targetAccept == 0 {
			r.targetAccept = 0.574
			if o.Persistence > 0 {
				r.targetAccept = 0.8
			}
		}
		if r.scale == 0 {
			r.scale = 1.65 * math.Pow(d, -1.0/6)
		}
	case HMC:
		if r.targetAccept == 0 {
			r.targetAccept = 0.65
		}
		if r.scale == 0 {
			r.scale = math.Pow(d, -0.25)
		}
	}
	if a := o.Persistence; !(a >= 0 && a < 1) {
		return fmt.Errorf("smc: persistence %v, must be in [0, 1)", a)
	}
	if o.Steps < 0 {
		return fmt.Errorf("smc: Steps %d is negative", o.Steps)
	}
	r.moves = o.Moves
	if r.moves == 0 {
		r.moves = 10
	}
	r.start = time.Now()
	return nil
}

// moveKernel builds the stage's move kernel from the weighted particles.
func (r *smcRun) moveKernel(wts []float64) (samplers.Kernel, error) {
	if r.o.Kernel != nil {
		k, err := r.o.Kernel(smcCovFlat(r.x, wts, r.n, r.d))
		if err == nil && k == nil {
			err = errors.New("smc: Options.Kernel returned a nil kernel")
		}
		return k, err
	}
	if r.o.Diagonal || r.d > 200 {
		v := smcVarFlat(r.x, wts, r.n, r.d)
		if r.o.Move != RandomWalk {
			m, err := samplers.NewDiagMetric(v)
			if err != nil {
				return nil, err
			}
			return r.gradientMove(m), nil
		}
		sd := make([]float64, len(v))
		for i, x := range v {
			sd[i] = math.Sqrt(x)
		}
		return samplers.NewDiagPrecondRWM(sd, r.scale)
	}
	cov := smcCovFlat(r.x, wts, r.n, r.d)
	if r.o.Move != RandomWalk {
		c, err := smcRegularise(cov)
		if err != nil {
			return nil, err
		}
		m, err := samplers.NewDenseMetric(c)
		if err != nil {
			return nil, err
		}
		return r.gradientMove(m), nil
	}
	c, err := smcRegularise(cov)
	if err != nil {
		return nil, err
	}
	return samplers.NewPrecondRWM(c, r.scale)
}

// gradientMove returns the MALA or HMC move with metric m.
func (r *smcRun) gradientMove(m samplers.Metric) samplers.Kernel {
	if r.o.Move == HMC {
		return samplers.HMC{StepSize: r.scale, Steps: r.o.Steps, Metric: m}
	}
	return samplers.MALA{StepSize: r.scale, Persistence: r.o.Persistence, Metric: m}
}

// smcVarFlat returns the weighted variances of the particles, each at least
// 1e-12 times their mean (or 1 if all are 0): a coordinate on which the
// particles have collapsed still gets a positive scale.
func smcVarFlat(x, w []float64, n, d int) []float64 {
	mu, sw := smcMeanFlat(x, w, n, d)
	v := make([]float64, d)
	for i := 0; i < n; i++ {
		if w[i] == 0 {
			continue
		}
		for j := 0; j < d; j++ {
			e := x[i*d+j] - mu[j]
			v[j] += w[i] / sw * e * e
		}
	}
	var mean float64
	for _, a := range v {
		mean += a
	}
	mean /= float64(d)
	floor := 1e-12 * mean
	if !(mean > 0) || math.IsInf(mean, 0) {
		floor = 1
	}
	for j, a := range v {
		if !(a >= floor) || math.IsInf(a, 0) {
			v[j] = floor
		}
	}
	return v
}

// partialTargets sets the workers' stage targets from DataAnnealing.Partial.
func (r *smcRun) partialTargets() error {
	if r.data == nil || r.data.Partial == nil {
		return nil
	}
	t, err := r.data.Partial(r.nData)
	if err != nil {
		return err
	}
	if t == nil {
		return errors.New("smc: DataAnnealing.Partial returned a nil target")
	}
	if t.Dim() != r.d {
		return fmt.Errorf("smc: DataAnnealing.Partial target has dimension %d, the prior %d", t.Dim(), r.d)
	}
	for i, w := range r.workers {
		if i == 0 {
			w.tgt.part = t
		} else {
			w.tgt.part = smcClone(t)
		}
	}
	return nil
}

// tune adapts the built-in move's step size and the number of moves to the
// stage's acceptance, records warnings and prints the progress line.
func (r *smcRun) tune(stage int, st *Stage) {
	a := st.Acceptance
	if a < smcCollapse {
		r.lowStreak++
	} else {
		r.lowStreak = 0
	}
	// A collapse at the start is what tuning repairs: warn when it
	// persists for three stages, when nothing tunes it, or at the last
	// stage.
	tuned := r.o.Kernel == nil && !r.o.FixedStepSize
	if a < smcCollapse && (r.lowStreak == 3 || (r.lowStreak == 1 && (!tuned || r.done()))) {
		r.warn(fmt.Sprintf("smc: stage %d: move acceptance %.3f (step size %.3g, %d moves): the particles barely move "+
			"and the result may be biased; use a smaller MoveScale, more moves or more particles", stage, a, st.StepSize, st.Moves))
	}
	if tuned {
		if r.o.Decorrelate > 0 {
			a = r.roundAccept // the earlier rounds have tuned already
		}
		r.retune(a)
	}
	lo := r.o.Moves
	if lo == 0 {
		lo = 10
	}
	if r.o.MaxMoves > lo && r.o.Decorrelate == 0 {
		m := r.o.MaxMoves
		if a > 0 && a < 1 {
			m = int(math.Ceil(math.Log(0.01) / math.Log1p(-a)))
		} else if a >= 1 {
			m = lo
		}
		r.moves = max(lo, min(r.o.MaxMoves, m))
	}
	r.progress(stage, st, false)
}

// retune updates the built-in move's step size from an acceptance rate a.
func (r *smcRun) retune(a float64) {
	if a < smcCollapse {
		r.scale *= 0.1
	} else {
		r.scale *= math.Exp(a - r.targetAccept)
	}
}

// warn records a warning and writes it to Progress.
func (r *smcRun) warn(msg string) {
	r.warnings = append(r.warnings, msg)
	if r.o.Progress != nil {
		if r.printed {
			fmt.Fprintln(r.o.Progress)
			r.printed = false
		}
		fmt.Fprintln(r.o.Progress, msg)
	}
}

// progress prints the stage's line at most once a second, and always at
// the last stage.
func (r *smcRun) progress(stage int, st *Stage, force bool) {
	if r.o.Progress == nil {
		return
	}
	now := time.Now()
	if !force && !r.done() && now.Sub(r.lastPrint) < time.Second {
		return
	}
	r.lastPrint = now
	where := fmt.Sprintf("β %.4g", st.Beta)
	if r.data != nil {
		where = fmt.Sprintf("data %d/%d", st.NData, r.data.N)
	}
	moves := fmt.Sprintf("%d moves", st.Moves)
	if r.o.Decorrelate > 0 {
		moves += fmt.Sprintf(" (corr %.2f)", st.Correlation)
	}
	fmt.Fprintf(r.o.Progress, "\rSMC stage %d | %s | ESS %.0f/%d | accept %.2f | step %.3g | %s | %s   ",
		stage, where, st.ESS, r.n, st.Acceptance, st.StepSize, moves, now.Sub(r.start).Round(time.Second))
	r.printed = true
}

// progressEnd ends the progress line.
func (r *smcRun) progressEnd() {
	if r.o.Progress != nil && r.printed {
		fmt.Fprintln(r.o.Progress)
		r.printed = false
	}
}

// smcRegularise returns cov with the smallest diagonal jitter (0, then
// 1e-10 times the mean variance, growing tenfold) that makes it factorise.
func smcRegularise(cov *mat.SymDense) (*mat.SymDense, error) {
	n := cov.SymmetricDim()
	var tr float64
	for i := 0; i < n; i++ {
		tr += cov.At(i, i)
	}
	base := tr / float64(n)
	if !(base > 0) || math.IsInf(base, 0) {
		base = 1
	}
	var ch mat.Cholesky
	c := mat.NewSymDense(n, nil)
	jit := 0.0
	for try := 0; try < 12; try++ {
		c.CopySym(cov)
		for i := 0; i < n; i++ {
			c.SetSym(i, i, c.At(i, i)+jit)
		}
		if ch.Factorize(c) {
			return c, nil
		}
		if jit == 0 {
			jit = 1e-10 * base
		} else {
			jit *= 10
		}
	}
	return nil, errors.New("smc: particle covariance is not positive definite even with jitter")
}
