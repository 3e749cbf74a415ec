package model

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/samplers"
)

// Fit is the result of Sample.
type Fit struct {
	// Model is the model that was fitted.
	Model *Model
	// Trace holds the draws on the constrained scale with the user's names
	// (Model.Names: parameters, then deterministic quantities), and the
	// sampler's per-draw statistics and adaptation.
	Trace *samplers.Trace
	// Unconstrained is the sampler's raw trace (Model.UnconstrainedNames).
	Unconstrained *samplers.Trace
	// LogLik is the pointwise log-likelihood of every post-warm-up draw,
	// indexed [chain][draw][observation]: the units of all Observe sites
	// concatenated, named by LogLikNames.
	LogLik [][][]float64
	// LogLikNames names LogLik's observations.
	LogLikNames []string
}

// Sample runs samplers.Sample on the model's target and returns the fit.
// When ctx is cancelled the fit of the draws made so far is returned with
// ctx's error.
func Sample(ctx context.Context, md *Model, opts samplers.Options) (*Fit, error) {
	if md == nil {
		return nil, errors.New("model: Sample: nil model")
	}
	t, err := md.Target()
	if err != nil {
		return nil, err
	}
	raw, err := samplers.Sample(ctx, t, opts)
	if raw == nil {
		return nil, err
	}
	fit, ferr := NewFit(md, raw)
	return fit, errors.Join(err, ferr)
}

// NewFit builds a Fit from a sampler's trace on md's unconstrained space
// (for example one run with options Sample does not expose).
func NewFit(md *Model, raw *samplers.Trace) (*Fit, error) {
	if md.err != nil {
		return nil, md.err
	}
	if raw.Dim != md.dim {
		return nil, fmt.Errorf("model: %s: trace of dimension %d for a model of dimension %d", md.name, raw.Dim, md.dim)
	}
	in, err := md.compile()
	if err != nil {
		return nil, err
	}
	names := md.Names()
	k := len(names)
	tr := &samplers.Trace{Names: names, Chains: raw.Chains, Draws: raw.Draws, Dim: k,
		Samples: make([]float64, raw.Chains*raw.Draws*k), Stats: raw.Stats,
		Warmup: raw.Warmup, Adapted: raw.Adapted}
	fit := &Fit{Model: md, Trace: tr, Unconstrained: raw, LogLikNames: md.LogLikNames()}
	nll := len(fit.LogLikNames)
	fit.LogLik = make([][][]float64, raw.Chains)
	for c := range raw.Chains {
		fit.LogLik[c] = make([][]float64, raw.Draws-raw.Warmup)
		for d := range raw.Draws {
			row := c*raw.Draws + d
			var ll []float64
			if d >= raw.Warmup {
				ll = make([]float64, nll)
				fit.LogLik[c][d-raw.Warmup] = ll
			}
			if err := in.constrain(tr.Samples[row*k:(row+1)*k], ll, raw.Samples[row*raw.Dim:(row+1)*raw.Dim]); err != nil {
				return nil, err
			}
		}
	}
	return fit, nil
}

// observeNames names the values of every Observe site.
func (md *Model) observeNames() []string {
	var names []string
	for _, l := range md.layout {
		if l.kind == observeSite {
			names = append(names, elemNames(l.name, l.shape)...)
		}
	}
	return names
}

// drawObserved fills dst with a draw of every Observe site at the current
// recording's parameter values.
func (in *instance) drawObserved(rng *rand.Rand, dst []float64) error {
	p := 0
	for i, l := range in.md.layout {
		if l.kind != observeSite {
			continue
		}
		n := len(in.sites[i].data)
		if err := in.sites[i].d.Rand(rng, dst[p:p+n]); err != nil {
			return fmt.Errorf("model: %s: %w", l.name, err)
		}
		p += n
	}
	return nil
}

// PosteriorPredictive draws every Observe site from its distribution at
// each post-warm-up draw's parameters. The result has the fit's chains and
// draws, one column per observed value (named as the data: y[1], ...), and
// no sampler statistics; chain c uses the stream PCG(seed, c+1).
func (f *Fit) PosteriorPredictive(seed uint64) (*samplers.Trace, error) {
	in, err := f.Model.compile()
	if err != nil {
		return nil, err
	}
	raw := f.Unconstrained
	names := f.Model.observeNames()
	k := len(names)
	draws := raw.Draws - raw.Warmup
	tr := &samplers.Trace{Names: names, Chains: raw.Chains, Draws: draws, Dim: k,
		Samples: make([]float64, raw.Chains*draws*k)}
	for c := range raw.Chains {
		rng := rand.New(rand.NewPCG(seed, uint64(c)+1))
		for d := range draws {
			row := c*raw.Draws + raw.Warmup + d
			in.c.Value(raw.Samples[row*raw.Dim : (row+1)*raw.Dim])
			out := c*draws + d
			if err := in.drawObserved(rng, tr.Samples[out*k:(out+1)*k]); err != nil {
				return nil, err
			}
		}
	}
	return tr, nil
}

// PriorPredictive draws n times from the model's joint prior by ancestral
// sampling: each parameter from its prior given the earlier ones, then the
// deterministic quantities and every Observe site. The result is one chain
// of n draws with the columns Names() followed by the observed values'
// names. A model with a Param or Factor site has no generative prior: an
// error.
func PriorPredictive(md *Model, n int, seed uint64) (*samplers.Trace, error) {
	if md == nil {
		return nil, errors.New("model: PriorPredictive: nil model")
	}
	if n <= 0 {
		return nil, fmt.Errorf("model: PriorPredictive: %d draws", n)
	}
	in, err := md.compile()
	if err != nil {
		return nil, err
	}
	for _, l := range md.layout {
		if l.kind == paramSite || l.kind == factorSite {
			return nil, fmt.Errorf("model: %s: PriorPredictive needs a prior for every parameter; %v site %q has none", md.name, l.kind, l.name)
		}
	}
	pn, on := md.Names(), md.observeNames()
	k := len(pn) + len(on)
	tr := &samplers.Trace{Names: append(pn, on...), Chains: 1, Draws: n, Dim: k, Samples: make([]float64, n*k)}
	rng := rand.New(rand.NewPCG(seed, 1))
	u := make([]float64, md.dim)
	var buf []float64
	for d := range n {
		clear(u)
		for i, l := range md.layout {
			if l.kind != sampleSite {
				continue
			}
			in.c.Value(u) // the earlier parameters' values reach this prior
			buf = append(buf[:0], make([]float64, l.size)...)
			if err := in.sites[i].d.Rand(rng, buf); err != nil {
				return nil, fmt.Errorf("model: %s: %w", l.name, err)
			}
			if err := l.c.Unconstrain(u[l.off:l.off+l.n], buf); err != nil {
				return nil, fmt.Errorf("model: %s: prior draw: %w", l.name, err)
			}
		}
		row := tr.Samples[d*k : (d+1)*k]
		if err := in.constrain(row[:len(pn)], nil, u); err != nil {
			return nil, err
		}
		if err := in.drawObserved(rng, row[len(pn):]); err != nil {
			return nil, err
		}
	}
	return tr, nil
}

// AddPosteriorPredictive stores posterior predictive draws (as
// PosteriorPredictive(seed) makes them) beside the parameters: Trace gains
// one column per observed value, named <site>_rep (y_rep[1], ...). Kept
// warm-up rows get NaN in those columns.
func (f *Fit) AddPosteriorPredictive(seed uint64) error {
	rep, err := f.PosteriorPredictive(seed)
	if err != nil {
		return err
	}
	tr := f.Trace
	k, r := tr.Dim, rep.Dim
	names := append([]string(nil), tr.Names...)
	for _, l := range f.Model.layout {
		if l.kind == observeSite {
			names = append(names, elemNames(l.name+"_rep", l.shape)...)
		}
	}
	samples := make([]float64, tr.Chains*tr.Draws*(k+r))
	for c := range tr.Chains {
		for d := range tr.Draws {
			row := c*tr.Draws + d
			out := samples[row*(k+r) : (row+1)*(k+r)]
			copy(out, tr.Samples[row*k:(row+1)*k])
			if d < tr.Warmup {
				for i := k; i < k+r; i++ {
					out[i] = math.NaN()
				}
				continue
			}
			p := c*rep.Draws + d - tr.Warmup
			copy(out[k:], rep.Samples[p*r:(p+1)*r])
		}
	}
	tr.Names, tr.Dim, tr.Samples = names, k+r, samples
	return nil
}
