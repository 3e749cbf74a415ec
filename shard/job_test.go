package shard

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bayesnn-go/bayesnn/samplers"
)

func TestIndex(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, tc := range []struct {
		flag int
		env  func(string) string
		want int
		err  string
	}{
		{2, env(EnvKubernetes, "5"), 2, ""},
		{-1, env(EnvKubernetes, "5", EnvSlurm, "7"), 5, ""},
		{-1, env(EnvSlurm, "7"), 7, ""},
		{-1, env(EnvSlurm, "7", EnvSlurmMin, "1"), 6, ""},
		{-1, env(EnvSlurm, "0", EnvSlurmMin, "1"), 0, "below"},
		{-1, env(EnvKubernetes, "x"), 0, EnvKubernetes},
		{-1, env(EnvKubernetes, "-2"), 0, EnvKubernetes},
		{-1, env(), 0, "no shard index"},
		{-3, env(), 0, "flag"},
	} {
		got, err := indexFrom(tc.flag, tc.env)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("flag %d: %v, %v; want an error about %s", tc.flag, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("flag %d: %v, %v; want %d", tc.flag, got, err, tc.want)
		}
	}
}

func TestRange(t *testing.T) {
	j := Job{Chains: 10, Shards: 4, Dir: "x"}
	var got [][2]int
	for i := range 4 {
		a, b, err := j.Range(i)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, [2]int{a, b})
		for c := a; c < b; c++ {
			if s := j.ShardOf(c); s != i {
				t.Errorf("ShardOf(%d) = %d, want %d", c, s, i)
			}
		}
	}
	if want := [][2]int{{0, 2}, {2, 5}, {5, 7}, {7, 10}}; !reflect.DeepEqual(got, want) {
		t.Errorf("ranges %v, want %v", got, want)
	}
	for _, bad := range []Job{{Chains: 0, Shards: 1, Dir: "x"}, {Chains: 2, Shards: 3, Dir: "x"}, {Chains: 2, Shards: 1}} {
		if _, _, err := bad.Range(0); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	if _, _, err := j.Range(4); err == nil {
		t.Error("shard 4 of 4: no error")
	}
}

func TestRunRefusesOptions(t *testing.T) {
	dir := t.TempDir()
	for name, o := range map[string]samplers.Options{
		"checkpoint":     {Checkpoint: filepath.Join(dir, "ck")},
		"recorder":       {Recorder: nopRecorder{}},
		"first chain":    {FirstChain: 2},
		"chains":         {Chains: 3},
		"initial points": {InitialPoints: [][]float64{{0, 0, 0}, {0, 0, 0}}},
	} {
		j := Job{Chains: 4, Shards: 2, Dir: dir, Options: o}
		if _, err := j.Run(context.Background(), normal3, 0); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

type nopRecorder struct{ samplers.Recorder }

// TestMergeFilesErrors checks duplicated chains, chains out of range and
// files of different runs.
func TestMergeFilesErrors(t *testing.T) {
	dir := t.TempDir()
	j := Job{Chains: 4, Shards: 2, Dir: dir, Options: samplers.Options{Warmup: 20, Draws: 10, Seed: 1}}
	var paths []string
	for i := range 2 {
		p, err := j.Run(context.Background(), normal3, i)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p...)
	}
	if _, err := MergeFiles(4, 2, paths...); err != nil {
		t.Fatal(err)
	}
	// A copy of chain 2's file elsewhere: duplicated.
	other := filepath.Join(t.TempDir(), "copy.csv")
	data, _ := os.ReadFile(paths[1])
	os.WriteFile(other, data, 0o644)
	_, err := MergeFiles(4, 0, append(paths, other)...)
	var me *MergeError
	if !errors.As(err, &me) || len(me.Duplicated[1]) != 2 || me.Missing != nil {
		t.Errorf("duplicated chain: %v", err)
	}
	// Fewer chains than the files hold: chain 4 is out of range.
	if _, err := MergeFiles(3, 0, paths...); !errors.As(err, &me) || len(me.Duplicated[3]) != 1 {
		t.Errorf("chain out of range: %v", err)
	}
	// A file of another run (another seed).
	j2 := j
	j2.Dir, j2.Options.Seed = t.TempDir(), 2
	p2, err := j2.Run(context.Background(), normal3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := MergeFiles(4, 0, append(paths[:2:2], p2...)...); err == nil || !strings.Contains(err.Error(), "seed") {
		t.Errorf("files of two runs: %v", err)
	}
}

// TestRunCancelledLeavesNoFile checks that a shard stopped part-way (here
// cancelled) publishes none of its files and leaves nothing aside, and that
// it does not touch the files of a previous complete run of the shard.
func TestRunCancelledLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	j := Job{Chains: 4, Shards: 2, Dir: dir, Options: samplers.Options{Warmup: 20, Draws: 10, Seed: 1}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := j.Run(ctx, normal3, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Fatalf("cancelled run left %v", left)
	}
	paths, err := j.Run(context.Background(), normal3, 1)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(paths[0])
	ctx, cancel = context.WithCancel(context.Background())
	j.Options.Callback = func(d samplers.Draw) {
		if d.Iteration == 5 {
			cancel()
		}
	}
	if _, err := j.Run(ctx, normal3, 1); err == nil {
		t.Fatal("run cancelled part-way: no error")
	}
	after, _ := os.ReadFile(paths[0])
	if !bytes.Equal(before, after) {
		t.Error("a cancelled re-run changed the shard's previous file")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("cancelled re-run left %v", left)
	}
}
