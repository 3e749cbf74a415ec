// Package gibbshmc is the tutorial "Gibbs-within-HMC regression".
package gibbshmc

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/bayesnn-go/bayesnn/datasets"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/plotting"
	"github.com/bayesnn-go/bayesnn/report"
	"github.com/bayesnn-go/bayesnn/samplers"
	"github.com/bayesnn-go/bayesnn/tutorials/tutorial"
)

// State is carried from section to section (and from notebook cell to
// cell, gob-encoded): exported fields only.
type State struct {
	// TrainX and TrainY are the simulated training data.
	TrainX [][]float64
	TrainY []float64
	// ExactMean and ExactSD are the exact posterior means and standard
	// deviations of (w1, w2, w3, b, tau), by quadrature over τ.
	ExactMean, ExactSD []float64
	// Leapfrog is the Gibbs-within-HMC run with the leapfrog integrator
	// compared with the exact posterior; Others are Euler and modified
	// Euler.
	Leapfrog Comparison
	Others   []Comparison
	// Test-set results: the number of test points, the mean squared error
	// of the posterior-mean predictions, its standard error, and the
	// excess over σ² expected from the error of the posterior means.
	TestN                      int
	TestMSE, TestSE, ExcessMSE float64
}

// Settings of the tutorial (the source tutorial's).
const (
	stepSize   = 0.01
	steps      = 20
	iterations = 1000
	burnIn     = 100
	chains     = 4
	testN      = 1000
	noiseSD    = 0.5 // σ of the simulator
)

// Tutorial is the tutorial; its program is tutorials/cmd/gibbshmc and its
// notebook notebooks/01_gibbs_hmc.ipynb.
var Tutorial = &tutorial.Tutorial{
	Name:  "01_gibbs_hmc",
	Title: "Gibbs-within-HMC regression",
	Intro: "Bayesian linear regression with an unknown noise level, sampled by combining two kinds of moves: " +
		"an exact **Gibbs** draw of the noise precision τ from its conditional distribution, and **Hamiltonian Monte Carlo** " +
		"on the regression weights given τ. The posterior is simple enough to compute exactly, so every Monte Carlo " +
		"answer below is checked against the truth. We then swap the leapfrog integrator inside HMC for Euler's method " +
		"and the modified Euler method to see why HMC needs a volume-preserving, reversible integrator.",
	Package:  "github.com/bayesnn-go/bayesnn/tutorials/gibbshmc",
	Var:      "Tutorial",
	NewState: func() any { return new(State) },
	Sections: []tutorial.Section{
		{Title: "Data, model and the exact posterior", Prose: proseModel, Run: runModel},
		{Title: "Gibbs within HMC", Prose: proseGibbs, Run: runGibbs},
		{Title: "Euler, modified Euler and leapfrog", Prose: proseIntegrators, Run: runIntegrators},
		{Title: "Predicting a fresh test set", Prose: proseTest, Run: runTest},
	},
}

const proseModel = `We simulate N = 100 points from a linear model with three inputs drawn uniformly in [−1, 1]:

` + "```" + `
y = 1.5·x1 − 1.0·x2 + 0.7·x3 + 0.5 + ε,   ε ~ N(0, σ²),  σ = 0.5
` + "```" + `

The Bayesian model puts independent vague priors on the weights and the bias, w_j, b ~ N(0, σ₀²) with σ₀ = 1000, and a vague Gamma prior on the noise **precision** τ = 1/σ²: τ ~ Gamma(α₀, β₀) with α₀ = β₀ = 0.001 (shape and rate). The parameter vector is θ = (w1, w2, w3, b, τ).

Two conditional distributions of this posterior are available in closed form:

- given the coefficients β = (w, b), the precision is Gamma: τ | β, y ~ Gamma(α₀ + N/2, β₀ + SSE/2), where SSE = Σ (y_i − x_i·w − b)² is the sum of squared residuals;
- given τ, the coefficients are Gaussian: β | τ, y ~ N(m(τ), S(τ)) with S(τ) = (τ XᵀX + I/σ₀²)⁻¹ and m(τ) = τ S(τ) Xᵀy (X with a column of ones for the bias).

The joint posterior is not of a standard form (the prior on β does not scale with σ, so the model is not conjugate in (β, τ) jointly), but it is only one integral away from exact: integrating β out of the Gaussian gives the marginal p(τ | y) in closed form up to a constant, and then

` + "```" + `
E[β | y] = ∫ m(τ) p(τ | y) dτ,   Var[β_j | y] = ∫ (S_jj(τ) + m_j(τ)²) p(τ | y) dτ − E[β_j | y]²
` + "```" + `

is a one-dimensional integral, which we compute by the trapezoid rule on 2,001 nodes of log τ spanning ±12 posterior standard deviations. This **exact answer** is what every sampler below is compared with; the package's tests also check it against a long run of the two-block Gibbs sampler that draws both conditionals exactly.`

func runModel(env *tutorial.Env, s any) error {
	st := s.(*State)
	sim := datasets.GibbsHMCLinear()
	d, err := sim.Simulate(env.Seed)
	if err != nil {
		return err
	}
	st.TrainX, st.TrainY = d.X, d.Y
	m, err := NewModel(d)
	if err != nil {
		return err
	}
	e, err := m.ExactPosterior(0, 0)
	if err != nil {
		return err
	}
	st.ExactMean, st.ExactSD = e.Mean, e.SD
	truth := trueValues()
	var tab tutorial.Table
	tab.Header = []string{"parameter", "true value", "exact posterior mean", "exact posterior sd"}
	for j, n := range e.Names {
		tab.AddRow(n, f3(truth[j]), f4(e.Mean[j]), f4(e.SD[j]))
	}
	env.Out.Add(report.Table(tab, fmt.Sprintf("The exact posterior by quadrature over τ (N = %d, seed %d). The true τ is 1/0.5² = 4.", d.Len(), env.Seed)))
	return nil
}

// trueValues returns the simulator's (w, b, τ).
func trueValues() []float64 {
	sim := datasets.GibbsHMCLinear()
	t := append(append([]float64(nil), sim.Weights...), sim.Intercept)
	return append(t, 1/(sim.Sigma*sim.Sigma))
}

func (st *State) model() (*Model, error) {
	if len(st.TrainX) == 0 {
		return nil, fmt.Errorf("no training data: run the first section")
	}
	return NewModel(&datasets.Regression{X: st.TrainX, Y: st.TrainY})
}

const proseGibbs = `**Gibbs sampling** updates one block of parameters at a time by drawing it from its conditional distribution given all the others. **HMC** updates a block by simulating Hamiltonian dynamics: it gives the parameters a random Gaussian momentum p, moves (q, p) along the level sets of the energy H(q, p) = −log p(q) + ½|p|² with L small steps of a numerical integrator, and accepts the end point with probability min(1, exp(−ΔH)).

The two combine naturally. Each iteration of the sampler here

- draws τ exactly from Gamma(α₀ + N/2, β₀ + SSE/2) at the current (w, b) — a Gibbs step, always accepted;
- runs HMC on (w, b) with τ held fixed: ε = 0.01, L = 20 leapfrog steps, identity mass matrix, no adaptation.

Each step leaves the joint posterior invariant, so their composition does too. With samplers this is ` + "`samplers.Gibbs{Block: []int{4}, Draw: model.DrawTau, Inner: samplers.HMC{StepSize: 0.01, Steps: 20}}`" + `, passed to ` + "`samplers.Sample`" + ` as ` + "`Options.Custom`" + `: the Gibbs kernel refreshes the cached log density and gradient of the inner HMC state after each τ draw, because the conditional density of (w, b) has changed.

We run 4 chains of 1,000 iterations from w = b = 0, τ = 1 and discard the first 100 as burn-in (the step size is fixed, so burn-in adapts nothing). The table is the diagnostic summary of the draws; the histograms are drawn against the exact marginal densities (a mixture over τ of the conditional Gaussians) and the dashed lines mark the values used to simulate the data. The posterior is centred on the exact answer, not on the true values: with 100 noisy points the two differ by up to a couple of posterior standard deviations, as they may.`

func runGibbs(env *tutorial.Env, s any) error {
	st := s.(*State)
	m, err := st.model()
	if err != nil {
		return err
	}
	e, err := m.ExactPosterior(0, 0)
	if err != nil {
		return err
	}
	tr, err := Run(env.Ctx, m, samplers.Leapfrog, RunOptions{StepSize: stepSize, Steps: steps, Iterations: iterations, BurnIn: burnIn, Chains: chains, Seed: env.Seed + 1, Progress: env.Progress})
	if err != nil {
		return err
	}
	sum, err := diag.Summarize(tr, nil)
	if err != nil {
		return err
	}
	st.Leapfrog, err = Compare("leapfrog", tr, e)
	if err != nil {
		return err
	}
	env.Out.Add(report.Table(sum, "Gibbs within HMC (leapfrog, ε = 0.01, L = 20): 4 chains × 900 draws after 100 burn-in."))
	truth := map[string]float64{}
	exact := map[string]func(float64) float64{}
	for j, n := range m.ParamNames() {
		truth[n] = trueValues()[j]
		if j < m.Inputs()+1 {
			exact[n] = e.Density(j)
		} else {
			exact[n] = e.TauDensity()
		}
	}
	tf, err := plotting.Trace(tr, plotting.TraceOptions{Truth: truth, Title: "Traces (dashed: true values)"})
	if err != nil {
		return err
	}
	mf, err := plotting.Marginals(tr, plotting.MarginalsOptions{Truth: truth, Exact: exact, Title: "Marginal posteriors against the exact densities"})
	if err != nil {
		return err
	}
	env.Out.Add(report.PlotPNG(tf, "Trace plots of the four chains with the true values dashed."),
		report.Plot(mf, "Histograms of the draws, the exact marginal posterior densities (curves) and the true values (dashed)."))
	var tab tutorial.Table
	tab.Header = []string{"parameter", "posterior mean", "MCSE", "exact", "(mean − exact)/MCSE"}
	for j, n := range e.Names {
		tab.AddRow(n, f4(st.Leapfrog.Mean[j]), f4(st.Leapfrog.MCSE[j]), f4(e.Mean[j]), fmt.Sprintf("%.2f", st.Leapfrog.Z[j]))
	}
	env.Out.Add(report.Table(tab, "The posterior means against the exact answer, in Monte Carlo standard errors: values within ±4 are what an exact sampler produces."))
	return nil
}

const proseIntegrators = `The integrator is the heart of HMC. Hamiltonian dynamics conserves the energy H and the volume of phase space, and it is time-reversible; HMC is exact — the Metropolis test with min(1, exp(−ΔH)) leaves the target invariant — when the numerical integrator keeps the last two properties exactly and the first approximately. We try three integrators of the same cost (one gradient per step), ε = 0.01, L = 20 (Neal 2011, "MCMC using Hamiltonian dynamics", §5.2.3):

- **Euler's method** moves both variables with the derivatives at the start of the step: p ← p + ε∇log p(q), q ← q + ε p_old. Its one-step map has the Jacobian [[I, εI], [−εK, I]] with K = Hess(−log p), whose determinant is det(I + ε²K) > 1 on a Gaussian (K positive definite): every step **expands** phase-space volume, so the method is not volume-preserving, not symplectic and not reversible. The energy grows steadily along the trajectory (by a factor 1 + ε²ω² per step on a harmonic oscillator of frequency ω), so few proposals are accepted; and since the acceptance ratio omits the Jacobian, the chain does not even target the posterior.
- **Modified Euler** (symplectic Euler) updates the momentum first and then moves the position with the **new** momentum. Each half is a shear — it changes one variable by an amount that depends only on the other — so its determinant is exactly 1: it is volume-preserving and symplectic, and its energy error stays bounded instead of growing. It is only first order and not time-reversible, so a small bias remains possible.
- **Leapfrog** (a half momentum step, a full position step, a half momentum step) is a symmetric composition of shears: volume-preserving, symplectic, reversible and second order. This is the integrator HMC is built on.

The table shows, for each integrator, the mean acceptance statistic of the Gibbs-HMC run, the energy error of a trajectory of 20 steps started at the exact posterior mean (τ at its mean, 200 random momenta), the volume factor |det J| of the 20-step map (by finite differences; 1 means volume-preserving), and the bias of the posterior means against the exact answer in Monte Carlo standard errors. The plot follows the energy along one trajectory.`

func runIntegrators(env *tutorial.Env, s any) error {
	st := s.(*State)
	m, err := st.model()
	if err != nil {
		return err
	}
	e, err := m.ExactPosterior(0, 0)
	if err != nil {
		return err
	}
	if st.Leapfrog.Mean == nil {
		return fmt.Errorf("no leapfrog run: run the previous section")
	}
	st.Others = st.Others[:0]
	for k, integ := range Integrators[:2] {
		tr, err := Run(env.Ctx, m, integ, RunOptions{StepSize: stepSize, Steps: steps, Iterations: iterations, BurnIn: burnIn, Chains: chains, Seed: env.Seed + 2 + uint64(k), Progress: env.Progress})
		if err != nil {
			return err
		}
		c, err := Compare(fmt.Sprint(integ), tr, e)
		if err != nil {
			return err
		}
		st.Others = append(st.Others, c)
	}
	p := m.Inputs()
	q0 := e.Mean[:p+1]
	cond := m.Conditional(e.Mean[p+1])
	rng := rand.New(rand.NewPCG(env.Seed, 7))
	p0 := make([]float64, p+1)
	for j := range p0 {
		p0[j] = rng.NormFloat64()
	}
	var tab tutorial.Table
	tab.Header = []string{"integrator", "acceptance", "mean ΔH", "mean |ΔH|", "volume factor |det J|", "bias/exact sd (w1, w2, w3, b, τ)", "bias/MCSE", "sd/exact sd"}
	all := append(append([]Comparison(nil), st.Others...), st.Leapfrog)
	pl, zoom := energyPlot("all three integrators"), energyPlot("the volume-preserving two, zoomed")
	for k, integ := range Integrators {
		c := all[k]
		mu, ma := EnergyError(integ, cond, q0, stepSize, steps, 200, env.Seed)
		vol := VolumeFactor(integ, cond, q0, p0, stepSize, steps)
		bias := make([]float64, len(c.Mean))
		for j := range bias {
			bias[j] = (c.Mean[j] - e.Mean[j]) / e.SD[j]
		}
		tab.AddRow(c.Integrator, fmt.Sprintf("%.3f", c.Accept), fmt.Sprintf("%.4f", mu), fmt.Sprintf("%.4f", ma), fmt.Sprintf("%.4f", vol),
			joinF(bias, "%.2f"), joinF(c.Z, "%.1f"), joinF(c.SDRatio, "%.2f"))
		// A longer trajectory shows the trend of each integrator.
		path := EnergyPath(integ, cond, q0, p0, stepSize, 5*steps)
		xy := make(plotter.XYs, len(path))
		for i, h := range path {
			xy[i].X, xy[i].Y = float64(i), h-path[0]
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return err
		}
		l.Color = plotting.ChainColors[k%len(plotting.ChainColors)]
		l.Width = vg.Points(1.5)
		pl.Add(l)
		pl.Legend.Add(fmt.Sprint(integ), l)
		if k > 0 {
			zoom.Add(l)
			zoom.Legend.Add(fmt.Sprint(integ), l)
		}
	}
	fig := plotting.NewFigure(1, 2, 5*vg.Inch, 3.6*vg.Inch)
	fig.Title = "Energy error along one trajectory (ε = 0.01)"
	fig.Set(0, 0, pl)
	fig.Set(0, 1, zoom)
	env.Out.Add(report.Table(tab, "Gibbs within HMC with three integrators, 4 chains × 900 draws each. Bias is the posterior mean minus the exact one, in exact posterior standard deviations and in the run's own Monte Carlo standard errors; sd/exact sd compares the spread of the draws with the exact posterior standard deviation (all in the order w1, w2, w3, b, τ)."),
		report.Plot(fig, "H − H(0) along a 100-step trajectory from the exact posterior mean with one random momentum, for each integrator."))
	env.Out.Add(report.Text(`Euler's energy error is large and of one sign — the expansion of phase space shows up as a systematic gain in energy — so almost every proposal is rejected and the chains hardly move: their means are off and their spread is wrong, and with so few moves even the Monte Carlo standard errors are unreliable. Modified Euler's error oscillates around zero and stays bounded, as a symplectic method's does, with a volume factor of exactly 1; leapfrog's error is an order of magnitude smaller still, almost every proposal is accepted, and its posterior means agree with the exact answer to within a few Monte Carlo standard errors.`))
	return nil
}

const proseTest = `Finally we predict a fresh test set of 1,000 points simulated from the same model (a different seed) with the posterior mean of the regression function, ŷ = x·E[w | y] + E[b | y] (for a linear model the posterior predictive mean is the prediction at the posterior means), using the leapfrog run.

What test mean squared error should we expect? Even the true coefficients leave the noise: E[(y − ŷ)²] = σ² = 0.25 when ŷ uses the true w and b. Our estimates differ from the truth by d = E[β | y] − β_true, which adds E[(x·d_w + d_b)²] = |d_w|²/3 + d_b² for inputs uniform on [−1, 1]. And the test MSE is itself a mean of n = 1,000 random squared errors, with standard error sd((y − ŷ)²)/√n ≈ σ²·√(2/n) ≈ 0.011. "Near σ²" therefore means within a few of those standard errors of σ² plus the (small) excess.`

func runTest(env *tutorial.Env, s any) error {
	st := s.(*State)
	if st.Leapfrog.Mean == nil {
		return fmt.Errorf("no leapfrog run: run the Gibbs within HMC section")
	}
	sim := datasets.GibbsHMCLinear()
	sim.N = testN
	d, err := sim.Simulate(env.Seed + 1000)
	if err != nil {
		return err
	}
	p := len(sim.Weights)
	beta := st.Leapfrog.Mean[:p+1]
	pred := Predict(nil, d.X, beta)
	var sum, sum2 float64
	for i, y := range d.Y {
		r := (y - pred[i]) * (y - pred[i])
		sum += r
		sum2 += r * r
	}
	n := float64(d.Len())
	st.TestN = d.Len()
	st.TestMSE = sum / n
	st.TestSE = math.Sqrt((sum2/n - st.TestMSE*st.TestMSE) / (n - 1))
	truth := trueValues()
	for j := 0; j < p; j++ {
		dj := beta[j] - truth[j]
		st.ExcessMSE += dj * dj / 3 // Var(x) = 1/3 on [−1, 1]
	}
	db := beta[p] - truth[p]
	st.ExcessMSE += db * db
	s2 := noiseSD * noiseSD
	var tab tutorial.Table
	tab.Header = []string{"quantity", "value"}
	tab.AddRow("test points", fmt.Sprint(st.TestN))
	tab.AddRow("test MSE", f4(st.TestMSE))
	tab.AddRow("standard error of the test MSE", f4(st.TestSE))
	tab.AddRow("σ²", f4(s2))
	tab.AddRow("expected excess |d_w|²/3 + d_b²", f4(st.ExcessMSE))
	tab.AddRow("(MSE − σ² − excess)/SE", fmt.Sprintf("%.2f", (st.TestMSE-s2-st.ExcessMSE)/st.TestSE))
	tab.AddRow("(MSE − σ²)/SE", fmt.Sprintf("%.2f", (st.TestMSE-s2)/st.TestSE))
	env.Out.Add(report.Table(tab, "Test-set error of the posterior-mean predictions."))
	return nil
}

// energyPlot returns an empty panel for energy paths.
func energyPlot(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "integrator step"
	p.Y.Label.Text = "H(step) − H(0)"
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.Left = true
	return p
}

func f3(x float64) string { return fmt.Sprintf("%.3f", x) }
func f4(x float64) string { return fmt.Sprintf("%.4f", x) }

func joinF(x []float64, format string) string {
	s := ""
	for i, v := range x {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf(format, v)
	}
	return s
}
