package tests

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/bayesnn"
	"github.com/bayesnn-go/bayesnn/datasets"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// TestBNNPredictiveCoverage: NUTS on a 1-50-50-1 tanh network fitted to
// the Langevin tutorial's toy curve (100 points, noise sd 0.5) gives 90 %
// predictive intervals that cover fresh data from the same curve between
// 80 % and 98 % of the time (the bayesnn issue's acceptance band).
func TestBNNPredictiveCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("NUTS on a 2,651-parameter network")
	}
	curve := datasets.LangevinCurve()
	train, err := curve.Simulate(1)
	if err != nil {
		t.Fatal(err)
	}
	fresh := curve
	fresh.N = 1000
	test, err := fresh.Simulate(2)
	if err != nil {
		t.Fatal(err)
	}
	m, err := bayesnn.MLP([]int{1, 50, 50, 1}, bayesnn.Tanh)
	if err != nil {
		t.Fatal(err)
	}
	lik := bayesnn.GaussianLearned{SigmaScale: 1}
	post, err := bayesnn.LogPosterior(m, bayesnn.NewData(train.X, train.Y), lik, bayesnn.GaussianPrior{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	mapRes, err := bayesnn.MAP(post, post.InitialPoint(rng, 1), &bayesnn.MAPOptions{Steps: 2000})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := samplers.Sample(context.Background(), post, samplers.Options{
		Chains: 2, Warmup: 500, Draws: 250, Seed: 7, Kernel: samplers.NUTS{MaxTreeDepth: 8},
		InitialPoints: [][]float64{mapRes.Theta},
	})
	if err != nil {
		t.Fatal(err)
	}
	draws := make([][]float64, 0, tr.Chains*tr.Draws)
	for i := range tr.Chains * tr.Draws {
		draws = append(draws, tr.Samples[i*tr.Dim:(i+1)*tr.Dim])
	}
	pred, err := bayesnn.PredictRegression(m, lik, draws, test.X)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := pred.Interval(0.9)
	cov := bayesnn.Coverage(test.Y, lo, hi)
	t.Logf("90%% interval coverage %.3f on %d fresh points; divergences %d; mean tree depth %.1f",
		cov, len(test.Y), tr.Divergences(), meanStat(tr, "treedepth__"))
	if cov < 0.80 || cov > 0.98 {
		t.Errorf("coverage %.3f outside [0.80, 0.98]", cov)
	}
}

func meanStat(tr *samplers.Trace, name string) float64 {
	s, n := 0.0, 0
	for _, ch := range tr.Stat(name) {
		for _, v := range ch {
			s += v
			n++
		}
	}
	return s / float64(n)
}
