package bayesnn

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/sgmcmc"
)

// toyClasses is 3-class data on 2 inputs.
func toyClasses(rng *rand.Rand, n int) Data {
	x := make([][]float64, n)
	labels := make([]int, n)
	for i := range x {
		c := rng.IntN(3)
		x[i] = []float64{float64(c) + 0.5*rng.NormFloat64(), float64(c%2) + 0.5*rng.NormFloat64()}
		labels[i] = c
	}
	return NewLabels(x, labels)
}

// TestMinibatchMatchesPosterior: over a partition of the rows into
// batches, the estimates average to the full log posterior and the
// gradients to its gradient (the N/B rescaling is right); the whole data as
// one batch is the full posterior; the gradient passes the finite-difference
// check.
func TestMinibatchMatchesPosterior(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	data := toyClasses(rng, 24)
	m, err := MLP([]int{2, 5, 3}, Tanh)
	if err != nil {
		t.Fatal(err)
	}
	prior := GaussianPrior{WeightSD: 2}
	full, err := LogPosterior(m, data, Categorical{}, prior, nil)
	if err != nil {
		t.Fatal(err)
	}
	x := full.InitialPoint(rng, 3)
	gFull := make([]float64, full.Dim())
	want := full.LogProb(gFull, x)
	for _, bs := range []int{24, 8, 6} {
		mb, err := NewMinibatch(m, data, Categorical{}, prior, bs)
		if err != nil {
			t.Fatal(err)
		}
		perm := rng.Perm(24)
		k := 24 / bs
		g := make([]float64, mb.Dim())
		gSum := make([]float64, mb.Dim())
		sum := 0.0
		for b := range k {
			rows := perm[b*bs : (b+1)*bs]
			sum += mb.LogProbBatch(g, x, rows)
			for i := range g {
				gSum[i] += g[i] / float64(k)
			}
			if b == 0 {
				r := ad.CheckGradient(func(grad, th []float64) float64 { return mb.LogProbBatch(grad, th, rows) }, x, nil)
				if !r.OK(1e-5) {
					t.Errorf("batch %d: gradient check failed (max rel error %g)", bs, r.MaxRelError())
				}
			}
		}
		if got := sum / float64(k); math.Abs(got-want) > 1e-9*math.Abs(want) {
			t.Errorf("batch %d: mean estimate %v, full log posterior %v", bs, got, want)
		}
		for i := range g {
			if math.Abs(gSum[i]-gFull[i]) > 1e-9*(1+math.Abs(gFull[i])) {
				t.Fatalf("batch %d: mean gradient[%d] %v, full %v", bs, i, gSum[i], gFull[i])
			}
		}
	}
}

// TestMinibatchErrorsAndClone checks bad input and that clones are
// independent.
func TestMinibatchErrorsAndClone(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	data := toyClasses(rng, 10)
	m, _ := MLP([]int{2, 3, 3}, Tanh)
	if _, err := NewMinibatch(m, data, Categorical{}, GaussianPrior{}, 11); err == nil || !strings.Contains(err.Error(), "batch size 11") {
		t.Errorf("batch larger than the data: %v", err)
	}
	bad := Data{X: append([][]float64{{math.NaN(), 0}}, data.X[1:]...), Y: data.Y}
	if _, err := NewMinibatch(m, bad, Categorical{}, GaussianPrior{}, 5); err == nil || !strings.Contains(err.Error(), "NaN") {
		t.Errorf("NaN data: %v", err)
	}
	mb, err := NewMinibatch(m, data, Categorical{}, GaussianPrior{}, 5)
	if err != nil {
		t.Fatal(err)
	}
	cl := mb.Clone()
	x := mb.Posterior().InitialPoint(rng, 1)
	g1, g2 := make([]float64, mb.Dim()), make([]float64, mb.Dim())
	a := mb.LogProbBatch(g1, x, []int{0, 1, 2, 3, 4})
	b := cl.LogProbBatch(g2, x, []int{5, 6, 7, 8, 9})
	if a2 := mb.LogProbBatch(g1, x, []int{0, 1, 2, 3, 4}); a != a2 || a == b {
		t.Errorf("clone shares the batch: %v %v %v", a, a2, b)
	}
}

// TestMinibatchStepAllocs: the minibatch hot path, the gradient on a new
// batch and an SG-MCMC step, allocates nothing once warm (issue 20).
func TestMinibatchStepAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	data := toyClasses(rng, 40)
	m, _ := MLP([]int{2, 8, 3}, Relu)
	mb, err := NewMinibatch(m, data, Categorical{}, GaussianPrior{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	perm := rng.Perm(40)
	g := make([]float64, mb.Dim())
	for _, k := range []sgmcmc.Kernel{sgmcmc.SGLD{}, sgmcmc.SGHMC{NoiseEstimate: true}, sgmcmc.PSGLD{}, sgmcmc.Adam{}} {
		s := k.Init(mb.Posterior().InitialPoint(rng, 1))
		b := 0
		step := func() {
			rows := perm[(b%4)*10 : (b%4+1)*10]
			b++
			mb.LogProbBatch(g, s.Position, rows)
			k.Update(rng, s, g, 1e-4, 40, true)
		}
		step()
		if a := testing.AllocsPerRun(50, step); a != 0 {
			t.Errorf("%s: %v allocations per minibatch step", k.Name(), a)
		}
	}
}

// TestMinibatchSGHMC runs SGHMC on a small classifier through
// sgmcmc.Sample (4 chains, cloned targets) and checks that its ensemble
// classifies the training data well.
func TestMinibatchSGHMC(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	data := toyClasses(rng, 300)
	m, _ := MLP([]int{2, 10, 3}, Tanh)
	mb, err := NewMinibatch(m, data, Categorical{}, GaussianPrior{}, 30)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := sgmcmc.Sample(context.Background(), mb, sgmcmc.Options{
		Kernel: sgmcmc.SGHMC{}, Schedule: sgmcmc.Cyclical{StepSize: 1e-3, Cycles: 4, Explore: 0.5},
		Epochs: 80, Thin: 10, Chains: 2, Seed: 1,
		InitialPoints: [][]float64{mb.Posterior().InitialPoint(rng, 1)},
	})
	if err != nil {
		t.Fatal(err)
	}
	labels := make([]int, data.Len())
	for i, y := range data.Y {
		labels[i] = int(y[0])
	}
	pred, err := PredictClasses(m, TraceDraws(tr, 1), data.X, labels)
	if err != nil {
		t.Fatal(err)
	}
	// Chance is 1/3 and the classes overlap (sd 0.5 about centres 1
	// apart); 0.7 fails a sampler that does not learn.
	if pred.Accuracy < 0.7 {
		t.Errorf("SGHMC ensemble accuracy %.3f on its training data", pred.Accuracy)
	}
	t.Logf("cSGHMC ensemble of %d draws: accuracy %.3f, log lik %.3f", len(TraceDraws(tr, 1)), pred.Accuracy, pred.LogLik)
}
