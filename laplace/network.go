package laplace

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/bayesnn"
)

// Structure says which weights a network's Laplace approximation covers
// and how it holds their precision.
type Structure int

const (
	// Full covers every network weight with a full precision matrix
	// (P × P: small networks).
	Full Structure = iota
	// Diag covers every weight with a diagonal precision (the diagonal of
	// the curvature): memory and time linear in the weights.
	Diag
	// LastLayer covers the last layer that has weights with a full
	// precision, the other weights fixed at the MAP (Kristiadi et al.
	// 2020): a Bayesian head on a trained feature extractor.
	LastLayer
	// KronLastLayer is LastLayer with the Kronecker-factored GGN A ⊗ G
	// (Ritter et al. 2018; K-FAC): the last layer must be one Dense layer
	// with the identity activation, A is the Gram matrix of its inputs
	// (with a 1 for the bias) and G the mean curvature of the likelihood
	// in the outputs. Memory (D+1)² + K² and time N·D² instead of
	// ((D+1)K)² and N·K·((D+1)K)²: a 500→10 head on 60,000 digits. It
	// is exact when that curvature is the same on every row (a Gaussian
	// likelihood) and needs one prior precision for the whole layer.
	KronLastLayer
)

// String names the structure: "full", "diag", "last-layer" or
// "kron-last-layer".
// String returns the structure's name (full, diag, last-layer, kron-last-layer).
func (s Structure) String() string {
	switch s {
	case Full:
		return "full"
	case Diag:
		return "diag"
	case LastLayer:
		return "last-layer"
	case KronLastLayer:
		return "kron-last-layer"
	}
	return fmt.Sprintf("Structure(%d)", int(s))
}

// Curvature says which matrix stands for the likelihood's negative Hessian.
type Curvature int

const (
	// GGN is the generalized Gauss–Newton matrix Σ_i J_iᵀ Λ_i J_i (J_i
	// the network's Jacobian at row i, Λ_i the negative Hessian of the
	// log-likelihood in the outputs): positive semi-definite for the
	// Gaussian, Bernoulli and categorical likelihoods, and equal to the
	// Hessian when the network is linear in its weights.
	GGN Curvature = iota
	// ExactHessian is the exact Hessian of the log-likelihood, by the
	// tape's forward-over-reverse products (Full structure only).
	ExactHessian
)

// String names the curvature: "GGN" or "exact Hessian".
// String returns the curvature's name ("GGN" or "exact Hessian").
func (c Curvature) String() string {
	if c == GGN {
		return "GGN"
	}
	return "exact Hessian"
}

// NetOptions configures Network. The zero value is a full GGN Laplace.
type NetOptions struct {
	Structure Structure
	Curvature Curvature
}

// Net is the Laplace approximation of a network's posterior at a MAP:
// the covered weights θ_S ~ N(θ*_S, (H + diag(δ))⁻¹), H the likelihood's
// curvature at the MAP and δ the prior precision; the other weights and
// the likelihood's own parameters stay at the MAP.
type Net struct {
	// Post is the approximated posterior.
	Post *bayesnn.Posterior
	// MAP is the full parameter vector at which the approximation is made.
	MAP []float64
	// Structure and Curvature are the options used.
	Structure Structure
	Curvature Curvature
	// Lo and Hi delimit the covered weights, θ[Lo:Hi].
	Lo, Hi int
	// LogLik is the (tempered) log-likelihood of the data at the MAP.
	LogLik float64

	hFull *mat.SymDense // the likelihood curvature over [Lo,Hi) (Full, LastLayer)
	hDiag []float64     // its diagonal (Diag)
	kron  *kron         // its Kronecker factors (KronLastLayer)
	prior []float64     // prior precision over [Lo,Hi)
	gauss *Gaussian     // the posterior of the covered weights (Full, LastLayer)
	body  *bayesnn.Sequential
	jac   *bayesnn.Jacobian // of the network (Full, Diag) or of the head (LastLayer)
	eig   []float64         // eigenvalues of hFull, for tuning (made on first use)
}

// Network returns the Laplace approximation of p at theta (a MAP from
// bayesnn.MAP). p's prior must be a GaussianPrior: its precision is
// part of the posterior precision and of the marginal likelihood.
func Network(p *bayesnn.Posterior, theta []float64, opts *NetOptions) (*Net, error) {
	var o NetOptions
	if opts != nil {
		o = *opts
	}
	if p == nil {
		return nil, fmt.Errorf("laplace: nil posterior")
	}
	if len(theta) != p.Dim() {
		return nil, fmt.Errorf("laplace: the MAP has %d values, the posterior %d", len(theta), p.Dim())
	}
	for i, v := range theta {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("laplace: MAP value %d (%s) is %g", i, p.ParamNames()[i], v)
		}
	}
	if o.Structure < Full || o.Structure > KronLastLayer {
		return nil, fmt.Errorf("laplace: unknown structure %d", int(o.Structure))
	}
	if o.Curvature == ExactHessian && o.Structure != Full {
		return nil, fmt.Errorf("laplace: the exact Hessian is for the Full structure only (use GGN for %v)", o.Structure)
	}
	if o.Curvature != GGN && o.Curvature != ExactHessian {
		return nil, fmt.Errorf("laplace: unknown curvature %d", int(o.Curvature))
	}
	priorAll, err := p.PriorPrecision()
	if err != nil {
		return nil, fmt.Errorf("laplace: %w", err)
	}
	m := p.Model
	n := &Net{Post: p, MAP: append([]float64(nil), theta...), Structure: o.Structure, Curvature: o.Curvature, Hi: m.NumParams()}
	ll, err := p.LogLik(theta, p.Data())
	if err != nil {
		return nil, err
	}
	n.LogLik = ll * p.LikelihoodScale()
	net := m
	if o.Structure == LastLayer || o.Structure == KronLastLayer {
		var head *bayesnn.Sequential
		if n.body, head, err = m.SplitLast(); err != nil {
			return nil, fmt.Errorf("laplace: %w", err)
		}
		n.Lo = n.Hi - head.NumParams()
		net = head
	}
	n.prior = append([]float64(nil), priorAll[n.Lo:n.Hi]...)
	if n.jac, err = net.NewJacobian(); err != nil {
		return nil, err
	}
	if o.Structure == KronLastLayer {
		feats, err := n.features(p.Data().X)
		if err != nil {
			return nil, err
		}
		if err := n.newKron(net, feats); err != nil {
			return nil, err
		}
	} else if o.Curvature == ExactHessian {
		if err := n.exactCurvature(priorAll); err != nil {
			return nil, err
		}
	} else if err := n.ggn(); err != nil {
		return nil, err
	}
	return n, n.refactor()
}

// exactCurvature sets hFull to minus the Hessian of the log posterior
// less the prior precision, over the network's weights.
func (n *Net) exactCurvature(prior []float64) error {
	d := n.Post.Dim()
	h := mat.NewSymDense(d, nil)
	if err := n.Post.Hessian(h, n.MAP); err != nil {
		return fmt.Errorf("laplace: Hessian: %w", err)
	}
	k := n.Hi
	n.hFull = mat.NewSymDense(k, nil)
	for i := range k {
		for j := i; j < k; j++ {
			v := -h.At(i, j)
			if i == j {
				v -= prior[i]
			}
			n.hFull.SetSym(i, j, v)
		}
	}
	return nil
}

// features returns the inputs of the covered part of the network: the
// data rows, or the body's outputs at the MAP for LastLayer.
// The body runs on featureChunk rows at a time, so that a large data
// set's activations (a CNN's on 60,000 digits) are never all in memory.
func (n *Net) features(x [][]float64) ([][]float64, error) {
	if n.body == nil {
		return x, nil
	}
	const featureChunk = 256
	out := make([][]float64, 0, len(x))
	for lo := 0; lo < len(x); lo += featureChunk {
		f, err := n.body.Predict(n.MAP[:n.Lo], x[lo:min(lo+featureChunk, len(x))])
		if err != nil {
			return nil, err
		}
		out = append(out, f...)
	}
	return out, nil
}

// ggn accumulates Σ_i J_iᵀ Λ_i J_i (times the likelihood scale) over the
// data, 256 rows of Λ^½J at a time.
func (n *Net) ggn() error {
	data := n.Post.Data()
	x, err := n.features(data.X)
	if err != nil {
		return err
	}
	P, K := n.Hi-n.Lo, n.jac.Outputs()
	lam, err := newOutputCurvature(n.Post, n.MAP)
	if err != nil {
		return err
	}
	scale := n.Post.LikelihoodScale()
	if c, ok := n.Post.Lik.(bayesnn.Categorical); ok && c.Mean {
		// The log-likelihood is averaged over the rows, each row's
		// curvature (recorded on one row) weighs 1/N.
		scale /= float64(len(x))
	}
	if n.Structure == Diag {
		n.hDiag = make([]float64, P)
	} else {
		n.hFull = mat.NewSymDense(P, nil)
	}
	// Rows of Λ^½J are gathered chunk at a time for one symmetric rank-k
	// update (Full, LastLayer), or one at a time for Diag, whose P may be
	// a CNN's hundreds of thousands of weights.
	chunk := 256
	if n.Structure == Diag {
		chunk = 1
	}
	buf := mat.NewDense(chunk, P, nil)
	rows := 0
	flush := func() {
		if rows == 0 {
			return
		}
		b := buf.Slice(0, rows, 0, P)
		if n.hFull != nil {
			n.hFull.SymRankK(n.hFull, scale, b.T())
		} else {
			for r := range rows {
				for j, v := range buf.RawRowView(r) {
					n.hDiag[j] += scale * v * v
				}
			}
		}
		rows = 0
	}
	out, jac := make([]float64, K), make([]float64, K*P)
	th := n.MAP[n.Lo:n.Hi]
	traceLam := 0.0 // trace of Σ_i Λ_i
	for i := range x {
		if err := n.jac.Row(out, jac, th, x[i]); err != nil {
			return err
		}
		root, err := lam.sqrt(out, data.Y[i])
		if err != nil {
			return fmt.Errorf("laplace: row %d: %w", i, err)
		}
		for _, r := range root {
			traceLam += r * r
		}
		// Rows of Λ^½ J: Λ = RᵀR with R = root (K × K).
		for a := range K {
			if rows == chunk {
				flush()
			}
			dst := buf.RawRowView(rows)
			clear(dst)
			for b := range K {
				if r := root[a*K+b]; r != 0 {
					for j, v := range jac[b*P : (b+1)*P] {
						dst[j] += r * v
					}
				}
			}
			rows++
		}
	}
	flush()
	if traceLam == 0 {
		return fmt.Errorf("laplace: the likelihood's curvature in the network's outputs is zero on every row (a network ending in log-softmax, Categorical{LogProbs: true}, is linear in its outputs, and so is a likelihood scale of 0): the GGN is zero; let the network output logits or use ExactHessian")
	}
	return nil
}

// outputCurvature computes Λ = -∇²_f log p(y | f, extra) for one row's
// outputs f, on the tape, for any likelihood.
type outputCurvature struct {
	lik   bayesnn.Likelihood
	extra []float64
	k, yw int
	y     []float64
}

func newOutputCurvature(p *bayesnn.Posterior, theta []float64) (*outputCurvature, error) {
	m := p.Model.NumParams()
	k := 1
	for _, s := range p.Model.OutShape() {
		k *= s
	}
	return &outputCurvature{lik: p.Lik, extra: theta[m:], k: k, yw: p.Lik.YWidth(k)}, nil
}

// sqrt returns R (K × K, row-major) with RᵀR = Λ at outputs f and target
// y; an indefinite Λ is an error (the GGN needs a log-concave likelihood
// in the outputs). The Gaussian, Bernoulli and categorical (logits)
// likelihoods have closed forms (checked against the tape in the tests);
// any other likelihood's Λ is the tape's Hessian.
func (c *outputCurvature) sqrt(f, y []float64) ([]float64, error) {
	if r := c.closedForm(f); r != nil {
		return r, nil
	}
	return c.tapeSqrt(f, y)
}

// closedForm returns R for the likelihoods with a known Λ, or nil.
func (c *outputCurvature) closedForm(f []float64) []float64 {
	K := c.k
	switch l := c.lik.(type) {
	case bayesnn.Gaussian:
		// Λ = τI.
		r := make([]float64, K*K)
		for a := range K {
			r[a*K+a] = math.Sqrt(l.Tau)
		}
		return r
	case bayesnn.Bernoulli:
		// Λ = σ(f)(1 - σ(f)).
		p := 1 / (1 + math.Exp(-f[0]))
		return []float64{math.Sqrt(p * (1 - p))}
	case bayesnn.Categorical:
		if l.LogProbs || l.Mean {
			return nil
		}
		// Λ = diag(p) - ppᵀ = RᵀR with R = diag(√p)(I - 1pᵀ), as Σp = 1.
		mx := math.Inf(-1)
		for _, v := range f {
			mx = max(mx, v)
		}
		p, s := make([]float64, K), 0.0
		for a, v := range f {
			p[a] = math.Exp(v - mx)
			s += p[a]
		}
		r := make([]float64, K*K)
		for a := range K {
			p[a] /= s
		}
		for a := range K {
			q := math.Sqrt(p[a])
			for b := range K {
				d := -p[b]
				if a == b {
					d++
				}
				r[a*K+b] = q * d
			}
		}
		return r
	}
	return nil
}

// tapeSqrt is sqrt by the tape's Hessian of the likelihood in the outputs.
func (c *outputCurvature) tapeSqrt(f, y []float64) ([]float64, error) {
	c.y = y
	fn := func(t *ad.Tape, fv *ad.Var) *ad.Var {
		var extra *ad.Var
		if len(c.extra) > 0 {
			extra = t.Const(c.extra)
		}
		return c.lik.LogLik(t, ad.Reshape(fv, 1, c.k), t.Const(c.y, 1, c.yw), extra)
	}
	h, err := ad.Hessian(fn, f)
	if err != nil {
		return nil, fmt.Errorf("laplace: output Hessian of the likelihood: %w", err)
	}
	K := c.k
	if K == 1 {
		l := -h.At(0, 0)
		if l < 0 {
			return nil, fmt.Errorf("laplace: the likelihood is not log-concave in the output (curvature %g): the GGN is not positive semi-definite; use ExactHessian", l)
		}
		return []float64{math.Sqrt(l)}, nil
	}
	h.ScaleSym(-1, h)
	var e mat.EigenSym
	if !e.Factorize(h, true) {
		return nil, fmt.Errorf("laplace: eigen-decomposition of the output curvature failed")
	}
	vals := e.Values(nil)
	var vec mat.Dense
	e.VectorsTo(&vec)
	top := math.Abs(vals[K-1])
	r := make([]float64, K*K)
	for a, l := range vals {
		if l < -1e-10*top && l < -1e-14 { // rounding of a singular Λ is not indefiniteness
			return nil, fmt.Errorf("laplace: the likelihood is not log-concave in the outputs (curvature eigenvalue %g): the GGN is not positive semi-definite; use ExactHessian", l)
		}
		s := math.Sqrt(max(l, 0))
		for b := range K {
			r[a*K+b] = s * vec.At(b, a)
		}
	}
	return r, nil
}

// refactor rebuilds the posterior of the covered weights from the
// curvature and the prior precision.
func (n *Net) refactor() error {
	if n.kron != nil {
		if !(n.prior[0] > 0) {
			return fmt.Errorf("laplace: prior precision %g, not positive", n.prior[0])
		}
		return nil
	}
	if n.Structure == Diag {
		for j, h := range n.hDiag {
			if !(h+n.prior[j] > 0) {
				return fmt.Errorf("laplace: posterior precision of %s is %g, not positive", n.Post.ParamNames()[n.Lo+j], h+n.prior[j])
			}
		}
		return nil
	}
	P := n.Hi - n.Lo
	prec := mat.NewSymDense(P, nil)
	prec.CopySym(n.hFull)
	for j := range P {
		prec.SetSym(j, j, prec.At(j, j)+n.prior[j])
	}
	g, err := NewGaussian(n.MAP[n.Lo:n.Hi], prec, n.Post.ParamNames()[n.Lo:n.Hi])
	if err != nil {
		return err
	}
	n.gauss = g
	return nil
}

// Dim returns the number of covered weights.
func (n *Net) Dim() int { return n.Hi - n.Lo }

// Gaussian returns the posterior of the covered weights θ[Lo:Hi] (nil for
// the Diag and KronLastLayer structures: see Precision and Variance).
func (n *Net) Gaussian() *Gaussian { return n.gauss }

// Precision returns the diagonal of the posterior precision of the
// covered weights.
func (n *Net) Precision() []float64 {
	if n.kron != nil {
		return n.kron.diag(n.prior[0], false)
	}
	out := make([]float64, n.Dim())
	for j := range out {
		if n.hDiag != nil {
			out[j] = n.hDiag[j] + n.prior[j]
		} else {
			out[j] = n.gauss.Precision.At(j, j)
		}
	}
	return out
}

// Variance returns the posterior variances of the covered weights.
func (n *Net) Variance() []float64 {
	if n.kron != nil {
		return n.kron.diag(n.prior[0], true)
	}
	if n.gauss == nil {
		p := n.Precision()
		for j := range p {
			p[j] = 1 / p[j]
		}
		return p
	}
	sd := n.gauss.SD()
	for j := range sd {
		sd[j] *= sd[j]
	}
	return sd
}

// LikCurvature returns the likelihood's curvature over the covered weights:
// the P × P matrix (nil for Diag and KronLastLayer) and its diagonal.
func (n *Net) LikCurvature() (*mat.SymDense, []float64) {
	if n.hDiag != nil {
		return nil, append([]float64(nil), n.hDiag...)
	}
	if n.kron != nil {
		return nil, n.kron.diag(0, false)
	}
	d := make([]float64, n.Dim())
	for j := range d {
		d[j] = n.hFull.At(j, j)
	}
	h := mat.NewSymDense(n.Dim(), nil)
	h.CopySym(n.hFull)
	return h, d
}

// PriorPrecision returns the prior precision of the covered weights.
func (n *Net) PriorPrecision() []float64 { return append([]float64(nil), n.prior...) }
