package bayesnn

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/smc"
)

// PriorSampler is a likelihood whose own parameters (NumParams of them) can
// be drawn from their prior, as SMC's starting particles need.
// GaussianLearned and GaussianGammaNoise implement it.
type PriorSampler interface {
	SamplePrior(rng *rand.Rand, dst []float64)
}

// SMCPrior returns the prior of all the posterior's parameters as SMC's
// starting distribution: independent draws (network weights from the
// GaussianPrior, the likelihood's parameters from its PriorSampler) and the
// normalised log prior density with its gradient. It returns an error if
// the prior is not a GaussianPrior or the likelihood's parameters cannot be
// drawn.
func (p *Posterior) SMCPrior() (smc.Prior, error) {
	g, ok := p.Prior.(GaussianPrior)
	if !ok {
		return smc.Prior{}, fmt.Errorf("bayesnn: SMC needs prior draws: the prior %T cannot be sampled (use GaussianPrior)", p.Prior)
	}
	m := p.Model.NumParams()
	var ps PriorSampler
	if p.Lik.NumParams() > 0 {
		if ps, ok = p.Lik.(PriorSampler); !ok {
			return smc.Prior{}, fmt.Errorf("bayesnn: SMC needs prior draws: the parameters of the likelihood %T cannot be drawn (it is not a PriorSampler)", p.Lik)
		}
	}
	blocks := p.Model.Blocks()
	c, err := ad.Compile(func(t *ad.Tape, theta *ad.Var) *ad.Var {
		lp := g.LogPrior(t, theta.View(0, m), blocks)
		if k := p.Lik.NumParams(); k > 0 {
			if lpe := p.Lik.LogPrior(t, theta.View(m, m+k)); lpe != nil {
				lp = ad.Add(lp, lpe)
			}
		}
		return lp
	}, make([]float64, p.dim), &ad.CompileOptions{Names: p.names})
	if err != nil {
		return smc.Prior{}, err
	}
	return smc.Prior{
		Sample: func(rng *rand.Rand, dst []float64) {
			g.Sample(rng, blocks, 1, dst[:m])
			if ps != nil {
				ps.SamplePrior(rng, dst[m:])
			}
		},
		Target: &compiledTarget{c: c},
	}, nil
}

// LikelihoodTarget returns the log-likelihood of the posterior's data (not
// tempered) with its gradient, as a Target: SMC's tempered likelihood.
func (p *Posterior) LikelihoodTarget() (density.Target, error) {
	m := p.Model.NumParams()
	c, err := ad.Compile(func(t *ad.Tape, theta *ad.Var) *ad.Var {
		var extra *ad.Var
		if k := p.Lik.NumParams(); k > 0 {
			extra = theta.View(m, m+k)
		}
		xs := append([]int{p.n}, p.Model.InShape()...)
		out := ad.Reshape(p.Model.Forward(t.Input(p.x, xs...), theta.View(0, m)), p.n, p.outW)
		return p.Lik.LogLik(t, out, t.Input(p.y, p.n, p.yW), extra)
	}, make([]float64, p.dim), &ad.CompileOptions{Names: p.names})
	if err != nil {
		return nil, err
	}
	return &compiledTarget{c: c}, nil
}

// data returns the posterior's rows as Data (sharing its storage).
func (p *Posterior) data() Data {
	d := Data{X: make([][]float64, p.n), Y: make([][]float64, p.n)}
	for i := range p.n {
		d.X[i] = p.x[i*p.inW : (i+1)*p.inW]
		d.Y[i] = p.y[i*p.yW : (i+1)*p.yW]
	}
	return d
}

// DatumLogLik returns log p(y_i | θ) for row i of the posterior's data. It
// is safe for concurrent use (it records a small tape of its own).
func (p *Posterior) DatumLogLik(theta []float64, i int) (float64, error) {
	if i < 0 || i >= p.n {
		return math.NaN(), fmt.Errorf("bayesnn: row %d out of range [0, %d)", i, p.n)
	}
	d := Data{X: [][]float64{p.x[i*p.inW : (i+1)*p.inW]}, Y: [][]float64{p.y[i*p.yW : (i+1)*p.yW]}}
	return p.LogLik(theta, d)
}

// DataAnnealing returns SMC's data-annealing path over the posterior's
// rows in order, batch rows per stage (0: SMC's default): the per-datum
// log-likelihood for the weights and, for the moves, the posterior of the
// first n rows as one batched target.
func (p *Posterior) DataAnnealing(batch int) *smc.DataAnnealing {
	d := p.data()
	return &smc.DataAnnealing{
		N:         p.n,
		BatchSize: batch,
		LogLik: func(_, x []float64, i int) float64 {
			v, err := p.DatumLogLik(x, i)
			if err != nil {
				return math.NaN()
			}
			return v
		},
		Partial: func(n int) (density.Target, error) {
			if n < 1 || n > p.n {
				return nil, fmt.Errorf("bayesnn: SMC stage with %d of %d rows", n, p.n)
			}
			rows := make([]int, n)
			for i := range rows {
				rows[i] = i
			}
			return LogPosterior(p.Model, d, p.Lik, p.Prior, &PosteriorOptions{Rows: rows})
		},
	}
}

// SMC runs sequential Monte Carlo on the posterior: particles drawn from
// its prior (SMCPrior) are moved to the posterior along anneal, which may
// be nil (adaptive likelihood tempering), a *smc.Tempering whose
// LogLik is nil (the posterior's likelihood is filled in; Betas or the
// adaptive options are kept) or a *smc.DataAnnealing whose LogLik is
// nil (the posterior's rows added BatchSize at a time, see DataAnnealing).
// A path with its own likelihood is used as given. The options are
// smc.Run's, with these defaults for a network: 100 particles
// (Particles 0); HMC moves of 10 leapfrog steps (Move smc.MoveAuto),
// shaped by the particles' variances and tuned between stages; and rounds
// of Moves moves until the particles' correlation with each stage's start
// is below 0.1, at most 100 moves a stage (Decorrelate 0.1, MaxMoves 100;
// a negative Decorrelate turns the rounds off). On the Langevin sandbox's
// 1-50-50-1 network (2,702 parameters) the rounds took the posterior mean
// of σ from 0.74 (10 moves a stage) to 0.49, NUTS's being 0.48, for eight
// times the gradients (about 700,000); TestSandboxSMCDefaults checks the
// defaults there against NUTS on three seeds. Predict from the weighted
// particles with PredictSMC.
func SMC(ctx context.Context, p *Posterior, anneal smc.Annealing, o smc.Options) (*smc.Result, error) {
	if p == nil {
		return nil, errors.New("bayesnn: SMC needs a posterior")
	}
	prior, err := p.SMCPrior()
	if err != nil {
		return nil, err
	}
	if anneal == nil {
		anneal = &smc.Tempering{}
	}
	switch a := anneal.(type) {
	case *smc.Tempering:
		if a != nil && a.LogLik == nil {
			c := *a
			if c.LogLik, err = p.LikelihoodTarget(); err != nil {
				return nil, err
			}
			anneal = &c
		}
	case *smc.DataAnnealing:
		if a != nil && a.LogLik == nil {
			anneal = p.DataAnnealing(a.BatchSize)
		}
	}
	if o.Particles == 0 {
		o.Particles = 100
	}
	if o.Move == smc.MoveAuto {
		o.Move = smc.HMC
	}
	switch {
	case o.Decorrelate < 0:
		o.Decorrelate = 0
	case o.Decorrelate == 0:
		o.Decorrelate = 0.1
	}
	if o.Decorrelate > 0 && o.MaxMoves == 0 {
		o.MaxMoves = 100
	}
	return smc.Run(ctx, prior, anneal, o)
}

// compiledTarget is a compiled tape as a density.Target.
type compiledTarget struct{ c *ad.Compiled }

var (
	_ density.Target      = (*compiledTarget)(nil)
	_ density.Cloner      = (*compiledTarget)(nil)
	_ density.Namer       = (*compiledTarget)(nil)
	_ density.DataChecker = (*compiledTarget)(nil)
)

func (t *compiledTarget) Dim() int                          { return t.c.Dim() }
func (t *compiledTarget) LogProb(grad, x []float64) float64 { return t.c.LogProb(grad, x) }
func (t *compiledTarget) ParamNames() []string              { return t.c.ParamNames() }
func (t *compiledTarget) Clone() density.Target             { return &compiledTarget{c: t.c.Clone()} }

// CheckData names data of the tape holding NaN or an infinity (see
// density.DataChecker).
func (t *compiledTarget) CheckData() error { return t.c.CheckData() }

// PredictSMC is the predictive distribution of SMC's weighted particles at
// x: PredictRegressionWeighted with the particles and their weights.
func PredictSMC(m *Sequential, lik Likelihood, res *smc.Result, x [][]float64) (*RegressionPrediction, error) {
	if res == nil {
		return nil, errors.New("bayesnn: PredictSMC needs an SMC result")
	}
	return PredictRegressionWeighted(m, lik, res.Particles, res.Weights, x)
}
