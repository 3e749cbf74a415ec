package mnistcnn

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"github.com/bayesnn-go/bayesnn/bayesnn"
	"github.com/bayesnn-go/bayesnn/datasets"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// Data holds the training digits and the held-out digits, pixels scaled
// to [0, 1] (torchvision's ToTensor), one row of 784 values per image.
type Data struct {
	TrainX, TestX [][]float64
	TrainY, TestY []int
}

// LoadData returns hamiltorch's split of the MNIST training set: its first
// nTrain digits for training and the nTest digits after them as held-out
// digits (train[nTrain : nTrain+nTest]), scaled to [0, 1].
func LoadData(nTrain, nTest int) (*Data, error) {
	if nTrain < 1 || nTest < 1 {
		return nil, fmt.Errorf("mnistcnn: need at least one training and one held-out digit, got %d and %d", nTrain, nTest)
	}
	tr, err := datasets.LoadMNIST(context.Background(), datasets.MNISTTrain, nTrain+nTest)
	if err != nil {
		return nil, fmt.Errorf("mnistcnn: digits: %w", err)
	}
	if len(tr.Labels) < nTrain+nTest {
		return nil, fmt.Errorf("mnistcnn: the training set has %d digits, %d asked", len(tr.Labels), nTrain+nTest)
	}
	x := rows(tr.Floats(nil, datasets.ScaleUnit), tr.Rows*tr.Cols)
	y := tr.IntLabels()
	return &Data{
		TrainX: x[:nTrain:nTrain], TrainY: y[:nTrain:nTrain],
		TestX: x[nTrain : nTrain+nTest], TestY: y[nTrain : nTrain+nTest],
	}, nil
}

// rows splits a flat slice into rows of width w (aliasing it).
func rows(flat []float64, w int) [][]float64 {
	r := make([][]float64, len(flat)/w)
	for i := range r {
		r[i] = flat[i*w : (i+1)*w : (i+1)*w]
	}
	return r
}

// Config is one HMC run on the CNN. The zero value of a field means the
// hamiltorch tutorial's setting given in its comment.
type Config struct {
	Samples  int     // HMC iterations, all kept (3000)
	Burn     int     // draws dropped before averaging (500)
	StepSize float64 // leapfrog step size (0.003)
	Steps    int     // leapfrog steps per iteration, hamiltorch's L (1)
	// EvalEvery evaluates the test accuracy of every k-th draw (1: all).
	EvalEvery int
	// Mean averages the log-likelihood over the training digits
	// (hamiltorch's multi_class_log_softmax_output, PyTorch's nll_loss
	// default); false sums it (multi_class_linear_output).
	Mean bool
	// Tau is the prior precision of every parameter tensor, hamiltorch's
	// tau_list entries (1: N(0, 1)).
	Tau float64
	// Init is the chain's starting point (nil: PyTorch's initialisation
	// drawn from Seed, as hamiltorch starts).
	Init []float64
	Seed uint64
	// Progress receives a line about every ten seconds (nil: silent).
	Progress io.Writer
}

func (c Config) withDefaults() Config {
	if c.Samples == 0 {
		c.Samples = 3000
	}
	if c.Burn == 0 {
		c.Burn = 500
	}
	if c.StepSize == 0 {
		c.StepSize = 0.003
	}
	if c.Steps == 0 {
		c.Steps = 1
	}
	if c.EvalEvery == 0 {
		c.EvalEvery = 1
	}
	if c.Tau == 0 {
		c.Tau = 1
	}
	return c
}

// Result is what a run measured. Accuracies are fractions in [0, 1].
type Result struct {
	Likelihood string
	// StepSize, Steps and Tau are the run's settings.
	StepSize float64
	Steps    int
	Tau      float64
	Samples  int
	Burn     int
	// Iter[j] is the 1-based iteration of the j-th evaluated draw and
	// Acc[j] its accuracy on the held-out digits.
	Iter, Acc []float64
	// AcceptRate is the fraction of accepted proposals; MeanAcceptStat
	// the mean of min(1, exp(-ΔH)).
	AcceptRate, MeanAcceptStat float64
	// MeanAcc is the mean per-draw accuracy of the evaluated draws after
	// Burn (hamiltorch's expected accuracy), MCSE its Monte Carlo
	// standard error (from the effective sample size of the series) and
	// NAfter the number of draws averaged.
	MeanAcc, MCSE float64
	NAfter        int
	// EnsembleAcc is the accuracy of the class probabilities averaged
	// over the same draws (the posterior predictive).
	EnsembleAcc float64
	// LogEnsembleAcc is hamiltorch's "expected accuracy": the class of
	// highest log-softmax output averaged over the same draws (a
	// geometric-mean ensemble).
	LogEnsembleAcc float64
	// Predicted and Confidence are the ensemble's class and its averaged
	// probability for the first digits of the held-out set (for display).
	Predicted  []int
	Confidence []float64
	// Seconds is the wall time of the sampling and SampleSeconds the part
	// spent in HMC (gradients), without the accuracy evaluations.
	Seconds, SampleSeconds float64
	Gradients              int
}

// SamplesPerSecond is the HMC iterations per second of sampling time.
func (r *Result) SamplesPerSecond() float64 { return float64(r.Samples) / r.SampleSeconds }

// GradientsPerSecond is the gradient evaluations per second of sampling
// time.
func (r *Result) GradientsPerSecond() float64 { return float64(r.Gradients) / r.SampleSeconds }

// likelihoodName names the likelihood as hamiltorch does.
func likelihoodName(mean bool) string {
	if mean {
		return "multi_class_log_softmax_output (mean)"
	}
	return "multi_class_linear_output (sum)"
}

// Posterior returns the log posterior of the CNN on the training digits
// with hamiltorch's prior (precision tau on every tensor) and likelihood.
func Posterior(d *Data, mean bool, tau float64) (*bayesnn.Posterior, error) {
	m := bayesnn.HamiltorchCNN()
	taus := make([]float64, len(m.Blocks()))
	for i := range taus {
		taus[i] = tau
	}
	return bayesnn.LogPosterior(m, bayesnn.NewLabels(d.TrainX, d.TrainY),
		bayesnn.Categorical{Mean: mean}, bayesnn.GaussianPrior{TauList: taus}, nil)
}

// TorchInit writes PyTorch's default initialisation of Conv2d and Linear
// layers into dst (allocated if nil): every weight and bias uniform on
// ±1/sqrt(fan_in), fan_in being the inputs to one output unit. hamiltorch
// starts its chain there (hamiltorch.util.flatten(net)).
func TorchInit(m *bayesnn.Sequential, rng *rand.Rand, dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, m.NumParams())
	}
	blocks := m.Blocks()
	fanIn := map[string]int{}
	for _, b := range blocks {
		if b.Spec.Bias {
			continue
		}
		s := b.Spec.Shape
		switch len(s) {
		case 2: // dense W [In, Out]
			fanIn[b.Layer] = s[0]
		case 4: // conv W [Out, In, K, K]
			fanIn[b.Layer] = s[1] * s[2] * s[3]
		default:
			panic(fmt.Sprintf("mnistcnn: unexpected weight shape %v of %s", s, b.Name()))
		}
	}
	for _, b := range blocks {
		f := fanIn[b.Layer]
		if f == 0 {
			panic(fmt.Sprintf("mnistcnn: no weight for the bias %s", b.Name()))
		}
		bound := 1 / math.Sqrt(float64(f))
		for i := range b.Spec.Size() {
			dst[b.Offset+i] = bound * (2*rng.Float64() - 1)
		}
	}
	return dst
}

// nShow is the number of held-out digits whose ensemble prediction a
// Result keeps for display.
const nShow = 24

// Run samples the CNN's posterior by HMC from PyTorch's initialisation,
// keeping no draw: each evaluated draw's test accuracy is recorded and,
// after Burn, its class probabilities are added to the ensemble. It
// returns what it has so far, with ctx's error, when ctx is cancelled.
func Run(ctx context.Context, d *Data, cfg Config) (*Result, error) {
	cfg = cfg.withDefaults()
	if cfg.Burn >= cfg.Samples {
		return nil, fmt.Errorf("mnistcnn: burn-in %d leaves no draws of %d", cfg.Burn, cfg.Samples)
	}
	if cfg.StepSize < 0 || cfg.Steps < 0 || cfg.EvalEvery < 0 || cfg.Tau < 0 {
		return nil, fmt.Errorf("mnistcnn: negative setting in %+v", cfg)
	}
	post, err := Posterior(d, cfg.Mean, cfg.Tau)
	if err != nil {
		return nil, err
	}
	m := post.Model
	pred, err := m.NewPredictor(d.TestX)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x6d6e697374))
	x0 := TorchInit(m, rng, nil)
	if cfg.Init != nil {
		if len(cfg.Init) != len(x0) {
			return nil, fmt.Errorf("mnistcnn: initial point has %d values, the network %d", len(cfg.Init), len(x0))
		}
		copy(x0, cfg.Init)
	}
	k := samplers.HMC{StepSize: cfg.StepSize, Steps: cfg.Steps}
	st, err := k.Init(post, x0)
	if err != nil {
		return nil, fmt.Errorf("mnistcnn: initial point: %w", err)
	}

	n, w := pred.Rows(), pred.Width()
	out := make([]float64, n*w)
	ens := make([]float64, n*w)
	logEns := make([]float64, n*w)
	probs := make([]float64, w)
	r := &Result{Likelihood: likelihoodName(cfg.Mean), StepSize: cfg.StepSize, Steps: cfg.Steps, Tau: cfg.Tau,
		Samples: cfg.Samples, Burn: cfg.Burn}
	var after []float64
	accepted, sumStat := 0, 0.0
	start := time.Now()
	var sampling time.Duration
	lastReport := start
	done := 0
	for it := 1; it <= cfg.Samples; it++ {
		if err := ctx.Err(); err != nil {
			r.Samples = done
			finish(r, accepted, sumStat, done, after, ens, logEns, d.TestY, w, start, sampling)
			return r, err
		}
		t0 := time.Now()
		before := st.LogDensity
		info := k.Step(rng, st)
		sampling += time.Since(t0)
		r.Gradients += info.NLeapfrog
		done = it
		sumStat += info.AcceptStat
		if st.LogDensity != before {
			accepted++
		}
		if it%cfg.EvalEvery != 0 {
			continue
		}
		pred.Predict(out, st.Position)
		correct := 0
		for i := range n {
			row := out[i*w : (i+1)*w]
			if argmax(row) == d.TestY[i] {
				correct++
			}
			if it > cfg.Burn {
				lse := softmax(probs, row)
				for c, p := range probs {
					ens[i*w+c] += p
					logEns[i*w+c] += row[c] - lse
				}
			}
		}
		acc := float64(correct) / float64(n)
		r.Iter = append(r.Iter, float64(it))
		r.Acc = append(r.Acc, acc)
		if it > cfg.Burn {
			after = append(after, acc)
		}
		if cfg.Progress != nil && time.Since(lastReport) > 10*time.Second {
			lastReport = time.Now()
			fmt.Fprintf(cfg.Progress, "mnistcnn: %s: %d/%d, accept %.2f, accuracy %.3f, %.1f s\n",
				r.Likelihood, it, cfg.Samples, float64(accepted)/float64(it), acc, time.Since(start).Seconds())
		}
	}
	finish(r, accepted, sumStat, done, after, ens, logEns, d.TestY, w, start, sampling)
	return r, nil
}

// finish computes the summaries of a run.
func finish(r *Result, accepted int, sumStat float64, done int, after, ens, logEns []float64, labels []int, w int, start time.Time, sampling time.Duration) {
	r.Seconds = time.Since(start).Seconds()
	r.SampleSeconds = sampling.Seconds()
	if done > 0 {
		r.AcceptRate = float64(accepted) / float64(done)
		r.MeanAcceptStat = sumStat / float64(done)
	}
	r.NAfter = len(after)
	r.MeanAcc, r.MCSE = math.NaN(), math.NaN()
	r.EnsembleAcc, r.LogEnsembleAcc = math.NaN(), math.NaN()
	if len(after) == 0 {
		return
	}
	s := 0.0
	for _, a := range after {
		s += a
	}
	r.MeanAcc = s / float64(len(after))
	if len(after) >= 4 {
		if se, err := diag.MCSEMean([][]float64{after}); err == nil {
			r.MCSE = se
		}
	}
	correct, logCorrect := 0, 0
	for i, l := range labels {
		if argmax(logEns[i*w:(i+1)*w]) == l {
			logCorrect++
		}
		row := ens[i*w : (i+1)*w]
		c := argmax(row)
		if c == l {
			correct++
		}
		if i < nShow {
			tot := 0.0
			for _, p := range row {
				tot += p
			}
			r.Predicted = append(r.Predicted, c)
			r.Confidence = append(r.Confidence, row[c]/tot)
		}
	}
	r.EnsembleAcc = float64(correct) / float64(len(labels))
	r.LogEnsembleAcc = float64(logCorrect) / float64(len(labels))
}

func argmax(x []float64) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

// softmax writes the softmax of logits into dst and returns the
// log-sum-exp of the logits (log softmax = logits - lse).
func softmax(dst, logits []float64) float64 {
	mx := logits[argmax(logits)]
	s := 0.0
	for i, v := range logits {
		dst[i] = math.Exp(v - mx)
		s += dst[i]
	}
	for i := range dst {
		dst[i] /= s
	}
	return mx + math.Log(s)
}
