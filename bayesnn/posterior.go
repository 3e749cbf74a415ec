package bayesnn

import (
	"fmt"
	"math"
	"math/rand/v2"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/density"
)

// PosteriorOptions configures LogPosterior. The zero value is the default.
type PosteriorOptions struct {
	// LikelihoodScale multiplies the log-likelihood (tempering, as SMC's
	// geometric path uses); 0 means 1. SetLikelihoodScale changes it later
	// without recording again.
	LikelihoodScale float64
	// Rows, when not nil, uses only these data rows (data annealing).
	Rows []int
}

// Posterior is the log posterior of a network's parameters (and the
// likelihood's own parameters, after them) given data: a density.Target.
type Posterior struct {
	Model *Sequential
	Lik   Likelihood
	Prior Prior

	x, y  []float64 // flat data
	n     int       // rows
	scale []float64 // tempering factor, an Input of the tape
	names []string
	c     *ad.Compiled
	inW   int
	outW  int
	yW    int
	dim   int
}

var (
	_ density.Target = (*Posterior)(nil)
	_ density.Cloner = (*Posterior)(nil)
	_ density.Namer  = (*Posterior)(nil)
)

// LogPosterior returns log p(θ | data) up to a constant for model,
// likelihood and prior, as a Target for the samplers.
func LogPosterior(model *Sequential, data Data, lik Likelihood, prior Prior, opts *PosteriorOptions) (*Posterior, error) {
	if model == nil || lik == nil || prior == nil {
		return nil, fmt.Errorf("bayesnn: LogPosterior needs a model, a likelihood and a prior")
	}
	var o PosteriorOptions
	if opts != nil {
		o = *opts
	}
	if o.Rows != nil {
		var err error
		if data, err = data.Rows(o.Rows); err != nil {
			return nil, err
		}
	}
	p := &Posterior{Model: model, Lik: lik, Prior: prior, inW: prod(model.InShape()), outW: prod(model.OutShape())}
	if err := lik.Check(p.outW, data.Y); err != nil {
		return nil, err
	}
	if err := prior.Check(model.Blocks()); err != nil {
		return nil, err
	}
	p.yW = lik.YWidth(p.outW)
	var err error
	if p.x, p.y, err = data.flatten(p.inW, p.yW); err != nil {
		return nil, err
	}
	p.n = data.Len()
	s := o.LikelihoodScale
	if s == 0 {
		s = 1
	}
	if s < 0 || math.IsNaN(s) || math.IsInf(s, 0) {
		return nil, fmt.Errorf("bayesnn: likelihood scale %g, must be in (0, ∞)", s)
	}
	p.scale = []float64{s}
	p.dim = model.NumParams() + lik.NumParams()
	p.names = append(model.ParamNames(), lik.ParamNames()...)
	if err := p.compile(make([]float64, p.dim)); err != nil {
		return nil, err
	}
	return p, nil
}

// logPost records the log posterior on a tape.
func (p *Posterior) logPost(t *ad.Tape, theta *ad.Var) *ad.Var {
	m := p.Model.NumParams()
	net := theta.View(0, m)
	var extra *ad.Var
	if k := p.Lik.NumParams(); k > 0 {
		extra = theta.View(m, m+k)
	}
	xs := append([]int{p.n}, p.Model.InShape()...)
	x := t.Input(p.x, xs...)
	y := t.Input(p.y, p.n, p.yW)
	out := ad.Reshape(p.Model.Forward(x, net), p.n, p.outW)
	ll := p.Lik.LogLik(t, out, y, extra)
	lp := ad.Add(ad.Mul(ll, t.Input(p.scale, 1)), p.Prior.LogPrior(t, net, p.Model.Blocks()))
	if lpe := p.Lik.LogPrior(t, extra); extra != nil && lpe != nil {
		lp = ad.Add(lp, lpe)
	}
	return lp
}

func (p *Posterior) compile(x0 []float64) error {
	c, err := ad.Compile(p.logPost, x0, &ad.CompileOptions{Names: p.names})
	if err != nil {
		return err
	}
	p.c = c
	return nil
}

// Dim returns the number of parameters.
func (p *Posterior) Dim() int { return p.dim }

// ParamNames names the parameters, e.g. "dense1.W[3,7]", then the
// likelihood's.
func (p *Posterior) ParamNames() []string { return p.names }

// LogProb writes the gradient at theta into grad and returns the log
// posterior. It allocates nothing.
func (p *Posterior) LogProb(grad, theta []float64) float64 { return p.c.LogProb(grad, theta) }

// Clone returns an independent copy for another goroutine (the data are
// shared, read-only).
func (p *Posterior) Clone() density.Target {
	q := *p
	q.scale = []float64{p.scale[0]}
	if err := q.compile(make([]float64, p.dim)); err != nil {
		panic("bayesnn: clone: " + err.Error()) // recorded once already: cannot happen
	}
	return &q
}

// SetLikelihoodScale changes the tempering factor without recording again.
func (p *Posterior) SetLikelihoodScale(s float64) error {
	if s < 0 || math.IsNaN(s) || math.IsInf(s, 0) {
		return fmt.Errorf("bayesnn: likelihood scale %g, must be in [0, ∞)", s)
	}
	p.scale[0] = s
	return nil
}

// NumRows returns the number of data rows in the posterior.
func (p *Posterior) NumRows() int { return p.n }

// InitialPoint draws network parameters from the Gaussian prior (scaled
// by overdispersion) and the likelihood's parameters at 0; for a prior
// that is not a GaussianPrior the weights are N(0, 0.1²·overdispersion²).
func (p *Posterior) InitialPoint(rng *rand.Rand, overdispersion float64) []float64 {
	x := make([]float64, p.dim)
	if g, ok := p.Prior.(GaussianPrior); ok {
		g.Sample(rng, p.Model.Blocks(), overdispersion, x)
	} else {
		for i := range p.Model.NumParams() {
			x[i] = 0.1 * overdispersion * rng.NormFloat64()
		}
	}
	return x
}

// LogLik returns the log-likelihood of data (not scaled) at theta.
func (p *Posterior) LogLik(theta []float64, data Data) (float64, error) {
	if len(theta) != p.dim {
		return math.NaN(), fmt.Errorf("bayesnn: parameter vector has %d elements, want %d", len(theta), p.dim)
	}
	if err := p.Lik.Check(p.outW, data.Y); err != nil {
		return math.NaN(), err
	}
	x, y, err := data.flatten(p.inW, p.yW)
	if err != nil {
		return math.NaN(), err
	}
	n := data.Len()
	m := p.Model.NumParams()
	t := ad.NewTape()
	th := t.Const(theta)
	var extra *ad.Var
	if k := p.Lik.NumParams(); k > 0 {
		extra = th.View(m, m+k)
	}
	xs := append([]int{n}, p.Model.InShape()...)
	out := ad.Reshape(p.Model.Forward(t.Input(x, xs...), th.View(0, m)), n, p.outW)
	return p.Lik.LogLik(t, out, t.Input(y, n, p.yW), extra).Value[0], nil
}
