package shard

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// Environment of the shard processes the acceptance test starts.
const (
	envDir   = "BAYESNN_SHARD_TEST_DIR"   // the job's directory
	envStall = "BAYESNN_SHARD_TEST_STALL" // stall mid-run, to be killed
)

// normal3 is a correlated 3-d normal.
var normal3 = density.FuncTarget{N: 3, Names: []string{"a", "b", "c"}, F: func(grad, x []float64) float64 {
	a, b, c := x[0], x[1]-0.5*x[0], x[2]+x[1]
	grad[0] = -a + 0.5*b
	grad[1] = -b - c
	grad[2] = -c
	return -0.5 * (a*a + b*b + c*c)
}}

// testJob is 64 short chains in 8 superchains of 8 (one starting point
// each), run as 8 shards.
func testJob(dir string) Job {
	inits := make([][]float64, 64)
	for c := range inits {
		k := float64(c / 8)
		inits[c] = []float64{k/4 - 1, 1 - k/8, k / 10}
	}
	return Job{Chains: 64, Shards: 8, Dir: dir, Model: "normal3", Options: samplers.Options{
		Warmup: 100, Draws: 40, Seed: 2024, InitialPoints: inits,
	}}
}

// TestShardChild is a shard process of TestShardsKillRerunMerge (it does
// nothing in a plain test run).
func TestShardChild(t *testing.T) {
	dir := os.Getenv(envDir)
	if dir == "" {
		t.Skip("runs as a child of TestShardsKillRerunMerge")
	}
	i, err := Index(-1)
	if err != nil {
		t.Fatal(err)
	}
	job := testJob(dir)
	if os.Getenv(envStall) != "" {
		job.Options.Callback = func(d samplers.Draw) {
			if d.Chain == 0 && d.Iteration == 60 {
				os.WriteFile(filepath.Join(dir, "stalled"), nil, 0o644)
				select {} // until killed
			}
		}
	}
	if _, err := job.Run(context.Background(), normal3, i); err != nil {
		t.Fatal(err)
	}
}

// TestShardsKillRerunMerge runs a 64-chain run as 8 shard processes, each
// with JOB_COMPLETION_INDEX set as Kubernetes sets it, kills one mid-run,
// checks that the merge reports its chains missing, runs it again (and
// re-runs a finished one, as a replaced pod would), merges, and compares
// the draws, statistics, adaptation and diagnostics bit for bit with one
// process running all 64 chains.
func TestShardsKillRerunMerge(t *testing.T) {
	dir := t.TempDir()
	job := testJob(dir)
	start := func(i int, stall bool) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestShardChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), envDir+"="+dir, EnvKubernetes+"="+strconv.Itoa(i))
		if stall {
			cmd.Env = append(cmd.Env, envStall+"=1")
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	run := func(i int) {
		cmd := start(i, false)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("shard %d: %v", i, err)
		}
	}
	const killed = 3
	cmds := make([]*exec.Cmd, job.Shards)
	for i := range cmds {
		cmds[i] = start(i, i == killed)
	}
	for i, cmd := range cmds {
		if i != killed {
			if err := cmd.Wait(); err != nil {
				t.Fatalf("shard %d: %v", i, err)
			}
		}
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, "stalled")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmds[killed].Process.Kill()
			t.Fatal("shard 3 did not reach its stall")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmds[killed].Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmds[killed].Wait()
	// The killed shard left its partial files aside, none in place.
	partial, _ := filepath.Glob(filepath.Join(dir, ".normal3-shard3-*", "*.csv"))
	if len(partial) != 8 {
		t.Errorf("killed shard left %d partial files aside, want 8", len(partial))
	}
	_, err := job.Merge(8)
	var me *MergeError
	if !errors.As(err, &me) {
		t.Fatalf("merge without shard 3: %v, want a *MergeError", err)
	}
	first, end, _ := job.Range(killed)
	var want []int
	for c := first; c < end; c++ {
		want = append(want, c)
	}
	if !reflect.DeepEqual(me.Missing, want) || !reflect.DeepEqual(me.Shards, []int{killed}) || me.Duplicated != nil {
		t.Errorf("merge without shard 3: missing %v, shards %v, duplicated %v; want %v, [3], none (%v)", me.Missing, me.Shards, me.Duplicated, want, err)
	}
	t.Logf("merge without shard 3: %v", err)

	run(killed) // the replacement pod
	run(5)      // a finished shard run again overwrites its files
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	m, err := job.Merge(8)
	if err != nil {
		t.Fatal(err)
	}

	opts := job.Options
	opts.Chains = job.Chains
	single, err := samplers.Sample(context.Background(), normal3, opts)
	if err != nil {
		t.Fatal(err)
	}
	tr := m.Trace
	if tr.Chains != 64 || tr.Draws != single.Draws || tr.Warmup != single.Warmup || !reflect.DeepEqual(tr.Names, single.Names) {
		t.Fatalf("merged: %d chains × %d draws (%d warm-up) of %v, single: %d × %d (%d) of %v",
			tr.Chains, tr.Draws, tr.Warmup, tr.Names, single.Chains, single.Draws, single.Warmup, single.Names)
	}
	for i := range single.Samples {
		if math.Float64bits(tr.Samples[i]) != math.Float64bits(single.Samples[i]) {
			t.Fatalf("draw value %d: merged %v, single run %v", i, tr.Samples[i], single.Samples[i])
		}
	}
	if !reflect.DeepEqual(tr.Stats, single.Stats) {
		t.Error("sampler statistics differ from the single run's")
	}
	if !reflect.DeepEqual(tr.Adapted, single.Adapted) {
		t.Error("adaptation differs from the single run's")
	}
	sum, err := diag.Summarize(single, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := fmt.Sprintf("%#v", m.Summary), fmt.Sprintf("%#v", sum); a != b {
		t.Errorf("diagnostics differ:\nmerged %s\nsingle %s", a, b)
	}
	nr, err := diag.NestedRHats(single, 8)
	if err != nil {
		t.Fatal(err)
	}
	for j := range nr {
		if math.Float64bits(nr[j]) != math.Float64bits(m.NestedRHat[j]) {
			t.Errorf("nested R-hat of %s: merged %v, single %v", tr.Names[j], m.NestedRHat[j], nr[j])
		}
	}
	t.Logf("64 chains from 8 shards: nested R-hat %.4f, R-hat %.4f (a)", m.NestedRHat[0], m.Summary.Params[0].RHat)
}
