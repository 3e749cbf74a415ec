package model_test

import (
	"context"
	"math"
	"strings"
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/dist"
	"github.com/bayesnn-go/bayesnn/model"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// TestNames checks the column names of the constrained and unconstrained
// traces and that every constrained column is the transform of the raw
// draw.
func TestNames(t *testing.T) {
	md := model.New("names", func(m *model.M) {
		s := m.Sample("s", dist.Exponential(1.0))
		m.Sample("v", dist.Normal(0.0, 1.0), 2)
		l := m.Param("L", dist.CholeskyCorr(2))
		m.Factor(must(t)(dist.LKJCholesky(2, 1.0).LogProb(l)))
		m.Deterministic("s2", ad.Square(s))
	})
	if err := md.Err(); err != nil {
		t.Fatal(err)
	}
	want := "s v[1] v[2] L[1,1] L[1,2] L[2,1] L[2,2] s2"
	if got := strings.Join(md.Names(), " "); got != want {
		t.Errorf("Names = %s, want %s", got, want)
	}
	if got := strings.Join(md.UnconstrainedNames(), " "); got != "s__u[1] v[1] v[2] L__u[1]" {
		t.Errorf("UnconstrainedNames = %s", got)
	}
	fit, err := model.Sample(context.Background(), md, samplers.Options{Chains: 2, Warmup: 200, Draws: 100, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	tr, raw := fit.Trace, fit.Unconstrained
	for r := range tr.Chains * tr.Draws {
		c, u := tr.Samples[r*tr.Dim:(r+1)*tr.Dim], raw.Samples[r*raw.Dim:(r+1)*raw.Dim]
		z := math.Tanh(u[3])
		want := []float64{math.Exp(u[0]), u[1], u[2], 1, 0, z, math.Sqrt(1 - z*z), math.Exp(2 * u[0])}
		for j := range want {
			if math.Abs(c[j]-want[j]) > 1e-12*max(1, math.Abs(want[j])) {
				t.Fatalf("draw %d: %s = %g, want %g", r, tr.Names[j], c[j], want[j])
			}
		}
	}
	if len(tr.Stats) != len(raw.Stats) || tr.Warmup != raw.Warmup || len(tr.Adapted) != 2 {
		t.Error("sampler statistics or adaptation not carried over")
	}
	if _, err := model.PriorPredictive(md, 10, 1); err == nil {
		t.Error("PriorPredictive of a model with a Param site: no error")
	}
}

// TestModelErrors checks that mistakes in a model are errors naming the
// problem, not panics.
func TestModelErrors(t *testing.T) {
	y := []float64{1, 2, 3}
	cases := []struct {
		name, want string
		fn         func(m *model.M)
	}{
		{"bad parameter type", "has type string", func(m *model.M) { m.Sample("mu", dist.Normal("0", 1.0)) }},
		{"discrete latent", "discrete support", func(m *model.M) { m.Sample("k", dist.Poisson(3.0)) }},
		{"duplicate name", "used twice", func(m *model.M) {
			m.Sample("mu", dist.Normal(0.0, 1.0))
			m.Sample("mu", dist.Normal(0.0, 1.0))
		}},
		{"data outside the support", "outside the count support", func(m *model.M) {
			m.Sample("rate", dist.Exponential(1.0))
			m.Observe("k", dist.Poisson(2.0), []float64{1, -1})
		}},
		{"[n] against [n,1]", "would broadcast", func(m *model.M) {
			mu := m.Sample("mu", dist.Normal(0.0, 1.0), 3, 1)
			m.Observe("y", dist.Normal(mu, 1.0), y)
		}},
		{"bad data type", "data of type string", func(m *model.M) {
			m.Sample("mu", dist.Normal(0.0, 1.0))
			m.Observe("y", dist.Normal(0.0, 1.0), "1")
		}},
		{"non-scalar factor", "scalar", func(m *model.M) {
			mu := m.Sample("mu", dist.Normal(0.0, 1.0), 2)
			m.Factor(mu)
		}},
		{"bad shape for a simplex", "simplex(3)", func(m *model.M) { m.Param("p", dist.Simplex(3), 4) }},
		{"op error", "MatMul", func(m *model.M) {
			mu := m.Sample("mu", dist.Normal(0.0, 1.0), 3)
			m.Factor(ad.Sum(ad.MatMul(mu, mu)))
		}},
		{"no parameters", "no parameters", func(m *model.M) { m.Observe("y", dist.Normal(0.0, 1.0), y) }},
	}
	for _, c := range cases {
		md := model.New(c.name, c.fn)
		err := md.Err()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		if _, err2 := model.Sample(context.Background(), md, samplers.Options{}); err2 == nil {
			t.Errorf("%s: Sample returned no error", c.name)
		}
	}
	// A model function that declares different sites on its second run.
	calls := 0
	md := model.New("unstable", func(m *model.M) {
		calls++
		m.Sample("a", dist.Normal(0.0, 1.0))
		if calls > 1 {
			m.Sample("b", dist.Normal(0.0, 1.0))
		}
	})
	if _, err := md.Target(); err == nil || !strings.Contains(err.Error(), "first run") {
		t.Errorf("unstable model: %v", err)
	}
}

// TestGradientAndAllocs checks the compiled target's gradient against
// finite differences and that a gradient allocates nothing.
func TestGradientAndAllocs(t *testing.T) {
	y := [][]float64{{0.5, -1, 0.2}, {1, 0.3, -0.7}}
	for _, md := range []*model.Model{eightSchools(schoolsY, schoolsSigma), sbcModel([]int{0, 2}, y)} {
		tg, err := md.Target()
		if err != nil {
			t.Fatal(err)
		}
		x := make([]float64, tg.Dim())
		for i := range x {
			x[i] = 0.3*math.Sin(float64(i)) + 0.1
		}
		if rep := ad.CheckGradient(tg.LogProb, x, nil); !rep.OK(1e-6) {
			t.Errorf("%s:\n%v", md.Name(), rep)
		}
		g := make([]float64, len(x))
		if a := testing.AllocsPerRun(100, func() { tg.LogProb(g, x) }); a != 0 {
			t.Errorf("%s: %g allocations per gradient", md.Name(), a)
		}
	}
}

// TestLogLikAndPredictive checks the pointwise log-likelihood against the
// normal density at each draw's theta, and the posterior predictive draws:
// y_rep[j] - theta[j] has mean 0 and variance sigma_j² within 4 MCSE.
func TestLogLikAndPredictive(t *testing.T) {
	fit, err := model.Sample(context.Background(), eightSchools(schoolsY, schoolsSigma),
		samplers.Options{Chains: 2, Warmup: 300, Draws: 1000, Seed: 5, TargetAccept: 0.95})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := fit.PosteriorPredictive(9)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rep.Names[:2], " ") != "y[1] y[2]" || rep.Dim != 8 || rep.Draws != 1000 {
		t.Fatalf("posterior predictive: names %v, dim %d, draws %d", rep.Names, rep.Dim, rep.Draws)
	}
	k := fit.Trace.Dim
	if err := fit.AddPosteriorPredictive(9); err != nil {
		t.Fatal(err)
	}
	if fit.Trace.Dim != k+8 || fit.Trace.Names[k] != "y_rep[1]" {
		t.Fatalf("after AddPosteriorPredictive: dim %d, names %v", fit.Trace.Dim, fit.Trace.Names[k:])
	}
	stored, _ := fit.Trace.ParamByName("y_rep[8]")
	if stored[1][999] != rep.Param(7)[1][999] {
		t.Errorf("stored y_rep[8] differs from PosteriorPredictive's")
	}
	for j := range 8 {
		theta, _ := fit.Trace.ParamByName("theta[" + string(rune('1'+j)) + "]")
		yrep := rep.Param(j)
		m, v, n := 0.0, 0.0, 0.0
		for c := range theta {
			for d := range theta[c] {
				want := -0.5*math.Log(2*math.Pi) - math.Log(schoolsSigma[j]) -
					0.5*math.Pow((schoolsY[j]-theta[c][d])/schoolsSigma[j], 2)
				if got := fit.LogLik[c][d][j]; math.Abs(got-want) > 1e-10 {
					t.Fatalf("LogLik[%d][%d][%d] = %g, want %g", c, d, j, got, want)
				}
				e := yrep[c][d] - theta[c][d]
				m += e
				v += e * e
				n++
			}
		}
		m /= n
		v /= n
		s2 := schoolsSigma[j] * schoolsSigma[j]
		if math.Abs(m) > 4*math.Sqrt(s2/n) || math.Abs(v-s2) > 4*s2*math.Sqrt(2/n) {
			t.Errorf("y_rep[%d] - theta: mean %.3g, variance %.4g, want 0 and %g", j+1, m, v, s2)
		}
	}
}

// TestPriorPredictive checks prior draws of eight schools: mu ~ N(0, 5),
// theta_trans ~ N(0, 1) and y - theta ~ N(0, sigma) (mean and variance
// within 4 MCSE).
func TestPriorPredictive(t *testing.T) {
	const n = 4000
	tr, err := model.PriorPredictive(eightSchools(schoolsY, schoolsSigma), n, 8)
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) []float64 {
		x, err := tr.ParamByName(name)
		if err != nil {
			t.Fatal(err)
		}
		return x[0]
	}
	check := func(what string, x []float64, sd float64) {
		m, v := 0.0, 0.0
		for _, e := range x {
			m += e
			v += e * e
		}
		m /= n
		v /= n
		if math.Abs(m) > 4*sd/math.Sqrt(n) || math.Abs(v-sd*sd) > 4*sd*sd*math.Sqrt(2.0/n) {
			t.Errorf("%s: mean %.3g, variance %.4g, want 0 and %g", what, m, v, sd*sd)
		}
	}
	check("mu", col("mu"), 5)
	check("theta_trans[3]", col("theta_trans[3]"), 1)
	y, theta := col("y[2]"), col("theta[2]")
	e := make([]float64, n)
	for i := range e {
		e[i] = y[i] - theta[i]
	}
	check("y[2] - theta[2]", e, schoolsSigma[1])
	for _, tau := range col("tau") {
		if !(tau > 0) {
			t.Fatalf("prior draw tau = %g", tau)
		}
	}
}

// must returns a function that fails t on an error and returns the Var.
func must(t *testing.T) func(*ad.Var, error) *ad.Var {
	return func(v *ad.Var, err error) *ad.Var {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
