package smc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bayesnn-go/bayesnn/samplers"

	"gonum.org/v1/gonum/mat"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/panics"
)

// Prior is the starting distribution of SMC: a sampler and its density.
type Prior struct {
	// Sample writes an independent prior draw into dst.
	Sample func(rng *rand.Rand, dst []float64)
	// Target is log p(θ) of the prior, normalised (the evidence estimate is
	// relative to it), with its gradient (used only by gradient-based
	// moves). Its dimension is the dimension of θ.
	Target density.Target
}

// Annealing is the path SMC follows from the prior to the posterior:
// *Tempering or *DataAnnealing.
type Annealing interface {
	annealing()
}

// Tempering is geometric likelihood tempering: stage t targets
// p_t(θ) ∝ prior(θ)·L(θ)^{β_t}, with 0 = β_0 < β_1 < ... < β_T = 1.
type Tempering struct {
	// LogLik is log L(θ) and its gradient (the gradient is used only by
	// gradient-based moves). Its dimension must be the prior's.
	LogLik density.Target
	// TargetESS is the fraction of the particles' ESS kept from one stage
	// to the next when β is chosen adaptively (default 0.5); it must be in
	// (0, 1). The next β solves, by bisection, CESS = TargetESS where CESS
	// is the conditional ESS of the incremental weights (Zhou, Johansen and
	// Aston 2016), or the relative ESS of the new weights if PlainESS.
	// Where particles have zero likelihood the criterion cannot exceed its
	// limit c0 at β⁺ and the target becomes TargetESS·c0.
	TargetESS float64
	// PlainESS chooses β from the ESS of the new weights in place of the
	// conditional ESS.
	PlainESS bool
	// Betas, if not nil, is a fixed schedule in place of the adaptive one:
	// increasing, in (0, 1], ending at 1.
	Betas []float64
	// MaxStages bounds the number of adaptive stages (default 1000): SMC
	// returns an error if β has not reached 1 by then.
	MaxStages int
}

// DataAnnealing adds the data in batches: stage t targets
// p_t(θ) ∝ prior(θ)·Π_{i<n_t} p(y_i | θ), with 0 = n_0 < n_1 < ... < n_T = N.
// The evidence estimate is then that of the N data, Π_i p(y_i | y_{<i}).
type DataAnnealing struct {
	// N is the number of data.
	N int
	// LogLik writes the gradient of log p(y_i | θ) at x into grad and
	// returns log p(y_i | θ). It must be safe for concurrent use. A move
	// evaluates it for every datum included so far.
	LogLik func(grad, x []float64, i int) float64
	// BatchSize is the number of data added per stage (default
	// ⌈N/20⌉: 20 stages).
	BatchSize int
	// Partial, if not nil, returns the log prior plus the log-likelihood
	// of the first n data, with its gradient, as one Target: the moves then
	// evaluate it in place of the prior and n calls of LogLik (a batched
	// network evaluates its n rows at once), and LogLik's gradient is not
	// used. It is called once per stage; a density.Target implementing density.Cloner is
	// cloned per goroutine, any other must be safe for concurrent use.
	Partial func(n int) (density.Target, error)
}

func (*Tempering) annealing()     {}
func (*DataAnnealing) annealing() {}

// Options configures SMC. The zero value is the documented defaults.
type Options struct {
	// Particles is the number of particles (default 1000).
	Particles int
	// Seed seeds every random stream: the prior draws, the resampling and
	// one stream per particle per stage for the moves, so that the result
	// does not depend on Parallel.
	Seed uint64
	// ResampleThreshold resamples when the ESS falls below
	// ResampleThreshold·Particles (default 0.5); it must be in [0, 1]
	// (1: resample at every stage).
	ResampleThreshold float64
	// Resampling is the resampling scheme (default Systematic).
	Resampling Resampling
	// Moves is the number of MCMC transitions per particle per stage
	// (default 10), or with MaxMoves the least number.
	Moves int
	// MaxMoves, if above Moves, adapts the number of moves of each stage
	// to the acceptance rate a of the previous one: ⌈log 0.01 / log(1−a)⌉
	// moves, so that a particle stays where it is with probability 0.01,
	// clamped to [Moves, MaxMoves] (PyMC's rule, with its threshold).
	MaxMoves int
	// Decorrelate, if positive, repeats each stage's Moves moves in rounds
	// until the particles have forgotten where the stage started them:
	// until the Stage's Correlation falls below Decorrelate (0.1 is a
	// common choice), or the next round would pass MaxMoves moves (default
	// 20·Moves). It replaces MaxMoves's acceptance rule. It must be in
	// [0, 1). Each round costs one more gradient per particle.
	Decorrelate float64
	// Move is the built-in move kernel used when Kernel is nil (default
	// MoveAuto).
	Move Move
	// Persistence is the momentum persistence of the MALA move (default 0:
	// MALA; see MALA.Persistence), kept across a stage's moves.
	Persistence float64
	// Steps is the number of leapfrog steps of the HMC move (default 10).
	Steps int
	// TargetAccept is the acceptance rate the built-in moves' step size is
	// tuned to between stages (default 0.44 for the random walk in one or
	// two dimensions, 0.234 above, 0.574 for MALA): after each stage the
	// step size is multiplied by exp(a − TargetAccept), a the stage's
	// mean acceptance, or by 0.1 if a < 0.05. It must be in (0, 1).
	TargetAccept float64
	// FixedStepSize keeps the built-in moves' step size at MoveScale.
	FixedStepSize bool
	// Diagonal uses only the particles' variances, not their full
	// covariance, to shape the built-in moves (always for more than 200
	// dimensions: the covariance costs d² memory and d³ time per stage).
	Diagonal bool
	// Progress, if not nil, receives a progress line at most once a second
	// (stage, β or data included, ESS, acceptance, step size, moves) and the
	// warnings as they arise (nil: silent, as with Sample).
	Progress io.Writer
	// Kernel, if not nil, builds a stage's move kernel from the weighted
	// covariance of the particles after reweighting and resampling, for
	// example an HMC with that covariance as inverse metric. Its Init is
	// called once per particle per stage with the stage's target
	// (prior·likelihood^β or prior·likelihood of the data so far, with
	// gradient). Nil: random-walk Metropolis with proposal covariance
	// MoveScale²·cov.
	Kernel func(cov *mat.SymDense) (samplers.Kernel, error)
	// MoveScale is the built-in move's step size at the first stage,
	// relative to the particles' spread: the random walk's proposal is
	// MoveScale·Σ^{1/2} z, MALA's step size is MoveScale with Σ as inverse
	// metric, Σ the particles' weighted covariance (default 2.38/√d for
	// the random walk, 1.65·d^{−1/6} for MALA: the optimal scalings on
	// Gaussians). Unless FixedStepSize, later stages tune it.
	MoveScale float64
	// Parallel is the number of goroutines moving particles (default
	// GOMAXPROCS). Targets implementing density.Cloner are cloned per goroutine;
	// any other target must be safe for concurrent use.
	Parallel int
}

// Stage describes one SMC stage.
type Stage struct {
	// Beta is the tempering exponent the stage targets (1 with data
	// annealing).
	Beta float64
	// NData is the number of data the stage includes (0 with tempering).
	NData int
	// ESS is the effective sample size 1/Σ W_i² of the reweighted
	// particles, before any resampling.
	ESS float64
	// Resampled reports whether the stage resampled.
	Resampled bool
	// LogIncrement is log Σ_i W_i w_i, the log of the weighted mean
	// incremental weight: the stage's term of the log evidence.
	LogIncrement float64
	// Acceptance is the mean accept statistic of the stage's moves and
	// Divergences their number of divergent transitions.
	Acceptance  float64
	Divergences int
	// StepSize is the built-in move's step size (MoveScale as tuned; 0
	// with a custom Kernel) and Moves the number of moves per particle.
	StepSize float64
	Moves    int
	// Correlation is what the particles still remember of their positions
	// at the stage's start after the moves, with Options.Decorrelate: the
	// larger of the mean over coordinates of their correlation with the
	// start and the same correlation of their log densities (0 without).
	Correlation float64
}

// Result is the output of SMC.
type Result struct {
	// Particles are the final particles, Particles[i] of the prior's
	// dimension, with normalised Weights.
	Particles [][]float64
	Weights   []float64
	// LogEvidence is the estimate of the log marginal likelihood
	// log ∫ prior(θ) L(θ) dθ: the sum of the stages' LogIncrement.
	LogEvidence float64
	// Stages holds the stages in order.
	Stages []Stage
	// Names are the parameters' names, from the prior's target.
	Names []string
	// Warnings are the run's warnings, e.g. a collapse of the moves'
	// acceptance, also written to Progress if set.
	Warnings []string
}

// ESS returns the effective sample size 1/Σ W_i² of the final weights.
func (r *Result) ESS() float64 { return smcESS(r.Weights) }

// Mean writes the weighted mean of the particles into dst (allocated if
// nil) and returns it.
func (r *Result) Mean(dst []float64) []float64 {
	d := len(r.Particles[0])
	if dst == nil {
		dst = make([]float64, d)
	}
	if len(dst) != d {
		panic("smc: Result.Mean length mismatch")
	}
	for j := range dst {
		dst[j] = 0
	}
	for i, x := range r.Particles {
		for j, v := range x {
			dst[j] += r.Weights[i] * v
		}
	}
	return dst
}

// Cov returns the weighted covariance of the particles.
func (r *Result) Cov() *mat.SymDense {
	return smcCov(r.Particles, r.Weights)
}

// Run runs a sequential Monte Carlo sampler: particles drawn from the prior
// are moved along the annealing path to the posterior, each stage
// reweighting them by the incremental likelihood, resampling them when
// their ESS falls below the threshold and moving each by Moves MCMC
// transitions that leave the stage's target invariant (Del Moral, Doucet
// and Jasra 2006). It returns the weighted particles, the log evidence
// estimate and the per-stage record.
//
// Invalid options, a prior draw or prior density that is not finite, or a
// stage where every particle has zero likelihood return an error; a panic
// in the user's code is returned as a *panics.Error. When ctx
// is cancelled SMC returns the particles as they are, with the stages
// completed so far, and ctx's error.
func Run(ctx context.Context, prior Prior, anneal Annealing, o Options) (*Result, error) {
	var r *smcRun
	err := panics.Call("smc: initialisation", func() (err error) {
		if r, err = smcNewRun(prior, anneal, o); err != nil {
			return err
		}
		return r.init()
	})
	if err != nil {
		return nil, err
	}
	defer r.progressEnd()
	for stage := 1; !r.done(); stage++ {
		if err := ctx.Err(); err != nil {
			return r.result(), err
		}
		if stage > r.maxStages {
			return r.result(), fmt.Errorf("smc: did not reach the posterior in %d stages", r.maxStages)
		}
		err := panics.Call(fmt.Sprintf("smc: stage %d", stage), func() error { return r.stage(ctx, stage) })
		if err != nil {
			return r.result(), err
		}
	}
	return r.result(), nil
}

// smcRun is the state of one SMC run.
type smcRun struct {
	o         Options
	prior     Prior
	temp      *Tempering
	data      *DataAnnealing
	n, d      int
	x         []float64 // particles, row-major n×d
	xNew      []float64 // scratch for resampling
	logW      []float64 // normalised log weights
	inc       []float64 // log incremental likelihood per particle
	beta      float64
	nData     int
	maxStages int
	stages    []Stage
	logZ      float64
	workers   []*smcWorker
	// The built-in moves' tuning, the progress line and the warnings.
	scale, targetAccept float64
	moves               int
	roundAccept         float64 // acceptance of a stage's last round, with Decorrelate
	lowStreak           int
	warnings            []string
	start, lastPrint    time.Time
	printed             bool
}

func smcNewRun(prior Prior, anneal Annealing, o Options) (*smcRun, error) {
	if prior.Sample == nil || prior.Target == nil {
		return nil, errors.New("smc: prior needs both Sample and Target")
	}
	d := prior.Target.Dim()
	if d <= 0 {
		return nil, fmt.Errorf("smc: prior dimension %d, must be positive", d)
	}
	r := &smcRun{o: o, prior: prior, d: d}
	switch a := anneal.(type) {
	case *Tempering:
		if a == nil || a.LogLik == nil {
			return nil, errors.New("smc: tempering needs a log-likelihood")
		}
		if a.LogLik.Dim() != d {
			return nil, fmt.Errorf("smc: log-likelihood dimension %d, prior dimension is %d", a.LogLik.Dim(), d)
		}
		if f := a.TargetESS; f != 0 && !(f > 0 && f < 1) {
			return nil, fmt.Errorf("smc: target ESS fraction %v, must be in (0, 1)", f)
		}
		for i, b := range a.Betas {
			prev := 0.0
			if i > 0 {
				prev = a.Betas[i-1]
			}
			if !(b > prev && b <= 1) {
				return nil, fmt.Errorf("smc: tempering schedule element %d is %v, must be increasing in (0, 1]", i, b)
			}
		}
		if n := len(a.Betas); n > 0 && a.Betas[n-1] != 1 {
			return nil, fmt.Errorf("smc: tempering schedule ends at %v, must end at 1", a.Betas[n-1])
		}
		if a.MaxStages < 0 {
			return nil, fmt.Errorf("smc: MaxStages %d is negative", a.MaxStages)
		}
		r.temp = a
		r.maxStages = a.MaxStages
		if r.maxStages == 0 {
			r.maxStages = 1000
		}
		if len(a.Betas) > 0 {
			r.maxStages = len(a.Betas)
		}
	case *DataAnnealing:
		if a == nil || a.LogLik == nil {
			return nil, errors.New("smc: data annealing needs a per-datum log-likelihood")
		}
		if a.N <= 0 {
			return nil, fmt.Errorf("smc: data annealing over %d data", a.N)
		}
		if a.BatchSize < 0 {
			return nil, fmt.Errorf("smc: batch size %d is negative", a.BatchSize)
		}
		r.data = a
		r.maxStages = a.N // at least one datum per stage
	default:
		return nil, errors.New("smc: needs a *Tempering or *DataAnnealing")
	}
	switch {
	case o.Particles == 0:
		r.n = 1000
	case o.Particles < 2:
		return nil, fmt.Errorf("smc: with %d particles, need at least 2", o.Particles)
	default:
		r.n = o.Particles
	}
	if t := o.ResampleThreshold; !(t >= 0 && t <= 1) {
		return nil, fmt.Errorf("smc: resample threshold %v, must be in [0, 1]", t)
	}
	if o.ResampleThreshold == 0 {
		r.o.ResampleThreshold = 0.5
	}
	if o.Resampling < Systematic || o.Resampling > Multinomial {
		return nil, fmt.Errorf("smc: unknown SMC resampling scheme %d", int(o.Resampling))
	}
	if o.Moves < 0 {
		return nil, fmt.Errorf("smc: moves %d is negative", o.Moves)
	}
	if o.Moves == 0 {
		r.o.Moves = 10
	}
	if s := o.MoveScale; s < 0 || math.IsNaN(s) || math.IsInf(s, 0) {
		return nil, fmt.Errorf("smc: move scale %v, must be finite and positive", s)
	}
	if err := r.initTuning(); err != nil {
		return nil, err
	}
	p := o.Parallel
	if p <= 0 {
		p = runtime.GOMAXPROCS(0)
	}
	p = min(p, r.n)
	r.workers = make([]*smcWorker, p)
	for i := range r.workers {
		r.workers[i] = r.newWorker()
	}
	return r, nil
}

// smcStream returns the random stream of item i (a particle, or smcResampleItem)
// at a stage: a splitmix64 hash of (stage, i) as the PCG's second seed.
func smcStream(seed uint64, stage int, i uint64) *rand.Rand {
	z := uint64(stage)<<33 ^ i + 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	return rand.New(rand.NewPCG(seed, z))
}

const smcResampleItem uint64 = 1<<33 - 1 // beyond every particle index

// init draws the particles from the prior.
func (r *smcRun) init() error {
	r.x = make([]float64, r.n*r.d)
	r.xNew = make([]float64, r.n*r.d)
	r.logW = make([]float64, r.n)
	r.inc = make([]float64, r.n)
	w := r.workers[0]
	for i := 0; i < r.n; i++ {
		xi := r.x[i*r.d : (i+1)*r.d]
		r.prior.Sample(smcStream(r.o.Seed, 0, uint64(i)), xi)
		for j, v := range xi {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("smc: prior draw %d element %d is %v", i, j, v)
			}
		}
		if lp := density.LogProb(w.prior, w.grad, xi); math.IsNaN(lp) || math.IsInf(lp, 0) {
			return fmt.Errorf("smc: log prior at prior draw %d is %v", i, lp)
		}
		r.logW[i] = -math.Log(float64(r.n))
	}
	return nil
}

func (r *smcRun) done() bool {
	if r.temp != nil {
		return r.beta >= 1
	}
	return r.nData >= r.data.N
}

// stage runs one reweight, resample, move stage.
func (r *smcRun) stage(ctx context.Context, stage int) error {
	st := Stage{Beta: 1}
	// The incremental log weights.
	if r.temp != nil {
		err := r.parallel(stage, func(w *smcWorker, i int) {
			r.inc[i] = smcNaNToInf(density.LogProb(w.like, w.grad, r.x[i*r.d:(i+1)*r.d]))
		})
		if err != nil {
			return err
		}
		var next float64
		if len(r.temp.Betas) > 0 {
			next = r.temp.Betas[stage-1]
		} else {
			next = r.nextBeta()
		}
		for i, l := range r.inc {
			r.inc[i] = smcTerm(0, l, next-r.beta)
		}
		r.beta = next
		st.Beta = next
	} else {
		lo := r.nData
		hi := min(r.data.N, lo+r.batch())
		err := r.parallel(stage, func(w *smcWorker, i int) {
			xi := r.x[i*r.d : (i+1)*r.d]
			var s float64
			for k := lo; k < hi; k++ {
				s += r.data.LogLik(w.grad, xi, k)
			}
			r.inc[i] = smcNaNToInf(s)
		})
		if err != nil {
			return err
		}
		r.nData = hi
		st.NData = hi
	}
	// Reweight.
	st.LogIncrement = smcLogSumExpSum(r.logW, r.inc, 1)
	if math.IsInf(st.LogIncrement, -1) || math.IsNaN(st.LogIncrement) {
		return fmt.Errorf("smc: stage %d: every particle has zero likelihood", stage)
	}
	if math.IsInf(st.LogIncrement, 1) {
		return fmt.Errorf("smc: stage %d: infinite likelihood", stage)
	}
	r.logZ += st.LogIncrement
	wts := make([]float64, r.n)
	for i := range r.logW {
		r.logW[i] += r.inc[i] - st.LogIncrement
		wts[i] = math.Exp(r.logW[i])
	}
	st.ESS = smcESS(wts)
	// Resample.
	if st.ESS < r.o.ResampleThreshold*float64(r.n) {
		idx := Resample(nil, smcStream(r.o.Seed, stage, smcResampleItem), wts, r.o.Resampling)
		for i, a := range idx {
			copy(r.xNew[i*r.d:(i+1)*r.d], r.x[a*r.d:(a+1)*r.d])
		}
		r.x, r.xNew = r.xNew, r.x
		for i := range r.logW {
			r.logW[i] = -math.Log(float64(r.n))
			wts[i] = 1 / float64(r.n)
		}
		st.Resampled = true
	}
	// Move.
	if err := r.move(ctx, stage, wts, &st); err != nil {
		return err
	}
	r.stages = append(r.stages, st)
	r.tune(stage, &st)
	return nil
}

func (r *smcRun) batch() int {
	if r.data.BatchSize > 0 {
		return r.data.BatchSize
	}
	return (r.data.N + 19) / 20
}

// nextBeta returns the next tempering exponent: 1 if the criterion allows
// it, else the root of criterion(β) = TargetESS by bisection.
func (r *smcRun) nextBeta() float64 {
	target := r.temp.TargetESS
	if target == 0 {
		target = 0.5
	}
	crit := func(delta float64) float64 {
		a := smcLogSumExpSum(r.logW, r.inc, delta)   // log Σ W w
		b := smcLogSumExpSum(r.logW, r.inc, 2*delta) // log Σ W w²
		if r.temp.PlainESS {
			// ESS/N of W·w: (Σ W w)² / (N Σ W² w²).
			c := smcLogSumExpSum2(r.logW, r.inc, delta)
			return math.Exp(2*a-c) / float64(r.n)
		}
		return math.Exp(2*a - b)
	}
	hi := 1 - r.beta
	if crit(hi) >= target {
		return 1
	}
	// Particles with zero likelihood lose their weight at any β step: the
	// criterion then stays below its limit c0 as the step goes to 0, and
	// the step aims at target·c0 instead.
	if c0 := crit(1e-12 * hi); c0 < target {
		target *= c0
	}
	lo := 0.0
	for range 100 {
		mid := 0.5 * (lo + hi)
		if crit(mid) >= target {
			lo = mid
		} else {
			hi = mid
		}
		if hi-lo <= 1e-12*hi {
			break
		}
	}
	if lo == 0 {
		lo = hi // the smallest step the bisection resolved
	}
	return r.beta + lo
}

// move applies the MCMC moves to every particle with positive weight: one
// round of r.moves moves, or with Decorrelate rounds until the particles
// have decorrelated from their positions at the stage's start.
func (r *smcRun) move(ctx context.Context, stage int, wts []float64, st *Stage) error {
	k, err := r.moveKernel(wts)
	if err != nil {
		return fmt.Errorf("smc: stage %d: %w", stage, err)
	}
	if err := r.partialTargets(); err != nil {
		return fmt.Errorf("smc: stage %d: %w", stage, err)
	}
	moves := r.moves
	if r.o.Kernel == nil {
		st.StepSize = r.scale
	}
	acc := make([]float64, r.n)
	div := make([]int, r.n)
	errs := make([]error, r.n)
	rngs := make([]*rand.Rand, r.n)
	lp0 := make([]float64, r.n) // log density at the stage's start
	lp := make([]float64, r.n)  // and after the moves so far
	var x0 []float64
	if r.o.Decorrelate > 0 {
		x0 = append([]float64(nil), r.x...)
	}
	maxMoves := r.decorrelateCap()
	accPrev := make([]float64, r.n)
	for round := 0; ; round++ {
		perr := r.parallel(stage, func(w *smcWorker, i int) {
			if wts[i] == 0 || ctx.Err() != nil || errs[i] != nil {
				return
			}
			xi := r.x[i*r.d : (i+1)*r.d]
			w.tgt.beta, w.tgt.nData = r.beta, r.nData
			s, err := k.Init(&w.tgt, xi)
			if err != nil {
				errs[i] = err
				return
			}
			if round == 0 {
				rngs[i] = smcStream(r.o.Seed, stage, uint64(i))
				lp0[i] = s.LogDensity
			}
			for range moves {
				info := k.Step(rngs[i], s)
				acc[i] += info.AcceptStat
				if info.Divergent {
					div[i]++
				}
			}
			copy(xi, s.Position)
			lp[i] = s.LogDensity
		})
		if perr != nil {
			return perr
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		for i, e := range errs {
			if e != nil {
				return fmt.Errorf("smc: stage %d particle %d: %w", stage, i, e)
			}
		}
		st.Moves += moves
		if r.o.Decorrelate == 0 {
			break
		}
		// The round's acceptance, for tuning between rounds and after the
		// stage.
		var a float64
		var moved int
		for i := range acc {
			if wts[i] > 0 {
				a += acc[i] - accPrev[i]
				moved++
			}
		}
		copy(accPrev, acc)
		if moved > 0 && moves > 0 {
			r.roundAccept = a / float64(moved*moves)
		}
		st.Correlation = smcDecorrelation(x0, r.x, lp0, lp, wts, r.n, r.d)
		if st.Correlation < r.o.Decorrelate || st.Moves+moves > maxMoves {
			break
		}
		// Between rounds the built-in move is retuned from the round's
		// acceptance and reshaped by the particles' current spread.
		if r.o.Kernel == nil && !r.o.FixedStepSize {
			r.retune(r.roundAccept)
			if k, err = r.moveKernel(wts); err != nil {
				return fmt.Errorf("smc: stage %d: %w", stage, err)
			}
			st.StepSize = r.scale
		}
	}
	var moved int
	for i := range errs {
		if wts[i] > 0 {
			moved++
			st.Acceptance += acc[i]
			st.Divergences += div[i]
		}
	}
	if moved > 0 && st.Moves > 0 {
		st.Acceptance /= float64(moved * st.Moves)
	}
	return nil
}

// decorrelateCap is the most moves a stage takes with Decorrelate:
// MaxMoves, or 20 rounds of Moves.
func (r *smcRun) decorrelateCap() int {
	if r.o.MaxMoves > 0 {
		return r.o.MaxMoves
	}
	return 20 * r.moves
}

// smcDecorrelation returns how much the particles x (row-major n×d) still
// remember their positions x0 at the stage's start: the larger of the mean
// over coordinates of the weighted correlation between x0 and x, and the
// same correlation of their log densities lp0 and lp. Coordinates (or log
// densities) with no spread at either end are skipped.
func smcDecorrelation(x0, x, lp0, lp, w []float64, n, d int) float64 {
	corr := func(a, b func(i int) float64) (float64, bool) {
		var sw, ma, mb float64
		for i := 0; i < n; i++ {
			if w[i] > 0 {
				sw += w[i]
				ma += w[i] * a(i)
				mb += w[i] * b(i)
			}
		}
		ma, mb = ma/sw, mb/sw
		var saa, sbb, sab float64
		for i := 0; i < n; i++ {
			if w[i] > 0 {
				da, db := a(i)-ma, b(i)-mb
				saa += w[i] * da * da
				sbb += w[i] * db * db
				sab += w[i] * da * db
			}
		}
		if !(saa > 0 && sbb > 0) || math.IsInf(saa+sbb, 0) {
			return 0, false
		}
		return sab / math.Sqrt(saa*sbb), true
	}
	var sum float64
	var m int
	for j := 0; j < d; j++ {
		c, ok := corr(func(i int) float64 { return x0[i*d+j] }, func(i int) float64 { return x[i*d+j] })
		if ok {
			sum += c
			m++
		}
	}
	rho := 0.0
	if m > 0 {
		rho = sum / float64(m)
	}
	if c, ok := corr(func(i int) float64 { return lp0[i] }, func(i int) float64 { return lp[i] }); ok && c > rho {
		rho = c
	}
	return rho
}

// parallel calls f(w, i) for every particle i over the workers. A panic in
// f (the user's densities) stops every worker and is returned as a
// *panics.Error naming the stage and the particle.
func (r *smcRun) parallel(stage int, f func(w *smcWorker, i int)) error {
	var next atomic.Int64
	var stop atomic.Bool
	errs := make([]error, len(r.workers))
	work := func(k int) {
		i := -1
		defer func() {
			if v := recover(); v != nil {
				stop.Store(true)
				errs[k] = panics.New(fmt.Sprintf("smc: stage %d particle %d", stage, i), v)
			}
		}()
		for !stop.Load() {
			if i = int(next.Add(1) - 1); i >= r.n {
				return
			}
			f(r.workers[k], i)
		}
	}
	if len(r.workers) == 1 {
		work(0)
		return errs[0]
	}
	var wg sync.WaitGroup
	for k := range r.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(k)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (r *smcRun) result() *Result {
	res := &Result{
		Particles:   make([][]float64, r.n),
		Weights:     make([]float64, r.n),
		LogEvidence: r.logZ,
		Stages:      append([]Stage(nil), r.stages...),
		Names:       density.Names(r.prior.Target),
		Warnings:    append([]string(nil), r.warnings...),
	}
	var s float64
	for i := range res.Weights {
		res.Particles[i] = append([]float64(nil), r.x[i*r.d:(i+1)*r.d]...)
		res.Weights[i] = math.Exp(r.logW[i])
		s += res.Weights[i]
	}
	for i := range res.Weights {
		res.Weights[i] /= s
	}
	return res
}

// smcWorker is one goroutine's targets and scratch.
type smcWorker struct {
	prior, like density.Target // clones where the targets implement density.Cloner
	grad        []float64
	tgt         smcTarget
}

func (r *smcRun) newWorker() *smcWorker {
	w := &smcWorker{prior: smcClone(r.prior.Target), grad: make([]float64, r.d)}
	if r.temp != nil {
		w.like = smcClone(r.temp.LogLik)
	}
	w.tgt = smcTarget{prior: w.prior, like: w.like, data: r.data, g: make([]float64, r.d)}
	return w
}

func smcClone(t density.Target) density.Target {
	if c, ok := t.(density.Cloner); ok {
		return c.Clone()
	}
	return t
}

// smcTarget is a stage's target: log prior + β·log L, or log prior plus the
// log-likelihood of the first nData data.
type smcTarget struct {
	prior, like density.Target
	data        *DataAnnealing
	part        density.Target // DataAnnealing.Partial's target of the stage
	beta        float64
	nData       int
	g           []float64 // scratch gradient
}

var _ density.Target = (*smcTarget)(nil)

func (t *smcTarget) Dim() int { return t.prior.Dim() }

func (t *smcTarget) LogProb(grad, x []float64) float64 {
	lp := density.LogProb(t.prior, grad, x)
	if math.IsNaN(lp) || math.IsInf(lp, -1) {
		return lp
	}
	if t.part != nil {
		return t.part.LogProb(grad, x)
	}
	if t.data == nil {
		if t.beta == 0 {
			return lp
		}
		l := density.LogProb(t.like, t.g, x)
		for i, v := range t.g {
			grad[i] += t.beta * v
		}
		return lp + t.beta*l
	}
	for k := 0; k < t.nData; k++ {
		lp += t.data.LogLik(t.g, x, k)
		for i, v := range t.g {
			grad[i] += v
		}
	}
	return lp
}

// smcNaNToInf maps NaN and +Inf (the rule on density.Target) to -Inf: a particle
// outside the support.
func smcNaNToInf(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 1) {
		return math.Inf(-1)
	}
	return v
}

// smcLogSumExpSum returns log Σ_i exp(a_i + c·b_i), with c·b_i taken as 0
// when c is 0.
func smcLogSumExpSum(a, b []float64, c float64) float64 {
	m := math.Inf(-1)
	for i := range a {
		if v := smcTerm(a[i], b[i], c); v > m {
			m = v
		}
	}
	if math.IsInf(m, 0) {
		return m
	}
	var s float64
	for i := range a {
		s += math.Exp(smcTerm(a[i], b[i], c) - m)
	}
	return m + math.Log(s)
}

// smcLogSumExpSum2 returns log Σ_i exp(2(a_i + c·b_i)).
func smcLogSumExpSum2(a, b []float64, c float64) float64 {
	m := math.Inf(-1)
	for i := range a {
		if v := 2 * smcTerm(a[i], b[i], c); v > m {
			m = v
		}
	}
	if math.IsInf(m, 0) {
		return m
	}
	var s float64
	for i := range a {
		s += math.Exp(2*smcTerm(a[i], b[i], c) - m)
	}
	return m + math.Log(s)
}

func smcTerm(a, b, c float64) float64 {
	if c == 0 || math.IsInf(a, -1) {
		return a
	}
	return a + c*b
}

// smcESS returns (Σ w)² / Σ w².
func smcESS(w []float64) float64 {
	var s, s2 float64
	for _, v := range w {
		s += v
		s2 += v * v
	}
	return s * s / s2
}

// smcCov returns the weighted covariance of the points x with normalised
// weights w.
func smcCov(x [][]float64, w []float64) *mat.SymDense {
	d := len(x[0])
	flat := make([]float64, len(x)*d)
	for i, xi := range x {
		copy(flat[i*d:], xi)
	}
	return smcCovFlat(flat, w, len(x), d)
}

// smcMeanFlat returns the weighted mean of the particles x (row-major
// n×d) and the sum of the weights.
func smcMeanFlat(x, w []float64, n, d int) (mu []float64, sw float64) {
	mu = make([]float64, d)
	for i := 0; i < n; i++ {
		sw += w[i]
		for j := 0; j < d; j++ {
			mu[j] += w[i] * x[i*d+j]
		}
	}
	for j := range mu {
		mu[j] /= sw
	}
	return mu, sw
}

func smcCovFlat(x, w []float64, n, d int) *mat.SymDense {
	mu, sw := smcMeanFlat(x, w, n, d)
	c := mat.NewSymDense(d, nil)
	for i := 0; i < n; i++ {
		if w[i] == 0 {
			continue
		}
		for a := 0; a < d; a++ {
			da := x[i*d+a] - mu[a]
			for b := a; b < d; b++ {
				c.SetSym(a, b, c.At(a, b)+w[i]/sw*da*(x[i*d+b]-mu[b]))
			}
		}
	}
	return c
}
