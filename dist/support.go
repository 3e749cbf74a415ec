package dist

import (
	"fmt"
	"math"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

type constraintKind int

const (
	kindReal constraintKind = iota
	kindPositive
	kindLower
	kindUpper
	kindInterval
	kindUnit
	kindSimplex
	kindOrdered
	kindPositiveOrdered
	kindCholeskyCorr
	kindCovMatrix
	kindBoolean
	kindCount
	kindLabel
)

// Constraint is a support: where the values of a variable live, and the
// bijection from unconstrained reals onto it with its log-Jacobian.
// Elementwise constraints (Real, Positive, Lower, Upper, Interval,
// UnitInterval) apply to a variable of any shape; the others fix the
// shape (Simplex(k) and the ordered ones [k], CholeskyCorr(k) and
// CovMatrix(k) [k, k]).
type Constraint struct {
	kind constraintKind
	a, b float64 // bounds
	k    int     // size of a structured constraint
}

var (
	// Real is the whole real line (no transform).
	Real = Constraint{kind: kindReal}
	// Positive is x > 0: x = exp(u).
	Positive = Constraint{kind: kindPositive}
	// UnitInterval is 0 < x < 1: x = logistic(u).
	UnitInterval = Constraint{kind: kindUnit}
	// Boolean is {0, 1} (discrete: no transform).
	Boolean = Constraint{kind: kindBoolean}
	// Count is {0, 1, 2, ...} (discrete: no transform).
	Count = Constraint{kind: kindCount}
)

// Label returns the support {0, ..., k-1} of a categorical variable
// (discrete: no transform).
func Label(k int) Constraint { return Constraint{kind: kindLabel, k: k} }

// Lower returns x > a: x = a + exp(u).
func Lower(a float64) Constraint { return Constraint{kind: kindLower, a: a} }

// Upper returns x < b: x = b - exp(u).
func Upper(b float64) Constraint { return Constraint{kind: kindUpper, b: b} }

// Interval returns a < x < b: x = a + (b-a)·logistic(u).
func Interval(a, b float64) Constraint { return Constraint{kind: kindInterval, a: a, b: b} }

// Simplex returns the k-simplex (x_i > 0, Σ x_i = 1), from k-1
// unconstrained values by stick-breaking.
func Simplex(k int) Constraint { return Constraint{kind: kindSimplex, k: k} }

// Ordered returns increasing vectors of length k: x_1 = u_1,
// x_i = x_{i-1} + exp(u_i).
func Ordered(k int) Constraint { return Constraint{kind: kindOrdered, k: k} }

// PositiveOrdered returns increasing positive vectors of length k:
// x_1 = exp(u_1), x_i = x_{i-1} + exp(u_i).
func PositiveOrdered(k int) Constraint { return Constraint{kind: kindPositiveOrdered, k: k} }

// CholeskyCorr returns lower-triangular k×k Cholesky factors of correlation
// matrices (unit-norm rows, positive diagonal), from k(k-1)/2 unconstrained
// values through tanh (canonical partial correlations).
func CholeskyCorr(k int) Constraint { return Constraint{kind: kindCholeskyCorr, k: k} }

// CovMatrix returns k×k symmetric positive-definite matrices Σ = L·Lᵀ, L
// lower triangular with log diagonal, from k(k+1)/2 unconstrained values.
func CovMatrix(k int) Constraint { return Constraint{kind: kindCovMatrix, k: k} }

// String names the constraint as Stan would.
func (c Constraint) String() string {
	switch c.kind {
	case kindReal:
		return "real"
	case kindPositive:
		return "positive"
	case kindLower:
		return fmt.Sprintf("lower=%g", c.a)
	case kindUpper:
		return fmt.Sprintf("upper=%g", c.b)
	case kindInterval:
		return fmt.Sprintf("interval(%g, %g)", c.a, c.b)
	case kindUnit:
		return "unit interval"
	case kindSimplex:
		return fmt.Sprintf("simplex(%d)", c.k)
	case kindOrdered:
		return fmt.Sprintf("ordered(%d)", c.k)
	case kindPositiveOrdered:
		return fmt.Sprintf("positive ordered(%d)", c.k)
	case kindCholeskyCorr:
		return fmt.Sprintf("cholesky corr(%d)", c.k)
	case kindCovMatrix:
		return fmt.Sprintf("cov matrix(%d)", c.k)
	case kindBoolean:
		return "boolean"
	case kindCount:
		return "count"
	case kindLabel:
		return fmt.Sprintf("label(%d)", c.k)
	}
	return "unknown"
}

// Discrete reports whether the support is discrete (no transform exists).
func (c Constraint) Discrete() bool {
	return c.kind == kindBoolean || c.kind == kindCount || c.kind == kindLabel
}

// EventShape returns the shape a structured constraint fixes ([k] or
// [k, k]), or nil for an elementwise one.
func (c Constraint) EventShape() []int {
	switch c.kind {
	case kindSimplex, kindOrdered, kindPositiveOrdered:
		return []int{c.k}
	case kindCholeskyCorr, kindCovMatrix:
		return []int{c.k, c.k}
	}
	return nil
}

// Validate reports an error for a constraint with invalid settings
// (non-finite or crossed bounds, a size below its minimum).
func (c Constraint) Validate() error {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch c.kind {
	case kindLower:
		if !finite(c.a) {
			return fmt.Errorf("dist: lower bound %g is not finite", c.a)
		}
	case kindUpper:
		if !finite(c.b) {
			return fmt.Errorf("dist: upper bound %g is not finite", c.b)
		}
	case kindInterval:
		if !finite(c.a) || !finite(c.b) || !(c.a < c.b) {
			return fmt.Errorf("dist: interval (%g, %g) needs finite bounds, lower below upper", c.a, c.b)
		}
	case kindSimplex, kindCholeskyCorr:
		if c.k < 2 {
			return fmt.Errorf("dist: %v needs k >= 2", c)
		}
	case kindOrdered, kindPositiveOrdered, kindCovMatrix, kindLabel:
		if c.k < 1 {
			return fmt.Errorf("dist: %v needs k >= 1", c)
		}
	}
	return nil
}

// FreeSize returns the number of unconstrained reals behind a variable of
// the given shape, or an error if the shape does not fit the constraint or
// the support is discrete.
func (c Constraint) FreeSize(shape []int) (int, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	if c.Discrete() {
		return 0, fmt.Errorf("dist: a %v variable has no continuous transform: observe it or marginalise it out", c)
	}
	if ev := c.EventShape(); ev != nil && !sameShape(ev, shape) {
		return 0, fmt.Errorf("dist: a %v variable has shape %v, not %v", c, ev, shape)
	}
	k := c.k
	switch c.kind {
	case kindSimplex:
		return k - 1, nil
	case kindOrdered, kindPositiveOrdered:
		return k, nil
	case kindCholeskyCorr:
		return k * (k - 1) / 2, nil
	case kindCovMatrix:
		return k * (k + 1) / 2, nil
	}
	return numel(shape), nil
}

// Transform maps the unconstrained vector u (length FreeSize(shape)) to
// the constrained variable x of the given shape on u's tape and returns
// log|dx/du| as a scalar Var (nil when it is zero). It panics with an
// *autodiff.OpError on a size mismatch (a programmer error; FreeSize
// checks shapes first).
func (c Constraint) Transform(u *ad.Var, shape []int) (x, logJac *ad.Var) {
	t := u.Tape()
	switch c.kind {
	case kindReal:
		return reshape(u, shape), nil
	case kindPositive:
		x, logJac = ad.Positive(u)
	case kindLower:
		x, logJac = ad.LowerBound(u, c.a)
	case kindUpper:
		x, logJac = ad.UpperBound(u, c.b)
	case kindInterval:
		x, logJac = ad.Bounded(u, c.a, c.b)
	case kindUnit:
		x, logJac = ad.UnitInterval(u)
	case kindSimplex:
		return simplexTransform(t, u, c.k)
	case kindOrdered, kindPositiveOrdered:
		return orderedTransform(t, u, c.k, c.kind == kindPositiveOrdered)
	case kindCholeskyCorr:
		return choleskyCorrTransform(t, u, c.k)
	case kindCovMatrix:
		return covTransform(t, u, c.k)
	default:
		panic(&ad.OpError{Op: "Transform", Msg: fmt.Sprintf("no transform for %v", c)})
	}
	return reshape(x, shape), logJac
}

// reshape views x with shape (a scalar shape [] stays a vector [1]).
func reshape(x *ad.Var, shape []int) *ad.Var {
	if len(shape) == 0 || sameShape(shape, x.Shape) {
		return x
	}
	return ad.Reshape(x, shape...)
}

// simplexTransform: z_i = logistic(u_i - log(k-i)) (i = 1..k-1), x_i =
// z_i·Π_{j<i}(1-z_j), x_k = Π_j (1-z_j); log J = Σ log z_i + log(1-z_i) +
// log Π_{j<i}(1-z_j). The cumulative products are sums of logs, taken as a
// product with a strictly lower-triangular matrix of ones.
func simplexTransform(t *ad.Tape, u *ad.Var, k int) (x, logJac *ad.Var) {
	m := k - 1
	off := make([]float64, m)
	for i := range off {
		off[i] = math.Log(float64(k - 1 - i))
	}
	w := ad.Sub(u, t.Const(off))
	logZ := ad.LogSigmoid(w)
	log1mZ := ad.LogSigmoid(ad.Neg(w))
	logRem := ad.Reshape(ad.MatMul(t.Const(strictLowerOnes(m), m, m), ad.Reshape(log1mZ, m, 1)), m)
	head := ad.Exp(ad.Add(logRem, logZ))
	last := ad.Exp(ad.Reshape(ad.Sum(log1mZ), 1))
	x = ad.Concat(0, head, last)
	logJac = ad.Add(ad.Add(ad.Sum(logZ), ad.Sum(log1mZ)), ad.Sum(logRem))
	return x, logJac
}

// orderedTransform: e_1 = u_1 (or exp(u_1) when positive), e_i = exp(u_i);
// x = cumsum(e); log J = Σ_{i>1} u_i (Σ_i u_i when positive).
func orderedTransform(t *ad.Tape, u *ad.Var, k int, positive bool) (x, logJac *ad.Var) {
	var e *ad.Var
	if positive {
		e = ad.Exp(u)
		logJac = ad.Sum(u)
	} else {
		if k == 1 {
			return u, nil
		}
		rest := u.View(1, k)
		e = ad.Concat(0, u.View(0, 1), ad.Exp(rest))
		logJac = ad.Sum(rest)
	}
	low := strictLowerOnes(k)
	for i := range k {
		low[i*k+i] = 1
	}
	x = ad.Reshape(ad.MatMul(t.Const(low, k, k), ad.Reshape(e, k, 1)), k)
	return x, logJac
}

// strictLowerOnes returns the n×n matrix with ones below the diagonal.
func strictLowerOnes(n int) []float64 {
	a := make([]float64, n*n)
	for i := range n {
		for j := range i {
			a[i*n+j] = 1
		}
	}
	return a
}

// choleskyCorrTransform: u holds the strictly lower entries of L row by
// row; z = tanh(u) are canonical partial correlations; L_ij = z_ij·
// sqrt(Π_{l<j}(1-z_il²)), L_ii = sqrt(Π_{l<i}(1-z_il²)), L_00 = 1.
// log J = Σ log(1-z²) + ½ Σ_{ij} Σ_{l<j} log(1-z_il²). log(1-tanh²u) is
// computed as 2·log 2 - 2u - 2·softplus(-2u), which stays finite.
func choleskyCorrTransform(t *ad.Tape, u *ad.Var, k int) (x, logJac *ad.Var) {
	n := k * (k - 1) / 2
	z := ad.Tanh(u)
	lc := ad.AddConst(ad.Scale(ad.Add(u, ad.Softplus(ad.Scale(u, -2))), -2), 2*math.Ln2)
	rowOf, colOf := make([]int, n), make([]int, n)
	p := 0
	for i := 1; i < k; i++ {
		for j := range i {
			rowOf[p], colOf[p] = i, j
			p++
		}
	}
	cum := make([]float64, n*n) // entries earlier in the same row
	rows := make([]float64, (k-1)*n)
	for a := range n {
		for b := range n {
			if rowOf[a] == rowOf[b] && colOf[b] < colOf[a] {
				cum[a*n+b] = 1
			}
		}
		rows[(rowOf[a]-1)*n+a] = 1
	}
	lcCol := ad.Reshape(lc, n, 1)
	cumLog := ad.Reshape(ad.MatMul(t.Const(cum, n, n), lcCol), n)
	offDiag := ad.Mul(z, ad.Exp(ad.Scale(cumLog, 0.5)))
	diag := ad.Exp(ad.Scale(ad.Reshape(ad.MatMul(t.Const(rows, k-1, n), lcCol), k-1), 0.5))
	all := ad.Concat(0, offDiag, diag, t.Const([]float64{1, 0}, 2))
	idx := make([]int, k*k)
	for i := range k {
		for j := range k {
			switch {
			case i == 0 && j == 0:
				idx[0] = n + k - 1
			case j > i:
				idx[i*k+j] = n + k
			case j == i:
				idx[i*k+j] = n + i - 1
			default:
				idx[i*k+j] = i*(i-1)/2 + j
			}
		}
	}
	x = ad.Reshape(ad.Gather(all, 0, idx), k, k)
	logJac = ad.Add(ad.Sum(lc), ad.Scale(ad.Sum(cumLog), 0.5))
	return x, logJac
}

// covTransform: u holds the lower triangle of L row by row (diagonal
// included, as log L_ii); Σ = L·Lᵀ; log J = k·log 2 + Σ_i (k-i+1)·u_ii
// (i from 0), Stan's 2^K Π L_kk^(K-k+2).
func covTransform(t *ad.Tape, u *ad.Var, k int) (x, logJac *ad.Var) {
	n := k * (k + 1) / 2
	diagIdx := make([]int, k)
	w := make([]float64, k)
	for i := range k {
		diagIdx[i] = i*(i+1)/2 + i
		w[i] = float64(k - i + 1)
	}
	logDiag := ad.Gather(u, 0, diagIdx)
	all := ad.Concat(0, u, ad.Exp(logDiag), t.Const([]float64{0}, 1))
	idx := make([]int, k*k)
	for i := range k {
		for j := range k {
			switch {
			case j > i:
				idx[i*k+j] = n + k
			case j == i:
				idx[i*k+j] = n + i
			default:
				idx[i*k+j] = i*(i+1)/2 + j
			}
		}
	}
	l := ad.Reshape(ad.Gather(all, 0, idx), k, k)
	x = ad.MatMul(l, ad.Transpose(l))
	logJac = ad.AddConst(ad.Sum(ad.Mul(t.Const(w), logDiag)), float64(k)*math.Ln2)
	return x, logJac
}

// Contains reports whether every element of x (a variable of this
// constraint's shape, flat) lies in the support, within tol for the
// equality constraints of the structured supports.
func (c Constraint) Contains(x []float64) bool {
	const tol = 1e-8
	for _, v := range x {
		if math.IsNaN(v) {
			return false
		}
	}
	switch c.kind {
	case kindReal:
		for _, v := range x {
			if math.IsInf(v, 0) {
				return false
			}
		}
	case kindPositive:
		return all(x, func(v float64) bool { return v > 0 && !math.IsInf(v, 1) })
	case kindLower:
		return all(x, func(v float64) bool { return v > c.a && !math.IsInf(v, 1) })
	case kindUpper:
		return all(x, func(v float64) bool { return v < c.b && !math.IsInf(v, -1) })
	case kindInterval:
		return all(x, func(v float64) bool { return v > c.a && v < c.b })
	case kindUnit:
		return all(x, func(v float64) bool { return v > 0 && v < 1 })
	case kindBoolean:
		return all(x, func(v float64) bool { return v == 0 || v == 1 })
	case kindCount:
		return all(x, func(v float64) bool { return v >= 0 && v == math.Floor(v) && !math.IsInf(v, 1) })
	case kindLabel:
		return all(x, func(v float64) bool { return v >= 0 && v < float64(c.k) && v == math.Floor(v) })
	case kindSimplex:
		s := 0.0
		for _, v := range x {
			if v < 0 {
				return false
			}
			s += v
		}
		return len(x) == c.k && math.Abs(s-1) <= tol
	case kindOrdered, kindPositiveOrdered:
		if len(x) != c.k || (c.kind == kindPositiveOrdered && x[0] <= 0) {
			return false
		}
		for i := 1; i < len(x); i++ {
			if !(x[i] > x[i-1]) {
				return false
			}
		}
	case kindCholeskyCorr:
		k := c.k
		if len(x) != k*k {
			return false
		}
		for i := range k {
			s := 0.0
			for j := range k {
				v := x[i*k+j]
				if j > i && v != 0 || j == i && v <= 0 {
					return false
				}
				s += v * v
			}
			if math.Abs(s-1) > tol {
				return false
			}
		}
	case kindCovMatrix:
		k := c.k
		if len(x) != k*k {
			return false
		}
		_, ok := cholesky(x, k)
		return ok && symmetric(x, k, tol)
	}
	return true
}

func all(x []float64, ok func(float64) bool) bool {
	for _, v := range x {
		if !ok(v) {
			return false
		}
	}
	return true
}

// Unconstrain writes into dst (length FreeSize) the unconstrained vector
// that Transform maps to x (a variable of this constraint, flat), or
// returns an error if x lies outside the support.
func (c Constraint) Unconstrain(dst, x []float64) error {
	if !c.Contains(x) {
		return fmt.Errorf("dist: value outside the %v support", c)
	}
	switch c.kind {
	case kindReal:
		copy(dst, x)
	case kindPositive:
		for i, v := range x {
			dst[i] = math.Log(v)
		}
	case kindLower:
		for i, v := range x {
			dst[i] = math.Log(v - c.a)
		}
	case kindUpper:
		for i, v := range x {
			dst[i] = math.Log(c.b - v)
		}
	case kindInterval, kindUnit:
		a, b := c.a, c.b
		if c.kind == kindUnit {
			a, b = 0, 1
		}
		for i, v := range x {
			p := (v - a) / (b - a)
			dst[i] = math.Log(p) - math.Log1p(-p)
		}
	case kindSimplex:
		rem := 1.0
		for i := 0; i < c.k-1; i++ {
			z := x[i] / rem
			dst[i] = math.Log(z) - math.Log1p(-z) + math.Log(float64(c.k-1-i))
			rem -= x[i]
		}
	case kindOrdered, kindPositiveOrdered:
		dst[0] = x[0]
		if c.kind == kindPositiveOrdered {
			dst[0] = math.Log(x[0])
		}
		for i := 1; i < c.k; i++ {
			dst[i] = math.Log(x[i] - x[i-1])
		}
	case kindCholeskyCorr:
		k, p := c.k, 0
		for i := 1; i < k; i++ {
			rem := 1.0
			for j := range i {
				v := x[i*k+j]
				dst[p] = math.Atanh(v / math.Sqrt(rem))
				rem -= v * v
				p++
			}
		}
	case kindCovMatrix:
		k, p := c.k, 0
		l, _ := cholesky(x, k)
		for i := range k {
			for j := 0; j <= i; j++ {
				dst[p] = l[i*k+j]
				if i == j {
					dst[p] = math.Log(l[i*k+j])
				}
				p++
			}
		}
	default:
		return fmt.Errorf("dist: a %v variable has no continuous transform", c)
	}
	return nil
}

// cholesky returns the lower Cholesky factor of the k×k matrix a (row-major)
// and whether a is positive definite.
func cholesky(a []float64, k int) ([]float64, bool) {
	l := make([]float64, k*k)
	for i := range k {
		for j := 0; j <= i; j++ {
			s := a[i*k+j]
			for p := range j {
				s -= l[i*k+p] * l[j*k+p]
			}
			if i == j {
				if !(s > 0) {
					return nil, false
				}
				l[i*k+i] = math.Sqrt(s)
			} else {
				l[i*k+j] = s / l[j*k+j]
			}
		}
	}
	return l, true
}

func symmetric(a []float64, k int, tol float64) bool {
	for i := range k {
		for j := range i {
			if math.Abs(a[i*k+j]-a[j*k+i]) > tol*max(1, math.Abs(a[i*k+j])) {
				return false
			}
		}
	}
	return true
}

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}
