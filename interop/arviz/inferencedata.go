package arviz

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/bayesnn-go/bayesnn/interop"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// Data is what an InferenceData holds: the run and, when given, the
// pointwise log-likelihood, posterior predictive draws and observed data,
// each by the name of an observed variable (e.g. "y").
type Data struct {
	// Posterior is the run (required). Its post-warm-up draws make the
	// posterior and sample_stats groups; its warm-up draws, when kept,
	// warmup_posterior and warmup_sample_stats.
	Posterior *samplers.Trace
	// LogLikelihood holds, per observed variable, the pointwise
	// log-likelihood of the post-warm-up draws, indexed
	// [chain][draw][observation] (the modelling layer's layout).
	LogLikelihood map[string][][][]float64
	// PosteriorPredictive holds, per observed variable, replicated data
	// for the post-warm-up draws, [chain][draw][observation].
	PosteriorPredictive map[string][][][]float64
	// ObservedData holds the observed variables.
	ObservedData map[string][]float64
	// Created stamps the groups' created_at attribute (default: now).
	Created time.Time
}

// Groups returns the names of the groups WriteZarr writes for d, in
// ArviZ's order.
func (d *Data) Groups() []string {
	g := []string{"posterior"}
	if len(d.PosteriorPredictive) > 0 {
		g = append(g, "posterior_predictive")
	}
	if len(d.LogLikelihood) > 0 {
		g = append(g, "log_likelihood")
	}
	g = append(g, "sample_stats")
	if len(d.ObservedData) > 0 {
		g = append(g, "observed_data")
	}
	if d.Posterior != nil && d.Posterior.Warmup > 0 {
		g = append(g, "warmup_posterior", "warmup_sample_stats")
	}
	return g
}

// WriteZarr writes d as ArviZ's InferenceData in a new zarr (v2) directory
// store dir, readable with arviz.from_zarr(dir) or, group by group, with
// xarray.open_zarr(dir, group="posterior"). Parameters named theta[1],
// theta[2] (or theta[0], theta[1]) become one variable theta with
// dimensions chain, draw, theta_dim_0 and ArviZ's 0-based integer
// coordinates; the sampler statistics take ArviZ's names (lp,
// acceptance_rate, step_size, tree_depth, n_steps, diverging, energy).
func WriteZarr(dir string, d Data) error {
	tr := d.Posterior
	if tr == nil {
		return errors.New("arviz: no posterior trace")
	}
	if len(tr.Samples) != tr.Chains*tr.Draws*tr.Dim || len(tr.Stats) != tr.Chains*tr.Draws || tr.Warmup < 0 || tr.Warmup > tr.Draws {
		return fmt.Errorf("arviz: trace of %d values and %d statistics for %d chains × %d draws × %d parameters (warm-up %d)",
			len(tr.Samples), len(tr.Stats), tr.Chains, tr.Draws, tr.Dim, tr.Warmup)
	}
	vars, err := interop.Vars(tr.Names)
	if err != nil {
		return err
	}
	if err := d.check(); err != nil {
		return err
	}
	z, err := newZarrStore(dir)
	if err != nil {
		return err
	}
	created := d.Created
	if created.IsZero() {
		created = time.Now()
	}
	attrs := map[string]any{
		"created_at":                created.UTC().Format("2006-01-02T15:04:05.000000"),
		"inference_library":         "bayesnn-go",
		"inference_library_version": "0",
	}
	n := tr.Draws - tr.Warmup
	write := func(group string, from, draws int) error {
		g := &groupWriter{z: z, path: group, chains: tr.Chains, draws: draws}
		if err := z.group(group, attrs); err != nil {
			return err
		}
		if err := g.chainDraw(); err != nil {
			return err
		}
		if group == "posterior" || group == "warmup_posterior" {
			return g.params(tr, vars, from)
		}
		return g.stats(tr, from)
	}
	for _, group := range d.Groups() {
		switch group {
		case "posterior", "sample_stats":
			err = write(group, tr.Warmup, n)
		case "warmup_posterior", "warmup_sample_stats":
			err = write(group, 0, tr.Warmup)
		case "log_likelihood", "posterior_predictive":
			m := d.LogLikelihood
			if group == "posterior_predictive" {
				m = d.PosteriorPredictive
			}
			if err = z.group(group, attrs); err != nil {
				break
			}
			g := &groupWriter{z: z, path: group, chains: tr.Chains, draws: n}
			if err = g.chainDraw(); err != nil {
				break
			}
			for _, name := range sortedKeys(m) {
				if err = g.pointwise(name, m[name]); err != nil {
					break
				}
			}
		case "observed_data":
			if err = z.group(group, attrs); err != nil {
				break
			}
			g := &groupWriter{z: z, path: group}
			for _, name := range sortedKeys(d.ObservedData) {
				y := d.ObservedData[name]
				dim := name + "_dim_0"
				if err = g.coord(dim, len(y)); err != nil {
					break
				}
				if err = z.put(group, name, &array{Dims: []string{dim}, Shape: []int{len(y)}, F: append([]float64{}, y...)}); err != nil {
					break
				}
			}
		}
		if err != nil {
			return err
		}
	}
	return z.close()
}

// check validates the shapes of the optional groups against the trace.
func (d *Data) check() error {
	tr := d.Posterior
	n := tr.Draws - tr.Warmup
	for _, grp := range []struct {
		name string
		m    map[string][][][]float64
	}{{"log-likelihood", d.LogLikelihood}, {"posterior predictive", d.PosteriorPredictive}} {
		for name, v := range grp.m {
			if len(v) != tr.Chains {
				return fmt.Errorf("arviz: %s of %s has %d chains, the trace %d", grp.name, name, len(v), tr.Chains)
			}
			for c, ch := range v {
				if len(ch) != n {
					return fmt.Errorf("arviz: %s of %s has %d draws in chain %d, the trace %d after warm-up", grp.name, name, len(ch), c, n)
				}
				for i, row := range ch {
					if len(row) != len(v[0][0]) {
						return fmt.Errorf("arviz: %s of %s has %d observations at chain %d draw %d, %d at the first", grp.name, name, len(row), c, i, len(v[0][0]))
					}
				}
			}
			if y, ok := d.ObservedData[name]; ok && n > 0 && len(y) != len(v[0][0]) {
				return fmt.Errorf("arviz: %s of %s has %d observations, the observed data %d", grp.name, name, len(v[0][0]), len(y))
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// groupWriter writes the variables of one group.
type groupWriter struct {
	z             *zarrStore
	path          string
	chains, draws int
	coords        map[string]bool
}

// coord writes the integer coordinate 0..n-1 of dimension dim once.
func (g *groupWriter) coord(dim string, n int) error {
	if g.coords == nil {
		g.coords = map[string]bool{}
	}
	if g.coords[dim] {
		return nil
	}
	g.coords[dim] = true
	v := make([]int64, n)
	for i := range v {
		v[i] = int64(i)
	}
	return g.z.put(g.path, dim, &array{Dims: []string{dim}, Shape: []int{n}, I: v})
}

func (g *groupWriter) chainDraw() error {
	if err := g.coord("chain", g.chains); err != nil {
		return err
	}
	return g.coord("draw", g.draws)
}

// params writes each named array of the trace, draws from..from+g.draws of
// every chain.
func (g *groupWriter) params(tr *samplers.Trace, vars []interop.Var, from int) error {
	for _, v := range vars {
		dims := []string{"chain", "draw"}
		shape := []int{g.chains, g.draws}
		for k, s := range v.Shape {
			dim := fmt.Sprintf("%s_dim_%d", v.Name, k)
			if err := g.coord(dim, s); err != nil {
				return err
			}
			dims, shape = append(dims, dim), append(shape, s)
		}
		vals := make([]float64, 0, g.chains*g.draws*v.Len())
		for c := 0; c < g.chains; c++ {
			for d := 0; d < g.draws; d++ {
				row := tr.Samples[(c*tr.Draws+from+d)*tr.Dim:]
				for _, col := range v.Columns {
					vals = append(vals, row[col])
				}
			}
		}
		if err := g.z.put(g.path, v.Name, &array{Dims: dims, Shape: shape, F: vals}); err != nil {
			return err
		}
	}
	return nil
}

// stats writes the sampler statistics under ArviZ's names.
func (g *groupWriter) stats(tr *samplers.Trace, from int) error {
	n := g.chains * g.draws
	lp, acc, eps, energy := make([]float64, 0, n), make([]float64, 0, n), make([]float64, 0, n), make([]float64, 0, n)
	depth, steps := make([]int64, 0, n), make([]int64, 0, n)
	div := make([]bool, 0, n)
	for c := 0; c < g.chains; c++ {
		for d := 0; d < g.draws; d++ {
			s := &tr.Stats[c*tr.Draws+from+d]
			lp, acc, eps, energy = append(lp, s.LogDensity), append(acc, s.AcceptStat), append(eps, s.StepSize), append(energy, s.Energy)
			depth, steps, div = append(depth, int64(s.TreeDepth)), append(steps, int64(s.NLeapfrog)), append(div, s.Divergent)
		}
	}
	dims, shape := []string{"chain", "draw"}, []int{g.chains, g.draws}
	for _, v := range []struct {
		name string
		a    array
	}{
		{"lp", array{F: lp}}, {"acceptance_rate", array{F: acc}}, {"step_size", array{F: eps}},
		{"tree_depth", array{I: depth}}, {"n_steps", array{I: steps}}, {"diverging", array{B: div}},
		{"energy", array{F: energy}},
	} {
		a := v.a
		a.Dims, a.Shape = dims, shape
		if err := g.z.put(g.path, v.name, &a); err != nil {
			return err
		}
	}
	return nil
}

// pointwise writes a [chain][draw][observation] variable.
func (g *groupWriter) pointwise(name string, v [][][]float64) error {
	obs := 0
	if g.chains > 0 && g.draws > 0 {
		obs = len(v[0][0])
	}
	dim := name + "_dim_0"
	if err := g.coord(dim, obs); err != nil {
		return err
	}
	vals := make([]float64, 0, g.chains*g.draws*obs)
	for _, ch := range v {
		for _, row := range ch {
			vals = append(vals, row...)
		}
	}
	return g.z.put(g.path, name, &array{Dims: []string{"chain", "draw", dim}, Shape: []int{g.chains, g.draws, obs}, F: vals})
}
