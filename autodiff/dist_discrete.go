package autodiff

import "math"

// Log masses of discrete observations (see dist.go for the conventions
// shared by all families). Observations (y, k, n) are constant Vars
// (Tape.Const, or Tape.Input to change them between replays) holding
// integers as float64, like distuv's; CategoricalLogitsLogPmf takes
// []int labels.

// lpIsCount reports whether k is a non-negative integer.
func lpIsCount(k float64) bool { return k >= 0 && k == math.Floor(k) && !math.IsInf(k, 1) }

// lpElemMemo caches, per element, a term that depends on the (constant)
// observations only, recomputed when they change (Tape.Input).
type lpElemMemo struct{ k, n, v []float64 }

func newLpElemMemo(n int) *lpElemMemo {
	m := &lpElemMemo{k: make([]float64, n), n: make([]float64, n), v: make([]float64, n)}
	for i := range m.k {
		m.k[i] = math.NaN() // never equal: computed on first use
	}
	return m
}

func (m *lpElemMemo) of(e int, k, n float64, f func(k, n float64) float64) float64 {
	if k != m.k[e] || n != m.n[e] {
		m.k[e], m.n[e], m.v[e] = k, n, f(k, n)
	}
	return m.v[e]
}

var bernoulliLogitRule = &lpRule{name: "BernoulliLogitLogPmf", nArg: 2, data: []bool{true, false},
	mk: func(int) lpEval {
		return func(_ int, a, d, h []float64, order int) float64 {
			y, l := a[0], a[1]
			if y != 0 && y != 1 {
				return lpOutside(d, h, order)
			}
			// One exponential serves both sigmoid(l) and softplus(±l):
			// with e = exp(-|l|), softplus(l) = max(l, 0) + log1p(e).
			e := math.Exp(-math.Abs(l))
			if order >= 1 {
				p := 1 / (1 + e)
				if l < 0 {
					p = e / (1 + e)
				}
				d[0] = 0
				d[1] = y - p
				if order >= 2 {
					clear(h)
					h[3] = -p * (1 - p)
				}
			}
			// log p(y) = -softplus(l) if y = 0, -softplus(-l) if y = 1.
			if y == 1 {
				return -max(-l, 0) - math.Log1p(e)
			}
			return -max(l, 0) - math.Log1p(e)
		}
	}}

// BernoulliLogitLogPmf returns Σ log Bernoulli(y | sigmoid(logit)) for
// observations y in {0, 1} (any other value gives -Inf), computed stably
// as y·logit - softplus(logit).
func BernoulliLogitLogPmf(y, logit *Var) *Var { return logDensity(bernoulliLogitRule, y, logit) }

// logChoose returns log C(n, k).
func logChoose(k, n float64) float64 { return lgamma(n+1) - lgamma(k+1) - lgamma(n-k+1) }

var binomialLogitRule = &lpRule{name: "BinomialLogitLogPmf", nArg: 3, data: []bool{true, true, false},
	mk: func(n int) lpEval {
		lc := newLpElemMemo(n)
		return func(e int, a, d, h []float64, order int) float64 {
			k, n, l := a[0], a[1], a[2]
			if !lpIsCount(n) {
				return lpNaN(d, h, order)
			}
			if !lpIsCount(k) || k > n {
				return lpOutside(d, h, order)
			}
			if order >= 1 {
				p := sigmoid(l)
				d[0], d[1] = 0, 0
				d[2] = k - n*p
				if order >= 2 {
					clear(h)
					h[8] = -n * p * (1 - p)
				}
			}
			// log C(n,k) + k·logit - n·softplus(logit), as
			// -k·softplus(-logit) - (n-k)·softplus(logit), the terms skipped
			// when their count is zero so that logit = ±Inf stays finite
			// where the mass is.
			v := lc.of(e, k, n, logChoose)
			if k > 0 {
				v -= k * softplus(-l)
			}
			if n > k {
				v -= (n - k) * softplus(l)
			}
			return v
		}
	}}

// BinomialLogitLogPmf returns Σ log Binomial(k | n, sigmoid(logit)) for
// counts k out of n trials. k outside 0..n (or not an integer) gives -Inf;
// n that is not a non-negative integer gives NaN.
func BinomialLogitLogPmf(k, n, logit *Var) *Var {
	return logDensity(binomialLogitRule, k, n, logit)
}

func lgammaPlus1(k, _ float64) float64 { return lgamma(k + 1) }

var poissonLogRule = &lpRule{name: "PoissonLogLogPmf", nArg: 2, data: []bool{true, false},
	mk: func(n int) lpEval {
		lf := newLpElemMemo(n)
		return func(e int, a, d, h []float64, order int) float64 {
			k, eta := a[0], a[1]
			if !lpIsCount(k) {
				return lpOutside(d, h, order)
			}
			lam := math.Exp(eta)
			if order >= 1 {
				d[0] = 0
				d[1] = k - lam
				if order >= 2 {
					clear(h)
					h[3] = -lam
				}
			}
			v := -lam - lf.of(e, k, 0, lgammaPlus1)
			if k > 0 {
				v += k * eta
			}
			return v
		}
	}}

// PoissonLogLogPmf returns Σ log Poisson(k | exp(logRate)) for counts k; a
// k that is not a non-negative integer gives -Inf.
func PoissonLogLogPmf(k, logRate *Var) *Var { return logDensity(poissonLogRule, k, logRate) }

// CategoricalLogitsLogPmf returns Σ_n log softmax(logits[n,:])[labels[n]]
// for logits of shape [N, K] (a vector [K] is one row) and N labels in
// 0..K-1, computed with a max-shifted log-sum-exp, as one fused op.
//
// labels is read again at every replay of a compiled tape (so a minibatch
// may overwrite it in place); a label outside 0..K-1 panics with an
// *OpError when recorded and gives -Inf on a replay.
func CategoricalLogitsLogPmf(labels []int, logits *Var) *Var {
	const name = "CategoricalLogitsLogPmf"
	t := tapeOf(name, logits)
	var N, K int
	switch len(logits.Shape) {
	case 1:
		N, K = 1, logits.Shape[0]
	case 2:
		N, K = logits.Shape[0], logits.Shape[1]
	default:
		opPanic(name, "logits must be [N, K]", logits)
	}
	if len(labels) != N {
		opPanic(name, "%d labels for %d rows of logits", len(labels), N, logits)
	}
	if K == 0 {
		opPanic(name, "no categories", logits)
	}
	for i, c := range labels {
		if c < 0 || c >= K {
			opPanic(name, "label %d at row %d outside 0..%d", c, i, K-1, logits)
		}
	}
	p := make([]float64, N*K) // softmax of each row, at the last forward pass
	y := t.newVar(name, []int{1}, logits.Grad != nil)
	y.fwd = func() {
		lv := logits.Value
		s := 0.0
		for n := range N {
			row := lv[n*K : n*K+K]
			pr := p[n*K : n*K+K]
			m := math.Inf(-1)
			for _, v := range row {
				m = max(m, v)
			}
			z := 0.0
			for k, v := range row {
				e := math.Exp(v - m)
				pr[k] = e
				z += e
			}
			for k := range pr {
				pr[k] /= z
			}
			c := labels[n]
			if c < 0 || c >= K {
				s = math.Inf(-1)
				continue
			}
			s += row[c] - m - math.Log(z)
		}
		y.Value[0] = s
	}
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	valid := func(n int) bool { c := labels[n]; return c >= 0 && c < K }
	y.bwd = func() {
		g, gl := y.Grad[0], logits.Grad
		for n := range N {
			if !valid(n) {
				continue
			}
			for k := range K {
				gl[n*K+k] -= g * p[n*K+k]
			}
			gl[n*K+labels[n]] += g
		}
	}
	y.jvp = func() {
		tl := logits.Tan
		s := 0.0
		for n := range N {
			if !valid(n) {
				continue
			}
			pt := 0.0
			for k := range K {
				pt += p[n*K+k] * tl[n*K+k]
			}
			s += tl[n*K+labels[n]] - pt
		}
		y.Tan[0] = s
	}
	y.bwdTan = func() {
		g, gt := y.Grad[0], y.GradTan[0]
		tl, glt := logits.Tan, logits.GradTan
		for n := range N {
			if !valid(n) {
				continue
			}
			pr, tr := p[n*K:n*K+K], tl[n*K:n*K+K]
			pt := 0.0
			for k := range K {
				pt += pr[k] * tr[k]
			}
			// d/dε [g(δ - p)] = ġ(δ - p) - g·p⊙(ṫ - pᵀṫ).
			for k := range K {
				glt[n*K+k] -= gt*pr[k] + g*pr[k]*(tr[k]-pt)
			}
			glt[n*K+labels[n]] += gt
		}
	}
	return t.push(y)
}
