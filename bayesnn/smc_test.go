package bayesnn

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/samplers"
	"github.com/bayesnn-go/bayesnn/smc"
)

// smallSandbox is a 1-4-1 PosTanh network on 8 of the sandbox's points:
// small enough for exact checks.
func smallSandbox(t *testing.T) *Posterior {
	t.Helper()
	d := sandboxData(2)
	rows := []int{0, 7, 14, 21, 28, 35, 42, 49}
	d, _ = d.Rows(rows)
	m, err := MLP([]int{1, 4, 1}, PosTanh)
	if err != nil {
		t.Fatal(err)
	}
	p, err := LogPosterior(m, d, GaussianGammaNoise{Shape: 2}, GaussianPrior{WeightSD: 0.7, BiasSD: 1.3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPosTanhAndGammaNoiseGradients(t *testing.T) {
	checkPosteriorGradient(t, "small sandbox", smallSandbox(t), rand.New(rand.NewPCG(3, 3)))
	// 1 + tanh by hand on a 1-1-1 network.
	m, _ := MLP([]int{1, 1, 1}, PosTanh)
	out, err := m.Predict([]float64{0.3, -0.2, 1.5, 0.1}, [][]float64{{2}})
	if err != nil {
		t.Fatal(err)
	}
	if want := 1.5*(1+math.Tanh(0.3*2-0.2)) + 0.1; math.Abs(out[0][0]-want) > 1e-12 {
		t.Errorf("1-1-1 PosTanh network: %v, want %v", out[0][0], want)
	}
	if PosTanh.String() != "postanh" {
		t.Errorf("name %q", PosTanh.String())
	}
}

// The Gamma(a, 1) prior of σ on the log scale integrates to 1 and its
// draws have mean a.
func TestGaussianGammaNoisePrior(t *testing.T) {
	for _, a := range []float64{0.5, 1, 3} {
		l := GaussianGammaNoise{Shape: a}
		c, err := ad.Compile(func(tp *ad.Tape, s *ad.Var) *ad.Var { return l.LogPrior(tp, s) }, []float64{0}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var integral float64
		const h = 1e-3
		for s := -30.0; s < 5; s += h {
			integral += math.Exp(c.Value([]float64{s})) * h
		}
		if math.Abs(integral-1) > 1e-3 {
			t.Errorf("a = %v: prior of log σ integrates to %v", a, integral)
		}
		rng := rand.New(rand.NewPCG(1, 1))
		const n = 20000
		var m, v float64
		dst := []float64{0}
		xs := make([]float64, n)
		for i := range xs {
			l.SamplePrior(rng, dst)
			xs[i] = math.Exp(dst[0])
			m += xs[i] / n
		}
		for _, x := range xs {
			v += (x - m) * (x - m) / n
		}
		if se := math.Sqrt(v / n); math.Abs(m-a) > 4*se {
			t.Errorf("a = %v: mean of σ draws %v, want %v ± %v", a, m, a, 4*se)
		}
	}
	if err := (GaussianGammaNoise{Shape: -1}).Check(1, [][]float64{{1}}); err == nil {
		t.Error("negative shape: no error")
	}
}

// SMC's prior is the posterior's prior, normalised; the likelihood target
// and the per-datum likelihoods add up to the log-likelihood; prior plus
// likelihood is the posterior up to nothing.
func TestPosteriorSMCPieces(t *testing.T) {
	p := smallSandbox(t)
	pr, err := p.SMCPrior()
	if err != nil {
		t.Fatal(err)
	}
	lt, err := p.LikelihoodTarget()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2, 2))
	x := make([]float64, p.Dim())
	pr.Sample(rng, x)
	g := make([]float64, p.Dim())
	lp := pr.Target.LogProb(g, x)
	// By hand: the blocks' normal densities and the Gamma(2, 1) density of
	// σ with its Jacobian.
	var want float64
	for _, b := range p.Model.Blocks() {
		sd := 0.7
		if b.Spec.Bias {
			sd = 1.3
		}
		for j := range b.Spec.Size() {
			z := x[b.Offset+j] / sd
			want += -0.5*z*z - math.Log(sd) - halfLog2Pi
		}
	}
	s := x[p.Dim()-1]
	want += 2*s - math.Exp(s) // log Γ(2) = 0
	if math.Abs(lp-want) > 1e-9 {
		t.Errorf("log prior %v, by hand %v", lp, want)
	}
	ll := lt.LogProb(g, x)
	var sum float64
	for i := range p.NumRows() {
		v, err := p.DatumLogLik(x, i)
		if err != nil {
			t.Fatal(err)
		}
		sum += v
	}
	if math.Abs(ll-sum) > 1e-9 {
		t.Errorf("log-likelihood %v, sum over rows %v", ll, sum)
	}
	if post := p.LogProb(g, x); math.Abs(post-(lp+ll)) > 1e-9 {
		t.Errorf("posterior %v, prior + likelihood %v", post, lp+ll)
	}
	if r := ad.CheckGradient(lt.LogProb, x, nil); !r.OK(1e-5) {
		t.Errorf("likelihood gradient: %v", r)
	}
	if _, err := p.DatumLogLik(x, p.NumRows()); err == nil {
		t.Error("row out of range: no error")
	}
	// Priors that cannot be drawn from are errors, not panics.
	q, _ := LogPosterior(p.Model, p.data(), Gaussian{Tau: 1}, PriorFunc(func(tp *ad.Tape, th *ad.Var, _ []Block) *ad.Var { return ad.Sum(th) }), nil)
	if _, err := SMC(context.Background(), q, nil, smc.Options{}); err == nil {
		t.Error("PriorFunc prior: no error")
	}
	q, _ = LogPosterior(p.Model, p.data(), LikelihoodFunc{Width: 1, Names: []string{"s"}, F: func(tp *ad.Tape, out, y, e *ad.Var) *ad.Var { return ad.Sum(out) }}, GaussianPrior{}, nil)
	if _, err := SMC(context.Background(), q, nil, smc.Options{}); err == nil {
		t.Error("likelihood parameters without a prior sampler: no error")
	}
}

// Weighted prediction equals the unweighted prediction of the draws
// repeated in proportion to their weights.
func TestPredictRegressionWeighted(t *testing.T) {
	p := smallSandbox(t)
	rng := rand.New(rand.NewPCG(5, 5))
	a, b := p.InitialPoint(rng, 1), p.InitialPoint(rng, 1)
	xs := [][]float64{{0.1}, {0.5}, {0.9}}
	w, err := PredictRegressionWeighted(p.Model, p.Lik, [][]float64{a, b}, []float64{2, 1}, xs)
	if err != nil {
		t.Fatal(err)
	}
	u, err := PredictRegression(p.Model, p.Lik, [][]float64{a, a, b}, xs)
	if err != nil {
		t.Fatal(err)
	}
	y := []float64{-4, -4, -7}
	lw, lu := w.LogPredictiveDensity(y), u.LogPredictiveDensity(y)
	qw, qu := w.Quantile(0.9), u.Quantile(0.9)
	for i := range xs {
		for _, c := range [][2]float64{{w.Mean[i], u.Mean[i]}, {w.Epistemic[i], u.Epistemic[i]}, {w.Total[i], u.Total[i]}, {lw[i], lu[i]}, {qw[i], qu[i]}} {
			if math.Abs(c[0]-c[1]) > 1e-8*(1+math.Abs(c[1])) {
				t.Errorf("row %d: weighted %v, repeated %v", i, c[0], c[1])
			}
		}
	}
	for _, bad := range [][]float64{{1}, {1, -1}, {0, 0}, {math.NaN(), 1}} {
		if _, err := PredictRegressionWeighted(p.Model, p.Lik, [][]float64{a, b}, bad, xs); err == nil {
			t.Errorf("weights %v: no error", bad)
		}
	}
}

// SMC on the small network by both paths gives the same posterior mean
// of the noise as NUTS, within the standard errors, and the same
// particles with 1 and 2 goroutines.
func TestSMCSmallNetwork(t *testing.T) {
	p := smallSandbox(t)
	ctx := context.Background()
	tr, err := samplers.Sample(ctx, p, samplers.Options{Chains: 4, Warmup: 500, Draws: 1000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	j := p.Dim() - 1
	sig := mapDraws(tr.Param(j), math.Exp)
	nm, nse := chainMeanSE(t, sig)
	for _, an := range []smc.Annealing{nil, &smc.DataAnnealing{BatchSize: 1}} {
		res, err := SMC(ctx, p, an, smc.Options{Particles: 400, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		var m, v float64
		for i, x := range res.Particles {
			m += res.Weights[i] * math.Exp(x[j])
		}
		for i, x := range res.Particles {
			d := math.Exp(x[j]) - m
			v += res.Weights[i] * d * d
		}
		se := math.Sqrt(v/res.ESS() + nse*nse)
		t.Logf("%T: σ mean %.4f, NUTS %.4f, SE %.4f, warnings %v", an, m, nm, se, res.Warnings)
		if math.Abs(m-nm) > 4*se {
			t.Errorf("%T: σ mean %.4f, NUTS %.4f, 4 SE %.4f", an, m, nm, 4*se)
		}
	}
	one, err := SMC(ctx, p, nil, smc.Options{Particles: 40, Seed: 4, Parallel: 1})
	if err != nil {
		t.Fatal(err)
	}
	two, err := SMC(ctx, p, nil, smc.Options{Particles: 40, Seed: 4, Parallel: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i := range one.Particles {
		for k := range one.Particles[i] {
			if one.Particles[i][k] != two.Particles[i][k] {
				t.Fatalf("particle %d element %d differs between 1 and 2 goroutines", i, k)
			}
		}
	}
}

// chainMeanSE returns the mean of the chains and its MCSE.
func chainMeanSE(t *testing.T, c [][]float64) (float64, float64) {
	t.Helper()
	se, err := diag.MCSEMean(c)
	if err != nil {
		t.Fatal(err)
	}
	var m float64
	var n int
	for _, r := range c {
		for _, v := range r {
			m += v
			n++
		}
	}
	return m / float64(n), se
}

func mapDraws(c [][]float64, f func(float64) float64) [][]float64 {
	out := make([][]float64, len(c))
	for i, r := range c {
		out[i] = make([]float64, len(r))
		for k, v := range r {
			out[i][k] = f(v)
		}
	}
	return out
}
