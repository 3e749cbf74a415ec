package bayesnn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestEnsembleMatchesDirect checks the streaming ensemble against the
// network's outputs computed apart, draw by draw: averaged softmax
// probabilities, each draw's accuracy, the accuracy of the averaged
// probabilities and of the averaged log-probabilities, and the mean log
// predictive probability of the labels.
func TestEnsembleMatchesDirect(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, k := range []int{3, 1} { // three classes; one Bernoulli logit
		m, err := MLP([]int{4, 5, k}, Tanh)
		if err != nil {
			t.Fatal(err)
		}
		const n, nd = 30, 6
		x := make([][]float64, n)
		labels := make([]int, n)
		nc := max(k, 2)
		for i := range x {
			x[i] = []float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
			labels[i] = rng.IntN(nc)
		}
		e, err := NewEnsemble(m, x, labels)
		if err != nil {
			t.Fatal(err)
		}
		probs := make([][]float64, n)
		logs := make([][]float64, n)
		ents := make([]float64, n) // Σ over draws of each draw's entropy
		for i := range probs {
			probs[i], logs[i] = make([]float64, nc), make([]float64, nc)
		}
		for d := range nd {
			th := make([]float64, m.NumParams())
			for j := range th {
				th[j] = 2 * rng.NormFloat64()
			}
			out, err := m.Predict(th, x)
			if err != nil {
				t.Fatal(err)
			}
			correct := 0
			for i, row := range out {
				p := make([]float64, nc)
				if k == 1 {
					p[1] = 1 / (1 + math.Exp(-row[0]))
					p[0] = 1 - p[1]
				} else {
					s := 0.0
					for c, v := range row {
						p[c] = math.Exp(v)
						s += p[c]
					}
					for c := range p {
						p[c] /= s
					}
				}
				best := 0
				for c := range p {
					probs[i][c] += p[c] / nd
					logs[i][c] += math.Log(p[c])
					ents[i] -= p[c] * math.Log(p[c]) / nd
					if p[c] > p[best] {
						best = c
					}
				}
				if best == labels[i] {
					correct++
				}
			}
			// Scoring a draw must not add it.
			if a, err := e.Accuracy(th); err != nil || a != float64(correct)/n {
				t.Fatalf("k=%d draw %d: Accuracy = %g, %v; want %g", k, d, a, err, float64(correct)/n)
			}
			if a, err := e.Add(th); err != nil || a != float64(correct)/n {
				t.Fatalf("k=%d draw %d: Add = %g, %v; want %g", k, d, a, err, float64(correct)/n)
			}
		}
		if e.Draws() != nd {
			t.Errorf("k=%d: %d draws, want %d", k, e.Draws(), nd)
		}
		r, err := e.Prediction()
		if err != nil {
			t.Fatal(err)
		}
		argmax := func(v []float64) int {
			b := 0
			for c := range v {
				if v[c] > v[b] {
					b = c
				}
			}
			return b
		}
		acc, geo, ll := 0, 0, 0.0
		for i := range n {
			for c := range nc {
				if math.Abs(r.Probs[i][c]-probs[i][c]) > 1e-12 {
					t.Fatalf("k=%d: Probs[%d][%d] = %g, want %g", k, i, c, r.Probs[i][c], probs[i][c])
				}
			}
			if argmax(probs[i]) == labels[i] {
				acc++
			}
			if argmax(logs[i]) == labels[i] {
				geo++
			}
			ll += math.Log(probs[i][labels[i]])
			tot := 0.0
			for _, q := range probs[i] {
				tot -= q * math.Log(q)
			}
			if math.Abs(r.Total[i]-tot) > 1e-12 || math.Abs(r.Aleatoric[i]-ents[i]) > 1e-12 ||
				math.Abs(r.Epistemic[i]-max(tot-ents[i], 0)) > 1e-12 {
				t.Errorf("k=%d row %d: entropy %g = %g + %g; want %g = %g + ...", k, i, r.Total[i], r.Aleatoric[i], r.Epistemic[i], tot, ents[i])
			}
		}
		if r.Accuracy != float64(acc)/n || r.GeometricAccuracy != float64(geo)/n || math.Abs(r.LogLik-ll/n) > 1e-12 {
			t.Errorf("k=%d: accuracy %g, geometric %g, loglik %g; want %g, %g, %g",
				k, r.Accuracy, r.GeometricAccuracy, r.LogLik, float64(acc)/n, float64(geo)/n, ll/n)
		}
		if len(r.DrawAccuracy) != nd {
			t.Errorf("k=%d: %d draw accuracies, want %d", k, len(r.DrawAccuracy), nd)
		}
		conf := r.Confidence()
		for i := range conf {
			if conf[i] != r.Probs[i][r.Predicted[i]] {
				t.Fatalf("confidence %d = %g", i, conf[i])
			}
		}
	}
}

func TestEnsembleErrorsAndAllocs(t *testing.T) {
	m, _ := MLP([]int{2, 3}, Identity)
	x := [][]float64{{1, 2}, {3, 4}}
	if _, err := NewEnsemble(m, x, []int{0}); err == nil {
		t.Error("1 label for 2 rows: no error")
	}
	if _, err := NewEnsemble(m, x, []int{0, 3}); err == nil {
		t.Error("label 3 of 3 classes: no error")
	}
	if _, err := NewEnsemble(m, nil, nil); err == nil {
		t.Error("no rows: no error")
	}
	e, err := NewEnsemble(m, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Prediction(); err == nil {
		t.Error("Prediction without draws: no error")
	}
	if _, err := e.Add(make([]float64, 3)); err == nil {
		t.Error("short draw: no error")
	}
	th := make([]float64, m.NumParams())
	if a, err := e.Add(th); err != nil || !math.IsNaN(a) {
		t.Errorf("unlabelled Add = %g, %v; want NaN, nil", a, err)
	}
	if r, err := e.Prediction(); err != nil || !math.IsNaN(r.Accuracy) || r.Predicted == nil {
		t.Errorf("unlabelled prediction %+v, %v", r, err)
	}
	if a := testing.AllocsPerRun(20, func() { e.Accuracy(th) }); a != 0 {
		t.Errorf("Accuracy allocates %g times", a)
	}
}

// TestTorchInit checks PyTorch's default initialisation on hamiltorch's
// CNN: every value in ±1/sqrt(fan_in), and the mean square of each tensor
// within 4 standard errors of b²/3, the second moment of U(-b, b) (whose
// fourth moment b⁴/5 gives Var[X²] = 4b⁴/45).
func TestTorchInit(t *testing.T) {
	m := HamiltorchCNN()
	th, err := TorchInit(m, rand.New(rand.NewPCG(1, 2)), nil)
	if err != nil {
		t.Fatal(err)
	}
	fan := map[string]float64{"conv1": 25, "conv2": 500, "dense1": 800, "dense2": 500}
	for _, b := range m.Blocks() {
		f, ok := fan[b.Layer]
		if !ok {
			t.Fatalf("unexpected layer %s", b.Layer)
		}
		bound := 1 / math.Sqrt(f)
		n := b.Spec.Size()
		ss := 0.0
		for _, v := range th[b.Offset : b.Offset+n] {
			if math.Abs(v) > bound {
				t.Fatalf("%s: %g outside ±%g", b.Name(), v, bound)
			}
			ss += v * v
		}
		ms, want := ss/float64(n), bound*bound/3
		se := math.Sqrt(4 * math.Pow(bound, 4) / 45 / float64(n))
		if math.Abs(ms-want) > 4*se {
			t.Errorf("%s: mean square %g, want %g ± 4·%g", b.Name(), ms, want, se)
		}
	}
	if _, err := TorchInit(m, rand.New(rand.NewPCG(1, 2)), make([]float64, 10)); err == nil {
		t.Error("short dst: no error")
	}
}

// TestEnsembleEntropySplit checks the split of predictive entropy on two
// draws that disagree: confident in opposite classes, their average is
// (½, ½), of entropy log 2, the aleatoric part is each draw's own entropy
// and the epistemic part the rest; the same draw twice has no epistemic
// part.
func TestEnsembleEntropySplit(t *testing.T) {
	m, _ := MLP([]int{2, 2}, Identity)
	x := [][]float64{{3, 0}}
	a := []float64{1, 0, 0, 1, 0, 0}          // W = I: logits (3, 0)
	b := []float64{0, 1, 1, 0, 0, 0}          // W swaps: logits (0, 3)
	p := 1 / (1 + math.Exp(-3.0))             // softmax(3, 0)[0]
	h := -p*math.Log(p) - (1-p)*math.Log(1-p) // each draw's entropy
	r, err := PredictClasses(m, [][]float64{a, b}, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Total[0]-math.Ln2) > 1e-12 || math.Abs(r.Aleatoric[0]-h) > 1e-12 || math.Abs(r.Epistemic[0]-(math.Ln2-h)) > 1e-12 {
		t.Errorf("disagreeing draws: total %g aleatoric %g epistemic %g; want %g, %g, %g",
			r.Total[0], r.Aleatoric[0], r.Epistemic[0], math.Ln2, h, math.Ln2-h)
	}
	r, err = PredictClasses(m, [][]float64{a, a}, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Total[0]-h) > 1e-12 || math.Abs(r.Aleatoric[0]-h) > 1e-12 || r.Epistemic[0] > 1e-12 {
		t.Errorf("one draw twice: total %g aleatoric %g epistemic %g; want %g, %g, 0", r.Total[0], r.Aleatoric[0], r.Epistemic[0], h, h)
	}
}
