package bayesnn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/samplers"
)

// TestRescale checks that a prediction on a standardised target, mapped
// back by y = shift + scale·z, has its means, intervals and log densities
// transformed exactly so.
func TestRescale(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	m, _ := MLP([]int{1, 4, 2}, Tanh)
	x := [][]float64{{-1}, {0}, {0.5}}
	var draws [][]float64
	for range 5 {
		th := make([]float64, m.NumParams())
		for j := range th {
			th[j] = rng.NormFloat64()
		}
		draws = append(draws, th)
	}
	z := []float64{0.3, -1, 2}
	a, err := PredictRegression(m, Heteroscedastic{}, draws, x)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := PredictRegression(m, Heteroscedastic{}, draws, x)
	const scale, shift = 2.5, 20.0
	if _, err := b.Rescale(scale, shift); err != nil {
		t.Fatal(err)
	}
	lo, hi := a.Interval(0.9)
	blo, bhi := b.Interval(0.9)
	y := make([]float64, len(z))
	for i := range z {
		y[i] = shift + scale*z[i]
	}
	la, lb := a.LogPredictiveDensity(z), b.LogPredictiveDensity(y)
	for i := range z {
		close := func(what string, got, want float64) {
			if math.Abs(got-want) > 1e-8*math.Max(1, math.Abs(want)) {
				t.Errorf("row %d %s: %g, want %g", i, what, got, want)
			}
		}
		close("mean", b.Mean[i], shift+scale*a.Mean[i])
		close("total", b.Total[i], scale*scale*a.Total[i])
		close("epistemic", b.Epistemic[i], scale*scale*a.Epistemic[i])
		close("lo", blo[i], shift+scale*lo[i])
		close("hi", bhi[i], shift+scale*hi[i])
		close("log density", lb[i], la[i]-math.Log(scale))
	}
	if _, err := b.Rescale(0, 1); err == nil {
		t.Error("scale 0: no error")
	}
	if _, err := b.Rescale(1, math.NaN()); err == nil {
		t.Error("shift NaN: no error")
	}
}

// TestTraceDrawsAndOutputChains checks the indexing of both on a trace
// whose values encode their chain and draw, and with kept warm-up draws.
func TestTraceDrawsAndOutputChains(t *testing.T) {
	const chains, warm, draws = 2, 3, 4
	// A 1→1 linear network: out = w·x + b, parameters (w, b).
	m, _ := MLP([]int{1, 1}, Identity)
	tr := &samplers.Trace{Chains: chains, Draws: warm + draws, Dim: 2, Warmup: warm}
	for c := range chains {
		for i := range warm + draws {
			tr.Samples = append(tr.Samples, float64(100*c+i), -1)
		}
	}
	got := TraceDraws(tr, 2)
	want := []float64{3, 5, 103, 105} // post-warm-up draws 0 and 2 of each chain
	if len(got) != len(want) {
		t.Fatalf("%d draws, want %d", len(got), len(want))
	}
	for k, w := range want {
		if got[k][0] != w || got[k][1] != -1 {
			t.Errorf("draw %d = %v, want [%g -1]", k, got[k], w)
		}
	}
	out, err := OutputChains(m, tr, [][]float64{{1}, {2}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for r, xv := range []float64{1, 2} {
		for c := range chains {
			for i := range draws {
				if w := float64(100*c+warm+i)*xv - 1; out[r][c][i] != w {
					t.Errorf("row %d chain %d draw %d: %g, want %g", r, c, i, out[r][c][i], w)
				}
			}
		}
	}
	if _, err := OutputChains(m, tr, [][]float64{{1}}, 1); err == nil {
		t.Error("column 1 of 1: no error")
	}
}
