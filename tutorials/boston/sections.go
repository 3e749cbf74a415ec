package boston

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/bayesnn-go/bayesnn/datasets"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/plotting"
	"github.com/bayesnn-go/bayesnn/report"
	"github.com/bayesnn-go/bayesnn/tutorials/tutorial"
)

// shownRows are the test houses whose predictions get a diagnostics table
// and trace plots: the first six of the Keras test split.
var shownRows = []int{0, 1, 2, 3, 4, 5}

// Sizes of the Boston runs: full, then CI.
func nutsConfig(env *tutorial.Env) NUTSConfig {
	return NUTSConfig{
		Chains:       4,
		Warmup:       env.Pick(1500, 150),
		Draws:        env.Pick(500, 100),
		MaxTreeDepth: env.Pick(10, 7),
		Seed:         env.Seed + 2,
		Progress:     env.Progress,
	}
}

func f2(x float64) string  { return fmt.Sprintf("%.2f", x) }
func f3(x float64) string  { return fmt.Sprintf("%.3f", x) }
func pct(x float64) string { return fmt.Sprintf("%.1f %%", 100*x) }

func runBimodal(env *tutorial.Env, state any) error {
	st := state.(*State)
	res, err := RunBimodal(env.Ctx, BimodalConfig{
		Chains: 4, Warmup: 500, Draws: 1000, Seed: env.Seed, Progress: env.Progress,
	})
	if err != nil {
		return err
	}
	st.BimodalSwitches, st.BimodalUpper, st.BimodalUpperMCSE = res.Switches, res.Upper, res.UpperMCSE
	st.BimodalDraws = res.Trace.NumDraws()

	g := datasets.Bimodal()
	var xs, ys []float64
	for _, c := range res.Trace.Param(0) {
		xs = append(xs, c...)
	}
	for _, c := range res.Trace.Param(1) {
		ys = append(ys, c...)
	}
	fig, err := plotting.Contour(g.Density, xs, ys, plotting.ContourOptions{
		XMin: -6, XMax: 6, YMin: -6, YMax: 6, XLabel: "x", YLabel: "y",
		Title: "NUTS draws (4 chains) on the bimodal density",
	})
	if err != nil {
		return err
	}
	// The projection on the line through the modes shows the switches.
	proj := plotting.ChainSet{Names: []string{"s = (x+y)/√2"}, Draws: [][][]float64{nil}}
	xc, yc := res.Trace.Param(0), res.Trace.Param(1)
	for c := range xc {
		s := make([]float64, len(xc[c]))
		for i := range s {
			s[i] = (xc[c][i] + yc[c][i]) / math.Sqrt2
		}
		proj.Draws[0] = append(proj.Draws[0], s)
	}
	tfig, err := plotting.Trace(proj, plotting.TraceOptions{
		Title: "Position along the line through the modes (at ±2.83)",
	})
	if err != nil {
		return err
	}
	tab := tutorial.Table{Header: []string{"chain", "step size", "mode switches", "draws at (2, 2)"}}
	total := 0
	for c, n := range res.Switches {
		up := 0
		for i := range xc[c] {
			if xc[c][i]+yc[c][i] > 0 {
				up++
			}
		}
		total += n
		tab.AddRow(fmt.Sprint(c+1), f3(res.StepSize[c]), fmt.Sprint(n), pct(float64(up)/float64(len(xc[c]))))
	}
	tab.AddRow("all", "", fmt.Sprint(total), fmt.Sprintf("%s ± %s (MCSE)", pct(res.Upper), pct(res.UpperMCSE)))
	env.Out.Add(
		report.PlotPNG(fig, "Draws of the four chains over the contours of the mixture density."),
		report.PlotPNG(tfig, "Each chain's projection on the line through the modes: a switch is a crossing from one band (|s| > 1) to the other."),
		report.Table(tab, fmt.Sprintf("Mode switches per chain in %d draws after %d warm-up iterations. The exact share of each mode is 50 %%.", st.BimodalDraws, 500)),
		report.Text(fmt.Sprintf("The chains switched modes %d times in all. The share of draws at the upper mode, %s, is %.1f Monte Carlo standard errors from 1/2: the switches are rare enough that this share has an effective sample size of only about %.0f draws out of %d.",
			total, pct(res.Upper), math.Abs(res.Upper-0.5)/res.UpperMCSE, res.Upper*(1-res.Upper)/(res.UpperMCSE*res.UpperMCSE), 4*st.BimodalDraws)),
	)
	return nil
}

func runData(env *tutorial.Env, state any) error {
	st := state.(*State)
	d, err := LoadData()
	if err != nil {
		return err
	}
	st.Data = d
	tab := tutorial.Table{Header: []string{"column", "train mean", "train sd", "test mean (standardised)", "test sd (standardised)"}}
	for j, name := range d.Names {
		col := make([]float64, len(d.XTest))
		for i := range d.XTest {
			col[i] = d.XTest[i][j]
		}
		m, s := meanSD(col)
		tab.AddRow(name, fmt.Sprintf("%.3g", d.XMean[j]), fmt.Sprintf("%.3g", d.XScale[j]), f2(m), f2(s))
	}
	m, s := meanSD(d.YTest)
	tab.AddRow("MEDV (target)", f2(d.YMean), f2(d.YScale), f2(m), f2(s))
	env.Out.Add(report.Table(tab, fmt.Sprintf("%d training and %d test rows. Each column is standardised with the training mean and sd; on the test rows the standardised columns are near, but not exactly, mean 0 and sd 1.", len(d.XTrain), len(d.XTest))))
	return nil
}

func meanSD(x []float64) (m, s float64) {
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return m, math.Sqrt(s / float64(len(x)))
}

func runModel(env *tutorial.Env, state any) error {
	m, err := NewModel()
	if err != nil {
		return err
	}
	env.Out.Add(report.Text(fmt.Sprintf("Widths %v, %d parameters:\n\n```\n%s\n```", Widths, m.NumParams(), strings.TrimRight(m.Summary(), "\n"))))
	return nil
}

func runMAP(env *tutorial.Env, state any) error {
	st := state.(*State)
	d := st.Data
	fit, err := FitMAP(d, MAPConfig{Steps: 3000, Seed: env.Seed + 1})
	if err != nil {
		return err
	}
	st.MAPTheta, st.MAPBestStep = fit.Theta, fit.Select.BestStep
	var tr, va plotting.Series
	tr.Name, va.Name = fmt.Sprintf("training rows (%d)", fit.NSub), fmt.Sprintf("held-out rows (%d)", fit.NValid)
	for _, r := range fit.Select.History {
		tr.X = append(tr.X, float64(r.Step))
		tr.Y = append(tr.Y, r.TrainLogLik/float64(fit.NSub))
		va.X = append(va.X, float64(r.Step))
		va.Y = append(va.Y, math.Max(r.ValidLogLik/float64(fit.NValid), -5))
	}
	fig, err := plotting.Accuracy([]plotting.Series{tr, va}, plotting.AccuracyOptions{
		Title: "Adam on the log posterior", XLabel: "Adam step", YLabel: "mean log-likelihood per row (standardised MEDV)",
	})
	if err != nil {
		return err
	}
	p, err := Predict(d, [][]float64{fit.Theta})
	if err != nil {
		return err
	}
	st.MAP = p.Score(d.RawYTest)
	env.Out.Add(
		report.PlotPNG(fig, "Mean log-likelihood per row during the selection run, every 30 steps (held-out values below −5 are drawn at −5)."),
		report.Text(fmt.Sprintf("The held-out log-likelihood peaks at step **%d** and then falls steeply while the training log-likelihood keeps rising: the network shrinks its predicted variance on the rows it is fitted to, and is then overconfident elsewhere. The network refitted on all %d training rows for %d steps has a test MAE of **%.2f** ($1000).",
			fit.Select.BestStep, len(d.XTrain), fit.Select.BestStep, st.MAP.MAE)),
	)
	return nil
}

func runNUTS(env *tutorial.Env, state any) error {
	st := state.(*State)
	d := st.Data
	cfg := nutsConfig(env)
	start := time.Now()
	tr, err := RunNUTS(env.Ctx, d, st.MAPTheta, cfg)
	if err != nil {
		return err
	}
	st.NUTSSeconds = time.Since(start).Seconds()
	st.Trace = tr

	sum, err := diag.Summarize(tr, &diag.SummaryOptions{MaxTreeDepth: cfg.MaxTreeDepth})
	if err != nil {
		return err
	}
	byR, byE := Worst(sum, 5)
	st.MaxRHat, st.MinESS = byR[0].RHat, byE[0].ESSBulk
	worst := tutorial.Table{Header: []string{"", "parameter", "R-hat", "bulk ESS", "tail ESS", "mean", "sd"}}
	for i, p := range byR {
		worst.AddRow(fmt.Sprintf("largest R-hat #%d", i+1), p.Name, f3(p.RHat), fmt.Sprintf("%.0f", p.ESSBulk), fmt.Sprintf("%.0f", p.ESSTail), f3(p.Mean), f3(p.SD))
	}
	for i, p := range byE {
		worst.AddRow(fmt.Sprintf("smallest ESS #%d", i+1), p.Name, f3(p.RHat), fmt.Sprintf("%.0f", p.ESSBulk), fmt.Sprintf("%.0f", p.ESSTail), f3(p.Mean), f3(p.SD))
	}
	// Step size, tree depth, divergences.
	run := tutorial.Table{Header: []string{"chain", "step size", "mean tree depth", "mean leapfrogs", "divergent", "E-BFMI"}}
	depth, leap, div := tr.Stat("treedepth__"), tr.Stat("n_leapfrog__"), tr.Stat("divergent__")
	for c := range tr.Chains {
		eb := math.NaN()
		if c < len(sum.EBFMI) {
			eb = sum.EBFMI[c]
		}
		run.AddRow(fmt.Sprint(c+1), fmt.Sprintf("%.4f", tr.Adapted[c].StepSize), f2(mean(depth[c])), fmt.Sprintf("%.0f", mean(leap[c])), fmt.Sprintf("%.0f", sum1(div[c])), f2(eb))
	}
	pc, err := PredictionChains(d, tr, shownRows)
	if err != nil {
		return err
	}
	psum, err := diag.Summarize(pc, nil)
	if err != nil {
		return err
	}
	st.PredMaxRHat, st.PredMinESS = 0, math.Inf(1)
	for _, p := range psum.Params {
		st.PredMaxRHat = math.Max(st.PredMaxRHat, p.RHat)
		st.PredMinESS = math.Min(st.PredMinESS, p.ESSBulk)
	}
	tfig, err := plotting.Trace(plotting.ChainSet{Names: pc.Names[:4], Draws: pc.Values[:4]}, plotting.TraceOptions{Title: "Predicted mean MEDV ($1000) of four test houses"})
	if err != nil {
		return err
	}
	env.Out.Add(
		report.Text(fmt.Sprintf("%d chains of %d warm-up iterations and %d draws (tree depth at most %d) took %.0f s.", tr.Chains, cfg.Warmup, tr.NumDraws(), cfg.MaxTreeDepth, st.NUTSSeconds)),
		report.Table(run, "Adapted step size and per-chain sampler statistics after warm-up."),
		report.Table(worst, fmt.Sprintf("The five network parameters of largest R-hat and of smallest bulk ESS, out of %d.", tr.Dim)),
		report.Table(psum, "Summary of the predicted mean MEDV ($1000) of six test houses: functions of the weights that do not depend on how hidden units are labelled."),
		report.Text(fmt.Sprintf("Over all %d weights the largest R-hat is %.3f and the smallest bulk ESS %.0f; over the six predictions the largest R-hat is %.3f and the smallest bulk ESS %.0f, out of %d draws. There were %d divergent transitions after warm-up.",
			tr.Dim, st.MaxRHat, st.MinESS, st.PredMaxRHat, st.PredMinESS, tr.Chains*tr.NumDraws(), tr.Divergences())),
		report.PlotPNG(tfig, "Trace of the predicted mean MEDV of four test houses, one colour per chain."),
	)
	return nil
}

func mean(x []float64) float64 { return sum1(x) / float64(len(x)) }

func sum1(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

func runCompare(env *tutorial.Env, state any) error {
	st := state.(*State)
	d := st.Data
	p, err := Predict(d, Draws(st.Trace, 1))
	if err != nil {
		return err
	}
	st.HMC = p.Score(d.RawYTest)
	tab := tutorial.Table{Header: []string{"", "MAE", "RMSE", "NLL (per house)", "mean predictive sd", "epistemic share of variance"}}
	for _, r := range []struct {
		name string
		m    Metrics
	}{{"MAP (plug-in)", st.MAP}, {fmt.Sprintf("HMC (%d draws)", st.Trace.Chains*st.Trace.NumDraws()), st.HMC}} {
		tab.AddRow(r.name, f2(r.m.MAE), f2(r.m.RMSE), f3(r.m.NLL), f2(r.m.MeanSD), pct(r.m.EpiShare))
	}
	// Per-house absolute errors: how often is the posterior mean closer?
	mp, err := Predict(d, [][]float64{st.MAPTheta})
	if err != nil {
		return err
	}
	closer := 0
	for i, y := range d.RawYTest {
		if math.Abs(p.Mean[i]-y) < math.Abs(mp.Mean[i]-y) {
			closer++
		}
	}
	env.Out.Add(
		report.Table(tab, fmt.Sprintf("Test-split metrics in MEDV units ($1000), %d houses. NLL is the mean negative log predictive density of the true MEDV.", len(d.RawYTest))),
		report.Text(fmt.Sprintf("The posterior mean is closer to the true price than the MAP prediction for %d of the %d test houses. Averaging over the posterior lowers the MAE from %.2f to %.2f and, more markedly, the NLL from %.2f to %.2f: the MAP network's single variance head is overconfident, while the mixture over draws adds the epistemic spread.",
			closer, len(d.RawYTest), st.MAP.MAE, st.HMC.MAE, st.MAP.NLL, st.HMC.NLL)),
	)
	return nil
}

func runIntervals(env *tutorial.Env, state any) error {
	st := state.(*State)
	d := st.Data
	p, err := Predict(d, Draws(st.Trace, 1))
	if err != nil {
		return err
	}
	mp, err := Predict(d, [][]float64{st.MAPTheta})
	if err != nil {
		return err
	}
	n := len(p.Mean)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return p.Mean[idx[a]] < p.Mean[idx[b]] })
	var b plotting.Band
	var ys []float64
	const z90 = 1.6448536269514722 // Φ⁻¹(0.95)
	for r, i := range idx {
		b.X = append(b.X, float64(r+1))
		b.Mean = append(b.Mean, p.Mean[i])
		e := z90 * math.Sqrt(p.Epistemic[i])
		b.EpistemicLo = append(b.EpistemicLo, p.Mean[i]-e)
		b.EpistemicHi = append(b.EpistemicHi, p.Mean[i]+e)
		b.TotalLo = append(b.TotalLo, p.Lo90[i])
		b.TotalHi = append(b.TotalHi, p.Hi90[i])
		ys = append(ys, d.RawYTest[i])
	}
	fig, err := plotting.PredictiveBand(b, b.X, ys, plotting.PredictiveOptions{
		Title: "HMC predictive on the test houses, sorted by predicted price", XLabel: "test house (rank of predicted MEDV)", YLabel: "MEDV ($1000)",
	})
	if err != nil {
		return err
	}
	tab := tutorial.Table{Header: []string{"", "50 % interval coverage", "90 % interval coverage", "mean 90 % width", "mean aleatoric sd", "mean epistemic sd"}}
	for _, r := range []struct {
		name string
		p    *Prediction
		m    Metrics
	}{{"MAP (aleatoric only)", mp, st.MAP}, {"HMC (aleatoric + epistemic)", p, st.HMC}} {
		w, a, e := 0.0, 0.0, 0.0
		for i := range r.p.Mean {
			w += r.p.Hi90[i] - r.p.Lo90[i]
			a += math.Sqrt(r.p.Aleatoric[i])
			e += math.Sqrt(r.p.Epistemic[i])
		}
		k := float64(len(r.p.Mean))
		tab.AddRow(r.name, pct(r.m.Coverage50), pct(r.m.Coverage90), f2(w/k), f2(a/k), f2(e/k))
	}
	env.Out.Add(
		report.PlotPNG(fig, "Posterior predictive mean (line), 90 % epistemic band (dark: the uncertainty about the mean function alone), 90 % total predictive interval (light: adding the predicted noise) and the true MEDV (points)."),
		report.Table(tab, fmt.Sprintf("Empirical coverage of central predictive intervals on the %d test houses (nominal 50 %% and 90 %%; with %d houses a binomial standard error is about %.0f points at 50 %% and %.0f at 90 %%).", n, n, 100*math.Sqrt(0.25/float64(n)), 100*math.Sqrt(0.09/float64(n)))),
	)
	return nil
}

func runResume(env *tutorial.Env, state any) error {
	st := state.(*State)
	d := st.Data
	first := st.Trace
	cfg := nutsConfig(env)
	cfg.Seed = env.Seed + 3
	cfg.Adapted = first.Adapted
	cfg.Initial = first.Last()
	start := time.Now()
	tr, err := RunNUTS(env.Ctx, d, nil, cfg)
	if err != nil {
		return err
	}
	st.ResumeSeconds = time.Since(start).Seconds()
	st.ResumeWarmup = tr.Warmup
	p, err := Predict(d, Draws(tr, 1))
	if err != nil {
		return err
	}
	st.ResumeHMC = p.Score(d.RawYTest)

	a, err := PredictionChains(d, first, shownRows)
	if err != nil {
		return err
	}
	b, err := PredictionChains(d, tr, shownRows)
	if err != nil {
		return err
	}
	both, err := Concat(a, b)
	if err != nil {
		return err
	}
	tab := tutorial.Table{Header: []string{"", "first run", "resumed run", "|difference| / MCSE", "split R-hat of both"}}
	st.ResumeRHat, st.ResumeZ = 0, 0
	for j, name := range a.Names {
		ma, sa, err1 := meanMCSE(a.Values[j])
		mb, sb, err2 := meanMCSE(b.Values[j])
		r, err3 := diag.RHat(both.Values[j])
		if err1 != nil || err2 != nil || err3 != nil {
			return fmt.Errorf("diagnosing %s: %v %v %v", name, err1, err2, err3)
		}
		z := math.Abs(ma-mb) / math.Hypot(sa, sb)
		st.ResumeZ = math.Max(st.ResumeZ, z)
		st.ResumeRHat = math.Max(st.ResumeRHat, r)
		tab.AddRow(name, fmt.Sprintf("%.2f ± %.2f", ma, sa), fmt.Sprintf("%.2f ± %.2f", mb, sb), f2(z), f3(r))
	}
	lp1, lp2 := first.Stat("lp__"), tr.Stat("lp__")
	k := max(1, tr.NumDraws()/10)
	var early, late float64
	for c := range lp1 {
		late += mean(lp1[c][len(lp1[c])-k:])
		early += mean(lp2[c][:k])
	}
	run := tutorial.Table{Header: []string{"", "first run", "resumed run"}}
	run.AddRow("warm-up iterations", fmt.Sprint(cfg.Warmup), "0 (skipped: Adapted given)")
	run.AddRow("step size, chain 1", fmt.Sprintf("%.5f", first.Adapted[0].StepSize), fmt.Sprintf("%.5f", tr.Adapted[0].StepSize))
	run.AddRow(fmt.Sprintf("mean lp__ of the last / first %d draws", k), f2(late/float64(len(lp1))), f2(early/float64(len(lp2))))
	run.AddRow("wall time (s)", fmt.Sprintf("%.0f", st.NUTSSeconds), fmt.Sprintf("%.0f", st.ResumeSeconds))
	run.AddRow("test MAE ($1000)", f2(st.HMC.MAE), f2(st.ResumeHMC.MAE))
	run.AddRow("90 % coverage", pct(st.HMC.Coverage90), pct(st.ResumeHMC.Coverage90))
	tfig, err := plotting.Trace(plotting.ChainSet{Names: both.Names[:2], Draws: both.Values[:2]}, plotting.TraceOptions{
		Title: fmt.Sprintf("First run (draws 1-%d) and its continuation (%d-%d)", first.NumDraws(), first.NumDraws()+1, 2*first.NumDraws()),
	})
	if err != nil {
		return err
	}
	env.Out.Add(
		report.Table(run, "The resumed run against the first."),
		report.Table(tab, "Predicted mean MEDV ($1000) of six test houses: mean ± MCSE in each run, and the rank-normalised split R-hat of each chain's first run followed by its continuation (split R-hat compares exactly the two halves)."),
		report.PlotPNG(tfig, "Each chain continues where it stopped: no transient at the junction."),
	)
	return nil
}

func meanMCSE(x [][]float64) (m, se float64, err error) {
	n := 0
	for _, c := range x {
		m += sum1(c)
		n += len(c)
	}
	m /= float64(n)
	se, err = diag.MCSEMean(x)
	return m, se, err
}
