package bayesnn

import (
	"fmt"
	"math"
)

// Ensemble is the posterior predictive of a classifier built one draw at a
// time: it replays one recorded forward pass of the network on fixed
// inputs, scores each draw it is given and adds that draw's class
// probabilities (and log-probabilities) to running sums. Use it when the
// draws are too large to keep (a CNN's 431,080 weights times thousands of
// draws): feed it from a sampler's callback. PredictClasses is the same
// computation over draws held in memory.
//
// Once built, Accuracy and Add allocate nothing. An Ensemble is not safe
// for concurrent use.
type Ensemble struct {
	pred          *Predictor
	nParams       int
	labels        []int
	n, w, k       int
	out, probs    []float64
	logp          []float64
	sum, logSum   []float64 // n·k running sums over the added draws
	entSum        []float64 // n running sums of each draw's predictive entropy
	draws         int
	drawAccuracy  []float64
	lastAccuracy  float64
	lastEvaluated bool
}

// NewEnsemble records the network m on the inputs x. labels (one class in
// 0..K-1 per row, K the number of outputs, or 0/1 for a single Bernoulli
// logit) may be nil; then accuracies are NaN.
func NewEnsemble(m *Sequential, x [][]float64, labels []int) (*Ensemble, error) {
	if len(x) == 0 {
		return nil, fmt.Errorf("bayesnn: ensemble: no input rows")
	}
	if labels != nil && len(labels) != len(x) {
		return nil, fmt.Errorf("bayesnn: ensemble: %d labels for %d rows", len(labels), len(x))
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
			return nil, fmt.Errorf("bayesnn: ensemble: label %d of row %d is not a class in 0..%d", l, i, k-1)
		}
	}
	return &Ensemble{
		pred: p, nParams: m.NumParams(), labels: labels, n: n, w: w, k: k,
		out: make([]float64, n*w), probs: make([]float64, k), logp: make([]float64, k),
		sum: make([]float64, n*k), logSum: make([]float64, n*k), entSum: make([]float64, n),
	}, nil
}

// Accuracy returns the accuracy of the single network theta on the
// ensemble's rows (NaN without labels), without adding it to the ensemble.
// theta may carry trailing likelihood parameters.
func (e *Ensemble) Accuracy(theta []float64) (float64, error) {
	return e.eval(theta, false)
}

// Add scores the network theta like Accuracy and adds its class
// probabilities to the ensemble; its accuracy is kept in DrawAccuracy.
func (e *Ensemble) Add(theta []float64) (float64, error) {
	acc, err := e.eval(theta, true)
	if err != nil {
		return acc, err
	}
	e.draws++
	e.drawAccuracy = append(e.drawAccuracy, acc)
	return acc, nil
}

// Draws returns the number of draws added.
func (e *Ensemble) Draws() int { return e.draws }

// NewLogitEnsemble returns an Ensemble fed with outputs instead of
// networks: AddLogits adds one draw's outputs (logits, or one Bernoulli
// logit per row) for rows rows of width outputs each, e.g. draws of a
// linearised network's logits. labels may be nil, as in NewEnsemble.
func NewLogitEnsemble(rows, width int, labels []int) (*Ensemble, error) {
	if rows <= 0 || width <= 0 {
		return nil, fmt.Errorf("bayesnn: ensemble: %d rows of %d outputs", rows, width)
	}
	if labels != nil && len(labels) != rows {
		return nil, fmt.Errorf("bayesnn: ensemble: %d labels for %d rows", len(labels), rows)
	}
	k := max(width, 2)
	for i, l := range labels {
		if l < 0 || l >= k {
			return nil, fmt.Errorf("bayesnn: ensemble: label %d of row %d is not a class in 0..%d", l, i, k-1)
		}
	}
	return &Ensemble{labels: labels, n: rows, w: width, k: k,
		out: make([]float64, rows*width), probs: make([]float64, k), logp: make([]float64, k),
		sum: make([]float64, rows*k), logSum: make([]float64, rows*k), entSum: make([]float64, rows)}, nil
}

// AddLogits adds one draw given by its outputs (rows × width, row-major)
// to an ensemble from NewLogitEnsemble, and returns its accuracy (NaN
// without labels).
func (e *Ensemble) AddLogits(logits []float64) (float64, error) {
	if len(logits) != e.n*e.w {
		return math.NaN(), fmt.Errorf("bayesnn: ensemble: %d outputs, want %d rows × %d", len(logits), e.n, e.w)
	}
	copy(e.out, logits)
	acc := e.score(true)
	e.draws++
	e.drawAccuracy = append(e.drawAccuracy, acc)
	return acc, nil
}

func (e *Ensemble) eval(theta []float64, add bool) (float64, error) {
	if e.pred == nil {
		return math.NaN(), fmt.Errorf("bayesnn: ensemble: built from logits (NewLogitEnsemble): use AddLogits")
	}
	if len(theta) < e.nParams {
		return math.NaN(), fmt.Errorf("bayesnn: ensemble: draw has %d values, the network has %d", len(theta), e.nParams)
	}
	e.pred.Predict(e.out, theta)
	return e.score(add), nil
}

// score scores the outputs in e.out and, when add, adds them to the sums.
func (e *Ensemble) score(add bool) float64 {
	correct := 0
	for i := range e.n {
		logSoftmaxRow(e.probs, e.logp, e.out[i*e.w:(i+1)*e.w])
		if e.labels != nil && argmax(e.probs) == e.labels[i] {
			correct++
		}
		if add {
			s, ls := e.sum[i*e.k:(i+1)*e.k], e.logSum[i*e.k:(i+1)*e.k]
			h := 0.0
			for c := range e.k {
				s[c] += e.probs[c]
				ls[c] += e.logp[c]
				if e.probs[c] > 0 {
					h -= e.probs[c] * e.logp[c]
				}
			}
			e.entSum[i] += h
		}
	}
	if e.labels == nil {
		return math.NaN()
	}
	return float64(correct) / float64(e.n)
}

// Prediction summarises the draws added so far: the averaged class
// probabilities, the ensemble's classes, each draw's accuracy, the
// ensemble's accuracy and log predictive probability, and the accuracy of
// the averaged log-probabilities (GeometricAccuracy).
func (e *Ensemble) Prediction() (*ClassPrediction, error) {
	if e.draws == 0 {
		return nil, fmt.Errorf("bayesnn: ensemble: no draws added")
	}
	D := float64(e.draws)
	r := &ClassPrediction{Probs: make([][]float64, e.n), Predicted: make([]int, e.n),
		DrawAccuracy: append([]float64(nil), e.drawAccuracy...),
		Total:        make([]float64, e.n), Aleatoric: make([]float64, e.n), Epistemic: make([]float64, e.n)}
	correct, geo, ll := 0, 0, 0.0
	for i := range e.n {
		r.Probs[i] = make([]float64, e.k)
		for c := range e.k {
			r.Probs[i][c] = e.sum[i*e.k+c] / D
		}
		r.Predicted[i] = argmax(r.Probs[i])
		for _, p := range r.Probs[i] {
			if p > 0 {
				r.Total[i] -= p * math.Log(p)
			}
		}
		r.Aleatoric[i] = e.entSum[i] / D
		// Jensen: Total ≥ Aleatoric; clamp rounding below zero.
		r.Epistemic[i] = max(r.Total[i]-r.Aleatoric[i], 0)
		if e.labels != nil {
			l := e.labels[i]
			if r.Predicted[i] == l {
				correct++
			}
			if argmax(e.logSum[i*e.k:(i+1)*e.k]) == l {
				geo++
			}
			ll += math.Log(r.Probs[i][l])
		}
	}
	if e.labels == nil {
		r.DrawAccuracy = nil
		r.Accuracy, r.GeometricAccuracy, r.LogLik = math.NaN(), math.NaN(), math.NaN()
		return r, nil
	}
	n := float64(e.n)
	r.Accuracy, r.GeometricAccuracy, r.LogLik = float64(correct)/n, float64(geo)/n, ll/n
	return r, nil
}

// Confidence returns, for each row, the averaged probability of the
// predicted class.
func (r *ClassPrediction) Confidence() []float64 {
	out := make([]float64, len(r.Predicted))
	for i, c := range r.Predicted {
		out[i] = r.Probs[i][c]
	}
	return out
}

// logSoftmaxRow writes class probabilities and log-probabilities for one
// row of outputs (logits, or a single Bernoulli logit).
func logSoftmaxRow(probs, logp, logits []float64) {
	if len(logits) == 1 {
		l := logits[0]
		// log σ(l) = -softplus(-l), log(1-σ(l)) = -softplus(l).
		logp[0], logp[1] = -softplus(l), -softplus(-l)
		probs[0], probs[1] = math.Exp(logp[0]), math.Exp(logp[1])
		return
	}
	mx := math.Inf(-1)
	for _, v := range logits {
		mx = max(mx, v)
	}
	s := 0.0
	for _, v := range logits {
		s += math.Exp(v - mx)
	}
	lse := mx + math.Log(s)
	for c, v := range logits {
		logp[c] = v - lse
		probs[c] = math.Exp(logp[c])
	}
}

// softplus is log(1 + e^x) without overflow.
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}
