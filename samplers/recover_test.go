package samplers

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/panics"
)

// panicky is a standard normal in 2-D whose clones are numbered in order
// of cloning (Sample clones chain 0's first); the clone numbered bad
// panics at its after-th evaluation.
type panicky struct {
	clones   *atomic.Int32
	id       int
	bad      int
	after    int
	calls    int
	panicked *atomic.Bool
}

func (p *panicky) Dim() int { return 2 }

func (p *panicky) LogProb(grad, x []float64) float64 {
	if p.calls++; p.id == p.bad && p.calls >= p.after {
		p.panicked.Store(true)
		var nilMap map[string]int
		nilMap["user bug"]++
	}
	grad[0], grad[1] = -x[0], -x[1]
	return -0.5 * (x[0]*x[0] + x[1]*x[1])
}

func (p *panicky) Clone() density.Target {
	q := *p
	q.id, q.calls = int(p.clones.Add(1))-1, 0
	return &q
}

func newPanicky(bad, after int) *panicky {
	return &panicky{clones: new(atomic.Int32), bad: bad, after: after, panicked: new(atomic.Bool)}
}

// checkPanicError checks that err is a *panics.Error naming the chain with
// the stack of the panic, and that the message is an error, not a crash.
func checkPanicError(t *testing.T, err error, chain, stackFunc string) {
	t.Helper()
	var pe *panics.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %v, want a *panics.Error", err)
	}
	if !strings.Contains(pe.Where, chain) {
		t.Errorf("panic at %q, want it to name %q", pe.Where, chain)
	}
	if !strings.Contains(string(pe.Stack), stackFunc) {
		t.Errorf("the stack does not show %s:\n%s", stackFunc, pe.Stack)
	}
	if !strings.Contains(err.Error(), chain+": panic:") {
		t.Errorf("message does not name the chain and the panic: %.200s", err)
	}
}

func TestPanicInLogDensityIsAnError(t *testing.T) {
	// Six runs: none may crash, none may return a nil error.
	for run := range 6 {
		tg := newPanicky(2, 400+50*run)
		tr, err := Sample(context.Background(), tg, Options{Chains: 4, Warmup: 200, Draws: 2000, Seed: uint64(run)})
		checkPanicError(t, err, "chain 2", "(*panicky).LogProb")
		if !tg.panicked.Load() {
			t.Fatal("the target did not panic")
		}
		if tr == nil {
			t.Fatal("nil trace")
		}
		// The other chains were cancelled: far fewer than 2000 draws each.
		if tr.NumDraws() >= 2000 {
			t.Errorf("run %d: %d draws: the other chains were not cancelled", run, tr.NumDraws())
		}
	}
}

func TestPanicAtInitialPointIsAnError(t *testing.T) {
	tg := newPanicky(1, 1)
	_, err := Sample(context.Background(), tg, Options{Chains: 3, Warmup: 10, Draws: 10, Seed: 1})
	checkPanicError(t, err, "chain 1", "(*panicky).LogProb")
}

func TestPanicInCallbackIsAnError(t *testing.T) {
	for _, par := range []int{0, 1} {
		tr, err := Sample(context.Background(), corrNormal(0.5), Options{Chains: 3, Parallel: par, Warmup: 50, Draws: 1000, Seed: 4,
			Callback: func(d Draw) {
				if d.Chain == 1 && d.Iteration == 120 {
					panic("callback bug")
				}
			}})
		checkPanicError(t, err, "chain 1", "TestPanicInCallbackIsAnError")
		if tr.NumDraws() >= 1000 {
			t.Errorf("Parallel %d: %d draws: the other chains were not cancelled", par, tr.NumDraws())
		}
	}
}

func TestPanicInCompiledRerecordIsAnError(t *testing.T) {
	// A log density whose recording panics (an index out of range) away
	// from the start, compiled to record afresh at every point.
	f := func(tp *autodiff.Tape, x *autodiff.Var) *autodiff.Var {
		if x.Value[0] > 1.5 {
			_ = x.Value[int(x.Value[0])+5]
		}
		return autodiff.Scale(autodiff.Sum(autodiff.Square(x)), -0.5)
	}
	c, err := autodiff.Compile(f, []float64{0, 0}, &autodiff.CompileOptions{Rerecord: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Sample(context.Background(), c.Target(), Options{Chains: 2, Warmup: 100, Draws: 500, Seed: 5,
		InitialPoints: [][]float64{{0, 0}}})
	var pe *panics.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %v, want a *panics.Error", err)
	}
	if !strings.Contains(string(pe.Stack), "TestPanicInCompiledRerecordIsAnError") {
		t.Errorf("the stack does not show the user's function:\n%s", pe.Stack)
	}
}

func TestCancelWithParallelBelowChains(t *testing.T) {
	// One chain at a time: the chains take turns, so a run cancelled after
	// 1,301 iterations keeps about 1,301/4 draws from every chain.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n atomic.Int32
	tr, err := Sample(ctx, corrNormal(0.5), Options{Chains: 4, Parallel: 1, Warmup: -1, StepSize: 0.5, Draws: 1000, Seed: 2,
		Callback: func(d Draw) {
			if n.Add(1) == 1301 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if got := tr.NumDraws(); got < 1301/4-1 || got > 1301/4+1 {
		t.Fatalf("%d draws per chain after 1301 iterations of 4 chains taking turns, want %d ± 1", got, 1301/4)
	}
}

func TestSampleCompiledAfterFailedRerecord(t *testing.T) {
	// Records a scalar for x0 ≤ 1 and a vector beyond: c is left at a point
	// where it does not record.
	f := func(tp *autodiff.Tape, x *autodiff.Var) *autodiff.Var {
		if tp.Branch(x, 0, func(v float64) bool { return v > 1 }) {
			return x
		}
		return autodiff.Scale(autodiff.Sum(autodiff.Square(x)), -0.5)
	}
	c, err := autodiff.Compile(f, []float64{0, 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v := c.LogProb(make([]float64, 2), []float64{2, 0}); !math.IsNaN(v) {
		t.Fatalf("at (2, 0): %v, want NaN", v)
	}
	tr, err := Sample(context.Background(), c.Target(), Options{Chains: 2, Warmup: 100, Draws: 100, Seed: 1,
		InitialPoints: [][]float64{{0, 0}}})
	if err != nil {
		t.Fatalf("sampling a compiled function left at a failed point: %v", err)
	}
	for i := 0; i < len(tr.Samples); i += 2 {
		if tr.Samples[i] > 1 {
			t.Fatalf("draw %v where the function does not record", tr.Samples[i])
		}
	}

	// A function that records only once: every clone fails, Sample says so.
	calls := 0
	once := func(tp *autodiff.Tape, x *autodiff.Var) *autodiff.Var {
		if calls++; calls > 1 {
			return x
		}
		return autodiff.Sum(autodiff.Square(x))
	}
	c, err = autodiff.Compile(once, []float64{0, 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Sample(context.Background(), c.Clone().Target(), Options{Chains: 2, Warmup: 10, Draws: 10, Seed: 1,
		InitialPoints: [][]float64{{0, 0}}})
	if err == nil || !strings.Contains(err.Error(), "not a scalar") {
		t.Fatalf("error %v, want the recording error", err)
	}
}

type panickingWriter struct{}

func (panickingWriter) Write([]byte) (int, error) { panic("writer bug") }

func TestPanicInProgressWriterIsAnError(t *testing.T) {
	tr, err := Sample(context.Background(), corrNormal(0.5), Options{Chains: 2, Warmup: 20, Draws: 50, Seed: 1,
		Progress: panickingWriter{}})
	var pe *panics.Error
	if !errors.As(err, &pe) || !strings.Contains(pe.Where, "progress writer") {
		t.Fatalf("error %v, want a *panics.Error from the progress writer", err)
	}
	if tr == nil || tr.NumDraws() != 50 {
		t.Errorf("the draws are lost")
	}
}
