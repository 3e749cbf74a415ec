package bayesnn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// RegressionPrediction is the posterior predictive distribution of a
// regression network at each input row, from D posterior draws: a mixture
// of D normals N(mean_d, noise_d). Its variance splits into
//
//	Epistemic = Var_d[mean_d]  (uncertainty about the function: shrinks with data)
//	Aleatoric = E_d[noise_d]   (noise in the data: stays)
//	Total     = Epistemic + Aleatoric.
type RegressionPrediction struct {
	Mean, Epistemic, Aleatoric, Total []float64
	// Means[d][i] and Noise[d][i]: each draw's predictive mean and noise
	// variance at row i (the mixture's components).
	Means, Noise [][]float64
	// Weights are the components' normalised weights (nil: equal), e.g.
	// SMC's particle weights.
	Weights []float64
}

// PredictRegression evaluates the predictive distribution at x for the
// draws (each a full parameter vector, network then likelihood parameters).
func PredictRegression(m *Sequential, lik Likelihood, draws [][]float64, x [][]float64) (*RegressionPrediction, error) {
	return PredictRegressionWeighted(m, lik, draws, nil, x)
}

// PredictRegressionWeighted is PredictRegression for weighted draws, such
// as SMC's particles: the mixture's components weigh weights[d] (any
// nonnegative weights, normalised here; nil: equal weights).
func PredictRegressionWeighted(m *Sequential, lik Likelihood, draws [][]float64, weights []float64, x [][]float64) (*RegressionPrediction, error) {
	if len(draws) == 0 {
		return nil, fmt.Errorf("bayesnn: no draws")
	}
	wts, err := normaliseWeights(weights, len(draws))
	if err != nil {
		return nil, err
	}
	p, err := m.NewPredictor(x)
	if err != nil {
		return nil, err
	}
	n := p.Rows()
	out := make([]float64, n*p.Width())
	r := &RegressionPrediction{Means: make([][]float64, len(draws)), Noise: make([][]float64, len(draws)), Weights: weights}
	if weights != nil {
		r.Weights = wts
	}
	want := m.NumParams() + lik.NumParams()
	for d, th := range draws {
		if len(th) != want {
			return nil, fmt.Errorf("bayesnn: draw %d has %d values, want %d", d, len(th), want)
		}
		p.Predict(out, th)
		mean := make([]float64, n)
		noise := make([]float64, n)
		if !lik.Noise(noise, out, th[m.NumParams():]) {
			return nil, fmt.Errorf("bayesnn: likelihood %T is not a regression likelihood", lik)
		}
		w := p.Width()
		for i := range n {
			mean[i] = out[i*w]
		}
		r.Means[d], r.Noise[d] = mean, noise
	}
	r.Mean, r.Epistemic = make([]float64, n), make([]float64, n)
	r.Aleatoric, r.Total = make([]float64, n), make([]float64, n)
	for i := range n {
		var mu, a float64
		for d := range draws {
			mu += wts[d] * r.Means[d][i]
			a += wts[d] * r.Noise[d][i]
		}
		v := 0.0
		for d := range draws {
			e := r.Means[d][i] - mu
			v += wts[d] * e * e
		}
		r.Mean[i], r.Epistemic[i], r.Aleatoric[i] = mu, v, a
		r.Total[i] = r.Epistemic[i] + r.Aleatoric[i]
	}
	return r, nil
}

// cdf returns the mixture's CDF at y for row i.
func (r *RegressionPrediction) cdf(i int, y float64) float64 {
	s := 0.0
	for d := range r.Means {
		s += r.weight(d) * distuv.UnitNormal.CDF((y-r.Means[d][i])/math.Sqrt(r.Noise[d][i]))
	}
	return s
}

// weight returns component d's normalised weight.
func (r *RegressionPrediction) weight(d int) float64 {
	if r.Weights == nil {
		return 1 / float64(len(r.Means))
	}
	return r.Weights[d]
}

// normaliseWeights returns w normalised to sum 1 (equal weights if nil),
// or an error if it has the wrong length or is not a set of nonnegative
// finite weights with a positive sum.
func normaliseWeights(w []float64, n int) ([]float64, error) {
	out := make([]float64, n)
	if w == nil {
		for i := range out {
			out[i] = 1 / float64(n)
		}
		return out, nil
	}
	if len(w) != n {
		return nil, fmt.Errorf("bayesnn: %d weights for %d draws", len(w), n)
	}
	var s float64
	for i, v := range w {
		if !(v >= 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("bayesnn: weight %d is %g, must be nonnegative and finite", i, v)
		}
		s += v
	}
	if !(s > 0) {
		return nil, fmt.Errorf("bayesnn: the weights sum to %g", s)
	}
	for i, v := range w {
		out[i] = v / s
	}
	return out, nil
}

// Quantile returns the q-quantile of the predictive mixture at each row
// (by bisection on the mixture's CDF, to 1e-10 of the total sd).
func (r *RegressionPrediction) Quantile(q float64) []float64 {
	out := make([]float64, len(r.Mean))
	for i := range out {
		sd := math.Sqrt(r.Total[i])
		lo, hi := r.Mean[i]-10*sd-1e-300, r.Mean[i]+10*sd+1e-300
		for hi-lo > 1e-10*sd && hi > lo {
			mid := 0.5 * (lo + hi)
			if r.cdf(i, mid) < q {
				lo = mid
			} else {
				hi = mid
			}
		}
		out[i] = 0.5 * (lo + hi)
	}
	return out
}

// Interval returns the central predictive interval of the given level
// (e.g. 0.9) at each row.
func (r *RegressionPrediction) Interval(level float64) (lo, hi []float64) {
	a := (1 - level) / 2
	return r.Quantile(a), r.Quantile(1 - a)
}

// EpistemicInterval returns the central interval of the level for the
// mean function alone (normal approximation: mean ± z·sqrt(epistemic)).
func (r *RegressionPrediction) EpistemicInterval(level float64) (lo, hi []float64) {
	z := distuv.UnitNormal.Quantile(0.5 + level/2)
	lo, hi = make([]float64, len(r.Mean)), make([]float64, len(r.Mean))
	for i, m := range r.Mean {
		s := z * math.Sqrt(r.Epistemic[i])
		lo[i], hi[i] = m-s, m+s
	}
	return lo, hi
}

// LogPredictiveDensity returns the log of the mixture's density at y[i]
// for each row (its negative mean is the NLL metric).
func (r *RegressionPrediction) LogPredictiveDensity(y []float64) []float64 {
	out := make([]float64, len(r.Mean))
	for i := range out {
		mx := math.Inf(-1)
		lps := make([]float64, len(r.Means))
		for d := range r.Means {
			v := r.Noise[d][i]
			e := y[i] - r.Means[d][i]
			lps[d] = -0.5*(e*e/v+math.Log(v)) - halfLog2Pi
			mx = max(mx, lps[d])
		}
		s := 0.0
		for d, l := range lps {
			s += r.weight(d) * math.Exp(l-mx)
		}
		out[i] = mx + math.Log(s)
	}
	return out
}
