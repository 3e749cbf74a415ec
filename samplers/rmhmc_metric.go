package samplers

import (
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// RiemannKind selects the position-dependent metric G(q) of RMHMC, built
// from the Hessian of the potential U(q) = -log p(q). It is named as
// MetricKind is: a kind (Hessian, SoftAbs, as Unit, Diag, Dense) selects
// a metric; the Metric types are the Euclidean metrics' values.
type RiemannKind int

const (
	// Hessian is G = ∇²U (Girolami & Calderhead 2011 with the
	// observed information). Where its Cholesky factorisation fails, the
	// diagonal is jittered and the factorisation retried (see RMHMC.Jitter);
	// where it still fails the trajectory is rejected as divergent. It
	// suits log-concave targets.
	Hessian RiemannKind = iota
	// SoftAbs is Betancourt's (2013) SoftAbs map of the Hessian,
	// G = Q diag(λ coth(αλ)) Qᵀ where ∇²U = Q diag(λ) Qᵀ: positive definite
	// for any target, |λ| for |αλ| ≫ 1 and 1/α at λ = 0.
	SoftAbs
)

// String returns the metric's name.
func (m RiemannKind) String() string {
	switch m {
	case Hessian:
		return "hessian"
	case SoftAbs:
		return "softabs"
	}
	return "unknown"
}

// rmGeom is the geometry at one position: log p, its gradient, the metric
// G, its inverse, log det G, a root R with G = R Rᵀ (for momentum draws)
// and, when hasDeriv, the derivatives ∂G/∂q_i and
// a_i = ∂U/∂q_i + ½ tr(G⁻¹ ∂G/∂q_i), the momentum-free part of ∂H/∂q_i.
type rmGeom struct {
	n        int
	q        []float64
	lp       float64
	grad     []float64
	hess     *mat.SymDense   // ∇² log p
	dHess    []*mat.SymDense // ∂(∇² log p)/∂q_i
	g, ginv  *mat.SymDense
	root     *mat.Dense
	logDet   float64
	dG       []*mat.SymDense
	a        []float64
	hasDeriv bool

	// Factorisations run in place in these buffers, through LAPACK, so
	// that a warm geometry allocates nothing.
	fac    []float64  // n × n: the Cholesky factor, then G⁻¹ (lower)
	work   []float64  // LAPACK workspace of the eigendecomposition
	evec   *mat.Dense // eigenvectors of ∇²U, in columns
	evecT  mat.Matrix // evec.T(), made once (T allocates)
	lam    []float64  // eigenvalues of ∇²U
	lamT   []float64  // their SoftAbs images
	jm     *mat.Dense
	tmp    *mat.Dense
	tmp2   *mat.Dense
	vecTmp *mat.VecDense
}

func rmNewGeom(n int) *rmGeom {
	g := &rmGeom{
		n:      n,
		q:      make([]float64, n),
		grad:   make([]float64, n),
		hess:   mat.NewSymDense(n, nil),
		dHess:  make([]*mat.SymDense, n),
		g:      mat.NewSymDense(n, nil),
		ginv:   mat.NewSymDense(n, nil),
		root:   mat.NewDense(n, n, nil),
		dG:     make([]*mat.SymDense, n),
		a:      make([]float64, n),
		fac:    make([]float64, n*n),
		evec:   mat.NewDense(n, n, nil),
		lam:    make([]float64, n),
		lamT:   make([]float64, n),
		jm:     mat.NewDense(n, n, nil),
		tmp:    mat.NewDense(n, n, nil),
		tmp2:   mat.NewDense(n, n, nil),
		vecTmp: mat.NewVecDense(n, nil),
	}
	for i := range n {
		g.dHess[i] = mat.NewSymDense(n, nil)
		g.dG[i] = mat.NewSymDense(n, nil)
	}
	g.evecT = g.evec.T()
	// Workspace query, then the optimal workspace (at least 3n-1).
	q := []float64{0}
	lapack64.Syev(lapack.EVCompute, g.evecSym(), g.lam, q, -1)
	g.work = make([]float64, max(int(q[0]), 3*n-1, 1))
	return g
}

// evecSym returns evec's storage as a symmetric matrix (upper triangle),
// which the eigendecomposition overwrites with the eigenvectors.
func (g *rmGeom) evecSym() blas64.Symmetric {
	raw := g.evec.RawMatrix()
	return blas64.Symmetric{N: g.n, Stride: raw.Stride, Data: raw.Data, Uplo: blas.Upper}
}

// cholesky factorises g.g = L Lᵀ in g.fac and reports whether g.g is
// positive definite.
func (g *rmGeom) cholesky() bool {
	n := g.n
	raw := g.g.RawSymmetric()
	for i := range n {
		for j := range n {
			if j < i {
				g.fac[i*n+j] = raw.Data[j*raw.Stride+i] // lower from upper
			} else {
				g.fac[i*n+j] = raw.Data[i*raw.Stride+j]
			}
		}
	}
	_, ok := lapack64.Potrf(blas64.Symmetric{N: n, Stride: n, Data: g.fac, Uplo: blas.Lower})
	return ok
}

// rmMetricConfig holds the resolved metric settings of a kernel.
type rmMetricConfig struct {
	kind    RiemannKind
	alpha   float64 // SoftAbs sharpness
	jitter  float64 // first diagonal jitter of the Hessian metric
	retries int     // jitter retries (0: none)
}

// eval fills g at q; with deriv it also computes the metric derivatives.
// It returns false where log p, the Hessian or its derivatives are not
// finite, or where no positive-definite metric could be formed.
func (c *rmMetricConfig) eval(t density.HessianTarget, g *rmGeom, q []float64, deriv bool) bool {
	n := g.n
	copy(g.q, q)
	g.hasDeriv = false
	g.lp = logProb(t, g.grad, g.q)
	if !rmFinite(g.lp) || !rmAllFinite(g.grad) {
		return false
	}
	if err := t.Hessian(g.hess, g.q); err != nil || !rmSymFinite(g.hess) {
		return false
	}
	var ok bool
	if c.kind == SoftAbs {
		ok = c.softAbs(g)
	} else {
		ok = c.hessian(g)
	}
	if !ok {
		return false
	}
	if !deriv {
		return true
	}
	if err := t.HessianDeriv(g.dHess, g.q); err != nil {
		return false
	}
	for i := range n {
		if !rmSymFinite(g.dHess[i]) {
			return false
		}
	}
	if c.kind == SoftAbs {
		c.softAbsDeriv(g)
	} else {
		for i := range n {
			g.dG[i].ScaleSym(-1, g.dHess[i]) // G = -∇² log p (+ constant jitter)
		}
	}
	for i := range n {
		// a_i = -∂log p/∂q_i + ½ tr(G⁻¹ ∂G_i); both symmetric.
		var tr float64
		d := g.dG[i]
		for j := range n {
			tr += g.ginv.At(j, j) * d.At(j, j)
			for k := j + 1; k < n; k++ {
				tr += 2 * g.ginv.At(j, k) * d.At(j, k)
			}
		}
		g.a[i] = -g.grad[i] + 0.5*tr
	}
	if !rmAllFinite(g.a) {
		return false
	}
	g.hasDeriv = true
	return true
}

// hessian forms G = -∇² log p, jittering the diagonal when the Cholesky
// factorisation fails: the k-th retry adds jitter·2^(k-1).
func (c *rmMetricConfig) hessian(g *rmGeom) bool {
	n := g.n
	g.g.ScaleSym(-1, g.hess)
	ok := g.cholesky()
	add := 0.0
	for try := 0; !ok && try < c.retries; try++ {
		step := c.jitter * math.Ldexp(1, try)
		for i := range n {
			g.g.SetSym(i, i, g.g.At(i, i)-add+step)
		}
		add = step
		ok = g.cholesky()
	}
	if !ok {
		return false
	}
	// R = L, log det G = 2 Σ log L_ii, then G⁻¹ from L in place.
	g.logDet = 0
	for i := range n {
		for j := range n {
			v := 0.0
			if j <= i {
				v = g.fac[i*n+j]
			}
			g.root.Set(i, j, v)
		}
		g.logDet += 2 * math.Log(g.fac[i*n+i])
	}
	if _, ok := lapack64.Potri(blas64.Triangular{N: n, Stride: n, Data: g.fac, Uplo: blas.Lower, Diag: blas.NonUnit}); !ok {
		return false
	}
	for i := range n {
		for j := i; j < n; j++ {
			g.ginv.SetSym(i, j, g.fac[j*n+i])
		}
	}
	return rmFinite(g.logDet) && rmSymFinite(g.ginv)
}

// rmSoftAbsValue returns λ coth(αλ) and its derivative with respect to λ.
func rmSoftAbsValue(lam, alpha float64) (v, dv float64) {
	x := alpha * lam
	ax := math.Abs(x)
	switch {
	case ax < 1e-4:
		// λ coth(αλ) = 1/α + αλ²/3 - α³λ⁴/45 + ...
		return 1/alpha + alpha*lam*lam/3, 2 * alpha * lam / 3
	case ax > 20:
		// coth(αλ) = ±1 to double precision, and αλ/sinh²(αλ) < 1e-15.
		return math.Abs(lam), math.Copysign(1, lam)
	}
	coth := 1 / math.Tanh(x)
	sh := math.Sinh(x)
	return lam * coth, coth - x/(sh*sh)
}

// softAbs forms G = Q diag(λ coth(αλ)) Qᵀ from ∇²U = -∇² log p.
func (c *rmMetricConfig) softAbs(g *rmGeom) bool {
	n := g.n
	g.g.ScaleSym(-1, g.hess)
	raw := g.g.RawSymmetric()
	for i := range n {
		copy(g.evec.RawRowView(i)[i:], raw.Data[i*raw.Stride+i:i*raw.Stride+n])
	}
	if !lapack64.Syev(lapack.EVCompute, g.evecSym(), g.lam, g.work, len(g.work)) {
		return false
	}
	g.logDet = 0
	for j, l := range g.lam {
		v, _ := rmSoftAbsValue(l, c.alpha)
		if !(v > 0) || math.IsInf(v, 0) {
			return false
		}
		g.lamT[j] = v
		g.logDet += math.Log(v)
	}
	// G, G⁻¹ and R = Q diag(√λ̃).
	for i := range n {
		for j := i; j < n; j++ {
			var s, si float64
			for k := range n {
				qq := g.evec.At(i, k) * g.evec.At(j, k)
				s += qq * g.lamT[k]
				si += qq / g.lamT[k]
			}
			g.g.SetSym(i, j, s)
			g.ginv.SetSym(i, j, si)
		}
		for k := range n {
			g.root.Set(i, k, g.evec.At(i, k)*math.Sqrt(g.lamT[k]))
		}
	}
	return rmFinite(g.logDet) && rmSymFinite(g.ginv)
}

// softAbsDeriv computes ∂G/∂q_i = Q (J ∘ (Qᵀ ∂(∇²U)/∂q_i Q)) Qᵀ with
// J_jk = (λ̃_j - λ̃_k)/(λ_j - λ_k) and J_jj = dλ̃/dλ (Betancourt 2013).
func (c *rmMetricConfig) softAbsDeriv(g *rmGeom) {
	n := g.n
	for j := range n {
		for k := j; k < n; k++ {
			lj, lk := g.lam[j], g.lam[k]
			var v float64
			if math.Abs(lj-lk) <= 1e-10*math.Max(1, math.Max(math.Abs(lj), math.Abs(lk))) {
				_, v = rmSoftAbsValue(0.5*(lj+lk), c.alpha)
			} else {
				v = (g.lamT[j] - g.lamT[k]) / (lj - lk)
			}
			g.jm.Set(j, k, v)
			g.jm.Set(k, j, v)
		}
	}
	for i := range n {
		// M = Qᵀ (-∂∇² log p) Q, then J ∘ M, then Q (J∘M) Qᵀ.
		g.tmp.Mul(g.dHess[i], g.evec)
		g.tmp2.Mul(g.evecT, g.tmp)
		g.tmp2.MulElem(g.tmp2, g.jm)
		g.tmp.Mul(g.evec, g.tmp2)
		g.tmp2.Mul(g.tmp, g.evecT)
		d := g.dG[i]
		for j := range n {
			for k := j; k < n; k++ {
				d.SetSym(j, k, -0.5*(g.tmp2.At(j, k)+g.tmp2.At(k, j)))
			}
		}
	}
}

// velocity writes G⁻¹p into dst.
func (g *rmGeom) velocity(dst, p []float64) {
	n := g.n
	for i := range n {
		var s float64
		for j := range n {
			s += g.ginv.At(i, j) * p[j]
		}
		dst[i] = s
	}
}

// kinetic returns ½ log det G + ½ pᵀG⁻¹p, using v as scratch.
func (g *rmGeom) kinetic(p, v []float64) float64 {
	g.velocity(v, p)
	var s float64
	for i := range p {
		s += p[i] * v[i]
	}
	return 0.5*g.logDet + 0.5*s
}

// energy returns H(q, p) = -log p(q) + ½ log det G(q) + ½ pᵀG⁻¹p (NaN: +Inf).
func (g *rmGeom) energy(p, v []float64) float64 {
	e := -g.lp + g.kinetic(p, v)
	if math.IsNaN(e) {
		return math.Inf(1)
	}
	return e
}

// dHdq writes ∂H/∂q at (g.q, p) into dst: a_i - ½ vᵀ ∂G_i v with v = G⁻¹p,
// using v as scratch. g must have its derivatives.
func (g *rmGeom) dHdq(dst, p, v []float64) {
	n := g.n
	g.velocity(v, p)
	for i := range n {
		d := g.dG[i]
		var s float64
		for j := range n {
			vj := v[j]
			s += d.At(j, j) * vj * vj
			for k := j + 1; k < n; k++ {
				s += 2 * d.At(j, k) * vj * v[k]
			}
		}
		dst[i] = g.a[i] - 0.5*s
	}
}

// sampleMomentum draws p ~ N(0, G) as R z, using z as scratch.
func (g *rmGeom) sampleMomentum(rng *rand.Rand, p, z []float64) {
	normals(rng, z)
	n := g.n
	for i := range n {
		var s float64
		for j := range n {
			s += g.root.At(i, j) * z[j]
		}
		p[i] = s
	}
}

func rmFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func rmAllFinite(x []float64) bool {
	for _, v := range x {
		if !rmFinite(v) {
			return false
		}
	}
	return true
}

func rmSymFinite(m *mat.SymDense) bool {
	n := m.SymmetricDim()
	for i := range n {
		for j := i; j < n; j++ {
			if !rmFinite(m.At(i, j)) {
				return false
			}
		}
	}
	return true
}
