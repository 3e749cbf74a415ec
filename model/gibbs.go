package model

import (
	"fmt"
	"math/rand/v2"
	"sync"

	"github.com/bayesnn-go/bayesnn/samplers"
)

// GibbsFunc draws the Gibbs sites of HMCGibbs from their exact conditional
// given the other parameters, as NumPyro's gibbs_fn does. params holds
// every parameter's current value on the constrained scale, by site name
// (flat, Stan's order within a site); the function overwrites the Gibbs
// sites' values with its draw, which must lie in their support, and
// leaves the others alone. It must use only rng for randomness and be safe
// for concurrent use: the chains call it from their own goroutines, each
// call with a map of its own.
type GibbsFunc func(rng *rand.Rand, params map[string][]float64)

// HMCGibbs returns the Gibbs-within-HMC kernel of NumPyro's HMCGibbs for
// the model: each transition replaces the sites named by gibbsSites with a
// draw of draw, then moves the other parameters with inner (samplers.HMC,
// samplers.NUTS, ...) on their conditional given the Gibbs sites. Pass it
// to Sample as Options.Kernel. The kernel works on the unconstrained
// space: a draw is mapped there by its site's transform, and inner sees
// the model's density with the Gibbs sites held fixed (their Jacobian is
// then a constant), so the composition leaves the posterior invariant
// exactly when draw is an exact conditional draw. A draw outside its
// site's support stops the chain with an error naming the site.
func (md *Model) HMCGibbs(inner samplers.Kernel, draw GibbsFunc, gibbsSites ...string) (samplers.Gibbs, error) {
	if md.err != nil {
		return samplers.Gibbs{}, md.err
	}
	if inner == nil || draw == nil {
		return samplers.Gibbs{}, fmt.Errorf("model: %s: HMCGibbs needs an inner kernel and a draw function", md.name)
	}
	if len(gibbsSites) == 0 {
		return samplers.Gibbs{}, fmt.Errorf("model: %s: HMCGibbs needs at least one Gibbs site", md.name)
	}
	want := map[string]bool{}
	for _, name := range gibbsSites {
		if want[name] {
			return samplers.Gibbs{}, fmt.Errorf("model: %s: HMCGibbs: site %q named twice", md.name, name)
		}
		want[name] = true
	}
	var block []int
	var latent []int // layout indices of the parameter sites
	for i, l := range md.layout {
		if l.kind != sampleSite && l.kind != paramSite {
			continue
		}
		latent = append(latent, i)
		if want[l.name] {
			delete(want, l.name)
			for j := range l.n {
				block = append(block, l.off+j)
			}
		}
	}
	for _, name := range gibbsSites {
		if want[name] {
			return samplers.Gibbs{}, fmt.Errorf("model: %s: HMCGibbs: %q is not a parameter site of the model (have %v)", md.name, name, md.paramSiteNames())
		}
	}
	if len(block) == md.dim {
		return samplers.Gibbs{}, fmt.Errorf("model: %s: HMCGibbs: every parameter is a Gibbs site; leave at least one to the inner kernel", md.name)
	}
	// Each concurrent Draw takes a compiled copy and its buffers from the
	// pool: the copies are stateless functions of the point, so the draws
	// do not depend on which copy a chain gets.
	pool := &sync.Pool{New: func() any {
		in, err := md.compile()
		if err != nil { // cannot happen: the model compiled at New
			panic(err)
		}
		w := &gibbsWork{in: in, params: map[string][]float64{}}
		for _, i := range latent {
			w.bufs = append(w.bufs, make([]float64, md.layout[i].size))
		}
		return w
	}}
	if _, err := md.compile(); err != nil {
		return samplers.Gibbs{}, err
	}
	return samplers.Gibbs{Block: block, Inner: inner, Draw: func(rng *rand.Rand, u []float64) {
		w := pool.Get().(*gibbsWork)
		defer pool.Put(w)
		w.in.c.Value(u)
		for k, i := range latent { // the map's values are the work's own buffers at every call
			copy(w.bufs[k], w.in.sites[i].x.Value)
			w.params[md.layout[i].name] = w.bufs[k]
		}
		draw(rng, w.params)
		for _, i := range latent {
			l := md.layout[i]
			if !isIn(l.name, gibbsSites) {
				continue
			}
			v := w.params[l.name]
			if len(v) != l.size {
				panic(fmt.Errorf("model: %s: HMCGibbs: the draw function left %d values for site %q, want %d", md.name, len(v), l.name, l.size))
			}
			if err := l.c.Unconstrain(u[l.off:l.off+l.n], v); err != nil {
				panic(fmt.Errorf("model: %s: HMCGibbs: the draw of site %q: %w", md.name, l.name, err))
			}
		}
	}}, nil
}

// gibbsWork is one compiled copy of a model with the map HMCGibbs hands to
// the draw function.
type gibbsWork struct {
	in     *instance
	params map[string][]float64
	bufs   [][]float64 // one per parameter site, in layout order
}

func isIn(name string, names []string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// paramSiteNames lists the model's parameter sites, for error messages.
func (md *Model) paramSiteNames() []string {
	var names []string
	for _, l := range md.layout {
		if l.kind == sampleSite || l.kind == paramSite {
			names = append(names, l.name)
		}
	}
	return names
}
