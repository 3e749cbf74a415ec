package arviz_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/interop/arviz"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// A run written as InferenceData; in Python, arviz.from_zarr(path) or
// xarray.open_zarr(path, group="posterior") opens it.
func ExampleWriteZarr() {
	dir, err := os.MkdirTemp("", "arviz")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	target := density.FuncTarget{N: 2, Names: []string{"beta[1]", "beta[2]"}, F: func(g, x []float64) float64 {
		g[0], g[1] = -x[0], -x[1]
		return -0.5 * (x[0]*x[0] + x[1]*x[1])
	}}
	tr, err := samplers.Sample(context.Background(), target, samplers.Options{Seed: 1, KeepWarmup: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	d := arviz.Data{Posterior: tr}
	if err := arviz.WriteZarr(filepath.Join(dir, "run.zarr"), d); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Groups())
	meta, err := os.ReadFile(filepath.Join(dir, "run.zarr", "posterior", "beta", ".zattrs"))
	fmt.Println(string(meta), err)
	// Output:
	// [posterior sample_stats warmup_posterior warmup_sample_stats]
	// {
	//     "_ARRAY_DIMENSIONS": [
	//         "chain",
	//         "draw",
	//         "beta_dim_0"
	//     ]
	// } <nil>
}
