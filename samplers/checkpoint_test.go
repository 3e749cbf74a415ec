package samplers

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bayesnn-go/bayesnn/density"
)

// ckTarget is a correlated 3-dimensional Gaussian, so that a dense metric
// differs from a diagonal one.
func ckTarget() density.Target {
	// Precision matrix of a covariance with correlations 0.8 and -0.5.
	p := [3][3]float64{{4.5, -3.5, 1}, {-3.5, 3.9, -0.6}, {1, -0.6, 1.6}}
	return density.FuncTarget{N: 3, Names: []string{"a", "b[1]", "b[2]"}, F: func(g, x []float64) float64 {
		lp := 0.0
		for i := range 3 {
			g[i] = 0
			for j := range 3 {
				g[i] -= p[i][j] * x[j]
			}
			lp += 0.5 * x[i] * g[i]
		}
		return lp
	}}
}

func ckOptions(metric MetricKind) Options {
	return Options{Chains: 3, Warmup: 300, Draws: 250, Seed: 11, Metric: metric, KeepWarmup: true,
		StepSizeJitter: 0.1, CheckpointEvery: 20}
}

// TestCheckpointChild is the sampling process TestCheckpointKillResume
// kills; it runs only when that test starts it.
func TestCheckpointChild(t *testing.T) {
	path := os.Getenv("BAYESNN_CKPT_PATH")
	if path == "" {
		t.Skip("run by TestCheckpointKillResume")
	}
	opts := ckOptions(MetricKind(map[string]int{"diag": int(Diag), "dense": int(Dense)}[os.Getenv("BAYESNN_CKPT_METRIC")]))
	opts.Checkpoint = path
	// Slow enough for the parent to kill it midway.
	opts.Callback = func(Draw) { time.Sleep(2 * time.Millisecond) }
	if os.Getenv("BAYESNN_CKPT_RESUME") != "" {
		cp, err := ReadCheckpoint(path)
		if err != nil {
			t.Fatal(err)
		}
		opts.Resume = cp
	}
	if _, err := Sample(context.Background(), ckTarget(), opts); err != nil {
		t.Fatal(err)
	}
	t.Fatal("the child ran to the end: it should have been killed")
}

// killAt runs the child and SIGKILLs it once every chain's checkpoint has
// passed iteration at; it returns the last checkpoint.
func killAt(t *testing.T, path, metric string, resume bool, at int) *Checkpoint {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCheckpointChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "BAYESNN_CKPT_PATH="+path, "BAYESNN_CKPT_METRIC="+metric)
	if resume {
		cmd.Env = append(cmd.Env, "BAYESNN_CKPT_RESUME=1")
	}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(2 * time.Minute)
	for {
		select {
		case err := <-exited:
			t.Fatalf("the child exited (%v) before reaching iteration %d:\n%s", err, at, out.String())
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("the child did not reach iteration %d in 2 minutes", at)
		case <-time.After(2 * time.Millisecond):
		}
		cp, err := ReadCheckpoint(path)
		if err != nil {
			continue // not written yet
		}
		low := cp.Chains[0].Iteration
		for _, c := range cp.Chains {
			low = min(low, c.Iteration)
		}
		if low >= at {
			break
		}
	}
	if err := cmd.Process.Signal(os.Kill); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("the child was not killed: %v\n%s", err, out.String())
	}
	cp, err := ReadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	return cp
}

// TestCheckpointKillResume kills a sampling process in warm-up, resumes it
// in a second process, kills that in sampling, resumes the rest here, and
// checks every draw, statistic and adaptation bit for bit against an
// uninterrupted run.
func TestCheckpointKillResume(t *testing.T) {
	for _, metric := range []string{"diag", "dense"} {
		t.Run(metric, func(t *testing.T) {
			kind := map[string]MetricKind{"diag": Diag, "dense": Dense}[metric]
			want, err := Sample(context.Background(), ckTarget(), ckOptions(kind))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "run.ckpt")
			o := ckOptions(kind)
			total := o.Warmup + o.Draws

			// At 160 the third metric window (150 to 250) is under way.
			cp := killAt(t, path, metric, false, 160)
			first := cp.Chains[0].Iteration
			for c, s := range cp.Chains {
				if s.Iteration >= o.Warmup || s.Warmup == nil {
					t.Fatalf("first kill: chain %d at iteration %d, want inside warm-up (< %d)", c, s.Iteration, o.Warmup)
				}
			}
			cp = killAt(t, path, metric, true, o.Warmup+40)
			for c, s := range cp.Chains {
				if s.Iteration >= total || s.Warmup != nil {
					t.Fatalf("second kill: chain %d at iteration %d, want inside sampling (< %d)", c, s.Iteration, total)
				}
			}
			t.Logf("chain 0 killed at iterations %d (warm-up) and %d (sampling)", first, cp.Chains[0].Iteration)

			o.Resume, o.Checkpoint = cp, path
			got, err := Sample(context.Background(), ckTarget(), o)
			if err != nil {
				t.Fatal(err)
			}
			sameTrace(t, got, want)
			final, err := ReadCheckpoint(path)
			if err != nil {
				t.Fatal(err)
			}
			for c, s := range final.Chains {
				if s.Iteration != total || s.Rows != want.Draws {
					t.Errorf("final checkpoint chain %d: iteration %d, %d rows; want %d, %d", c, s.Iteration, s.Rows, total, want.Draws)
				}
			}
		})
	}
}

// sameTrace fails unless got and want agree bit for bit.
func sameTrace(t *testing.T, got, want *Trace) {
	t.Helper()
	if got.Chains != want.Chains || got.Draws != want.Draws || got.Warmup != want.Warmup || got.Dim != want.Dim {
		t.Fatalf("shape %d×%d×%d (warm-up %d), want %d×%d×%d (warm-up %d)",
			got.Chains, got.Draws, got.Dim, got.Warmup, want.Chains, want.Draws, want.Dim, want.Warmup)
	}
	for i := range want.Samples {
		if math.Float64bits(got.Samples[i]) != math.Float64bits(want.Samples[i]) {
			t.Fatalf("value %d (chain %d, row %d) = %v, want %v", i, i/(want.Draws*want.Dim), i/want.Dim%want.Draws, got.Samples[i], want.Samples[i])
		}
	}
	for i := range want.Stats {
		g, w := got.Stats[i], want.Stats[i]
		if math.Float64bits(g.LogDensity) != math.Float64bits(w.LogDensity) || math.Float64bits(g.AcceptStat) != math.Float64bits(w.AcceptStat) ||
			math.Float64bits(g.StepSize) != math.Float64bits(w.StepSize) || math.Float64bits(g.Energy) != math.Float64bits(w.Energy) ||
			g.TreeDepth != w.TreeDepth || g.NLeapfrog != w.NLeapfrog || g.Divergent != w.Divergent {
			t.Fatalf("statistics of row %d = %+v, want %+v", i, g, w)
		}
	}
	for c := range want.Adapted {
		g, w := got.Adapted[c], want.Adapted[c]
		if g.StepSize != w.StepSize || g.Metric != w.Metric || len(g.InvMetric) != len(w.InvMetric) {
			t.Fatalf("chain %d adaptation %+v, want %+v", c, g, w)
		}
		for i := range w.InvMetric {
			if g.InvMetric[i] != w.InvMetric[i] {
				t.Fatalf("chain %d inverse metric %v, want %v", c, g.InvMetric, w.InvMetric)
			}
		}
	}
}

// TestCheckpointCancel cancels a run, resumes it from the checkpoint written
// on cancellation and gets the uninterrupted run's draws.
func TestCheckpointCancel(t *testing.T) {
	o := ckOptions(Diag)
	want, err := Sample(context.Background(), ckTarget(), o)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "run.ckpt")
	ctx, cancel := context.WithCancel(context.Background())
	o.Checkpoint, o.CheckpointEvery = path, 1000
	o.Callback = func(d Draw) {
		if d.Chain == 0 && d.Iteration == 333 {
			cancel()
		}
	}
	if _, err := Sample(ctx, ckTarget(), o); err == nil {
		t.Fatal("cancelled run returned no error")
	}
	cp, err := ReadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	if it := cp.Chains[0].Iteration; it != 334 {
		t.Fatalf("chain 0 checkpointed at iteration %d, want 334", it)
	}
	part := cp.Trace()
	low := cp.Chains[0].Rows
	for _, c := range cp.Chains {
		low = min(low, c.Rows)
	}
	if part.Draws != low || part.Warmup != min(300, low) || part.Chains != 3 {
		t.Fatalf("checkpoint trace of %d rows (warm-up %d), want the shortest chain's %d (%d)", part.Draws, part.Warmup, low, min(300, low))
	}
	for i, v := range part.Samples {
		c, r := i/(part.Draws*part.Dim), i%(part.Draws*part.Dim)
		if v != want.Samples[c*want.Draws*want.Dim+r] {
			t.Fatalf("checkpoint trace value %d = %v, want the uninterrupted run's %v", i, v, want.Samples[c*want.Draws*want.Dim+r])
		}
	}
	o.Callback, o.Resume = nil, cp
	got, err := Sample(context.Background(), ckTarget(), o)
	if err != nil {
		t.Fatal(err)
	}
	sameTrace(t, got, want)
}

// TestCheckpointMismatch checks that resuming with other settings or
// another target is an error naming the difference.
func TestCheckpointMismatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.ckpt")
	o := ckOptions(Diag)
	o.Warmup, o.Draws, o.Checkpoint = 50, 50, path
	if _, err := Sample(context.Background(), ckTarget(), o); err != nil {
		t.Fatal(err)
	}
	cp, err := ReadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	o.Resume, o.Seed = cp, 12
	if _, err := Sample(context.Background(), ckTarget(), o); err == nil || !strings.Contains(err.Error(), "Seed 12") {
		t.Errorf("other seed: error %v, want one naming Seed 12", err)
	}
	o.Seed = 11
	other := density.FuncTarget{N: 3, F: ckTarget().LogProb}
	if _, err := Sample(context.Background(), other, o); err == nil || !strings.Contains(err.Error(), "parameters") {
		t.Errorf("other target: error %v, want one naming the parameters", err)
	}
	if err := os.WriteFile(path, []byte("not a checkpoint"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadCheckpoint(path); err == nil || !strings.Contains(err.Error(), "not a checkpoint") {
		t.Errorf("garbage file: error %v", err)
	}
}

// TestCheckpointParallel resumes runs with fewer goroutines than chains,
// cancelled part-way, and gets the uninterrupted run's draws.
func TestCheckpointParallel(t *testing.T) {
	for _, par := range []int{1, 2} {
		o := ckOptions(Dense)
		o.Parallel = par
		want, err := Sample(context.Background(), ckTarget(), o)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		o.Checkpoint = filepath.Join(t.TempDir(), "run.ckpt")
		o.Callback = func(d Draw) {
			if d.Chain == 1 && d.Iteration == 200 {
				cancel()
			}
		}
		if _, err := Sample(ctx, ckTarget(), o); err == nil {
			t.Fatal("cancelled run returned no error")
		}
		cp, err := ReadCheckpoint(o.Checkpoint)
		if err != nil {
			t.Fatal(err)
		}
		var its []int
		for _, c := range cp.Chains {
			its = append(its, c.Iteration)
		}
		o.Callback, o.Resume = nil, cp
		got, err := Sample(context.Background(), ckTarget(), o)
		if err != nil {
			t.Fatalf("parallel %d, resumed from iterations %v: %v", par, its, err)
		}
		t.Logf("parallel %d: resumed from iterations %v", par, its)
		sameTrace(t, got, want)
	}
}
