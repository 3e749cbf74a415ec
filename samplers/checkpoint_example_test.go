package samplers_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// A run stopped midway continues from its checkpoint to the draws of the
// uninterrupted run.
func ExampleReadCheckpoint() {
	dir, err := os.MkdirTemp("", "ckpt")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	target := density.FuncTarget{N: 1, F: func(g, x []float64) float64 { g[0] = -x[0]; return -0.5 * x[0] * x[0] }}
	opts := samplers.Options{Seed: 7, Chains: 2, Checkpoint: filepath.Join(dir, "run.ckpt"), CheckpointEvery: 50}

	ctx, stop := context.WithCancel(context.Background())
	opts.Callback = func(d samplers.Draw) {
		if d.Iteration == 1200 {
			stop() // as if the machine went down
		}
	}
	samplers.Sample(ctx, target, opts)

	cp, err := samplers.ReadCheckpoint(opts.Checkpoint)
	if err != nil {
		fmt.Println(err)
		return
	}
	opts.Callback, opts.Resume = nil, cp
	resumed, err := samplers.Sample(context.Background(), target, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	opts.Checkpoint, opts.Resume = "", nil
	straight, _ := samplers.Sample(context.Background(), target, opts)
	same := true
	for i := range straight.Samples {
		same = same && resumed.Samples[i] == straight.Samples[i]
	}
	fmt.Println("draws per chain:", resumed.NumDraws(), "identical to the uninterrupted run:", same)
	// Output:
	// draws per chain: 1000 identical to the uninterrupted run: true
}
