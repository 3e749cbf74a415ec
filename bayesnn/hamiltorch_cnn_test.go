package bayesnn

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/datasets"
	"gonum.org/v1/gonum/diff/fd"
)

// cnnPosterior returns hamiltorch's CNN posterior on the first 100 MNIST
// training digits (N(0, 1) prior), summed or averaged, and the digits.
func cnnPosterior(t *testing.T, mean bool) (*Posterior, *datasets.ClassSplit) {
	t.Helper()
	d, err := datasets.LoadMNISTSplit(context.Background(), 100, 1)
	if err != nil {
		t.Skipf("MNIST not available: %v", err)
	}
	p, err := LogPosterior(HamiltorchCNN(), NewLabels(d.TrainX, d.TrainY), Categorical{Mean: mean}, GaussianPrior{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p, d
}

// TestCNNLikelihoods checks both likelihoods of the CNN against its
// outputs computed apart: the summed log-likelihood is
// Σ log softmax(f(x_i))[y_i], and the averaged posterior differs from the
// summed one by exactly (1 - 1/N) times it (the prior is the same).
func TestCNNLikelihoods(t *testing.T) {
	sum, d := cnnPosterior(t, false)
	mean, _ := cnnPosterior(t, true)
	th, err := TorchInit(sum.Model, rand.New(rand.NewPCG(3, 4)), nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := sum.Model.Predict(th, d.TrainX)
	if err != nil {
		t.Fatal(err)
	}
	ll := 0.0
	for i, row := range out {
		mx := math.Inf(-1)
		for _, v := range row {
			mx = max(mx, v)
		}
		s := 0.0
		for _, v := range row {
			s += math.Exp(v - mx)
		}
		ll += row[d.TrainY[i]] - mx - math.Log(s)
	}
	g := make([]float64, sum.Dim())
	lpSum, lpMean := sum.LogProb(g, th), mean.LogProb(g, th)
	n := float64(len(d.TrainY))
	// Tolerance: float64 sums of ~10⁶ terms of size ~1 (the prior).
	if diff := (lpSum - lpMean) - (1-1/n)*ll; math.Abs(diff) > 1e-8*math.Max(1, math.Abs(lpSum)) {
		t.Errorf("log p(sum) - log p(mean) = %g, want (1-1/N)·LL = %g", lpSum-lpMean, (1-1/n)*ll)
	}
	got, err := sum.LogLik(th, NewLabels(d.TrainX, d.TrainY))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-ll) > 1e-9*math.Abs(ll) {
		t.Errorf("LogLik = %g, want %g", got, ll)
	}
}

// TestCNNGradient checks the gradient of the CNN's summed posterior
// against central finite differences at one coordinate of every tensor.
func TestCNNGradient(t *testing.T) {
	post, _ := cnnPosterior(t, false)
	th, err := TorchInit(post.Model, rand.New(rand.NewPCG(5, 6)), nil)
	if err != nil {
		t.Fatal(err)
	}
	g := make([]float64, post.Dim())
	post.LogProb(g, th)
	scratch := make([]float64, post.Dim())
	x := append([]float64(nil), th...)
	f0 := math.Abs(post.LogProb(scratch, th))
	const h = 1e-6
	for _, b := range post.Model.Blocks() {
		j := b.Offset + b.Spec.Size()/2
		f := func(v float64) float64 {
			x[j] = v
			return post.LogProb(scratch, x)
		}
		num := fd.Derivative(f, th[j], &fd.Settings{Formula: fd.Central, Step: h})
		x[j] = th[j]
		// Central differences: truncation O(h²·f''') is negligible at
		// h = 1e-6 (which also keeps ReLU and max-pool kinks out of the
		// interval); rounding is about 1e-16·|f|/h, with |f| ≈ 4·10⁵ from
		// the prior on 431,080 weights: allow 10 times it.
		if tol := math.Max(1e-4*math.Abs(g[j]), 10*1e-16*f0/h); math.Abs(num-g[j]) > tol {
			t.Errorf("%s[%d]: gradient %g, finite difference %g", b.Name(), j-b.Offset, g[j], num)
		}
	}
}
