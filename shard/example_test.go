package shard_test

import (
	"context"
	"fmt"
	"os"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/samplers"
	"github.com/bayesnn-go/bayesnn/shard"
)

// A user's binary runs its shard, found from a flag or from the scheduler's
// environment (here shard 0 and then 1 of 2, as two pods would), and any
// process merges the files when all shards are done.
func Example() {
	dir, _ := os.MkdirTemp("", "shards")
	defer os.RemoveAll(dir)
	target := density.FuncTarget{N: 1, Names: []string{"mu"}, F: func(grad, x []float64) float64 {
		grad[0] = -x[0]
		return -0.5 * x[0] * x[0]
	}}
	job := shard.Job{Chains: 8, Shards: 2, Dir: dir, Model: "normal",
		Options: samplers.Options{Warmup: 200, Draws: 200, Seed: 1}}
	for _, flag := range []int{0, 1} { // each in its own process
		i, err := shard.Index(flag) // -1: JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID
		if err != nil {
			fmt.Println(err)
			return
		}
		paths, err := job.Run(context.Background(), target, i)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("shard %d wrote %d files\n", i, len(paths))
	}
	m, err := job.Merge(4) // 4 superchains of 2 chains for nested R-hat
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d chains × %d draws; R-hat < 1.01: %v\n", m.Trace.Chains, m.Trace.Draws, m.Summary.Params[0].RHat < 1.01)
	// Output:
	// shard 0 wrote 4 files
	// shard 1 wrote 4 files
	// 8 chains × 200 draws; R-hat < 1.01: true
}
