package bayesnn

import (
	"fmt"
	"math"

	"github.com/bayesnn-go/bayesnn/sgmcmc"
)

// Optimizer names a MAP optimizer.
type Optimizer int

// The optimizers of MAP.
const (
	Adam Optimizer = iota
	GradientDescent
)

// MAPOptions configures MAP. The zero value is the default.
type MAPOptions struct {
	Optimizer    Optimizer
	Steps        int     // default 1000
	LearningRate float64 // default 1e-2 (Adam) or 1e-4 (gradient descent)
	Beta1, Beta2 float64 // Adam's moment decays, default 0.9 and 0.999
	Epsilon      float64 // Adam's denominator guard, default 1e-8
	// EvalEvery records train (and Valid) log-likelihood every k steps
	// (default Steps/100, at least 1).
	EvalEvery int
	// Valid, when it has rows, is held-out data: the result's Best is the
	// state of highest held-out log-likelihood (the TFP tutorial's rule).
	Valid Data
}

// MAPRecord is one evaluation during MAP.
type MAPRecord struct {
	Step                     int
	LogPost                  float64
	TrainLogLik, ValidLogLik float64 // ValidLogLik is NaN without Valid data
}

// MAPResult is the outcome of MAP.
type MAPResult struct {
	Theta    []float64 // the final state
	Best     []float64 // the state of best held-out log-likelihood (Theta without Valid)
	BestStep int
	History  []MAPRecord
}

// MAP maximises the log posterior from init by Adam (sgmcmc.Adam's steps)
// or gradient descent and returns the final and the best state (to start
// MCMC from).
func MAP(p *Posterior, init []float64, opts *MAPOptions) (*MAPResult, error) {
	var o MAPOptions
	if opts != nil {
		o = *opts
	}
	if len(init) != p.Dim() {
		return nil, fmt.Errorf("bayesnn: MAP: initial point has %d values, the posterior %d", len(init), p.Dim())
	}
	if o.Steps == 0 {
		o.Steps = 1000
	}
	if o.Steps < 0 {
		return nil, fmt.Errorf("bayesnn: MAP: Steps = %d", o.Steps)
	}
	if o.LearningRate == 0 {
		o.LearningRate = 1e-2
		if o.Optimizer == GradientDescent {
			o.LearningRate = 1e-4
		}
	}
	if !(o.LearningRate > 0) {
		return nil, fmt.Errorf("bayesnn: MAP: learning rate %g, must be > 0", o.LearningRate)
	}
	if o.Beta1 == 0 {
		o.Beta1 = 0.9
	}
	if o.Beta2 == 0 {
		o.Beta2 = 0.999
	}
	if o.Epsilon == 0 {
		o.Epsilon = 1e-8
	}
	if o.EvalEvery == 0 {
		o.EvalEvery = max(1, o.Steps/100)
	}
	n := p.Dim()
	adam := sgmcmc.Adam{Beta1: o.Beta1, Beta2: o.Beta2, Epsilon: o.Epsilon}
	if err := adam.Check(); err != nil {
		return nil, fmt.Errorf("bayesnn: MAP: %w", err)
	}
	state := adam.Init(init)
	theta := state.Position
	grad := make([]float64, n)
	res := &MAPResult{BestStep: -1}
	bestValid := math.Inf(-1)
	hasValid := o.Valid.Len() > 0
	for step := 0; step <= o.Steps; step++ {
		lp := p.LogProb(grad, theta)
		if math.IsNaN(lp) || math.IsInf(lp, 0) {
			return res, fmt.Errorf("bayesnn: MAP: log posterior is %v at step %d (learning rate %g too large?)", lp, step, o.LearningRate)
		}
		if step%o.EvalEvery == 0 || step == o.Steps {
			rec := MAPRecord{Step: step, LogPost: lp, ValidLogLik: math.NaN()}
			ll, err := p.trainLogLik(theta)
			if err != nil {
				return res, err
			}
			rec.TrainLogLik = ll
			if hasValid {
				v, err := p.LogLik(theta, o.Valid)
				if err != nil {
					return res, fmt.Errorf("bayesnn: MAP: held-out data: %w", err)
				}
				rec.ValidLogLik = v
				if v > bestValid {
					bestValid, res.BestStep = v, step
					res.Best = append(res.Best[:0], theta...)
				}
			}
			res.History = append(res.History, rec)
		}
		if step == o.Steps {
			break
		}
		// Ascend the log posterior.
		switch o.Optimizer {
		case GradientDescent:
			for i, g := range grad {
				theta[i] += o.LearningRate * g
			}
		default:
			adam.Update(nil, state, grad, o.LearningRate, p.n, false)
		}
	}
	res.Theta = theta
	if !hasValid {
		res.Best, res.BestStep = append([]float64(nil), theta...), o.Steps
	}
	return res, nil
}

// trainLogLik returns the unscaled log-likelihood of the posterior's own
// data at theta.
func (p *Posterior) trainLogLik(theta []float64) (float64, error) {
	d := Data{X: make([][]float64, p.n), Y: make([][]float64, p.n)}
	for i := range p.n {
		d.X[i] = p.x[i*p.inW : (i+1)*p.inW]
		d.Y[i] = p.y[i*p.yW : (i+1)*p.yW]
	}
	return p.LogLik(theta, d)
}
