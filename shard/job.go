package shard

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/interop/cmdstan"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// Job is a run of Chains chains cut into Shards shards of contiguous
// chains, each run by its own process, possibly on its own machine.
type Job struct {
	// Chains is the number of chains of the whole run.
	Chains int
	// Shards is the number of shards (Kubernetes completions, Slurm array
	// size); shard sizes differ by at most one chain.
	Shards int
	// Dir is the directory of the per-chain files, shared by the shards.
	Dir string
	// Model names the files, Dir/Model_K.csv (default "model").
	Model string
	// Options are the sampler options of the whole run. Run sets Chains,
	// FirstChain and Recorder; InitialPoints and Adapted hold one entry for
	// every chain or one per chain of the whole run. Checkpoint, Resume
	// and CSV must be empty.
	Options samplers.Options
}

func (j Job) model() string {
	if j.Model == "" {
		return "model"
	}
	return j.Model
}

func (j Job) check() error {
	if j.Chains <= 0 {
		return fmt.Errorf("shard: %d chains, must be positive", j.Chains)
	}
	if j.Shards <= 0 || j.Shards > j.Chains {
		return fmt.Errorf("shard: %d shards for %d chains, want 1 … %d", j.Shards, j.Chains, j.Chains)
	}
	if j.Dir == "" {
		return errors.New("shard: no output directory (Job.Dir)")
	}
	return nil
}

// Range returns the global chains [first, end) of shard i.
func (j Job) Range(i int) (first, end int, err error) {
	if err := j.check(); err != nil {
		return 0, 0, err
	}
	if i < 0 || i >= j.Shards {
		return 0, 0, fmt.Errorf("shard: shard index %d, the job has shards 0 … %d", i, j.Shards-1)
	}
	return i * j.Chains / j.Shards, (i + 1) * j.Chains / j.Shards, nil
}

// ShardOf returns the shard that runs global chain c.
func (j Job) ShardOf(c int) int {
	for i := range j.Shards {
		if _, end, _ := j.Range(i); c < end {
			return i
		}
	}
	return j.Shards - 1
}

// Path returns the file of global chain c (0-based): Dir/Model_{c+1}.csv.
func (j Job) Path(c int) string {
	return filepath.Join(j.Dir, fmt.Sprintf("%s_%d.csv", j.model(), c+1))
}

// Run samples shard i's chains of t and writes their files, returning
// their paths. The draws are those the chains have in one run of all
// j.Chains chains with j.Options. The files are written in a temporary
// directory inside Dir and each is renamed into place when its chain is
// done, so a file is whole or absent; a re-run shard overwrites its files.
// When sampling fails (a cancelled ctx included) no file of the shard is
// renamed into place.
func (j Job) Run(ctx context.Context, t density.Target, i int) ([]string, error) {
	first, end, err := j.Range(i)
	if err != nil {
		return nil, err
	}
	o := j.Options
	if o.Checkpoint != "" || o.Resume != nil || o.CSV != nil || o.Recorder != nil {
		return nil, errors.New("shard: Options.Checkpoint, Resume, CSV and Recorder must be empty (Run writes one CmdStan CSV file per chain)")
	}
	if o.FirstChain != 0 || (o.Chains != 0 && o.Chains != j.Chains) {
		return nil, fmt.Errorf("shard: Options.Chains %d and FirstChain %d: leave them to Run (the job has %d chains)", o.Chains, o.FirstChain, j.Chains)
	}
	if o.InitialPoints, err = perChain("initial points", o.InitialPoints, j.Chains, first, end); err != nil {
		return nil, err
	}
	if o.Adapted, err = perChain("adaptations", o.Adapted, j.Chains, first, end); err != nil {
		return nil, err
	}
	o.Chains, o.FirstChain = end-first, first
	if err := os.MkdirAll(j.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("shard: %w", err)
	}
	// Leftovers of a killed run of this shard.
	prefix := fmt.Sprintf(".%s-shard%d-", j.model(), i)
	if old, err := filepath.Glob(filepath.Join(j.Dir, prefix+"*")); err == nil {
		for _, p := range old {
			os.RemoveAll(p)
		}
	}
	tmp, err := os.MkdirTemp(j.Dir, prefix)
	if err != nil {
		return nil, fmt.Errorf("shard: %w", err)
	}
	defer os.RemoveAll(tmp)
	w := cmdstan.NewWriter(tmp, j.model())
	o.Recorder = w
	if _, err := samplers.Sample(ctx, t, o); err != nil {
		return nil, fmt.Errorf("shard %d (chains %d … %d): %w", i, first, end-1, err)
	}
	local := w.Paths()
	if len(local) != end-first {
		return nil, fmt.Errorf("shard: internal error: %d files for %d chains", len(local), end-first)
	}
	paths := make([]string, len(local))
	for c, p := range local {
		paths[c] = j.Path(first + c)
		if err := publish(p, paths[c], first+c+1); err != nil {
			return nil, err
		}
	}
	return paths, nil
}

// perChain returns the entries of chains [first, end) of v, which holds
// none, one for all chains or one per chain of the job.
func perChain[T any](what string, v []T, chains, first, end int) ([]T, error) {
	switch len(v) {
	case 0, 1:
		return v, nil
	case chains:
		return v[first:end], nil
	}
	return nil, fmt.Errorf("shard: %d %s for a job of %d chains, want 1 or %d", len(v), what, chains, chains)
}

// publish copies the chain file src, whose header has the global chain id
// (cmdstan's Writer numbers chains from FirstChain+1), to dst through a
// temporary file in dst's directory, replacing the header's output file by
// dst, syncs it and renames it into place.
func publish(src, dst string, id int) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("shard: %w", err)
	}
	if idLine := []byte("# id = " + strconv.Itoa(id) + "\n"); !bytes.Contains(data, idLine) {
		return fmt.Errorf("shard: %s has no line %q", src, idLine)
	}
	data = bytes.Replace(data, []byte("file = "+src+"\n"), []byte("file = "+dst+"\n"), 1)
	f, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-")
	if err != nil {
		return fmt.Errorf("shard: %w", err)
	}
	bw := bufio.NewWriter(f)
	_, err = bw.Write(data)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), dst)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("shard: writing %s: %w", dst, err)
	}
	return nil
}
