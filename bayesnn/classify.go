package bayesnn

import (
	"fmt"
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
	// predictive probability of the labels (when labels are given; NaN
	// otherwise).
	Accuracy, LogLik float64
	// GeometricAccuracy is the accuracy of the class of highest averaged
	// log-probability (a geometric-mean ensemble): hamiltorch's "expected
	// accuracy".
	GeometricAccuracy float64
	// Total[i] is the entropy (in nats) of the averaged probabilities at
	// row i, the predictive uncertainty. It splits as Total = Aleatoric +
	// Epistemic: Aleatoric[i] is the mean over draws of each draw's own
	// entropy (the noise every network predicts), Epistemic[i] the
	// mutual information between the label and the weights (the draws'
	// disagreement, which more data would shrink).
	Total, Aleatoric, Epistemic []float64
}

// PredictClasses averages class probabilities over draws. The network's
// outputs are logits (or log-probabilities: softmax is idempotent on them),
// one per class; a single output is a Bernoulli logit. labels may be nil.
// It feeds the draws to an Ensemble.
func PredictClasses(m *Sequential, draws [][]float64, x [][]float64, labels []int) (*ClassPrediction, error) {
	if len(draws) == 0 {
		return nil, fmt.Errorf("bayesnn: no draws")
	}
	e, err := NewEnsemble(m, x, labels)
	if err != nil {
		return nil, err
	}
	for _, th := range draws {
		if _, err := e.Add(th); err != nil {
			return nil, err
		}
	}
	return e.Prediction()
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
