package samplers

import (
	"bufio"
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"time"

	"github.com/bayesnn-go/bayesnn/density"
)

// A checkpoint file holds the whole state of a run of Sample, so that
// Options.Resume continues it exactly where it stopped. Its format, version 1:
//
//   - the 21 bytes "bayesnn checkpoint 1\n", then
//   - one value of type Checkpoint encoded with encoding/gob.
//
// The file is replaced atomically (written beside it, then renamed), so a
// process killed at any moment leaves the previous complete checkpoint.
// Each checkpoint rewrites the draws saved so far, so its cost grows with
// the run: by default a chain checkpoints every 10 seconds of its wall time,
// which bounds the cost whatever the speed of the target; with
// Options.CheckpointEvery it checkpoints every so many iterations. The built-in kernels
// draw a fresh momentum at each transition, so no momentum is stored; a
// custom kernel (any Options.Kernel but a built-in NUTS, HMC or RWM)
// cannot be checkpointed.
const checkpointMagic = "bayesnn checkpoint 1\n"

// CheckpointVersion is the version of the checkpoint format written.
const CheckpointVersion = 1

// Checkpoint is the state of a run: its settings and, for every chain, where
// it is. Resuming from it gives the draws of the uninterrupted run bit for
// bit: each chain restarts at its position with its random stream, its
// kernel's step size and metric and, in warm-up, the adaptation's state.
type Checkpoint struct {
	// Version is the format version (CheckpointVersion).
	Version int
	// Names are the parameter names and Dim their number.
	Names []string
	Dim   int
	// Settings are the options of the run, defaults applied.
	Settings CheckpointSettings
	// Chains holds each chain's state; a chain with Iteration 0 has not
	// reached its first checkpoint and starts afresh.
	Chains []ChainState
}

// CheckpointSettings are the options of a checkpointed run that determine
// its draws; a resumed run must have the same.
type CheckpointSettings struct {
	Chains, Warmup, Draws, Thin int
	FirstChain                  int
	Seed                        uint64
	Metric                      MetricKind
	KeepWarmup                  bool
	TargetAccept, StepSize      float64
	StepSizeJitter              float64
	WarmupOptions               WarmupOptions
	Adapted                     []Adaptation
	// KernelSettings describes Options.Kernel: its type and settings, its
	// integrator by Go type ("<nil>": leapfrog). (A checkpoint written
	// before Options.Kernel held the kernel has none, and resuming it
	// reports the mismatch.)
	KernelSettings string
}

// ChainState is one chain's state after Iteration iterations.
type ChainState struct {
	// Iteration is the number of iterations done, warm-up included.
	Iteration int
	// RNG is the chain's PCG generator (math/rand/v2 PCG.MarshalBinary).
	RNG []byte
	// Position is the current point; log p and its gradient are
	// recomputed from it.
	Position []float64
	// Kernel is the step size and inverse metric of the next transition
	// (before any step-size jitter).
	Kernel Adaptation
	// Warmup is the adaptation's state while warm-up is not over, else nil.
	Warmup *WarmupState
	// Rows is the number of saved draws, Samples their positions
	// (Rows × Dim) and Stats their statistics.
	Rows    int
	Samples []float64
	Stats   []DrawStats
}

// WarmupState is the state of Warmup: the iterations seen, the current
// metric window, dual averaging's state (Stan's mu, counter, s_bar, x_bar
// and x) and the running (co)variance of the current window (nil before the
// first window).
type WarmupState struct {
	Counter, Window              int
	Mu, Count, SBar, XBar, X     float64
	EstimatorN                   float64
	EstimatorMean, EstimatorM2   []float64
	EstimatorDense, HasEstimator bool
}

// ReadCheckpoint reads a checkpoint file written by Sample.
func ReadCheckpoint(path string) (*Checkpoint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("samplers: reading checkpoint: %w", err)
	}
	defer f.Close()
	return DecodeCheckpoint(bufio.NewReader(f))
}

// DecodeCheckpoint reads a checkpoint in the format of ReadCheckpoint.
func DecodeCheckpoint(r io.Reader) (*Checkpoint, error) {
	magic := make([]byte, len(checkpointMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != checkpointMagic {
		return nil, errors.New("samplers: not a checkpoint file (it does not begin with \"bayesnn checkpoint 1\")")
	}
	var cp Checkpoint
	if err := gob.NewDecoder(r).Decode(&cp); err != nil {
		return nil, fmt.Errorf("samplers: decoding checkpoint: %w", err)
	}
	if err := cp.check(); err != nil {
		return nil, err
	}
	return &cp, nil
}

// check validates the sizes inside a decoded checkpoint.
func (cp *Checkpoint) check() error {
	if cp.Version != CheckpointVersion {
		return fmt.Errorf("samplers: checkpoint version %d, this library reads %d", cp.Version, CheckpointVersion)
	}
	if cp.Dim <= 0 || len(cp.Names) != cp.Dim {
		return fmt.Errorf("samplers: checkpoint has dimension %d and %d names", cp.Dim, len(cp.Names))
	}
	if len(cp.Chains) != cp.Settings.Chains {
		return fmt.Errorf("samplers: checkpoint has %d chain states for %d chains", len(cp.Chains), cp.Settings.Chains)
	}
	for c, s := range cp.Chains {
		if s.Iteration == 0 {
			continue
		}
		if len(s.Position) != cp.Dim || s.Rows < 0 || len(s.Samples) != s.Rows*cp.Dim || len(s.Stats) != s.Rows {
			return fmt.Errorf("samplers: checkpoint chain %d: %d-element position, %d rows, %d values, %d statistics for dimension %d",
				c, len(s.Position), s.Rows, len(s.Samples), len(s.Stats), cp.Dim)
		}
	}
	return nil
}

// Encode writes cp in the checkpoint format.
func (cp *Checkpoint) Encode(w io.Writer) error {
	if _, err := io.WriteString(w, checkpointMagic); err != nil {
		return err
	}
	return gob.NewEncoder(w).Encode(cp)
}

// settings returns the options that determine the draws.
func (r *resolved) settings() CheckpointSettings {
	return CheckpointSettings{
		Chains: r.Chains, FirstChain: r.FirstChain, Warmup: r.Warmup, Draws: r.Draws, Thin: r.Thin, Seed: r.Seed,
		Metric: r.Metric, KeepWarmup: r.KeepWarmup, TargetAccept: r.TargetAccept,
		StepSize: r.StepSize, StepSizeJitter: r.StepSizeJitter, WarmupOptions: r.WarmupOptions,
		Adapted: r.Adapted, KernelSettings: kernelSettings(r.Kernel),
	}
}

// checkCheckpointing validates Options.Checkpoint and Options.Resume.
func (r *resolved) checkCheckpointing(names []string) error {
	if r.Checkpoint == "" && r.Resume == nil {
		return nil
	}
	if !r.builtin {
		return fmt.Errorf("samplers: checkpoints need a built-in kernel (NUTS, HMC or RWM without a Hamiltonian hook), not %T", r.Kernel)
	}
	if r.CheckpointEvery < 0 {
		return fmt.Errorf("samplers: checkpoint every %d iterations, must be positive", r.CheckpointEvery)
	}
	cp := r.Resume
	if cp == nil {
		return nil
	}
	if err := cp.check(); err != nil {
		return err
	}
	if cp.Dim != r.dim || !reflect.DeepEqual(cp.Names, names) {
		return fmt.Errorf("samplers: resuming a checkpoint of parameters %v with a target of parameters %v", cp.Names, names)
	}
	want, got := reflect.ValueOf(cp.Settings), reflect.ValueOf(r.settings())
	for i := 0; i < want.NumField(); i++ {
		a, b := fmt.Sprintf("%v", want.Field(i).Interface()), fmt.Sprintf("%v", got.Field(i).Interface())
		if a != b {
			return fmt.Errorf("samplers: resuming a checkpoint with %s %s; the checkpointed run had %s",
				want.Type().Field(i).Name, b, a)
		}
	}
	return nil
}

// resumes reports whether chain c continues from r.Resume.
func (r *resolved) resumes(c int) bool {
	return r.Resume != nil && r.Resume.Chains[c].Iteration > 0
}

// restoreState rebuilds chain c's generator and state from r.Resume.
func (r *resolved) restoreState(c int, pcg *rand.PCG, k Kernel, t density.Target) (*State, error) {
	cs := &r.Resume.Chains[c]
	if err := pcg.UnmarshalBinary(cs.RNG); err != nil {
		return nil, fmt.Errorf("samplers: checkpoint chain %d: random stream: %w", c, err)
	}
	s, err := k.Init(t, cs.Position)
	if err != nil {
		return nil, fmt.Errorf("samplers: checkpoint chain %d: %w", c, err)
	}
	return s, nil
}

// resumeChain restores chain c's kernel, warm-up and saved draws from
// r.Resume and returns the kernel, the warm-up (nil when over) and the
// iteration to continue from.
func (r *resolved) resumeChain(c int, s *State, res *chainResult) (Kernel, *Warmup, int, error) {
	cs := &r.Resume.Chains[c]
	if cs.Rows > r.rows {
		return nil, nil, 0, fmt.Errorf("samplers: checkpoint chain %d has %d draws, the run saves %d", c, cs.Rows, r.rows)
	}
	copy(res.samples, cs.Samples)
	copy(res.stats, cs.Stats)
	res.rows = cs.Rows
	rr := *r
	rr.Adapted = []Adaptation{cs.Kernel}
	k, err := rr.baseKernel(c)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("samplers: checkpoint chain %d: %w", c, err)
	}
	if cs.Warmup == nil {
		return withJitter(k, r.StepSizeJitter), nil, cs.Iteration, nil
	}
	a, ok := k.(Adaptable)
	if !ok {
		return nil, nil, 0, fmt.Errorf("samplers: checkpoint chain %d: warm-up state for a kernel that does not adapt", c)
	}
	wopts := r.WarmupOptions
	wopts.Metric, wopts.TargetAccept = r.Metric, r.TargetAccept
	wu := NewWarmup(a, r.Warmup, wopts)
	ws := cs.Warmup
	wu.counter, wu.window = ws.Counter, ws.Window
	wu.da.mu, wu.da.counter, wu.da.sBar, wu.da.xBar, wu.da.x = ws.Mu, ws.Count, ws.SBar, ws.XBar, ws.X
	if ws.HasEstimator {
		e := newCovEstimator(len(ws.EstimatorMean), ws.EstimatorDense)
		if len(ws.EstimatorM2) != len(e.m2) {
			return nil, nil, 0, fmt.Errorf("samplers: checkpoint chain %d: covariance estimate of %d values for dimension %d", c, len(ws.EstimatorM2), len(e.mean))
		}
		e.n = ws.EstimatorN
		copy(e.mean, ws.EstimatorMean)
		copy(e.m2, ws.EstimatorM2)
		wu.est = e
	}
	return a, wu, cs.Iteration, nil
}

// replay passes chain c's restored draws to the recorder, with the end of
// warm-up when the checkpoint is past it.
func (r *resolved) replay(c int, res *chainResult, wu *Warmup, k Kernel) {
	if r.Recorder == nil {
		return
	}
	adapted := r.Warmup > 0 && wu == nil && r.Resume.Chains[c].Iteration > r.Warmup
	for i := 0; i <= res.rows; i++ {
		if i == r.wrow && adapted {
			r.Recorder.Adapted(c, adaptationOf(k))
		}
		if i < res.rows {
			r.Recorder.Draw(c, i < r.wrow, res.samples[i*r.dim:(i+1)*r.dim], &res.stats[i])
		}
	}
}

// checkpointer writes the checkpoint file; safe for concurrent use.
type checkpointer struct {
	mu    sync.Mutex
	path  string
	every int         // iterations between a chain's checkpoints; 0: by time
	last  []time.Time // each chain's last checkpoint, when by time
	cp    Checkpoint
	buf   bytes.Buffer
	err   error
}

// checkpointInterval is the wall time between a chain's checkpoints when
// Options.CheckpointEvery is zero.
const checkpointInterval = 10 * time.Second

// newCheckpointer returns nil when the run is not checkpointed.
func newCheckpointer(r *resolved, names []string) *checkpointer {
	if r.Checkpoint == "" {
		return nil
	}
	ck := &checkpointer{path: r.Checkpoint, every: r.CheckpointEvery}
	if ck.every == 0 {
		ck.last = make([]time.Time, r.Chains)
		for c := range ck.last {
			ck.last[c] = time.Now()
		}
	}
	ck.cp = Checkpoint{Version: CheckpointVersion, Names: names, Dim: r.dim, Settings: r.settings(),
		Chains: make([]ChainState, r.Chains)}
	if r.Resume != nil {
		copy(ck.cp.Chains, r.Resume.Chains)
	}
	return ck
}

// due reports whether chain c, having done n iterations, checkpoints now.
// Only chain c touches ck.last[c].
func (ck *checkpointer) due(c, n int) bool {
	if ck.every > 0 {
		return n%ck.every == 0
	}
	if now := time.Now(); now.Sub(ck.last[c]) >= checkpointInterval {
		ck.last[c] = now
		return true
	}
	return false
}

// save records chain c's state after done iterations and rewrites the file.
// The saved draws are shared, not copied: a chain only appends to them.
func (ck *checkpointer) save(c, done int, pcg *rand.PCG, k Kernel, s *State, wu *Warmup, res *chainResult, r *resolved) {
	rng, err := pcg.MarshalBinary()
	if err != nil {
		ck.fail(err)
		return
	}
	cs := ChainState{
		Iteration: done, RNG: rng, Position: append([]float64(nil), s.Position...),
		Rows: res.rows, Samples: res.samples[:res.rows*r.dim], Stats: res.stats[:res.rows],
	}
	if wu != nil && done <= r.Warmup {
		cs.Kernel = adaptationOf(wu.kernel)
		cs.Warmup = &WarmupState{Counter: wu.counter, Window: wu.window,
			Mu: wu.da.mu, Count: wu.da.counter, SBar: wu.da.sBar, XBar: wu.da.xBar, X: wu.da.x}
		if e := wu.est; e != nil {
			cs.Warmup.HasEstimator, cs.Warmup.EstimatorDense, cs.Warmup.EstimatorN = true, e.dense, e.n
			cs.Warmup.EstimatorMean = append([]float64(nil), e.mean...)
			cs.Warmup.EstimatorM2 = append([]float64(nil), e.m2...)
		}
	} else {
		cs.Kernel = adaptationOf(k)
	}
	ck.mu.Lock()
	defer ck.mu.Unlock()
	ck.cp.Chains[c] = cs
	if ck.err != nil {
		return
	}
	ck.buf.Reset()
	if err := ck.cp.Encode(&ck.buf); err != nil {
		ck.err = fmt.Errorf("samplers: encoding checkpoint: %w", err)
		return
	}
	if err := writeAtomic(ck.path, ck.buf.Bytes()); err != nil {
		ck.err = fmt.Errorf("samplers: writing checkpoint: %w", err)
	}
}

func (ck *checkpointer) fail(err error) {
	ck.mu.Lock()
	defer ck.mu.Unlock()
	if ck.err == nil {
		ck.err = fmt.Errorf("samplers: checkpoint: %w", err)
	}
}

// writeAtomic replaces path by data: a reader, or a process killed at any
// moment, sees the old file or the new one, never a mix.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// Trace returns the draws the checkpoint holds, every chain cut to the
// shortest one, as Sample returns them when cancelled: a look at a stopped
// run without resuming it. Adapted holds each chain's current step size and
// metric.
func (cp *Checkpoint) Trace() *Trace {
	s := cp.Settings
	tr := &Trace{Names: append([]string(nil), cp.Names...), Chains: len(cp.Chains), Dim: cp.Dim}
	if len(cp.Chains) > 0 {
		tr.Draws = cp.Chains[0].Rows
	}
	for _, c := range cp.Chains {
		tr.Draws = min(tr.Draws, c.Rows)
	}
	if s.KeepWarmup && s.Thin > 0 {
		tr.Warmup = min((s.Warmup+s.Thin-1)/s.Thin, tr.Draws)
	}
	for _, c := range cp.Chains {
		tr.Samples = append(tr.Samples, c.Samples[:tr.Draws*cp.Dim]...)
		tr.Stats = append(tr.Stats, c.Stats[:tr.Draws]...)
		tr.Adapted = append(tr.Adapted, c.Kernel)
	}
	return tr
}

// startOf returns the iteration chain c starts at: its checkpoint's when
// resumed, else 0.
func (r *resolved) startOf(c int) int {
	if r.resumes(c) {
		return r.Resume.Chains[c].Iteration
	}
	return 0
}

// starts returns every chain's first iteration, nil when none resumes.
func (r *resolved) starts() []int {
	if r.Resume == nil {
		return nil
	}
	s := make([]int, r.Chains)
	for c := range s {
		s[c] = r.startOf(c)
	}
	return s
}

// kernelSettings describes a built-in kernel's settings that determine the
// draws (its step size and metric are the chains' state).
func kernelSettings(k Kernel) string {
	switch k := k.(type) {
	case NUTS:
		return fmt.Sprintf("NUTS{MaxTreeDepth: %d, MaxDeltaH: %v, Integrator: %T}", k.MaxTreeDepth, k.MaxDeltaH, k.Integrator)
	case HMC:
		return fmt.Sprintf("HMC{Steps: %d, JitterSteps: %v, MaxDeltaH: %v, Integrator: %T}", k.Steps, k.JitterSteps, k.MaxDeltaH, k.Integrator)
	}
	return fmt.Sprintf("%T", k)
}
