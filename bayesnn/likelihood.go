package bayesnn

import (
	"fmt"
	"math"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

const halfLog2Pi = 0.9189385332046727 // ½ log 2π

// Likelihood is the model of targets given the network's outputs.
type Likelihood interface {
	// Check validates the network's output width and the targets (YWidth
	// values per row) and returns an error naming the first problem.
	Check(outWidth int, y [][]float64) error
	// YWidth returns the number of target values per row.
	YWidth(outWidth int) int
	// NumParams returns the number of likelihood parameters sampled with
	// the weights (e.g. 1 for a learned log sigma), placed after them.
	NumParams() int
	// ParamNames names them.
	ParamNames() []string
	// LogLik records the log-likelihood summed over rows: out [N, outWidth],
	// y [N, yWidth], extra the likelihood parameters (nil if none).
	LogLik(t *ad.Tape, out, y, extra *ad.Var) *ad.Var
	// LogPrior records the log prior (with log-Jacobian) of the extra
	// parameters, or returns nil.
	LogPrior(t *ad.Tape, extra *ad.Var) *ad.Var
	// Noise writes the predictive noise variance of each row for one
	// draw's outputs and extra parameters (regression), for the aleatoric
	// part of the predictive variance; it returns false for classifiers.
	Noise(dst []float64, out []float64, extra []float64) bool
}

// Gaussian is regression with a fixed output precision Tau (hamiltorch's
// tau_out): y ~ N(f(x), 1/Tau).
type Gaussian struct{ Tau float64 }

// Check returns an error unless Tau > 0 and every row of y holds outWidth
// values, one target per network output.
func (l Gaussian) Check(outWidth int, y [][]float64) error {
	if !(l.Tau > 0) {
		return fmt.Errorf("bayesnn: Gaussian likelihood precision Tau = %g, must be > 0", l.Tau)
	}
	return checkWidth(y, outWidth)
}

// YWidth returns outWidth: one target per network output.
func (Gaussian) YWidth(outWidth int) int { return outWidth }

// NumParams returns 0: the precision is fixed, only the weights are sampled.
func (Gaussian) NumParams() int { return 0 }

// ParamNames returns nil: Gaussian has no likelihood parameters.
func (Gaussian) ParamNames() []string { return nil }

// LogPrior returns nil: there is no likelihood parameter to put a prior on.
func (Gaussian) LogPrior(*ad.Tape, *ad.Var) *ad.Var { return nil }

// LogLik records the log density of y under N(out, 1/Tau), summed over
// all n = N×outWidth entries: -Tau/2·Σ(y - out)² + n(½ log Tau - ½ log 2π).
func (l Gaussian) LogLik(t *ad.Tape, out, y, _ *ad.Var) *ad.Var {
	n := float64(out.Len())
	sse := ad.Sum(ad.Square(ad.Sub(y, out)))
	return ad.AddConst(ad.Scale(sse, -0.5*l.Tau), n*(0.5*math.Log(l.Tau)-halfLog2Pi))
}

// Noise fills dst with the fixed noise variance 1/Tau and returns true.
func (l Gaussian) Noise(dst, _, _ []float64) bool {
	for i := range dst {
		dst[i] = 1 / l.Tau
	}
	return true
}

// GaussianLearned is regression with unknown noise sigma, sampled jointly
// on the log scale: the extra parameter is log sigma, with a half-normal
// prior of scale SigmaScale (default 1) on sigma.
type GaussianLearned struct{ SigmaScale float64 }

func (l GaussianLearned) scale() float64 {
	if l.SigmaScale == 0 {
		return 1
	}
	return l.SigmaScale
}

// Check returns an error if SigmaScale is negative (0 means the default,
// 1) or a row of y does not hold outWidth values.
func (l GaussianLearned) Check(outWidth int, y [][]float64) error {
	if l.SigmaScale < 0 {
		return fmt.Errorf("bayesnn: SigmaScale = %g, must be > 0", l.SigmaScale)
	}
	return checkWidth(y, outWidth)
}

// YWidth returns outWidth: one target per network output.
func (GaussianLearned) YWidth(outWidth int) int { return outWidth }

// NumParams returns 1: log sigma is sampled after the weights.
func (GaussianLearned) NumParams() int { return 1 }

// ParamNames returns {"log_sigma"}, the name of the one extra parameter.
func (GaussianLearned) ParamNames() []string { return []string{"log_sigma"} }

// LogLik records the Gaussian log-likelihood with σ = exp(extra), summed
// over all n = N×outWidth entries: -Σ(y - out)²/(2σ²) - n log σ - n ½ log 2π.
func (l GaussianLearned) LogLik(t *ad.Tape, out, y, extra *ad.Var) *ad.Var {
	n := float64(out.Len())
	sse := ad.Sum(ad.Square(ad.Sub(y, out)))
	// -sse/(2σ²) - n log σ - n ½log 2π, with s = log σ.
	prec := ad.Exp(ad.Scale(extra, -2))
	ll := ad.Add(ad.Scale(ad.Mul(sse, prec), -0.5), ad.Scale(extra, -n))
	return ad.AddConst(ll, -n*halfLog2Pi)
}

// LogPrior records the half-normal log density of σ = exp(extra) with
// scale SigmaScale (1 if 0), plus the log-Jacobian log σ of sampling on the
// log scale.
func (l GaussianLearned) LogPrior(t *ad.Tape, extra *ad.Var) *ad.Var {
	// Half-normal on σ = e^s plus log-Jacobian s: log 2 - ½log 2π - log c - σ²/(2c²) + s.
	c := l.scale()
	sig2 := ad.Exp(ad.Scale(extra, 2))
	lp := ad.Add(ad.Scale(sig2, -0.5/(c*c)), extra)
	return ad.Sum(ad.AddConst(lp, math.Ln2-halfLog2Pi-math.Log(c)))
}

// Noise fills dst with the draw's noise variance σ² = exp(2·extra[0]) and
// returns true.
func (GaussianLearned) Noise(dst, _, extra []float64) bool {
	v := math.Exp(2 * extra[0])
	for i := range dst {
		dst[i] = v
	}
	return true
}

// Heteroscedastic is regression where the network outputs two columns per
// row, the mean and the log-variance (the TFP tutorial's network).
type Heteroscedastic struct{}

// Check returns an error unless the network has exactly 2 outputs (mean
// and log-variance) and every row of y holds one target.
func (Heteroscedastic) Check(outWidth int, y [][]float64) error {
	if outWidth != 2 {
		return fmt.Errorf("bayesnn: heteroscedastic likelihood needs 2 outputs (mean, log-variance), the network has %d", outWidth)
	}
	return checkWidth(y, 1)
}

// YWidth returns 1: one target per row, whatever the output width.
func (Heteroscedastic) YWidth(int) int { return 1 }

// NumParams returns 0: the variance comes from the network, not a parameter.
func (Heteroscedastic) NumParams() int { return 0 }

// ParamNames returns nil: Heteroscedastic has no likelihood parameters.
func (Heteroscedastic) ParamNames() []string { return nil }

// LogPrior returns nil: there is no likelihood parameter to put a prior on.
func (Heteroscedastic) LogPrior(*ad.Tape, *ad.Var) *ad.Var { return nil }

// LogLik records Σᵢ log N(yᵢ | μᵢ, vᵢ) over the N rows, with μᵢ = out[i, 0]
// and log vᵢ = out[i, 1].
func (Heteroscedastic) LogLik(t *ad.Tape, out, y, _ *ad.Var) *ad.Var {
	n := out.Shape[0]
	mu := ad.Slice(out, 1, 0, 1)
	logv := ad.Slice(out, 1, 1, 2)
	r2 := ad.Square(ad.Sub(y, mu))
	ll := ad.Add(logv, ad.Mul(r2, ad.Exp(ad.Neg(logv))))
	return ad.AddConst(ad.Scale(ad.Sum(ll), -0.5), -float64(n)*halfLog2Pi)
}

// Noise writes each row's own variance exp(out[i, 1]) into dst and returns
// true.
func (Heteroscedastic) Noise(dst, out, _ []float64) bool {
	for i := range dst {
		dst[i] = math.Exp(out[2*i+1])
	}
	return true
}

// Bernoulli is binary classification: the network outputs one logit per
// row and y is 0 or 1.
type Bernoulli struct{}

// Check returns an error unless the network has exactly 1 output (a logit)
// and every row of y is a single 0 or 1.
func (Bernoulli) Check(outWidth int, y [][]float64) error {
	if outWidth != 1 {
		return fmt.Errorf("bayesnn: Bernoulli likelihood needs 1 output (a logit), the network has %d", outWidth)
	}
	if err := checkWidth(y, 1); err != nil {
		return err
	}
	for i, r := range y {
		if r[0] != 0 && r[0] != 1 {
			return fmt.Errorf("bayesnn: label y[%d] = %g, a binary label must be 0 or 1", i, r[0])
		}
	}
	return nil
}

// YWidth returns 1: one label per row.
func (Bernoulli) YWidth(int) int { return 1 }

// NumParams returns 0: Bernoulli has no likelihood parameters.
func (Bernoulli) NumParams() int { return 0 }

// ParamNames returns nil: Bernoulli has no likelihood parameters.
func (Bernoulli) ParamNames() []string { return nil }

// LogPrior returns nil: there is no likelihood parameter to put a prior on.
func (Bernoulli) LogPrior(*ad.Tape, *ad.Var) *ad.Var { return nil }

// LogLik records Σ y·η - softplus(η) over the rows, the log-probability of
// the labels y under Bernoulli(sigmoid(η)) for the logits η = out.
func (Bernoulli) LogLik(t *ad.Tape, out, y, _ *ad.Var) *ad.Var {
	// y·η - softplus(η)
	return ad.Sum(ad.Sub(ad.Mul(y, out), ad.Softplus(out)))
}

// Noise returns false and leaves dst alone: a classifier has no noise
// variance, and PredictRegression refuses it.
func (Bernoulli) Noise(_, _, _ []float64) bool { return false }

// Categorical is multiclass classification over the network's K outputs;
// y holds labels 0..K-1.
//
// By default the outputs are logits and the log-likelihood is summed over
// rows (hamiltorch's multi_class_linear_output). LogProbs says the network
// already ends in a log-softmax. Mean averages the log-likelihood over rows
// instead of summing it, as hamiltorch's multi_class_log_softmax_output
// does through PyTorch's nll_loss default: that is the posterior tempered
// by 1/N, much flatter than the Bayesian one.
type Categorical struct {
	LogProbs bool
	Mean     bool
}

// Check returns an error unless the network has at least 2 outputs and
// every row of y is a single integer label in 0..outWidth-1.
func (Categorical) Check(outWidth int, y [][]float64) error {
	if outWidth < 2 {
		return fmt.Errorf("bayesnn: categorical likelihood needs at least 2 outputs, the network has %d", outWidth)
	}
	if err := checkWidth(y, 1); err != nil {
		return err
	}
	for i, r := range y {
		if k := r[0]; k != math.Trunc(k) || k < 0 || int(k) >= outWidth {
			return fmt.Errorf("bayesnn: label y[%d] = %g is not a class in 0..%d", i, k, outWidth-1)
		}
	}
	return nil
}

// YWidth returns 1: one label per row.
func (Categorical) YWidth(int) int { return 1 }

// NumParams returns 0: Categorical has no likelihood parameters.
func (Categorical) NumParams() int { return 0 }

// ParamNames returns nil: Categorical has no likelihood parameters.
func (Categorical) ParamNames() []string { return nil }

// LogPrior returns nil: there is no likelihood parameter to put a prior on.
func (Categorical) LogPrior(*ad.Tape, *ad.Var) *ad.Var { return nil }

// LogLik records Σᵢ log pᵢ[yᵢ] over the N rows, where p = softmax(out), or
// out itself read as log-probabilities when LogProbs is set; with Mean the
// sum is divided by N.
func (l Categorical) LogLik(t *ad.Tape, out, y, _ *ad.Var) *ad.Var {
	n, k := out.Shape[0], out.Shape[1]
	// The one-hot labels are computed on the tape from y, as
	// relu(1 − |y − c|) (exactly 0 or 1 for integer labels), so that a
	// replay with other labels (a Minibatch's next batch) sees them.
	classes := make([]float64, k)
	for c := range classes {
		classes[c] = float64(c)
	}
	diff := ad.Sub(ad.BroadcastTo(y, n, k), ad.BroadcastTo(t.Const(classes, 1, k), n, k))
	onehot := ad.Relu(ad.AddConst(ad.Neg(ad.Abs(diff)), 1))
	lp := out
	if !l.LogProbs {
		lp = ad.LogSoftmax(out, 1)
	}
	ll := ad.Sum(ad.Mul(lp, onehot))
	if l.Mean {
		ll = ad.Scale(ll, 1/float64(n))
	}
	return ll
}

// Noise returns false and leaves dst alone: a classifier has no noise
// variance, and PredictRegression refuses it.
func (Categorical) Noise(_, _, _ []float64) bool { return false }

// LikelihoodFunc is a likelihood written by the user on the tape: the
// log-likelihood summed over rows of targets of width Width given the
// outputs (and Extra parameters named Names, if any, with their LogPrior).
type LikelihoodFunc struct {
	Width    int
	Names    []string
	F        func(t *ad.Tape, out, y, extra *ad.Var) *ad.Var
	Prior    func(t *ad.Tape, extra *ad.Var) *ad.Var
	NoiseVar func(dst, out, extra []float64) bool
}

// Check returns an error if F is nil or a row of y does not hold Width
// values; the output width is left for F to use as it likes.
func (l LikelihoodFunc) Check(_ int, y [][]float64) error {
	if l.F == nil {
		return fmt.Errorf("bayesnn: LikelihoodFunc without F")
	}
	return checkWidth(y, l.Width)
}

// YWidth returns Width, whatever the output width.
func (l LikelihoodFunc) YWidth(int) int { return l.Width }

// NumParams returns len(Names), the number of extra parameters.
func (l LikelihoodFunc) NumParams() int { return len(l.Names) }

// ParamNames returns Names.
func (l LikelihoodFunc) ParamNames() []string { return l.Names }

// LogLik records F(t, out, y, extra).
func (l LikelihoodFunc) LogLik(t *ad.Tape, out, y, extra *ad.Var) *ad.Var {
	return l.F(t, out, y, extra)
}

// LogPrior records Prior(t, extra), or returns nil (no prior term, a flat
// prior on the extra parameters) when Prior is nil.
func (l LikelihoodFunc) LogPrior(t *ad.Tape, extra *ad.Var) *ad.Var {
	if l.Prior == nil {
		return nil
	}
	return l.Prior(t, extra)
}

// Noise returns NoiseVar(dst, out, extra), or false when NoiseVar is nil
// (no noise variance: PredictRegression then refuses the likelihood).
func (l LikelihoodFunc) Noise(dst, out, extra []float64) bool {
	if l.NoiseVar == nil {
		return false
	}
	return l.NoiseVar(dst, out, extra)
}

func checkWidth(y [][]float64, w int) error {
	for i, r := range y {
		if len(r) != w {
			return fmt.Errorf("bayesnn: y row %d has %d values, the likelihood expects %d", i, len(r), w)
		}
	}
	return nil
}
