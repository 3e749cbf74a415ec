package boston

import (
	"fmt"
	"math"

	"github.com/bayesnn-go/bayesnn/bayesnn"
)

// Prediction is a posterior predictive on the test rows in MEDV units
// ($1000): the mean, the epistemic and aleatoric variances and the
// central 50 % and 90 % intervals of the predictive mixture.
type Prediction struct {
	Mean, Epistemic, Aleatoric []float64
	Lo50, Hi50, Lo90, Hi90     []float64
	// LogDensity is the log predictive density of each test MEDV (in
	// MEDV units, so comparable with other models on the raw target).
	LogDensity []float64
}

// Metrics summarise a Prediction against the test MEDV.
type Metrics struct {
	MAE, RMSE, NLL         float64
	Coverage50, Coverage90 float64
	// MeanSD is the mean predictive standard deviation, EpiShare the mean
	// share of epistemic variance in the total.
	MeanSD, EpiShare float64
}

// Predict evaluates the predictive distribution of the network for the
// draws (one full parameter vector each; a single MAP vector gives the
// plug-in predictive, with no epistemic part) on the test inputs and
// converts it to MEDV units.
func Predict(d *Data, draws [][]float64) (*Prediction, error) {
	m, err := NewModel()
	if err != nil {
		return nil, err
	}
	r, err := bayesnn.PredictRegression(m, Lik, draws, d.XTest)
	if err != nil {
		return nil, fmt.Errorf("boston: predicting: %w", err)
	}
	s2 := d.YScale * d.YScale
	p := &Prediction{
		Mean:      d.ToMEDV(append([]float64(nil), r.Mean...)),
		Epistemic: scaled(r.Epistemic, s2),
		Aleatoric: scaled(r.Aleatoric, s2),
	}
	lo, hi := r.Interval(0.5)
	p.Lo50, p.Hi50 = d.ToMEDV(lo), d.ToMEDV(hi)
	lo, hi = r.Interval(0.9)
	p.Lo90, p.Hi90 = d.ToMEDV(lo), d.ToMEDV(hi)
	// The density of MEDV = YMean + YScale·z is the density of z over YScale.
	p.LogDensity = r.LogPredictiveDensity(d.YTest)
	for i := range p.LogDensity {
		p.LogDensity[i] -= math.Log(d.YScale)
	}
	return p, nil
}

func scaled(v []float64, s float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x * s
	}
	return out
}

// Score computes the metrics of p against the test MEDV y.
func (p *Prediction) Score(y []float64) Metrics {
	m := Metrics{
		MAE:        bayesnn.MAE(p.Mean, y),
		RMSE:       bayesnn.RMSE(p.Mean, y),
		NLL:        bayesnn.NLL(p.LogDensity),
		Coverage50: bayesnn.Coverage(y, p.Lo50, p.Hi50),
		Coverage90: bayesnn.Coverage(y, p.Lo90, p.Hi90),
	}
	for i := range p.Mean {
		t := p.Epistemic[i] + p.Aleatoric[i]
		m.MeanSD += math.Sqrt(t)
		if t > 0 {
			m.EpiShare += p.Epistemic[i] / t
		}
	}
	m.MeanSD /= float64(len(p.Mean))
	m.EpiShare /= float64(len(p.Mean))
	return m
}
