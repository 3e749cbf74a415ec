package cmdstan_test

import (
	"context"
	"fmt"
	"os"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/interop/cmdstan"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// A run streamed to CmdStan CSV files, one per chain, and read back.
func Example() {
	dir, err := os.MkdirTemp("", "cmdstan")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	target := density.FuncTarget{N: 2, Names: []string{"mu[1]", "mu[2]"}, F: func(g, x []float64) float64 {
		g[0], g[1] = -x[0], -x[1]
		return -0.5 * (x[0]*x[0] + x[1]*x[1])
	}}
	w := cmdstan.NewWriter(dir, "normal")
	if _, err := samplers.Sample(context.Background(), target, samplers.Options{Seed: 1, Draws: 500, Recorder: w}); err != nil {
		fmt.Println(err)
		return
	}
	tr, err := cmdstan.Read(w.Paths()...)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(w.Paths()), "files;", tr.NumChains(), "chains of", tr.NumDraws(), "draws of", tr.ParamNames())
	fmt.Println("adapted metric:", tr.Adapted[0].Metric)
	// Output:
	// 4 files; 4 chains of 500 draws of [mu[1] mu[2]]
	// adapted metric: diag_e
}
