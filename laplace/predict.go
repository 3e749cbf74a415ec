package laplace

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/bayesnn-go/bayesnn/bayesnn"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// Sample returns draws of the full parameter vector (the covered weights
// drawn from the approximation, the rest at the MAP) in chains chains, as
// a samplers.Trace named like the posterior's parameters, for
// bayesnn.PredictRegression and PredictClasses (the sampling predictive),
// diag and plotting. Each draw's lp__ is the approximation's log density
// of its covered weights.
func (n *Net) Sample(draws, chains int, seed uint64) (*samplers.Trace, error) {
	P := n.Dim()
	var sd []float64
	if n.gauss == nil && n.kron == nil {
		sd = n.Variance()
		for j := range sd {
			sd[j] = math.Sqrt(sd[j])
		}
	}
	sub := make([]float64, P)
	return sampleTrace(n.Post.Dim(), n.Post.ParamNames(), draws, chains, seed, func(dst []float64, rng *rand.Rand) float64 {
		copy(dst, n.MAP)
		if n.kron != nil {
			lp := n.kron.draw(sub, n.prior[0], rng)
			for j, v := range sub {
				dst[n.Lo+j] += v
			}
			return lp
		}
		if n.gauss != nil {
			n.gauss.Draw(sub, rng)
			copy(dst[n.Lo:n.Hi], sub)
			return n.gauss.LogProb(sub)
		}
		lp := 0.0
		for j := range P {
			z := rng.NormFloat64()
			dst[n.Lo+j] = n.MAP[n.Lo+j] + sd[j]*z
			lp += -0.5*z*z - math.Log(sd[j]) - 0.5*log2Pi
		}
		return lp
	})
}

// linearised returns, for each row of x, the network's outputs at the MAP
// (rows × K) and the covariance of the linearised outputs J Σ Jᵀ (rows ×
// K × K), Σ the covered weights' posterior covariance.
func (n *Net) linearised(x [][]float64) (out, cov []float64, err error) {
	if len(x) == 0 {
		return nil, nil, fmt.Errorf("laplace: no rows to predict")
	}
	feats, err := n.features(x)
	if err != nil {
		return nil, nil, err
	}
	P, K := n.Dim(), n.jac.Outputs()
	out, cov = make([]float64, len(x)*K), make([]float64, len(x)*K*K)
	jac := make([]float64, K*P)
	th := n.MAP[n.Lo:n.Hi]
	if n.kron != nil {
		phi := make([]float64, n.kron.d1)
		for i, xi := range feats {
			if err := n.jac.Row(out[i*K:(i+1)*K], jac, th, xi); err != nil {
				return nil, nil, err
			}
			copy(phi, xi)
			if len(phi) > len(xi) {
				phi[len(xi)] = 1
			}
			n.kron.outputCov(cov[i*K*K:(i+1)*K*K], phi, n.prior[0])
		}
		return out, cov, nil
	}
	var var1 []float64
	if n.gauss == nil {
		var1 = n.Variance()
	}
	if var1 != nil {
		for i, xi := range feats {
			if err := n.jac.Row(out[i*K:(i+1)*K], jac, th, xi); err != nil {
				return nil, nil, err
			}
			c := cov[i*K*K : (i+1)*K*K]
			for a := range K {
				for b := 0; b <= a; b++ {
					v := 0.0
					ja, jb := jac[a*P:(a+1)*P], jac[b*P:(b+1)*P]
					for j := range P {
						v += ja[j] * jb[j] * var1[j]
					}
					c[a*K+b], c[b*K+a] = v, v
				}
			}
		}
		return out, cov, nil
	}
	// Full covariance: whiten the Jacobians of chunk rows at a time,
	// W = U⁻ᵀJᵀ (P × chunk·K, one triangular solve), then J Σ Jᵀ = WᵀW
	// row by row.
	const chunk = 64
	w := mat.NewDense(P, min(chunk, len(feats))*K, nil)
	for lo := 0; lo < len(feats); lo += chunk {
		hi := min(lo+chunk, len(feats))
		m := (hi - lo) * K
		wc := w
		if m < w.RawMatrix().Cols {
			wc = mat.NewDense(P, m, nil)
		}
		raw := wc.RawMatrix()
		for i := lo; i < hi; i++ {
			if err := n.jac.Row(out[i*K:(i+1)*K], jac, th, feats[i]); err != nil {
				return nil, nil, err
			}
			for a := range K {
				col := (i-lo)*K + a
				for j, v := range jac[a*P : (a+1)*P] {
					raw.Data[j*raw.Stride+col] = v
				}
			}
		}
		n.gauss.whiten(wc)
		for i := lo; i < hi; i++ {
			c := cov[i*K*K : (i+1)*K*K]
			clear(c)
			base := (i - lo) * K
			for j := range P {
				row := raw.Data[j*raw.Stride+base : j*raw.Stride+base+K]
				for a, va := range row {
					for b := 0; b <= a; b++ {
						c[a*K+b] += va * row[b]
					}
				}
			}
			for a := range K {
				for b := 0; b < a; b++ {
					c[b*K+a] = c[a*K+b]
				}
			}
		}
	}
	return out, cov, nil
}

// PredictRegression returns the linearised (GLM) predictive of a
// regression network at x: at each row the normal with the MAP network's
// output as mean, Epistemic = J Σ Jᵀ (the linearised output's variance)
// and Aleatoric the likelihood's noise variance at the MAP; it is exact
// for a network linear in the covered weights. The prediction has one
// component (Means, Noise) of variance Total, so Quantile, Interval and
// LogPredictiveDensity are those of that normal. For the sampling
// predictive, pass Sample's draws to bayesnn.PredictRegression.
func (n *Net) PredictRegression(x [][]float64) (*bayesnn.RegressionPrediction, error) {
	out, cov, err := n.linearised(x)
	if err != nil {
		return nil, err
	}
	K, rows := n.jac.Outputs(), len(x)
	m := n.Post.Model.NumParams()
	noise := make([]float64, rows)
	if !n.Post.Lik.Noise(noise, out, n.MAP[m:]) {
		return nil, fmt.Errorf("laplace: likelihood %T is not a regression likelihood", n.Post.Lik)
	}
	r := &bayesnn.RegressionPrediction{Mean: make([]float64, rows), Epistemic: make([]float64, rows),
		Aleatoric: noise, Total: make([]float64, rows)}
	for i := range rows {
		r.Mean[i] = out[i*K]
		r.Epistemic[i] = cov[i*K*K]
		r.Total[i] = r.Epistemic[i] + r.Aleatoric[i]
	}
	r.Means = [][]float64{append([]float64(nil), r.Mean...)}
	r.Noise = [][]float64{append([]float64(nil), r.Total...)}
	return r, nil
}

// ClassOptions configures PredictClasses. The zero value is the probit
// approximation.
type ClassOptions struct {
	// Samples, when positive, averages the class probabilities over that
	// many draws of the linearised logits N(f*, J Σ Jᵀ) (Monte Carlo),
	// which also splits the predictive entropy into its aleatoric and
	// epistemic parts. Zero uses the probit approximation: the sigmoid
	// of f* / sqrt(1 + π/8 · Var f) (MacKay 1992), and for K classes the
	// softmax of g_k / sqrt(1 + π/8 · Var g_k), g = f - mean_k f the
	// centred logits (laplace-torch's "probit" link scales the raw
	// logits, so that their common shift, to which the softmax is blind,
	// flattens every class); it gives the probabilities and their entropy
	// but no split.
	Samples int
	// Weights, with Samples > 0, draws the covered weights themselves
	// (the sampling predictive) instead of the linearised logits: each
	// draw runs the covered part of the network (only the head for
	// LastLayer, on features computed once).
	Weights bool
	// Seed seeds the Monte Carlo draws.
	Seed uint64
}

// PredictClasses returns the predictive of a classifier at x (labels may
// be nil), as bayesnn's ClassPrediction: probabilities, classes, accuracy
// and mean log predictive probability, and the entropy split with Monte
// Carlo. By default it is the linearised (GLM) predictive, by the probit
// approximation or Monte Carlo over the logits; with ClassOptions.Weights
// it is the sampling predictive (see ClassOptions). Aleatoric and
// Epistemic are nil with the probit approximation.
func (n *Net) PredictClasses(x [][]float64, labels []int, opts *ClassOptions) (*bayesnn.ClassPrediction, error) {
	var o ClassOptions
	if opts != nil {
		o = *opts
	}
	if o.Samples < 0 {
		return nil, fmt.Errorf("laplace: %d Monte Carlo samples", o.Samples)
	}
	if o.Weights {
		if o.Samples == 0 {
			return nil, fmt.Errorf("laplace: the sampling predictive (Weights) needs Samples > 0")
		}
		return n.sampledClasses(x, labels, o)
	}
	out, cov, err := n.linearised(x)
	if err != nil {
		return nil, err
	}
	K, rows := n.jac.Outputs(), len(x)
	e, err := bayesnn.NewLogitEnsemble(rows, K, labels)
	if err != nil {
		return nil, err
	}
	logits := make([]float64, rows*K)
	if o.Samples == 0 {
		for i := range rows {
			f, v := out[i*K:(i+1)*K], cov[i*K*K:(i+1)*K*K]
			if K == 1 {
				logits[i] = f[0] / math.Sqrt(1+math.Pi/8*v[0])
				continue
			}
			// Centre the logits first: the softmax ignores a common shift,
			// whose variance would otherwise flatten every class.
			fm, vr, vt := 0.0, make([]float64, K), 0.0
			for a := range K {
				fm += f[a] / float64(K)
				for b := range K {
					vr[a] += v[a*K+b] / float64(K)
				}
				vt += vr[a] / float64(K)
			}
			for k := range K {
				vc := v[k*K+k] - 2*vr[k] + vt // Var(f_k - mean f)
				logits[i*K+k] = (f[k] - fm) / math.Sqrt(1+math.Pi/8*max(vc, 0))
			}
		}
		if _, err := e.AddLogits(logits); err != nil {
			return nil, err
		}
		r, err := e.Prediction()
		if err != nil {
			return nil, err
		}
		r.Aleatoric, r.Epistemic, r.DrawAccuracy = nil, nil, nil
		return r, nil
	}
	// Factor each row's covariance once: V = LLᵀ (eigen square root, as V
	// may be singular: the softmax's logits are defined up to a shift).
	roots := make([]float64, rows*K*K)
	for i := range rows {
		if err := sqrtPSD(roots[i*K*K:(i+1)*K*K], cov[i*K*K:(i+1)*K*K], K); err != nil {
			return nil, fmt.Errorf("laplace: row %d: %w", i, err)
		}
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x1a91ace))
	z := make([]float64, K)
	for range o.Samples {
		for i := range rows {
			for k := range K {
				z[k] = rng.NormFloat64()
			}
			l := roots[i*K*K : (i+1)*K*K]
			for a := range K {
				v := out[i*K+a]
				for b := range K {
					v += l[a*K+b] * z[b]
				}
				logits[i*K+a] = v
			}
		}
		if _, err := e.AddLogits(logits); err != nil {
			return nil, err
		}
	}
	return e.Prediction()
}

// sqrtPSD writes L (k × k, row-major) with LLᵀ = v for a positive
// semi-definite v.
func sqrtPSD(dst, v []float64, k int) error {
	if k == 1 {
		if v[0] < 0 {
			return fmt.Errorf("laplace: negative predictive variance %g", v[0])
		}
		dst[0] = math.Sqrt(v[0])
		return nil
	}
	var e mat.EigenSym
	if !e.Factorize(mat.NewSymDense(k, append([]float64(nil), v...)), true) {
		return fmt.Errorf("laplace: eigen-decomposition of the predictive covariance failed")
	}
	vals := e.Values(nil)
	var q mat.Dense
	e.VectorsTo(&q)
	for a := range k {
		for b := range k {
			dst[a*k+b] = q.At(a, b) * math.Sqrt(max(vals[b], 0))
		}
	}
	return nil
}

// sampledClasses is the sampling predictive: an Ensemble of the covered
// part of the network over o.Samples weight draws.
func (n *Net) sampledClasses(x [][]float64, labels []int, o ClassOptions) (*bayesnn.ClassPrediction, error) {
	feats, err := n.features(x)
	if err != nil {
		return nil, err
	}
	net := n.Post.Model
	if n.Lo > 0 {
		if _, net, err = net.SplitLast(); err != nil {
			return nil, err
		}
	}
	e, err := bayesnn.NewEnsemble(net, feats, labels)
	if err != nil {
		return nil, err
	}
	tr, err := n.Sample(o.Samples, 1, o.Seed)
	if err != nil {
		return nil, err
	}
	d := n.Post.Dim()
	for k := range o.Samples {
		if _, err := e.Add(tr.Samples[k*d+n.Lo : k*d+n.Post.Model.NumParams()]); err != nil {
			return nil, err
		}
	}
	return e.Prediction()
}
