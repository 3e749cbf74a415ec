package model_test

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/datasets"
	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/dist"
	"github.com/bayesnn-go/bayesnn/model"
	"github.com/bayesnn-go/bayesnn/models"
	"github.com/bayesnn-go/bayesnn/samplers"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// regression is models.LinearRegression's model on the layer: vague normal
// priors on the weights and the bias, a Gamma prior on the precision.
func regression(d *datasets.Regression) *model.Model {
	n, p := d.Len(), d.Dim()
	var x []float64
	for _, row := range d.X {
		x = append(x, row...)
	}
	return model.New("linreg", func(m *model.M) {
		w := m.Sample("w", dist.Normal(0, models.DefaultSigma0), p)
		b := m.Sample("b", dist.Normal(0, models.DefaultSigma0))
		tau := m.Sample("tau", dist.Gamma(models.DefaultAlpha0, models.DefaultBeta0))
		mu := ad.Add(ad.Reshape(ad.MatMul(m.Const(x, n, p), ad.Reshape(w, p, 1)), n), b)
		m.Observe("y", dist.Normal(mu, ad.Pow(tau, -0.5)), d.Y)
	})
}

// TestHMCGibbs runs Gibbs within HMC on the regression, τ drawn exactly
// from its Gamma conditional, and checks every posterior mean within
// 4 MCSE of the exact posterior (models.LinearRegression.ExactPosterior).
func TestHMCGibbs(t *testing.T) {
	d, err := datasets.GibbsHMCLinear().Simulate(1)
	if err != nil {
		t.Fatal(err)
	}
	lin, err := models.NewLinearRegression(d)
	if err != nil {
		t.Fatal(err)
	}
	exact, err := lin.ExactPosterior(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	md := regression(d)
	draws := 0
	drawTau := func(rng *rand.Rand, p map[string][]float64) {
		g := lin.TauConditional(append(append([]float64(nil), p["w"]...), p["b"]...))
		g.Src = rng
		p["tau"][0] = g.Rand()
		draws++ // one chain: no race
	}
	k, err := md.HMCGibbs(samplers.HMC{StepSize: 0.01, Steps: 20}, drawTau, "tau")
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Block) != 1 || k.Block[0] != 4 {
		t.Fatalf("block %v, want [4] (tau's unconstrained coordinate)", k.Block)
	}
	n := 600
	if testing.Short() {
		n = 300
	}
	fit, err := model.Sample(context.Background(), md, samplers.Options{Chains: 1, Warmup: 100, Draws: n, Seed: 2,
		Kernel: k, Metric: samplers.Unit, WarmupOptions: samplers.WarmupOptions{FixedStepSize: true},
		InitialPoints: [][]float64{{0, 0, 0, 0, 0}}})
	if err != nil {
		t.Fatal(err)
	}
	if draws != 100+n {
		t.Errorf("%d Gibbs draws for %d transitions", draws, 100+n)
	}
	s, err := diag.Summarize(fit.Trace, nil)
	if err != nil {
		t.Fatal(err)
	}
	for j, p := range s.Params {
		if c := diag.CheckMean(p.Mean, p.MCSEMean, exact.Mean[j], 0, 4); !c.OK {
			t.Errorf("%s: %v", p.Name, c)
		}
	}
	if got := strings.Join(fit.Trace.Names, " "); got != "w[1] w[2] w[3] b tau" {
		t.Errorf("names %s", got)
	}
}

// TestHMCGibbsErrors: bad sites, a missing function and a draw outside the
// support are errors naming the problem.
func TestHMCGibbsErrors(t *testing.T) {
	md := model.New("two", func(m *model.M) {
		m.Sample("mu", dist.Normal(0, 1))
		m.Sample("sigma", dist.HalfNormal(1))
	})
	keep := func(*rand.Rand, map[string][]float64) {}
	hmc := samplers.HMC{StepSize: 0.1, Steps: 5}
	for _, c := range []struct {
		draw  model.GibbsFunc
		sites []string
		want  string
	}{
		{keep, []string{"nope"}, `"nope" is not a parameter site`},
		{keep, nil, "at least one Gibbs site"},
		{keep, []string{"mu", "mu"}, "named twice"},
		{keep, []string{"mu", "sigma"}, "every parameter is a Gibbs site"},
		{nil, []string{"mu"}, "a draw function"},
	} {
		if _, err := md.HMCGibbs(hmc, c.draw, c.sites...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("sites %v: error %v, want %q", c.sites, err, c.want)
		}
	}
	bad := func(_ *rand.Rand, p map[string][]float64) { p["sigma"][0] = -1 }
	k, err := md.HMCGibbs(hmc, bad, "sigma")
	if err != nil {
		t.Fatal(err)
	}
	_, err = model.Sample(context.Background(), md, samplers.Options{Chains: 1, Warmup: 10, Draws: 10, Seed: 1, Kernel: k})
	if err == nil || !strings.Contains(err.Error(), `site "sigma"`) {
		t.Errorf("draw outside the support: error %v", err)
	}
}

// TestModelHessianTarget: a model's target is a HessianTarget whose
// Hessian is models.Funnel's (the same density), and RMHMC samples a model
// through model.Sample.
func TestModelHessianTarget(t *testing.T) {
	md := model.New("funnel", func(m *model.M) {
		v := m.Sample("v", dist.Normal(0, 3))
		m.Sample("x", dist.Normal(0, ad.Exp(ad.Scale(v, 0.5))), 3)
	})
	target, err := md.Target()
	if err != nil {
		t.Fatal(err)
	}
	ht, ok := target.(density.HessianTarget)
	if !ok {
		t.Fatalf("%T is not a HessianTarget", target)
	}
	ref, err := models.Funnel{D: 4}.Model().Target()
	if err != nil {
		t.Fatal(err)
	}
	x := []float64{-0.7, 0.3, -1.1, 0.4}
	g := make([]float64, 4)
	if a, b := target.LogProb(g, x), ref.LogProb(g, x); math.Abs(a-b) > 1e-12 {
		t.Errorf("log density %v, models.Funnel %v", a, b)
	}
	h, want := mat4(), mat4()
	if err := ht.Hessian(h, x); err != nil {
		t.Fatal(err)
	}
	if err := ref.(density.HessianTarget).Hessian(want, x); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		for j := range 4 {
			if math.Abs(h.At(i, j)-want.At(i, j)) > 1e-12 {
				t.Errorf("Hessian[%d,%d] = %v, models.Funnel %v", i, j, h.At(i, j), want.At(i, j))
			}
		}
	}
	gauss := model.New("gauss", func(m *model.M) { m.Sample("x", dist.Normal([]float64{1, 2, 3}, 0.5)) })
	fit, err := model.Sample(context.Background(), gauss, samplers.Options{Chains: 2, Warmup: -1, Draws: 300, Seed: 4,
		Kernel: samplers.RMHMC{StepSize: 0.3, Steps: 5, Metric: samplers.SoftAbs}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := diag.Summarize(fit.Trace, nil)
	if err != nil {
		t.Fatal(err)
	}
	for j, p := range s.Params {
		if c := diag.CheckMean(p.Mean, p.MCSEMean, float64(j+1), 0, 4); !c.OK {
			t.Errorf("RMHMC on a model: %s: %v", p.Name, c)
		}
	}
}

func mat4() *mat.SymDense { return mat.NewSymDense(4, nil) }

// TestHMCGibbsParallel: the draws do not depend on how many goroutines
// run the chains (the draw function's compiled copies come from a pool).
func TestHMCGibbsParallel(t *testing.T) {
	y := []float64{1.2, 0.4, 2.1, 1.7, 0.9}
	md := model.New("normal", func(m *model.M) {
		mu := m.Sample("mu", dist.Normal(0, 10))
		tau := m.Sample("tau", dist.Gamma(2, 2))
		m.Observe("y", dist.Normal(mu, ad.Pow(tau, -0.5)), y)
	})
	draw := func(rng *rand.Rand, p map[string][]float64) {
		var ss float64
		for _, v := range y {
			ss += (v - p["mu"][0]) * (v - p["mu"][0])
		}
		p["tau"][0] = distuv.Gamma{Alpha: 2 + float64(len(y))/2, Beta: 2 + ss/2, Src: rng}.Rand()
	}
	k, err := md.HMCGibbs(samplers.HMC{StepSize: 0.2, Steps: 10}, draw, "tau")
	if err != nil {
		t.Fatal(err)
	}
	var runs [2][]float64
	for i, parallel := range []int{1, 4} {
		fit, err := model.Sample(context.Background(), md, samplers.Options{Chains: 4, Warmup: 50, Draws: 100, Seed: 9, Kernel: k, Parallel: parallel})
		if err != nil {
			t.Fatal(err)
		}
		runs[i] = fit.Trace.Samples
	}
	for i := range runs[0] {
		if runs[0][i] != runs[1][i] {
			t.Fatalf("draw %d: %v with 1 goroutine, %v with 4", i, runs[0][i], runs[1][i])
		}
	}
}
