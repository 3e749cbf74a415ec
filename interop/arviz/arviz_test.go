package arviz

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// python returns a python3 that imports xarray and zarr, or "".
func python() string {
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import xarray, zarr").Run() == nil {
			return p
		}
	}
	return ""
}

// run samples y_i ~ N(mu, 1), mu ~ N(0, 1) beside a 2-vector theta and a
// 2×2 matrix L of standard normals, and returns the trace with the
// pointwise log-likelihood, replicated data and data of y.
func run(t *testing.T, keepWarmup bool) Data {
	y := []float64{0.3, -0.4, 1.2, 0.8, 0.1}
	names := []string{"mu", "theta[1]", "theta[2]", "L[1,1]", "L[2,1]", "L[1,2]", "L[2,2]"}
	target := density.FuncTarget{N: len(names), Names: names, F: func(g, x []float64) float64 {
		lp := 0.0
		for i, v := range x {
			g[i] = -v
			lp -= 0.5 * v * v
		}
		for _, yi := range y {
			g[0] += yi - x[0]
			lp -= 0.5 * (yi - x[0]) * (yi - x[0])
		}
		return lp
	}}
	tr, err := samplers.Sample(context.Background(), target, samplers.Options{
		Chains: 3, Warmup: 100, Draws: 80, Seed: 4, KeepWarmup: keepWarmup})
	if err != nil {
		t.Fatal(err)
	}
	mu, _ := tr.ParamByName("mu")
	rng := rand.New(rand.NewPCG(1, 2))
	ll := make([][][]float64, tr.Chains)
	rep := make([][][]float64, tr.Chains)
	for c := range ll {
		for _, m := range mu[c] {
			l, r := make([]float64, len(y)), make([]float64, len(y))
			for i, yi := range y {
				l[i] = -0.5*(yi-m)*(yi-m) - 0.5*math.Log(2*math.Pi)
				r[i] = m + rng.NormFloat64()
			}
			ll[c], rep[c] = append(ll[c], l), append(rep[c], r)
		}
	}
	return Data{Posterior: tr, LogLikelihood: map[string][][][]float64{"y": ll},
		PosteriorPredictive: map[string][][][]float64{"y": rep}, ObservedData: map[string][]float64{"y": y}}
}

type expVar struct {
	Dims   []string `json:"dims"`
	Shape  []int    `json:"shape"`
	Dtype  string   `json:"dtype"`
	Values []any    `json:"values"`
}

type expGroup struct {
	Coords map[string][]int   `json:"coords"`
	Vars   map[string]*expVar `json:"vars"`
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// expected derives, from the trace alone, what ArviZ should find.
func expected(d Data) map[string]*expGroup {
	tr := d.Posterior
	out := map[string]*expGroup{}
	n := tr.NumDraws()
	for _, warm := range []bool{false, true} {
		prefix, from, draws := "", tr.Warmup, n
		if warm {
			if tr.Warmup == 0 {
				continue
			}
			prefix, from, draws = "warmup_", 0, tr.Warmup
		}
		post := &expGroup{Coords: map[string][]int{"chain": seq(tr.Chains), "draw": seq(draws)}, Vars: map[string]*expVar{}}
		param := func(name string, c, d int) float64 {
			for j, nm := range tr.Names {
				if nm == name {
					return tr.Samples[(c*tr.Draws+from+d)*tr.Dim+j]
				}
			}
			panic(name)
		}
		add := func(v string, shape []int, elem func(c, d, i int) any, dims ...string) *expVar {
			e := &expVar{Dims: append([]string{"chain", "draw"}, dims...), Shape: append([]int{tr.Chains, draws}, shape...), Dtype: "float64"}
			k := 1
			for _, s := range shape {
				k *= s
			}
			for c := 0; c < tr.Chains; c++ {
				for d := 0; d < draws; d++ {
					for i := 0; i < k; i++ {
						e.Values = append(e.Values, elem(c, d, i))
					}
				}
			}
			return e
		}
		post.Vars["mu"] = add("mu", nil, func(c, d, i int) any { return param("mu", c, d) })
		post.Vars["theta"] = add("theta", []int{2}, func(c, d, i int) any { return param(fmt.Sprintf("theta[%d]", i+1), c, d) }, "theta_dim_0")
		post.Vars["L"] = add("L", []int{2, 2}, func(c, d, i int) any { return param(fmt.Sprintf("L[%d,%d]", i/2+1, i%2+1), c, d) }, "L_dim_0", "L_dim_1")
		post.Coords["theta_dim_0"], post.Coords["L_dim_0"], post.Coords["L_dim_1"] = seq(2), seq(2), seq(2)
		out[prefix+"posterior"] = post

		stats := &expGroup{Coords: map[string][]int{"chain": seq(tr.Chains), "draw": seq(draws)}, Vars: map[string]*expVar{}}
		st := func(c, d int) samplers.DrawStats { return tr.Stats[c*tr.Draws+from+d] }
		stats.Vars["lp"] = add("lp", nil, func(c, d, _ int) any { return st(c, d).LogDensity })
		stats.Vars["acceptance_rate"] = add("", nil, func(c, d, _ int) any { return st(c, d).AcceptStat })
		stats.Vars["step_size"] = add("", nil, func(c, d, _ int) any { return st(c, d).StepSize })
		stats.Vars["energy"] = add("", nil, func(c, d, _ int) any { return st(c, d).Energy })
		stats.Vars["tree_depth"] = add("", nil, func(c, d, _ int) any { return st(c, d).TreeDepth })
		stats.Vars["n_steps"] = add("", nil, func(c, d, _ int) any { return st(c, d).NLeapfrog })
		stats.Vars["diverging"] = add("", nil, func(c, d, _ int) any { return st(c, d).Divergent })
		stats.Vars["tree_depth"].Dtype, stats.Vars["n_steps"].Dtype, stats.Vars["diverging"].Dtype = "int64", "int64", "bool"
		out[prefix+"sample_stats"] = stats
	}
	for name, m := range map[string]map[string][][][]float64{"log_likelihood": d.LogLikelihood, "posterior_predictive": d.PosteriorPredictive} {
		g := &expGroup{Coords: map[string][]int{"chain": seq(tr.Chains), "draw": seq(n), "y_dim_0": seq(5)}, Vars: map[string]*expVar{}}
		e := &expVar{Dims: []string{"chain", "draw", "y_dim_0"}, Shape: []int{tr.Chains, n, 5}, Dtype: "float64"}
		for _, ch := range m["y"] {
			for _, row := range ch {
				for _, v := range row {
					e.Values = append(e.Values, v)
				}
			}
		}
		g.Vars["y"] = e
		out[name] = g
	}
	obs := &expVar{Dims: []string{"y_dim_0"}, Shape: []int{5}, Dtype: "float64"}
	for _, v := range d.ObservedData["y"] {
		obs.Values = append(obs.Values, v)
	}
	out["observed_data"] = &expGroup{Coords: map[string][]int{"y_dim_0": seq(5)}, Vars: map[string]*expVar{"y": obs}}
	return out
}

// TestXarrayReads has Debian's python3-xarray and python3-zarr open our
// InferenceData and find every group, variable, dimension and coordinate
// with the Trace's values. Without them the test is skipped, except in CI.
func TestXarrayReads(t *testing.T) {
	py := python()
	if py == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 with xarray and zarr is missing: scripts/install-deps.sh installs python3-xarray and python3-zarr")
		}
		t.Skip("no python3 with xarray and zarr (Debian: apt-get install python3-xarray python3-zarr)")
	}
	for _, warm := range []bool{false, true} {
		t.Run(fmt.Sprintf("warmup=%v", warm), func(t *testing.T) {
			d := run(t, warm)
			dir := t.TempDir()
			store := filepath.Join(dir, "idata.zarr")
			if err := WriteZarr(store, d); err != nil {
				t.Fatal(err)
			}
			exp, err := json.Marshal(map[string]any{"groups": expected(d)})
			if err != nil {
				t.Fatal(err)
			}
			expPath := filepath.Join(dir, "expected.json")
			if err := os.WriteFile(expPath, exp, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(py, "testdata/check_inferencedata.py", store, expPath).CombinedOutput()
			t.Logf("%s check_inferencedata.py:\n%s", py, out)
			if err != nil {
				t.Fatalf("xarray check failed: %v", err)
			}
			if want := len(d.Groups()); strings.Count(string(out), "ok: ") != want+1 {
				t.Errorf("%d ok lines, want %d", strings.Count(string(out), "ok: "), want+1)
			}
		})
	}
}

// TestWriteZarrErrors checks that bad input is a clear error.
func TestWriteZarrErrors(t *testing.T) {
	d := run(t, false)
	dir := t.TempDir()
	if err := WriteZarr(dir, d); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("existing directory: error %v", err)
	}
	bad := d
	bad.LogLikelihood = map[string][][][]float64{"y": d.LogLikelihood["y"][:2]}
	if err := WriteZarr(filepath.Join(dir, "a"), bad); err == nil || !strings.Contains(err.Error(), "2 chains") {
		t.Errorf("log-likelihood of 2 chains: error %v", err)
	}
	bad = d
	bad.ObservedData = map[string][]float64{"y": {1, 2}}
	if err := WriteZarr(filepath.Join(dir, "b"), bad); err == nil || !strings.Contains(err.Error(), "observed data 2") {
		t.Errorf("observed data of 2 values: error %v", err)
	}
	bad = Data{Posterior: &samplers.Trace{Names: []string{"a[1]", "a[3]"}, Chains: 1, Draws: 1, Dim: 2, Samples: []float64{1, 2}, Stats: make([]samplers.DrawStats, 1)}}
	if err := WriteZarr(filepath.Join(dir, "c"), bad); err == nil || !strings.Contains(err.Error(), "no element [2]") {
		t.Errorf("names with a gap: error %v", err)
	}
	if err := WriteZarr(filepath.Join(dir, "d"), Data{}); err == nil {
		t.Error("no trace: no error")
	}
}
