// Command shardrun is the template of a sharded sampling binary: each
// process runs one shard of a many-chain run and writes its chains' CmdStan
// CSV files into a shared directory; `shardrun -merge` assembles them,
// prints the diagnostics and names missing chains. deploy/ runs it as a
// Kubernetes Indexed Job or a Slurm job array; replace the target with
// your model.
//
//	shardrun -shard 3 -dir out            # shard 3 (or from JOB_COMPLETION_INDEX / SLURM_ARRAY_TASK_ID)
//	shardrun -merge -dir out              # all shards done: one Trace, diagnostics
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/samplers"
	"github.com/bayesnn-go/bayesnn/shard"
)

// target is the model: a 10-dimensional normal with scales 1 … 10.
func target() density.Target {
	const n = 10
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("theta[%d]", i+1)
	}
	return density.FuncTarget{N: n, Names: names, F: func(grad, x []float64) float64 {
		lp := 0.0
		for i, v := range x {
			s := float64(i + 1)
			grad[i] = -v / (s * s)
			lp -= 0.5 * v * v / (s * s)
		}
		return lp
	}}
}

func main() {
	index := flag.Int("shard", -1, "shard index (default: JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID)")
	shards := flag.Int("shards", 8, "number of shards")
	chains := flag.Int("chains", 64, "number of chains of the whole run")
	superchains := flag.Int("superchains", 8, "superchains for nested R-hat (merge)")
	warmup := flag.Int("warmup", 200, "warm-up iterations per chain")
	draws := flag.Int("draws", 100, "draws per chain")
	seed := flag.Uint64("seed", 1, "seed of the whole run")
	dir := flag.String("dir", "out", "directory of the per-chain files, shared by the shards")
	merge := flag.Bool("merge", false, "merge the shards' files instead of running a shard")
	flag.Parse()

	job := shard.Job{Chains: *chains, Shards: *shards, Dir: *dir, Model: "shardrun",
		Options: samplers.Options{Warmup: *warmup, Draws: *draws, Seed: *seed}}
	if *merge {
		m, err := job.Merge(*superchains)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Print(m.Summary)
		for j, name := range m.Trace.Names {
			fmt.Printf("nested R-hat %s: %.4f\n", name, m.NestedRHat[j])
		}
		return
	}
	i, err := shard.Index(*index)
	if err != nil {
		log.Fatal(err)
	}
	// Kubernetes stops a pod with SIGTERM: stop sampling, leave no file.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	paths, err := job.Run(ctx, target(), i)
	if err != nil {
		log.Fatal(err)
	}
	first, end, _ := job.Range(i)
	fmt.Printf("shard %d of %d: chains %d … %d in %d files under %s\n", i, *shards, first, end-1, len(paths), *dir)
}
