package bayesnn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestJacobianFiniteDifferences: Jacobian.Row matches central differences
// of Sequential.Predict (step 1e-6: error ~1e-9) on a tanh MLP with two
// outputs, and its outputs are Predict's.
func TestJacobianFiniteDifferences(t *testing.T) {
	m, err := MLP([]int{3, 4, 2}, Tanh)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	theta := make([]float64, m.NumParams())
	for i := range theta {
		theta[i] = rng.NormFloat64()
	}
	x := []float64{0.3, -1.2, 0.7}
	j, err := m.NewJacobian()
	if err != nil {
		t.Fatal(err)
	}
	K, P := j.Outputs(), j.Params()
	out, jac := make([]float64, K), make([]float64, K*P)
	if err := j.Row(out, jac, theta, x); err != nil {
		t.Fatal(err)
	}
	f0, _ := m.Predict(theta, [][]float64{x})
	for k := range K {
		if math.Abs(out[k]-f0[0][k]) > 1e-14 {
			t.Errorf("output %d: %g, Predict %g", k, out[k], f0[0][k])
		}
	}
	const h = 1e-6
	for p := range P {
		tp := append([]float64(nil), theta...)
		tp[p] += h
		fp, _ := m.Predict(tp, [][]float64{x})
		tp[p] -= 2 * h
		fm, _ := m.Predict(tp, [][]float64{x})
		for k := range K {
			fd := (fp[0][k] - fm[0][k]) / (2 * h)
			if math.Abs(fd-jac[k*P+p]) > 1e-8 {
				t.Errorf("∂f_%d/∂θ_%d = %g, central difference %g", k, p, jac[k*P+p], fd)
			}
		}
	}
	if err := j.Row(out, jac, theta[:3], x); err == nil {
		t.Error("short parameter vector accepted")
	}
	if err := j.Row(out, jac, theta, x[:2]); err == nil {
		t.Error("short input row accepted")
	}
}

// TestSplitLast: body then head reproduce the network, with the head's
// parameters the last ones.
func TestSplitLast(t *testing.T) {
	m, err := MLP([]int{2, 5, 3, 2}, Relu)
	if err != nil {
		t.Fatal(err)
	}
	body, head, err := m.SplitLast()
	if err != nil {
		t.Fatal(err)
	}
	if head.NumParams() != 3*2+2 || body.NumParams()+head.NumParams() != m.NumParams() {
		t.Fatalf("split %d + %d of %d parameters, want the head's 8 last", body.NumParams(), head.NumParams(), m.NumParams())
	}
	rng := rand.New(rand.NewPCG(3, 4))
	theta := make([]float64, m.NumParams())
	for i := range theta {
		theta[i] = rng.NormFloat64()
	}
	x := [][]float64{{0.5, -0.2}, {1, 2}}
	want, _ := m.Predict(theta, x)
	b := body.NumParams()
	feats, err := body.Predict(theta[:b], x)
	if err != nil {
		t.Fatal(err)
	}
	got, err := head.Predict(theta[b:], feats)
	if err != nil {
		t.Fatal(err)
	}
	for i := range x {
		for k := range want[i] {
			if math.Abs(got[i][k]-want[i][k]) > 1e-14 {
				t.Errorf("row %d output %d: body∘head %g, network %g", i, k, got[i][k], want[i][k])
			}
		}
	}
	one, _ := MLP([]int{2, 1}, Identity)
	if body, head, err := one.SplitLast(); err != nil || body != nil || head.NumParams() != 3 {
		t.Errorf("one-layer split: body %v, head %v, %v", body, head, err)
	}
	act, _ := NewSequential([]int{2}, ActivationLayer{Act: Tanh})
	if _, _, err := act.SplitLast(); err == nil {
		t.Error("a network without parameters split")
	}
}

// TestLogitEnsembleEntropy checks the entropy split against values by
// hand: two draws giving one row p = 0.9 and p = 0.1 (logits ±ln 9)
// average to p = 0.5, so Total = ln 2 = 0.693147, Aleatoric = H(0.9) =
// -(0.9 ln 0.9 + 0.1 ln 0.1) = 0.325083 and Epistemic = 0.368064; a row
// where both draws agree on p = 0.9 has no epistemic part.
func TestLogitEnsembleEntropy(t *testing.T) {
	e, err := NewLogitEnsemble(2, 1, []int{1, 0})
	if err != nil {
		t.Fatal(err)
	}
	l9 := math.Log(9)
	// Bernoulli logit: p(class 1) = σ(l); class 0 is the first column.
	if _, err := e.AddLogits([]float64{l9, -l9}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.AddLogits([]float64{-l9, -l9}); err != nil {
		t.Fatal(err)
	}
	r, err := e.Prediction()
	if err != nil {
		t.Fatal(err)
	}
	h9 := -(0.9*math.Log(0.9) + 0.1*math.Log(0.1))
	want := [][3]float64{{math.Ln2, h9, math.Ln2 - h9}, {h9, h9, 0}}
	for i, w := range want {
		if math.Abs(r.Total[i]-w[0]) > 1e-12 || math.Abs(r.Aleatoric[i]-w[1]) > 1e-12 || math.Abs(r.Epistemic[i]-w[2]) > 1e-12 {
			t.Errorf("row %d: total %g aleatoric %g epistemic %g, want %v", i, r.Total[i], r.Aleatoric[i], r.Epistemic[i], w)
		}
	}
	if math.Abs(r.Probs[0][1]-0.5) > 1e-12 || math.Abs(r.Probs[1][0]-0.9) > 1e-12 {
		t.Errorf("probabilities %v, want [0.5 0.5] and [0.9 0.1]", r.Probs)
	}
	// Row 0 (label 1) is a tie: argmax takes class 0, wrong; row 1
	// (label 0) is right.
	if r.Accuracy != 0.5 || math.Abs(r.LogLik-0.5*(math.Log(0.5)+math.Log(0.9))) > 1e-12 {
		t.Errorf("accuracy %g, log-lik %g", r.Accuracy, r.LogLik)
	}
	if _, err := e.AddLogits([]float64{1}); err == nil {
		t.Error("wrong number of logits accepted")
	}
	if _, err := e.Add(make([]float64, 3)); err == nil {
		t.Error("Add on a logit ensemble accepted")
	}
	if _, err := NewLogitEnsemble(2, 3, []int{0, 3}); err == nil {
		t.Error("label 3 of 3 classes accepted")
	}
}

// TestClassPredictionCalibration: Calibration is diag.Calibrate of the
// averaged probabilities: one row averaged from p = 0.9 and 0.7 (0.8,
// right) and one of p = 0.6 (wrong) give, in 10 bins, ECE = ½·0.2 + ½·0.6.
func TestClassPredictionCalibration(t *testing.T) {
	e, err := NewLogitEnsemble(2, 2, []int{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	lg := func(p float64) float64 { return math.Log(p / (1 - p)) }
	// Two-column logits (l, 0) give p(class 0) = σ(l).
	e.AddLogits([]float64{lg(0.9), 0, lg(0.6), 0})
	e.AddLogits([]float64{lg(0.7), 0, lg(0.6), 0})
	r, err := e.Prediction()
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Calibration([]int{0, 1}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(c.ECE-0.4) > 1e-12 || c.Accuracy != 0.5 || math.Abs(c.NLL+r.LogLik) > 1e-12 {
		t.Errorf("ECE %g (want 0.4), accuracy %g (0.5), NLL %g (want -LogLik %g)", c.ECE, c.Accuracy, c.NLL, -r.LogLik)
	}
	if _, err := r.Calibration([]int{0}, 10); err == nil {
		t.Error("wrong number of labels accepted")
	}
}
