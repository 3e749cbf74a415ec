package boston

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/bayesnn"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// PriorSD is the standard deviation of the zero-mean normal prior on
// every weight and bias: the TFP post's tfd.Normal(0, 0.2), whose second
// argument is the scale (a standard deviation, not a variance).
const PriorSD = 0.2

// Widths are the layer widths of the tapering network: 13 inputs, hidden
// layers of 13 and 6 ReLU units, and 2 linear outputs (the mean and the
// log-variance of MEDV).
var Widths = bayesnn.TaperWidths(13, 2, 2)

// NewModel returns the network (280 parameters).
func NewModel() (*bayesnn.Sequential, error) {
	return bayesnn.MLP(Widths, bayesnn.Relu)
}

// Prior is the prior of every weight and bias.
var Prior = bayesnn.GaussianPrior{WeightSD: PriorSD, BiasSD: PriorSD}

// Lik is the heteroscedastic normal likelihood: y ~ N(out₀, exp(out₁)).
var Lik = bayesnn.Heteroscedastic{}

// NewPosterior returns the log posterior of the network's parameters given
// the rows (x, y).
func NewPosterior(m *bayesnn.Sequential, x [][]float64, y []float64) (*bayesnn.Posterior, error) {
	return bayesnn.LogPosterior(m, bayesnn.NewData(x, y), Lik, Prior, nil)
}

// MAPConfig configures FitMAP. The zero value of a field means the
// default beside it.
type MAPConfig struct {
	Steps        int     // Adam steps of the selection run, default 3000 (the TFP post's n_iter)
	LearningRate float64 // default 1e-3 (tf.optimizers.Adam's default)
	// ValidFraction is the part of the training rows held out to choose
	// the number of steps, default 0.2.
	ValidFraction float64
	Seed          uint64 // seeds the initial point drawn from the prior
}

// MAPFit is the outcome of FitMAP.
type MAPFit struct {
	// Select is the run on the reduced training rows with the held-out
	// log-likelihood recorded every Steps/100 steps.
	Select *bayesnn.MAPResult
	// NSub and NValid are the numbers of rows it trained and was checked on.
	NSub, NValid int
	// Theta is the MAP network refitted on all training rows for
	// Select.BestStep steps from the same initial point: the state NUTS
	// starts from and the MAP predictions.
	Theta []float64
}

// FitMAP finds the MAP network by Adam. The TFP post keeps the state of
// highest test-set log-likelihood, which lets the test set choose the
// model; here the last ValidFraction of the (already shuffled) Keras
// training rows is held out instead: a first run on the others records
// the held-out log-likelihood, and the network is then refitted on all
// training rows, from the same initial point, for the number of steps
// that maximised it (early stopping, then refit). The test set is not
// looked at.
func FitMAP(d *Data, cfg MAPConfig) (*MAPFit, error) {
	if cfg.Steps == 0 {
		cfg.Steps = 3000
	}
	if cfg.LearningRate == 0 {
		cfg.LearningRate = 1e-3
	}
	if cfg.ValidFraction == 0 {
		cfg.ValidFraction = 0.2
	}
	if !(cfg.ValidFraction > 0 && cfg.ValidFraction < 1) {
		return nil, fmt.Errorf("boston: MAP: held-out fraction %g, must be in (0, 1)", cfg.ValidFraction)
	}
	n := len(d.XTrain)
	nv := int(float64(n) * cfg.ValidFraction)
	ns := n - nv
	if nv < 1 || ns < 1 {
		return nil, fmt.Errorf("boston: MAP: %d training rows cannot be split by %g", n, cfg.ValidFraction)
	}
	m, err := NewModel()
	if err != nil {
		return nil, err
	}
	sub, err := NewPosterior(m, d.XTrain[:ns], d.YTrain[:ns])
	if err != nil {
		return nil, err
	}
	init := sub.InitialPoint(rand.New(rand.NewPCG(cfg.Seed, 0x6d6170)), 1)
	sel, err := bayesnn.MAP(sub, init, &bayesnn.MAPOptions{
		Steps:        cfg.Steps,
		LearningRate: cfg.LearningRate,
		Valid:        bayesnn.NewData(d.XTrain[ns:], d.YTrain[ns:]),
	})
	if err != nil {
		return nil, fmt.Errorf("boston: MAP on the reduced training rows: %w", err)
	}
	full, err := NewPosterior(m, d.XTrain, d.YTrain)
	if err != nil {
		return nil, err
	}
	fit := &MAPFit{Select: sel, NSub: ns, NValid: nv, Theta: init}
	if sel.BestStep > 0 {
		refit, err := bayesnn.MAP(full, init, &bayesnn.MAPOptions{Steps: sel.BestStep, LearningRate: cfg.LearningRate})
		if err != nil {
			return nil, fmt.Errorf("boston: MAP refit on all training rows: %w", err)
		}
		fit.Theta = refit.Theta
	}
	return fit, nil
}

// NUTSConfig configures RunNUTS. The zero value of a field means the
// default beside it.
type NUTSConfig struct {
	Chains int // default 4
	Warmup int // default 1500 (the TFP post's num_burnin_steps); negative: none
	Draws  int // default 500 (the TFP post's num_results)
	Seed   uint64
	// MaxTreeDepth bounds NUTS trees (default 10).
	MaxTreeDepth int
	// Adapted and Initial resume a previous run: its Trace.Adapted and
	// Trace.Last(). With Adapted the warm-up is skipped.
	Adapted []samplers.Adaptation
	Initial [][]float64
	// Progress receives progress lines (nil: silent).
	Progress io.Writer
}

// RunNUTS samples the posterior of the network given all training rows
// with NUTS, Stan's warm-up (dual averaging of the step size and a
// diagonal metric estimated in windows), every chain starting at start
// (the MAP state) unless cfg.Initial is given.
func RunNUTS(ctx context.Context, d *Data, start []float64, cfg NUTSConfig) (*samplers.Trace, error) {
	if cfg.Chains == 0 {
		cfg.Chains = 4
	}
	if cfg.Warmup == 0 {
		cfg.Warmup = 1500
	}
	if cfg.Draws == 0 {
		cfg.Draws = 500
	}
	m, err := NewModel()
	if err != nil {
		return nil, err
	}
	post, err := NewPosterior(m, d.XTrain, d.YTrain)
	if err != nil {
		return nil, err
	}
	init := cfg.Initial
	if init == nil {
		if len(start) != post.Dim() {
			return nil, fmt.Errorf("boston: NUTS: start has %d values, the posterior %d", len(start), post.Dim())
		}
		init = [][]float64{start}
	}
	opts := samplers.Options{
		Chains:        cfg.Chains,
		Warmup:        cfg.Warmup,
		Draws:         cfg.Draws,
		Seed:          cfg.Seed,
		MaxTreeDepth:  cfg.MaxTreeDepth,
		InitialPoints: init,
		Adapted:       cfg.Adapted,
		Progress:      cfg.Progress,
	}
	tr, err := samplers.Sample(ctx, post, opts)
	if err != nil {
		return nil, fmt.Errorf("boston: NUTS: %w", err)
	}
	return tr, nil
}

// Draws returns every post-warm-up draw of tr as its own slice (chain by
// chain), thinned to every thin-th draw (thin < 1 means 1).
func Draws(tr *samplers.Trace, thin int) [][]float64 {
	thin = max(thin, 1)
	var out [][]float64
	for c := range tr.Chains {
		for i := 0; i < tr.NumDraws(); i += thin {
			k := (c*tr.Draws + tr.Warmup + i) * tr.Dim
			out = append(out, append([]float64(nil), tr.Samples[k:k+tr.Dim]...))
		}
	}
	return out
}
