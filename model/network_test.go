package model_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/bayesnn"
	"github.com/bayesnn-go/bayesnn/dist"
	"github.com/bayesnn-go/bayesnn/model"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// TestNetwork checks a bayesnn network as a parameter block: the layer's
// log density equals the one written by hand with the network's Forward,
// a fit runs and gives the pointwise log-likelihood and predictive draws.
func TestNetwork(t *testing.T) {
	net, err := bayesnn.MLP([]int{2, 4, 1}, bayesnn.Tanh)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 20
	x := make([]float64, 2*n)
	y := make([]float64, n)
	for i := range n {
		x[2*i], x[2*i+1] = rng.NormFloat64(), rng.NormFloat64()
		y[i] = math.Sin(x[2*i]) + 0.1*rng.NormFloat64()
	}
	md := model.New("bnn", func(m *model.M) {
		sigma := m.Sample("sigma", dist.HalfNormal(1))
		out := m.Network("w", net, dist.Normal(0, 1), m.Const(x, n, 2))
		m.Observe("y", dist.Normal(ad.Reshape(out, n), sigma), y)
	})
	if err := md.Err(); err != nil {
		t.Fatal(err)
	}
	p := net.NumParams()
	if md.Dim() != p+1 || md.Names()[1] != "w[1]" {
		t.Fatalf("dim %d, names %v", md.Dim(), md.Names()[:2])
	}
	hand := func(tp *ad.Tape, v *ad.Var) *ad.Var {
		sigma, lj := ad.Positive(v.View(0, 1))
		w := v.View(1, 1+p)
		out := ad.Reshape(net.Forward(tp.Const(x, n, 2), w), n)
		lp := ad.Add(ad.HalfNormalLogPdf(sigma, tp.Scalar(1)), lj)
		lp = ad.Add(lp, ad.NormalLogPdf(w, tp.Scalar(0), tp.Scalar(1)))
		return ad.Add(lp, ad.NormalLogPdf(tp.Const(y), out, sigma))
	}
	u := make([]float64, p+1)
	for i := range u {
		u[i] = 0.3 * rng.NormFloat64()
	}
	tg, err := md.Target()
	if err != nil {
		t.Fatal(err)
	}
	g1, g2 := make([]float64, p+1), make([]float64, p+1)
	lp1 := tg.LogProb(g1, u)
	lp2, err := ad.Grad(hand, g2, u)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(lp1-lp2) > 1e-10*math.Abs(lp2) {
		t.Errorf("log density %.12g, by hand %.12g", lp1, lp2)
	}
	for i := range g1 {
		if math.Abs(g1[i]-g2[i]) > 1e-10*max(1, math.Abs(g2[i])) {
			t.Fatalf("gradient[%d] %.12g, by hand %.12g", i, g1[i], g2[i])
		}
	}
	fit, err := model.Sample(context.Background(), md, samplers.Options{Chains: 2, Warmup: 150, Draws: 50, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(fit.LogLik[1][49]) != n {
		t.Errorf("log-lik of %d observations, want %d", len(fit.LogLik[1][49]), n)
	}
	rep, err := fit.PosteriorPredictive(1)
	if err != nil || rep.Dim != n || rep.Draws != 50 {
		t.Errorf("posterior predictive: %v", err)
	}
}
