package laplace

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bayesnn-go/bayesnn/bayesnn"
)

// mlpRegression returns a tanh MLP 1-6-1 posterior on 40 noisy rows of
// sin(2x) and its mode (bayesnn.MAP, refined by Mode's Newton steps).
func mlpRegression(t *testing.T) (*bayesnn.Posterior, []float64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(5, 1))
	x, y := make([][]float64, 40), make([]float64, 40)
	for i := range x {
		x[i] = []float64{-2 + 4*rng.Float64()}
		y[i] = math.Sin(2*x[i][0]) + 0.1*rng.NormFloat64()
	}
	m, err := bayesnn.MLP([]int{1, 6, 1}, bayesnn.Tanh)
	if err != nil {
		t.Fatal(err)
	}
	p, err := bayesnn.LogPosterior(m, bayesnn.NewData(x, y), bayesnn.Gaussian{Tau: 100}, bayesnn.GaussianPrior{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := bayesnn.MAP(p, p.InitialPoint(rng, 1), &bayesnn.MAPOptions{Steps: 3000, LearningRate: 0.02})
	if err != nil {
		t.Fatal(err)
	}
	mode, err := Mode(p, res.Theta, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p, mode
}

// TestStructuresOnMLP: the last-layer precision is the last-layer block
// of the full precision, the diagonal precision is its diagonal (both to
// rounding), and, as theory says, the last-layer linearised variance
// (the head's variance given the body) is at most the full one at every
// input, and a diagonal approximation's variance of a weight, 1/P_jj, is
// at most its full marginal variance.
func TestStructuresOnMLP(t *testing.T) {
	p, mode := mlpRegression(t)
	full, err := Network(p, mode, &NetOptions{Structure: Full})
	if err != nil {
		t.Fatal(err)
	}
	ll, err := Network(p, mode, &NetOptions{Structure: LastLayer})
	if err != nil {
		t.Fatal(err)
	}
	dg, err := Network(p, mode, &NetOptions{Structure: Diag})
	if err != nil {
		t.Fatal(err)
	}
	if ll.Lo != 12 || ll.Hi != 19 || ll.Dim() != 7 {
		t.Fatalf("last layer covers [%d, %d), want [12, 19) (the 6 weights and the bias of dense2)", ll.Lo, ll.Hi)
	}
	fp := full.Gaussian().Precision
	for i := range ll.Dim() {
		for j := range ll.Dim() {
			if r := relDiff(ll.Gaussian().Precision.At(i, j), fp.At(12+i, 12+j)); r > 1e-10 {
				t.Errorf("last-layer precision (%d,%d) = %g, full block %g", i, j, ll.Gaussian().Precision.At(i, j), fp.At(12+i, 12+j))
			}
		}
	}
	dp := dg.Precision()
	fv := full.Variance()
	for j := range dp {
		if r := relDiff(dp[j], fp.At(j, j)); r > 1e-10 {
			t.Errorf("diagonal precision %d = %g, full diagonal %g", j, dp[j], fp.At(j, j))
		}
		if 1/dp[j] > fv[j]*(1+1e-10) {
			t.Errorf("weight %d: diagonal variance %g above the full marginal variance %g", j, 1/dp[j], fv[j])
		}
	}
	xs := [][]float64{{-3}, {-1}, {0}, {0.5}, {2}, {4}}
	rf, err := full.PredictRegression(xs)
	if err != nil {
		t.Fatal(err)
	}
	rl, err := ll.PredictRegression(xs)
	if err != nil {
		t.Fatal(err)
	}
	rd, err := dg.PredictRegression(xs)
	if err != nil {
		t.Fatal(err)
	}
	for i := range xs {
		if math.Abs(rf.Mean[i]-rl.Mean[i]) > 1e-12 || math.Abs(rf.Mean[i]-rd.Mean[i]) > 1e-12 {
			t.Errorf("x=%g: GLM means differ: %g, %g, %g (all are the MAP network's)", xs[i][0], rf.Mean[i], rl.Mean[i], rd.Mean[i])
		}
		if rl.Epistemic[i] > rf.Epistemic[i]*(1+1e-9) {
			t.Errorf("x=%g: last-layer epistemic variance %g above the full %g", xs[i][0], rl.Epistemic[i], rf.Epistemic[i])
		}
		t.Logf("x=%4g: epistemic sd full %.4f, last-layer %.4f, diag %.4f", xs[i][0], math.Sqrt(rf.Epistemic[i]), math.Sqrt(rl.Epistemic[i]), math.Sqrt(rd.Epistemic[i]))
	}
	// The exact Hessian differs from the GGN by the residuals' term, small
	// at a good fit: report it.
	ex, err := Network(p, mode, &NetOptions{Curvature: ExactHessian})
	if err != nil {
		t.Logf("exact Hessian: %v", err)
	} else {
		t.Logf("log marginal: GGN %.3f, exact Hessian %.3f, last-layer %.3f, diag %.3f", full.LogMarginal(), ex.LogMarginal(), ll.LogMarginal(), dg.LogMarginal())
	}
}

// TestLinearisedMatchesSampling: the GLM predictive is the sampling
// predictive when the network is linear in the covered weights (the
// last layer given the body): predictive means and variances from 20000
// draws agree with the GLM's within 4 Monte Carlo standard errors.
func TestLinearisedMatchesSampling(t *testing.T) {
	p, mode := mlpRegression(t)
	ll, err := Network(p, mode, &NetOptions{Structure: LastLayer})
	if err != nil {
		t.Fatal(err)
	}
	xs := [][]float64{{-1.5}, {0.3}, {3}}
	glm, err := ll.PredictRegression(xs)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := ll.Sample(5000, 4, 9)
	if err != nil {
		t.Fatal(err)
	}
	draws := bayesnn.TraceDraws(tr, 1)
	s, err := bayesnn.PredictRegression(p.Model, p.Lik, draws, xs)
	if err != nil {
		t.Fatal(err)
	}
	n := float64(len(draws))
	for i := range xs {
		v := glm.Epistemic[i]
		// MCSE of a mean of n independent normal draws: sd/√n; of a
		// variance: v·√(2/n).
		if d := math.Abs(s.Mean[i] - glm.Mean[i]); d > 4*math.Sqrt(v/n) {
			t.Errorf("x=%g: sampled mean %g, GLM %g (%.1f MCSE)", xs[i][0], s.Mean[i], glm.Mean[i], d/math.Sqrt(v/n))
		}
		if d := math.Abs(s.Epistemic[i] - v); d > 4*v*math.Sqrt(2/n) {
			t.Errorf("x=%g: sampled epistemic variance %g, GLM %g (%.1f MCSE)", xs[i][0], s.Epistemic[i], v, d/(v*math.Sqrt(2/n)))
		}
	}
}

// TestMarginalLikelihoodTuning: LogMarginalAt's derivative in log δ
// matches central differences; TunePriorPrecision lands where it
// vanishes (MacKay's γ = δ|θ*|²) and at a maximum; SetPriorPrecision and
// LogMarginal agree with LogMarginalAt.
func TestMarginalLikelihoodTuning(t *testing.T) {
	p, mode := mlpRegression(t)
	for _, s := range []Structure{Full, Diag, LastLayer, KronLastLayer} {
		n, err := Network(p, mode, &NetOptions{Structure: s})
		if err != nil {
			t.Fatal(err)
		}
		for _, delta := range []float64{0.1, 1, 30} {
			_, dlm, err := n.LogMarginalAt(delta)
			if err != nil {
				t.Fatal(err)
			}
			const h = 1e-5
			lp, _, _ := n.LogMarginalAt(delta * math.Exp(h))
			lm, _, _ := n.LogMarginalAt(delta * math.Exp(-h))
			if fd := (lp - lm) / (2 * h); math.Abs(fd-dlm) > 1e-6*max(1, math.Abs(dlm)) {
				t.Errorf("%v δ=%g: d log Z / d log δ = %.10g, central difference %.10g", s, delta, dlm, fd)
			}
		}
		before := n.LogMarginal()
		delta, err := n.TunePriorPrecision()
		if err != nil {
			t.Fatal(err)
		}
		at, d, _ := n.LogMarginalAt(delta)
		if math.Abs(d) > 1e-8*max(1, math.Abs(at)) {
			t.Errorf("%v: derivative %g at the tuned δ = %g", s, d, delta)
		}
		if r := relDiff(n.LogMarginal(), at); r > 1e-12 {
			t.Errorf("%v: LogMarginal %g after tuning, LogMarginalAt %g", s, n.LogMarginal(), at)
		}
		for _, f := range []float64{0.9, 1.1} {
			if o, _, _ := n.LogMarginalAt(delta * f); o > at {
				t.Errorf("%v: log Z at %g·δ* = %g above the tuned %g", s, f, o, at)
			}
		}
		if at < before-1e-9 {
			t.Errorf("%v: tuning lowered the log marginal from %g to %g", s, before, at)
		}
		t.Logf("%v: prior precision 1 → %.4g, log marginal %.3f → %.3f", s, delta, before, at)
	}
	n, _ := Network(p, mode, nil)
	if err := n.SetPriorPrecision(-1); err == nil {
		t.Error("negative prior precision accepted")
	}
}

// TestNetworkErrors: bad input gives errors naming the problem.
func TestNetworkErrors(t *testing.T) {
	p, mode := mlpRegression(t)
	if _, err := Network(p, mode[:3], nil); err == nil {
		t.Error("short MAP accepted")
	}
	bad := append([]float64(nil), mode...)
	bad[2] = math.NaN()
	if _, err := Network(p, bad, nil); err == nil {
		t.Error("NaN MAP accepted")
	}
	if _, err := Network(p, mode, &NetOptions{Structure: Diag, Curvature: ExactHessian}); err == nil {
		t.Error("exact Hessian with the diagonal structure accepted")
	}
	q, err := bayesnn.LogPosterior(p.Model, p.Data(), p.Lik, bayesnn.PriorFunc(bayesnn.GaussianPrior{}.LogPrior), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Network(q, mode, nil); err == nil {
		t.Error("a prior of unknown precision accepted")
	}
}

// TestSampledClassesLastLayer: with LastLayer, PredictClasses(Weights)
// runs only the head on features computed once; it agrees with
// bayesnn.PredictClasses on Sample's full parameter vectors (the same
// draws: seed 5, one chain) to rounding.
func TestSampledClassesLastLayer(t *testing.T) {
	x, y, _ := twoMoons(1, 60)
	m, err := bayesnn.MLP([]int{2, 8, 2}, bayesnn.Tanh)
	if err != nil {
		t.Fatal(err)
	}
	p, err := bayesnn.LogPosterior(m, bayesnn.NewData(x, y), bayesnn.Categorical{}, bayesnn.GaussianPrior{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := bayesnn.MAP(p, p.InitialPoint(rand.New(rand.NewPCG(1, 1)), 0.5), &bayesnn.MAPOptions{Steps: 500})
	if err != nil {
		t.Fatal(err)
	}
	ll, err := Network(p, res.Theta, &NetOptions{Structure: LastLayer})
	if err != nil {
		t.Fatal(err)
	}
	xs := [][]float64{{0, 0}, {1, 0.5}, {-1, 1}}
	got, err := ll.PredictClasses(xs, []int{0, 1, 0}, &ClassOptions{Samples: 50, Weights: true, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := ll.Sample(50, 1, 5)
	if err != nil {
		t.Fatal(err)
	}
	want, err := bayesnn.PredictClasses(m, bayesnn.TraceDraws(tr, 1), xs, []int{0, 1, 0})
	if err != nil {
		t.Fatal(err)
	}
	for i := range xs {
		for k := range 2 {
			if math.Abs(got.Probs[i][k]-want.Probs[i][k]) > 1e-12 {
				t.Errorf("row %d class %d: %g, want %g", i, k, got.Probs[i][k], want.Probs[i][k])
			}
		}
		if math.Abs(got.Epistemic[i]-want.Epistemic[i]) > 1e-12 {
			t.Errorf("row %d: epistemic %g, want %g", i, got.Epistemic[i], want.Epistemic[i])
		}
	}
	if _, err := ll.PredictClasses(xs, nil, &ClassOptions{Weights: true}); err == nil {
		t.Error("Weights without Samples accepted")
	}
}

// TestOutputCurvatureClosedForms: the closed-form square roots of Λ for
// the Gaussian, Bernoulli and categorical likelihoods give RᵀR equal to
// the tape's Hessian of the likelihood in the outputs (to 1e-12).
func TestOutputCurvatureClosedForms(t *testing.T) {
	cases := []struct {
		lik  bayesnn.Likelihood
		f, y []float64
	}{
		{bayesnn.Gaussian{Tau: 3}, []float64{0.4, -1}, []float64{1, 2}},
		{bayesnn.Bernoulli{}, []float64{0.7}, []float64{1}},
		{bayesnn.Bernoulli{}, []float64{-30}, []float64{0}},
		{bayesnn.Categorical{}, []float64{0.2, -1, 3}, []float64{2}},
		{bayesnn.Categorical{}, []float64{40, 0}, []float64{0}},
	}
	for _, c := range cases {
		oc := &outputCurvature{lik: c.lik, k: len(c.f), yw: c.lik.YWidth(len(c.f))}
		fast := oc.closedForm(c.f)
		if fast == nil {
			t.Fatalf("%T: no closed form", c.lik)
		}
		slow, err := oc.tapeSqrt(c.f, c.y)
		if err != nil {
			t.Fatal(err)
		}
		K := len(c.f)
		for a := range K {
			for b := range K {
				var u, v float64
				for r := range K {
					u += fast[r*K+a] * fast[r*K+b]
					v += slow[r*K+a] * slow[r*K+b]
				}
				if math.Abs(u-v) > 1e-12*max(1, math.Abs(v)) {
					t.Errorf("%T f=%v: Λ[%d,%d] closed form %g, tape %g", c.lik, c.f, a, b, u, v)
				}
			}
		}
	}
	// A network ending in log-softmax has zero output curvature: an error.
	p, mode := softmaxPosterior(t)
	q, err := bayesnn.LogPosterior(p.Model, p.Data(), bayesnn.Categorical{LogProbs: true}, p.Prior, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Network(q, mode, nil); err == nil || !strings.Contains(err.Error(), "zero") {
		t.Errorf("log-softmax outputs: error %v, want one saying the curvature is zero", err)
	}
	// Categorical{Mean: true} averages the log-likelihood: its GGN is the
	// summed one's divided by N, as its Hessian is.
	qm, err := bayesnn.LogPosterior(p.Model, p.Data(), bayesnn.Categorical{Mean: true}, p.Prior, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Network(qm, mode, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Network(qm, mode, &NetOptions{Curvature: ExactHessian})
	if err != nil {
		t.Fatal(err)
	}
	ha, _ := a.LikCurvature()
	hb, _ := b.LikCurvature()
	for i := range p.Dim() {
		for j := range p.Dim() {
			if math.Abs(ha.At(i, j)-hb.At(i, j)) > 1e-10 {
				t.Errorf("mean categorical: GGN (%d,%d) %g, Hessian %g", i, j, ha.At(i, j), hb.At(i, j))
			}
		}
	}
}
