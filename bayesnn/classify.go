package bayesnn

import (
	"fmt"
	"math"
)

// ClassPrediction is the posterior predictive of a classifier from D draws.
type ClassPrediction struct {
	// Probs[i][k]: class probabilities at row i averaged over draws.
	Probs [][]float64
	// Predicted[i]: the class of highest averaged probability.
	Predicted []int
	// DrawAccuracy[d]: accuracy of draw d alone (when labels are given).
	DrawAccuracy []float64
	// Accuracy of the ensemble (averaged probabilities) and its mean log
	// predictive probability of the labels (when labels are given).
	Accuracy, LogLik float64
}

// PredictClasses averages class probabilities over draws. The network's
// outputs are logits (or log-probabilities: softmax is idempotent on them),
// one per class; a single output is a Bernoulli logit. labels may be nil.
func PredictClasses(m *Sequential, draws [][]float64, x [][]float64, labels []int) (*ClassPrediction, error) {
	if len(draws) == 0 {
		return nil, fmt.Errorf("bayesnn: no draws")
	}
	if labels != nil && len(labels) != len(x) {
		return nil, fmt.Errorf("bayesnn: %d labels for %d rows", len(labels), len(x))
	}
	p, err := m.NewPredictor(x)
	if err != nil {
		return nil, err
	}
	n, w := p.Rows(), p.Width()
	k := w
	if w == 1 {
		k = 2
	}
	for i, l := range labels {
		if l < 0 || l >= k {
			return nil, fmt.Errorf("bayesnn: label %d of row %d is not a class in 0..%d", l, i, k-1)
		}
	}
	r := &ClassPrediction{Probs: make([][]float64, n), Predicted: make([]int, n)}
	for i := range r.Probs {
		r.Probs[i] = make([]float64, k)
	}
	out := make([]float64, n*w)
	probs := make([]float64, k)
	for _, th := range draws {
		if len(th) < m.NumParams() {
			return nil, fmt.Errorf("bayesnn: draw has %d values, the network has %d", len(th), m.NumParams())
		}
		p.Predict(out, th)
		correct := 0
		for i := range n {
			softmaxRow(probs, out[i*w:(i+1)*w])
			best := argmax(probs)
			if labels != nil && best == labels[i] {
				correct++
			}
			for c := range k {
				r.Probs[i][c] += probs[c] / float64(len(draws))
			}
		}
		if labels != nil {
			r.DrawAccuracy = append(r.DrawAccuracy, float64(correct)/float64(n))
		}
	}
	correct, ll := 0, 0.0
	for i := range n {
		r.Predicted[i] = argmax(r.Probs[i])
		if labels != nil {
			if r.Predicted[i] == labels[i] {
				correct++
			}
			ll += math.Log(r.Probs[i][labels[i]])
		}
	}
	if labels != nil {
		r.Accuracy = float64(correct) / float64(n)
		r.LogLik = ll / float64(n)
	}
	return r, nil
}

// softmaxRow writes class probabilities for one row of outputs.
func softmaxRow(dst, logits []float64) {
	if len(logits) == 1 { // Bernoulli logit
		p := 1 / (1 + math.Exp(-logits[0]))
		dst[0], dst[1] = 1-p, p
		return
	}
	mx := math.Inf(-1)
	for _, v := range logits {
		mx = max(mx, v)
	}
	s := 0.0
	for c, v := range logits {
		dst[c] = math.Exp(v - mx)
		s += dst[c]
	}
	for c := range dst {
		dst[c] /= s
	}
}

func argmax(x []float64) int {
	b := 0
	for i, v := range x {
		if v > x[b] {
			b = i
		}
	}
	return b
}
