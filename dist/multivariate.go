package dist

import (
	"fmt"
	"math"
	"math/rand/v2"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"gonum.org/v1/gonum/stat/distuv"
)

// lastDim returns the last dimension of a shape (1 for a scalar).
func lastDim(s []int) int {
	if len(s) == 0 {
		return 1
	}
	return s[len(s)-1]
}

// ---- Categorical ----

type categorical struct{ logits param }

// Categorical returns the distribution over labels 0..K-1 with
// probabilities softmax(logits) along the last axis: logits [K] (shared by
// every label) or [N, K] (one row per label).
func Categorical(logits any) Distribution { return &categorical{newParam("logits", logits)} }

func (d *categorical) String() string { return "Categorical" }
func (d *categorical) EventSize() int { return 1 }

func (d *categorical) Shape() ([]int, error) {
	if d.logits.err != nil {
		return nil, d.logits.err
	}
	s := d.logits.getShape()
	if len(s) < 1 || len(s) > 2 {
		return nil, fmt.Errorf("dist: Categorical: logits of shape %v, want [K] or [N, K]", s)
	}
	return append([]int(nil), s[:len(s)-1]...), nil
}

func (d *categorical) Support() (Constraint, error) {
	if _, err := d.Shape(); err != nil {
		return Constraint{}, err
	}
	return Label(lastDim(d.logits.getShape())), nil
}

func (d *categorical) LogProb(x *ad.Var) (*ad.Var, error) {
	lg, err := d.logits.on(x.Tape())
	if err != nil {
		return nil, err
	}
	s, err := d.Shape()
	if err != nil {
		return nil, err
	}
	if x.NeedsGrad() {
		return nil, fmt.Errorf("dist: Categorical: labels must be constants")
	}
	k := lastDim(lg.Shape)
	labels := make([]int, len(x.Value))
	for i, v := range x.Value {
		if v < 0 || v >= float64(k) || v != math.Floor(v) {
			return nil, fmt.Errorf("dist: Categorical: label %g outside 0..%d", v, k-1)
		}
		labels[i] = int(v)
	}
	if len(s) == 1 && s[0] != len(labels) {
		return nil, fmt.Errorf("dist: Categorical: %d rows of logits for %d labels", s[0], len(labels))
	}
	return catchOp(func() *ad.Var {
		if len(s) == 0 && len(labels) > 1 {
			return ad.Sum(ad.Gather(ad.LogSoftmax(lg, 0), 0, labels))
		}
		return ad.CategoricalLogitsLogPmf(labels, lg)
	})
}

// row returns the logits of label i.
func (d *categorical) row(i int) []float64 {
	v := d.logits.values()
	k := lastDim(d.logits.getShape())
	if len(v) == k {
		return v
	}
	return v[i*k : (i+1)*k]
}

func (d *categorical) check(n int) error {
	s, err := d.Shape()
	if err != nil {
		return err
	}
	if len(s) == 1 && s[0] != n {
		return fmt.Errorf("dist: Categorical: %d rows of logits for %d labels", s[0], n)
	}
	return nil
}

func (d *categorical) LogProbEach(dst, x []float64) error {
	if err := d.check(len(x)); err != nil {
		return err
	}
	for i, v := range x {
		r := d.row(i)
		if v < 0 || v >= float64(len(r)) || v != math.Floor(v) {
			dst[i] = math.Inf(-1)
			continue
		}
		dst[i] = r[int(v)] - logSumExp(r)
	}
	return nil
}

func (d *categorical) Rand(rng *rand.Rand, dst []float64) error {
	if err := d.check(len(dst)); err != nil {
		return err
	}
	for i := range dst {
		r := d.row(i)
		lse := logSumExp(r)
		u, c := rng.Float64(), 0.0
		dst[i] = float64(len(r) - 1)
		for j, l := range r {
			c += math.Exp(l - lse)
			if u < c {
				dst[i] = float64(j)
				break
			}
		}
	}
	return nil
}

func logSumExp(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, v)
	}
	s := 0.0
	for _, v := range x {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

// ---- MultivariateNormal ----

type mvNormal struct{ mu, l param }

// MultivariateNormal returns the normal distribution over k-vectors with
// mean mu ([k], or [N, k] for N independent vectors) and covariance L·Lᵀ,
// L [k, k] lower triangular with a positive diagonal (the upper triangle
// is not read).
func MultivariateNormal(mu, l any) Distribution {
	return &mvNormal{newParam("mu", mu), newParam("L", l)}
}

func (d *mvNormal) String() string { return "MultivariateNormal" }
func (d *mvNormal) EventSize() int { return lastDim(d.mu.getShape()) }

func (d *mvNormal) Shape() ([]int, error) {
	if err := firstErr([]param{d.mu, d.l}); err != nil {
		return nil, err
	}
	ms, ls := d.mu.getShape(), d.l.getShape()
	if len(ms) < 1 || len(ms) > 2 || len(ls) != 2 || ls[0] != ls[1] || ls[0] != lastDim(ms) {
		return nil, fmt.Errorf("dist: MultivariateNormal: mu of shape %v and L of shape %v; want [k] or [N, k] and [k, k]", ms, ls)
	}
	return append([]int(nil), ms...), nil
}

func (d *mvNormal) Support() (Constraint, error) {
	_, err := d.Shape()
	return Real, err
}

func (d *mvNormal) LogProb(x *ad.Var) (*ad.Var, error) {
	t := x.Tape()
	mu, err := d.mu.on(t)
	if err != nil {
		return nil, err
	}
	l, err := d.l.on(t)
	if err != nil {
		return nil, err
	}
	if _, err := d.Shape(); err != nil {
		return nil, err
	}
	k := lastDim(mu.Shape)
	if lastDim(x.Shape) != k || len(x.Shape) > 2 || len(x.Value)%k != 0 {
		return nil, fmt.Errorf("dist: MultivariateNormal: value of shape %v for vectors of length %d", x.Shape, k)
	}
	if err := checkFits("MultivariateNormal", x, []param{d.mu}, nil); err != nil {
		return nil, err
	}
	n := len(x.Value) / k
	return catchOp(func() *ad.Var {
		diff := ad.Reshape(ad.Sub(x, mu), n, k)
		z := ad.TriSolve(l, ad.Transpose(diff), true)
		lp := ad.Scale(ad.Sum(ad.Square(z)), -0.5)
		lp = ad.Sub(lp, ad.Scale(ad.LogDetChol(l), 0.5*float64(n)))
		return ad.AddConst(lp, -0.5*float64(n*k)*math.Log(2*math.Pi))
	})
}

func (d *mvNormal) units(n int) (k int, err error) {
	if _, err := d.Shape(); err != nil {
		return 0, err
	}
	k = d.EventSize()
	if n%k != 0 {
		return 0, fmt.Errorf("dist: MultivariateNormal: %d values for vectors of length %d", n, k)
	}
	if m := len(d.mu.values()); m != k && m != n {
		return 0, fmt.Errorf("dist: MultivariateNormal: mean of %d values for %d values", m, n)
	}
	return k, nil
}

func (d *mvNormal) LogProbEach(dst, x []float64) error {
	k, err := d.units(len(x))
	if err != nil {
		return err
	}
	mu, l := d.mu.values(), d.l.values()
	z := make([]float64, k)
	for u := range len(x) / k {
		lp := -0.5 * float64(k) * math.Log(2*math.Pi)
		for i := range k {
			s := x[u*k+i] - mu[(u*k+i)%len(mu)]
			for j := range i {
				s -= l[i*k+j] * z[j]
			}
			z[i] = s / l[i*k+i]
			lp -= 0.5*z[i]*z[i] + math.Log(l[i*k+i])
		}
		dst[u] = lp
	}
	return nil
}

func (d *mvNormal) Rand(rng *rand.Rand, dst []float64) error {
	k, err := d.units(len(dst))
	if err != nil {
		return err
	}
	mu, l := d.mu.values(), d.l.values()
	z := make([]float64, k)
	for u := range len(dst) / k {
		for i := range z {
			z[i] = rng.NormFloat64()
		}
		for i := range k {
			s := mu[(u*k+i)%len(mu)]
			for j := 0; j <= i; j++ {
				s += l[i*k+j] * z[j]
			}
			dst[u*k+i] = s
		}
	}
	return nil
}

// ---- Dirichlet ----

type dirichlet struct{ alpha param }

// Dirichlet returns the Dirichlet distribution on the k-simplex with
// concentrations alpha ([k]).
func Dirichlet(alpha any) Distribution { return &dirichlet{newParam("alpha", alpha)} }

func (d *dirichlet) String() string { return "Dirichlet" }
func (d *dirichlet) EventSize() int { return lastDim(d.alpha.getShape()) }

func (d *dirichlet) Shape() ([]int, error) {
	if d.alpha.err != nil {
		return nil, d.alpha.err
	}
	if s := d.alpha.getShape(); len(s) != 1 || s[0] < 2 {
		return nil, fmt.Errorf("dist: Dirichlet: alpha of shape %v, want [k] with k >= 2", s)
	}
	return append([]int(nil), d.alpha.getShape()...), nil
}

func (d *dirichlet) Support() (Constraint, error) {
	s, err := d.Shape()
	if err != nil {
		return Constraint{}, err
	}
	return Simplex(s[0]), nil
}

func (d *dirichlet) LogProb(x *ad.Var) (*ad.Var, error) {
	a, err := d.alpha.on(x.Tape())
	if err != nil {
		return nil, err
	}
	if _, err := d.Shape(); err != nil {
		return nil, err
	}
	k := a.Shape[0]
	if lastDim(x.Shape) != k || len(x.Shape) > 2 {
		return nil, fmt.Errorf("dist: Dirichlet: value of shape %v for concentrations of length %d", x.Shape, k)
	}
	n := len(x.Value) / k
	return catchOp(func() *ad.Var {
		norm := ad.Sub(ad.Lgamma(ad.Sum(a)), ad.Sum(ad.Lgamma(a)))
		lp := ad.Sum(ad.Mul(ad.AddConst(a, -1), ad.Log(x)))
		return ad.Add(lp, ad.Scale(norm, float64(n)))
	})
}

func (d *dirichlet) LogProbEach(dst, x []float64) error {
	if _, err := d.Shape(); err != nil {
		return err
	}
	a := d.alpha.values()
	k := len(a)
	if len(x)%k != 0 {
		return fmt.Errorf("dist: Dirichlet: %d values for vectors of length %d", len(x), k)
	}
	norm, sum := 0.0, 0.0
	for _, v := range a {
		lg, _ := math.Lgamma(v)
		norm -= lg
		sum += v
	}
	lg, _ := math.Lgamma(sum)
	norm += lg
	for u := range len(x) / k {
		lp := norm
		s := 0.0
		for i, v := range x[u*k : (u+1)*k] {
			if v < 0 {
				lp = math.Inf(-1)
				break
			}
			lp += (a[i] - 1) * math.Log(v)
			s += v
		}
		if math.Abs(s-1) > 1e-8 {
			lp = math.Inf(-1)
		}
		dst[u] = lp
	}
	return nil
}

func (d *dirichlet) Rand(rng *rand.Rand, dst []float64) error {
	if _, err := d.Shape(); err != nil {
		return err
	}
	a := d.alpha.values()
	k := len(a)
	if len(dst)%k != 0 {
		return fmt.Errorf("dist: Dirichlet: %d values for vectors of length %d", len(dst), k)
	}
	for u := range len(dst) / k {
		row := dst[u*k : (u+1)*k]
		s := 0.0
		for i := range row {
			row[i] = distuv.Gamma{Alpha: a[i], Beta: 1, Src: rng}.Rand()
			s += row[i]
		}
		for i := range row {
			row[i] /= s
		}
	}
	return nil
}

// ---- LKJ (Cholesky) ----

type lkjCholesky struct {
	k   int
	eta param
}

// LKJCholesky returns the LKJ distribution with shape eta over Cholesky
// factors L (k×k) of correlation matrices: p(L) ∝ Π_{i=2..k}
// L_ii^(k-i+2η-2), the density of R = L·Lᵀ ∝ det(R)^(η-1) carried to L
// (Stan's lkj_corr_cholesky), normalised (Lewandowski, Kurowicka and Joe,
// 2009).
func LKJCholesky(k int, eta any) Distribution { return &lkjCholesky{k, newParam("eta", eta)} }

func (d *lkjCholesky) String() string { return "LKJCholesky" }
func (d *lkjCholesky) EventSize() int { return d.k * d.k }

func (d *lkjCholesky) Shape() ([]int, error) {
	if d.eta.err != nil {
		return nil, d.eta.err
	}
	if d.k < 2 {
		return nil, fmt.Errorf("dist: LKJCholesky: k = %d, want k >= 2", d.k)
	}
	if len(d.eta.values()) != 1 {
		return nil, fmt.Errorf("dist: LKJCholesky: eta must be a scalar")
	}
	return []int{d.k, d.k}, nil
}

func (d *lkjCholesky) Support() (Constraint, error) {
	_, err := d.Shape()
	return CholeskyCorr(d.k), err
}

func (d *lkjCholesky) LogProb(x *ad.Var) (*ad.Var, error) {
	t := x.Tape()
	eta, err := d.eta.on(t)
	if err != nil {
		return nil, err
	}
	if _, err := d.Shape(); err != nil {
		return nil, err
	}
	k := d.k
	if len(x.Value) != k*k {
		return nil, fmt.Errorf("dist: LKJCholesky: value of shape %v, want [%d %d]", x.Shape, k, k)
	}
	idx := make([]int, k-1)
	coef := make([]float64, k-1) // k-1-i-2 for i = 1..k-1; + 2η below
	m := make([]float64, k-1)    // k-i for i = 1..k-1 (1-based)
	half := make([]float64, k-1) // (k-i-1)/2
	for i := 1; i < k; i++ {
		idx[i-1] = i*k + i
		coef[i-1] = float64(k-1-i) - 2
		m[i-1] = float64(k - i)
		half[i-1] = float64(k-i-1) / 2
	}
	return catchOp(func() *ad.Var {
		eta := ad.Reshape(eta, 1)
		logDiag := ad.Log(ad.Gather(ad.Reshape(x, k*k), 0, idx))
		lp := ad.Sum(ad.Mul(ad.Add(t.Const(coef), ad.Scale(eta, 2)), logDiag))
		// log c_k(η) = Σ_i m_i·[(2η-2+m_i)·log 2 + lbeta(b_i, b_i)], b_i = η + (m_i-1)/2.
		mv := t.Const(m)
		b := ad.Add(eta, t.Const(half))
		lbeta := ad.Sub(ad.Scale(ad.Lgamma(b), 2), ad.Lgamma(ad.Scale(b, 2)))
		pow2 := ad.Scale(ad.Add(ad.Scale(eta, 2), ad.AddConst(mv, -2)), math.Ln2)
		return ad.Sub(lp, ad.Sum(ad.Mul(mv, ad.Add(pow2, lbeta))))
	})
}

// logNorm is log c_k(η).
func lkjLogNorm(k int, eta float64) float64 {
	s := 0.0
	for i := 1; i < k; i++ {
		m := float64(k - i)
		b := eta + (m-1)/2
		lb, _ := math.Lgamma(b)
		l2b, _ := math.Lgamma(2 * b)
		s += m * ((2*eta-2+m)*math.Ln2 + 2*lb - l2b)
	}
	return s
}

func (d *lkjCholesky) LogProbEach(dst, x []float64) error {
	if _, err := d.Shape(); err != nil {
		return err
	}
	k := d.k
	eta := d.eta.values()[0]
	if len(x)%(k*k) != 0 {
		return fmt.Errorf("dist: LKJCholesky: %d values for %d×%d matrices", len(x), k, k)
	}
	c := CholeskyCorr(k)
	for u := range len(x) / (k * k) {
		l := x[u*k*k : (u+1)*k*k]
		if !c.Contains(l) {
			dst[u] = math.Inf(-1)
			continue
		}
		lp := -lkjLogNorm(k, eta)
		for i := 1; i < k; i++ {
			lp += (float64(k-1-i) + 2*eta - 2) * math.Log(l[i*k+i])
		}
		dst[u] = lp
	}
	return nil
}

// Rand draws by the C-vine method: the canonical partial correlation of
// column j is 2·Beta(α_j, α_j) - 1 with α_j = η + (k-2-j)/2.
func (d *lkjCholesky) Rand(rng *rand.Rand, dst []float64) error {
	if _, err := d.Shape(); err != nil {
		return err
	}
	k := d.k
	eta := d.eta.values()[0]
	if !(eta > 0) {
		return fmt.Errorf("dist: LKJCholesky: eta = %g, want > 0", eta)
	}
	if len(dst)%(k*k) != 0 {
		return fmt.Errorf("dist: LKJCholesky: %d values for %d×%d matrices", len(dst), k, k)
	}
	for u := range len(dst) / (k * k) {
		l := dst[u*k*k : (u+1)*k*k]
		clear(l)
		l[0] = 1
		for i := 1; i < k; i++ {
			rem := 1.0
			for j := range i {
				a := eta + float64(k-2-j)/2
				z := 2*distuv.Beta{Alpha: a, Beta: a, Src: rng}.Rand() - 1
				l[i*k+j] = z * math.Sqrt(rem)
				rem *= 1 - z*z
			}
			l[i*k+i] = math.Sqrt(rem)
		}
	}
	return nil
}
