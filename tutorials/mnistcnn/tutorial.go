// Package mnistcnn is the tutorial "hamiltorch MNIST CNN".
package mnistcnn

import (
	"fmt"
	"math"

	"github.com/bayesnn-go/bayesnn/bayesnn"
	"github.com/bayesnn-go/bayesnn/plotting"
	"github.com/bayesnn-go/bayesnn/report"
	"github.com/bayesnn-go/bayesnn/tutorials/tutorial"
)

// State is carried from section to section (and from notebook cell to
// cell, gob-encoded): exported fields only.
type State struct {
	// Main is the run with the tutorial's settings, Other the shorter run
	// with the other likelihood, Notebook the run of hamiltorch's notebook.
	Main, Other, Notebook *Result
}

// Sizes of the tutorial (full, CI).
var (
	// NTrain and NTest are the training digits and the held-out digits.
	NTrain, NTest = 100, 1000
	// MainSamples, MainBurn and MainEvalEvery size the main run.
	MainSamples   = [2]int{3000, 150}
	MainBurn      = [2]int{500, 50}
	MainEvalEvery = [2]int{1, 10}
	// OtherSamples, OtherBurn and OtherEvalEvery size the run with the
	// other likelihood.
	OtherSamples   = [2]int{1200, 50}
	OtherBurn      = [2]int{500, 20}
	OtherEvalEvery = [2]int{5, 10}
	// NotebookSamples, NotebookBurn and NotebookEvalEvery size the run
	// of hamiltorch's notebook (its expected accuracy averages the last
	// 1,000 of 3,000 draws).
	NotebookSamples   = [2]int{3000, 60}
	NotebookBurn      = [2]int{2000, 30}
	NotebookEvalEvery = [2]int{1, 10}
)

// The run of hamiltorch's notebook and what it printed.
const (
	NotebookTau      = 0.001 // every entry of tau_list: prior sd 31.6
	NotebookStepSize = 0.008
	NotebookSteps    = 2
	// NotebookAccept and NotebookExpected are the acceptance rate and the
	// "Expected Accuracy" the notebook prints.
	NotebookAccept   = 0.62
	NotebookExpected = 0.61
)

// NotebookConfig is the run of hamiltorch's notebook at the environment's
// size: averaged likelihood, tau 0.001, step 0.008, L = 2.
func NotebookConfig(env *tutorial.Env) Config {
	return Config{Samples: env.Pick(NotebookSamples[0], NotebookSamples[1]), Burn: env.Pick(NotebookBurn[0], NotebookBurn[1]),
		EvalEvery: env.Pick(NotebookEvalEvery[0], NotebookEvalEvery[1]), StepSize: NotebookStepSize, Steps: NotebookSteps,
		Tau: NotebookTau, Mean: true, Seed: env.Seed, Progress: env.Progress}
}

// TutorialMean is the likelihood of the hamiltorch tutorial: its network
// ends in log_softmax and it passes model_loss =
// 'multi_class_log_softmax_output', whose nll_loss averages over the
// digits.
const TutorialMean = true

// MainConfig and OtherConfig are the two runs at the environment's size.
func MainConfig(env *tutorial.Env) Config {
	return Config{Samples: env.Pick(MainSamples[0], MainSamples[1]), Burn: env.Pick(MainBurn[0], MainBurn[1]),
		EvalEvery: env.Pick(MainEvalEvery[0], MainEvalEvery[1]), StepSize: 0.003, Steps: 1, Tau: 1,
		Mean: TutorialMean, Seed: env.Seed, Progress: env.Progress}
}

// OtherConfig is the shorter run with the other likelihood.
func OtherConfig(env *tutorial.Env) Config {
	c := MainConfig(env)
	c.Samples, c.Burn = env.Pick(OtherSamples[0], OtherSamples[1]), env.Pick(OtherBurn[0], OtherBurn[1])
	c.EvalEvery = env.Pick(OtherEvalEvery[0], OtherEvalEvery[1])
	c.Mean = !TutorialMean
	return c
}

// Tutorial is the tutorial; its program is tutorials/cmd/mnistcnn and its
// notebook notebooks/03_mnist_cnn.ipynb.
var Tutorial = &tutorial.Tutorial{
	Name:  "03_mnist_cnn",
	Title: "hamiltorch MNIST CNN",
	Intro: "A Bayesian convolutional network on 100 handwritten digits, after hamiltorch's MNIST example: " +
		"Hamiltonian Monte Carlo over all 431,080 weights of a LeNet-style CNN, the accuracy of every draw on " +
		"1,000 held-out digits, and what hamiltorch's choice of likelihood does to the posterior it samples.",
	Package:  "github.com/bayesnn-go/bayesnn/tutorials/mnistcnn",
	Var:      "Tutorial",
	NewState: func() any { return new(State) },
	Sections: []tutorial.Section{
		{Title: "The data and the network", Prose: proseData, Run: runData},
		{Title: "HMC over the weights", Prose: proseHMC, Run: runMain},
		{Title: "Summed or averaged likelihood", Prose: proseLik, Run: runOther},
		{Title: "hamiltorch's own run", Prose: proseNotebook, Run: runNotebook},
		{Title: "The posterior predictive", Prose: prosePred, Run: runPred},
	},
}

const proseData = `hamiltorch's MNIST example asks how far Hamiltonian Monte Carlo gets with a real convolutional network ` +
	`and very little data. It keeps the first 100 digits of the MNIST training set, turned into tensors by torchvision's ` +
	"`ToTensor()`" + ` alone (pixels divided by 255, no mean/std normalisation), and measures accuracy on the 1,000 ` +
	`digits that follow them in the training set (` + "`train_data[100:1100]`" + `), as here (` + "`LoadData`" + `).

The network is the classic PyTorch MNIST CNN:

- conv 1→20 channels, 5×5, then 2×2 max-pooling and ReLU (24×24 → 12×12),
- conv 20→50 channels, 5×5, then 2×2 max-pooling and ReLU (8×8 → 4×4),
- flatten to 800 features, dense 800→500 with ReLU, dense 500→10 logits.

That is 431,080 parameters for 100 labels: the data cannot pin the weights down, and the prior and the sampler ` +
	`decide much of what we see. hamiltorch's prior is ` + "`tau_list`" + `, one precision per parameter tensor ` +
	`(` + "`bayesnn.GaussianPrior{TauList: ...}`" + `). The main run below sets every entry to 1, so every weight and bias ` +
	`is N(0, 1) a priori; hamiltorch's notebook uses 0.001 (a section below runs it). ` +
	`(ReLU and max-pooling commute, so pooling before or after the ReLU gives the same network.)`

func runData(env *tutorial.Env, _ any) error {
	d, err := LoadData(NTrain, NTest)
	if err != nil {
		return err
	}
	m := bayesnn.HamiltorchCNN()
	counts := make([]int, 10)
	for _, y := range d.TrainY {
		counts[y]++
	}
	var tab tutorial.Table
	tab.Header = []string{"digit", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	row := []string{"training digits"}
	for _, c := range counts {
		row = append(row, fmt.Sprint(c))
	}
	tab.AddRow(row...)
	fig, err := plotting.Digits(d.TrainX[:16], d.TrainY[:16], plotting.DigitsOptions{Title: "The first 16 training digits"})
	if err != nil {
		return err
	}
	env.Out.Add(
		report.Text("```\n"+m.Summary()+"```"),
		report.Table(tab, fmt.Sprintf("Labels of the %d training digits.", len(d.TrainY))),
		report.PlotPNG(fig, "Training digits with their labels."),
	)
	return nil
}

const proseHMC = `hamiltorch samples the weights with plain HMC: a fresh momentum p ~ N(0, I) each iteration, ` +
	`L leapfrog steps of size ε on H(θ, p) = -log p(θ | data) + ½|p|², then a Metropolis test. The example uses ` +
	`ε = 0.003 and **L = 1**: one gradient per iteration, which makes HMC the Metropolis-adjusted Langevin ` +
	`algorithm, θ' = θ + (ε²/2)∇log p(θ) + ε·ξ. It starts from PyTorch's default initialisation of the layers ` +
	`(uniform on ±1/sqrt(fan_in), ` + "`TorchInit`" + `), not from the prior, and draws 3,000 samples.

Storing 3,000 draws of 431,080 numbers would take 10 GB, so instead of ` + "`samplers.Sample`" + ` the tutorial ` +
	`drives the kernel itself (` + "`samplers.HMC{StepSize: 0.003, Steps: 1}`" + `, ` + "`Init`" + ` and ` + "`Step`" +
	`) and, after each iteration, replays one recorded forward pass of the network on the 1,000 held-out digits ` +
	`(` + "`bayesnn.Predictor`" + `) to get that draw's accuracy. After a burn-in of 500 draws it reports the **mean accuracy** ` +
	`of the draws, with its Monte Carlo standard error from the effective sample size of the accuracy series, and the ` +
	`accuracy of the **ensemble**: the class probabilities averaged over the same draws, which is the posterior ` +
	`predictive. hamiltorch's "expected accuracy" is a third, close one: the class of highest log-softmax output ` +
	`averaged over the draws (a geometric-mean ensemble). In the CI size the ` +
	`run is 150 iterations with a burn-in of 50. Every draw is evaluated, as hamiltorch does (2,500 draws after burn-in); a forward pass on 1,000 digits costs about three gradients on 100, so the evaluations take longer than the sampling. In CI every 10th draw is evaluated.

The likelihood follows the example: its network ends in ` + "`log_softmax`" + ` and it passes ` +
	"`model_loss='multi_class_log_softmax_output'`" + `, which hamiltorch computes with PyTorch's ` + "`nll_loss`" + `, ` +
	`whose default reduction is the **mean** over the 100 digits (` + "`bayesnn.Categorical{Mean: true}`" + `). The next section ` +
	`looks at what that means.`

func runMain(env *tutorial.Env, state any) error {
	st := state.(*State)
	r, fig, err := runPlotted(env, MainConfig(env), "Accuracy of each draw on the held-out digits")
	if err != nil {
		return err
	}
	st.Main = r
	env.Out.Add(
		report.PlotPNG(fig, fmt.Sprintf("Held-out accuracy of each evaluated draw (likelihood %s).", r.Likelihood)),
		report.Table(resultTable(r), "The run with the tutorial's settings (sampling rate: HMC time only, without the accuracy evaluations)."),
		report.Text(fmt.Sprintf("Mean accuracy of the draws after burn-in: **%.1f %%** (± %.1f %% MCSE) over %d draws; "+
			"ensemble accuracy **%.1f %%**, hamiltorch's expected accuracy %.1f %%.%s", 100*r.MeanAcc, 100*r.MCSE, r.NAfter,
			100*r.EnsembleAcc, 100*r.LogEnsembleAcc, verdict(r))),
	)
	return nil
}

const proseLik = `hamiltorch offers two likelihoods for a 10-class network, and they are not the same model:

- ` + "`multi_class_linear_output`" + `: the network outputs logits and the log-likelihood is ` +
	"`-CrossEntropyLoss(reduction='sum')`" + `, Σ_i log softmax(f(x_i))[y_i]: the Bayesian likelihood of the 100 labels.
- ` + "`multi_class_log_softmax_output`" + `: the network outputs log-probabilities and the log-likelihood is ` +
	"`-nll_loss(output, y)`" + `, whose default reduction is the **mean**: (1/N) Σ_i log p(y_i | x_i).

The second is the first multiplied by 1/N = 1/100, a posterior **tempered** by 1/N: the 100 digits weigh as ` +
	`much as one, and the N(0, 1) prior on 431,080 weights dominates. Its gradient is 100 times weaker, so with the ` +
	`same ε the drift (ε²/2)∇log p is tiny next to the noise ε·ξ, energy errors are small and nearly every ` +
	`proposal is accepted. With the summed likelihood the gradient, and the energy error of a leapfrog step, are ` +
	`about 100 times larger. Both are offered here (` + "`Config.Mean`" + `, ` + "`bayesnn.Categorical{Mean: ...}`" + `); ` +
	`below is a shorter run with the likelihood the example does not use (1,200 iterations, burn-in 500), next to ` +
	`the first 1,200 iterations of the main run, from the same starting point with the same random stream.

Note how little time the sampler covers: with L = 1 the chain is a discretised Langevin diffusion with time step ` +
	`ε² = 9·10⁻⁶, so 3,000 iterations integrate it for 0.027 time units. Along that path the drift moves each weight by ` +
	`about 0.0135·∂log p/∂θ, while the noise moves it by ε·sqrt(3000) ≈ 0.16, several times PyTorch's initial scale of ` +
	`the dense layers (1/sqrt(800) ≈ 0.035). With the averaged likelihood the drift is 100 times weaker and the noise wins: ` +
	`the draws are the initial network slowly blurred by noise, and their accuracy wanders around chance. With the summed ` +
	`likelihood the drift starts to win after a few hundred iterations. Longer paths are what helps: a hamiltorch user ` +
	`reports an expected accuracy above 80 % for this network with τ = 0.1 and ε = 0.02 (5,000 samples, burn-in 500; ` +
	`hamiltorch issue #7), a step whose ε² is 44 times larger. ` + "`Config{Tau: 0.1, StepSize: 0.02, Samples: 5000}`" + ` runs ` +
	`those settings; in one run here (seed 1, averaged likelihood, held-out digits from the test set) they gave a mean ` +
	`accuracy of 46 % and an ensemble accuracy of 59 % at an acceptance rate of 26 %; with L = 2 the acceptance rate fell ` +
	`below 10 % after 2,000 iterations and the chain stalled at about 46 %. We could not reproduce the report.`

func runOther(env *tutorial.Env, state any) error {
	st := state.(*State)
	if st.Main == nil {
		return fmt.Errorf("run the previous section first")
	}
	d, err := LoadData(NTrain, NTest)
	if err != nil {
		return err
	}
	r, err := Run(env.Ctx, d, OtherConfig(env))
	if err != nil {
		return err
	}
	st.Other = r
	// The main run over the same iterations.
	var mx, my []float64
	for i, it := range st.Main.Iter {
		if it <= float64(r.Samples) {
			mx, my = append(mx, it), append(my, st.Main.Acc[i])
		}
	}
	fig, err := plotting.Accuracy([]plotting.Series{
		{Name: st.Main.Likelihood, X: mx, Y: my},
		{Name: r.Likelihood, X: r.Iter, Y: r.Acc},
	}, plotting.AccuracyOptions{Title: "Accuracy of each draw: averaged vs summed likelihood", UnitY: true})
	if err != nil {
		return err
	}
	var tab tutorial.Table
	tab.Header = []string{"likelihood", "iterations", "accept rate", "mean accept stat", "mean accuracy of the draws (± MCSE)",
		fmt.Sprintf("mean accuracy of draws %d–%d", r.Burn+1, r.Samples), "ensemble accuracy"}
	for _, x := range []*Result{st.Main, r} {
		tab.AddRow(x.Likelihood, fmt.Sprint(x.Samples), pct(x.AcceptRate), fmt.Sprintf("%.4f", x.MeanAcceptStat),
			pctErr(x.MeanAcc, x.MCSE), pct(WindowMean(x.Iter, x.Acc, r.Burn, r.Samples)), pct(x.EnsembleAcc))
	}
	env.Out.Add(
		report.PlotPNG(fig, "Held-out accuracy of each draw with the two likelihoods, same seed and starting point."),
		report.Table(tab, fmt.Sprintf("The two likelihoods (the main run over all its %d iterations, burn-in %d; the other over %d, burn-in %d).",
			st.Main.Samples, st.Main.Burn, r.Samples, r.Burn)),
	)
	return nil
}

const proseNotebook = `Where does a figure for this example come from? hamiltorch's notebook ` +
	"`hamiltorch_Bayesian_NN_example.ipynb`" + ` (section "Demonstrating HMC over a CNN", "definitely not optimised ` +
	`hyperparameters") runs the network above with ` + "`tau = 0.001`" + ` for every tensor (prior sd 31.6), ` +
	"`step_size = 0.008`" + ` (its comment lists 0.003 as an earlier value), ` + "`L = 2`" + `, 3,000 samples, the ` +
	`averaged likelihood, and prints an acceptance rate of **0.62** and an "Expected Accuracy" of **0.61**: the class of ` +
	`highest log-softmax output averaged over the last 1,000 samples, on ` + "`train_data[100:1100]`" + `. (A later ` +
	`revision of the notebook switched to logits, the summed likelihood, tau = 10, ε = 0.001 and L = 20 for 300 ` +
	`samples, and prints no accuracy.) The 77.6 % that the issue behind this tutorial quotes appears in neither ` +
	`revision. Below is that run here (` + "`NotebookConfig`" + `), from PyTorch's initialisation, with the same ` +
	`summaries. A single chain of each is compared, so expect differences of a few points from the random streams ` +
	`alone (the binomial standard error of an accuracy on 1,000 digits is 1.5 points).`

func runNotebook(env *tutorial.Env, state any) error {
	st := state.(*State)
	r, fig, err := runPlotted(env, NotebookConfig(env), "hamiltorch's notebook run: accuracy of each draw")
	if err != nil {
		return err
	}
	st.Notebook = r
	var tab tutorial.Table
	tab.Header = []string{"", "acceptance rate", "expected accuracy (averaged log-softmax)", "ensemble accuracy", "mean accuracy of the draws"}
	tab.AddRow("hamiltorch's notebook (printed)", pct(NotebookAccept), pct(NotebookExpected), "–", "–")
	tab.AddRow(fmt.Sprintf("here (draws %d–%d)", r.Burn+1, r.Samples), pct(r.AcceptRate), pct(r.LogEnsembleAcc),
		pct(r.EnsembleAcc), pctErr(r.MeanAcc, r.MCSE))
	env.Out.Add(
		report.PlotPNG(fig, fmt.Sprintf("Held-out accuracy of each evaluated draw: tau %g, step %g, L = %d, %s.",
			r.Tau, r.StepSize, r.Steps, r.Likelihood)),
		report.Table(tab, "hamiltorch's printed figures and this run's."),
	)
	return nil
}

const prosePred = `The ensemble's prediction for a digit is the class of highest probability averaged over the draws ` +
	`after burn-in, and that average probability is its confidence. Below are the first held-out digits with the ` +
	`ensemble's label (and the true one where it is wrong) from the main run.`

func runPred(env *tutorial.Env, state any) error {
	st := state.(*State)
	if st.Main == nil || len(st.Main.Predicted) == 0 {
		return fmt.Errorf("run the HMC section first")
	}
	d, err := LoadData(NTrain, NTest)
	if err != nil {
		return err
	}
	k := len(st.Main.Predicted)
	fig, err := plotting.Digits(d.TestX[:k], st.Main.Predicted, plotting.DigitsOptions{
		Truth: d.TestY[:k], Confidence: st.Main.Confidence, Title: "Ensemble predictions on held-out digits"})
	if err != nil {
		return err
	}
	env.Out.Add(report.PlotPNG(fig, "Predicted label and its averaged probability; wrong predictions are coloured."))
	return nil
}

// runPlotted loads the digits, runs cfg and plots the accuracy of each
// evaluated draw under the given title.
func runPlotted(env *tutorial.Env, cfg Config, title string) (*Result, *plotting.Figure, error) {
	d, err := LoadData(NTrain, NTest)
	if err != nil {
		return nil, nil, err
	}
	r, err := Run(env.Ctx, d, cfg)
	if err != nil {
		return nil, nil, err
	}
	fig, err := plotting.Accuracy([]plotting.Series{{Name: "each draw", X: r.Iter, Y: r.Acc}},
		plotting.AccuracyOptions{Title: title, UnitY: true})
	return r, fig, err
}

// WindowMean returns the mean of acc[j] over the draws with lo < iter[j] <= hi
// (NaN if there are none).
func WindowMean(iter, acc []float64, lo, hi int) float64 {
	s, n := 0.0, 0
	for j, it := range iter {
		if it > float64(lo) && it <= float64(hi) {
			s += acc[j]
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

// verdict says what a run of the tutorial's settings shows.
func verdict(r *Result) string {
	if math.IsNaN(r.MeanAcc) {
		return ""
	}
	if r.MeanAcc < 0.5 {
		return " With these settings the chain barely leaves its starting point in the directions the data " +
			"constrain (next section)."
	}
	return ""
}

// resultTable shows one run.
func resultTable(r *Result) tutorial.Table {
	var t tutorial.Table
	t.Header = []string{"quantity", "value"}
	t.AddRow("likelihood", r.Likelihood)
	t.AddRow(fmt.Sprintf("iterations (step %g, L = %d, tau %g)", r.StepSize, r.Steps, r.Tau), fmt.Sprint(r.Samples))
	t.AddRow("burn-in", fmt.Sprint(r.Burn))
	t.AddRow("draws evaluated after burn-in", fmt.Sprint(r.NAfter))
	t.AddRow("acceptance rate", pct(r.AcceptRate))
	t.AddRow("mean accept statistic", fmt.Sprintf("%.4f", r.MeanAcceptStat))
	t.AddRow("mean accuracy of the draws (± MCSE)", pctErr(r.MeanAcc, r.MCSE))
	t.AddRow("ensemble accuracy (averaged probabilities)", pct(r.EnsembleAcc))
	t.AddRow("hamiltorch's expected accuracy (averaged log-softmax)", pct(r.LogEnsembleAcc))
	t.AddRow("samples/s", fmt.Sprintf("%.2f", r.SamplesPerSecond()))
	t.AddRow("gradients/s", fmt.Sprintf("%.2f", r.GradientsPerSecond()))
	t.AddRow("wall time (s), with evaluations", fmt.Sprintf("%.1f", r.Seconds))
	return t
}

func pct(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return fmt.Sprintf("%.1f %%", 100*x)
}

func pctErr(x, se float64) string {
	if math.IsNaN(se) {
		return pct(x)
	}
	return fmt.Sprintf("%.1f %% ± %.1f", 100*x, 100*se)
}
