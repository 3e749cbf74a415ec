package laplace

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/bayesnn"
)

// softmaxPosterior is multinomial logistic regression on 2 features and
// 3 classes (300 rows, seeded): a linear network with a categorical
// likelihood.
func softmaxPosterior(t *testing.T) (*bayesnn.Posterior, []float64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(13, 3))
	x, y := make([][]float64, 300), make([]float64, 300)
	centres := [][2]float64{{-1, 0}, {1, 0}, {0, 1.5}}
	for i := range x {
		c := rng.IntN(3)
		x[i] = []float64{centres[c][0] + rng.NormFloat64(), centres[c][1] + rng.NormFloat64()}
		y[i] = float64(c)
	}
	m, err := bayesnn.MLP([]int{2, 3}, bayesnn.Identity)
	if err != nil {
		t.Fatal(err)
	}
	p, err := bayesnn.LogPosterior(m, bayesnn.NewData(x, y), bayesnn.Categorical{}, bayesnn.GaussianPrior{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mode, err := Mode(p, make([]float64, p.Dim()), nil)
	if err != nil {
		t.Fatal(err)
	}
	return p, mode
}

// TestSoftmaxGGNIsHessian: with the softmax's canonical link on a linear
// predictor the GGN is the Hessian (both to rounding), through the
// K × K output curvature diag(p) - ppᵀ (singular: its square root is by
// eigen-decomposition).
func TestSoftmaxGGNIsHessian(t *testing.T) {
	p, mode := softmaxPosterior(t)
	ggn, err := Network(p, mode, nil)
	if err != nil {
		t.Fatal(err)
	}
	fit, err := Fit(p, mode, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := p.Dim()
	for i := range d {
		for j := range d {
			a, b := ggn.Gaussian().Precision.At(i, j), fit.Precision.At(i, j)
			if math.Abs(a-b) > 1e-9*max(1, math.Abs(b)) {
				t.Errorf("precision (%d,%d): GGN %g, Hessian %g", i, j, a, b)
			}
		}
	}
}

// TestClassPredictives: for binary and 3-class linear classifiers, the
// Monte Carlo GLM predictive (20000 logit draws) agrees with the sampling
// predictive (20000 weight draws, bayesnn.PredictClasses, and
// PredictClasses with Weights) within 4 MCSE,
// as it must for a network linear in its weights; the probit
// approximation is within 0.02 of them; the entropy splits as Total =
// Aleatoric + Epistemic with both parts nonnegative.
func TestClassPredictives(t *testing.T) {
	xb, yb := logisticData(3, 400)
	pb := logisticPosterior(t, xb, yb)
	modeb, err := Mode(pb, make([]float64, pb.Dim()), nil)
	if err != nil {
		t.Fatal(err)
	}
	ps, modes := softmaxPosterior(t)
	cases := []struct {
		name string
		p    *bayesnn.Posterior
		mode []float64
		x    [][]float64
	}{
		{"binary", pb, modeb, [][]float64{{0, 0}, {3, 3}, {-2, 1}, {6, -6}}},
		{"3-class", ps, modes, [][]float64{{0, 0.5}, {-3, 0}, {4, 4}, {0, -5}}},
	}
	const S = 20000
	for _, c := range cases {
		n, err := Network(c.p, c.mode, nil)
		if err != nil {
			t.Fatal(err)
		}
		mc, err := n.PredictClasses(c.x, nil, &ClassOptions{Samples: S, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		pr, err := n.PredictClasses(c.x, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if pr.Aleatoric != nil || pr.Epistemic != nil {
			t.Errorf("%s: probit gave an entropy split", c.name)
		}
		tr, err := n.Sample(S/4, 4, 2)
		if err != nil {
			t.Fatal(err)
		}
		sp, err := bayesnn.PredictClasses(c.p.Model, bayesnn.TraceDraws(tr, 1), c.x, nil)
		if err != nil {
			t.Fatal(err)
		}
		sw, err := n.PredictClasses(c.x, nil, &ClassOptions{Samples: S, Weights: true, Seed: 4})
		if err != nil {
			t.Fatal(err)
		}
		for i := range c.x {
			for k := range mc.Probs[i] {
				if a, b := sw.Probs[i][k], sp.Probs[i][k]; math.Abs(a-b) > 4*math.Sqrt(0.5/S) {
					t.Errorf("%s row %d class %d: PredictClasses(Weights) %.4f, bayesnn.PredictClasses of Sample's draws %.4f", c.name, i, k, a, b)
				}
				a, b := mc.Probs[i][k], sp.Probs[i][k]
				// Both are means of S probabilities in [0, 1]: the MCSE
				// of their difference is at most √(2·¼/S).
				if tol := 4 * math.Sqrt(0.5/S); math.Abs(a-b) > tol {
					t.Errorf("%s row %d class %d: GLM-MC %.4f, sampling %.4f (> 4 MCSE %.4f)", c.name, i, k, a, b, tol)
				}
				if math.Abs(pr.Probs[i][k]-a) > 0.02 {
					t.Errorf("%s row %d class %d: probit %.4f, GLM-MC %.4f", c.name, i, k, pr.Probs[i][k], a)
				}
			}
			if mc.Epistemic[i] < 0 || mc.Aleatoric[i] < 0 || math.Abs(mc.Total[i]-mc.Aleatoric[i]-mc.Epistemic[i]) > 1e-12 {
				t.Errorf("%s row %d: entropy %g ≠ aleatoric %g + epistemic %g", c.name, i, mc.Total[i], mc.Aleatoric[i], mc.Epistemic[i])
			}
			t.Logf("%s x=%v: p=%.3f (probit %.3f, sampling %.3f); entropy %.3f = aleatoric %.3f + epistemic %.4f", c.name, c.x[i],
				mc.Probs[i][0], pr.Probs[i][0], sp.Probs[i][0], mc.Total[i], mc.Aleatoric[i], mc.Epistemic[i])
		}
	}
}
