package samplers

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Metric defines a Gaussian kinetic energy K(p) = ½ pᵀ M⁻¹ p with a constant
// mass matrix M. The adapted quantity, as in Stan, is the inverse metric M⁻¹,
// an estimate of the posterior covariance.
type Metric interface {
	// Dim returns the dimension.
	Dim() int
	// Kinetic returns ½ pᵀ M⁻¹ p.
	Kinetic(p []float64) float64
	// Velocity writes M⁻¹ p into dst.
	Velocity(dst, p []float64)
	// SampleMomentum writes a draw from N(0, M) into dst.
	SampleMomentum(rng *rand.Rand, dst []float64)
	// InvMetric returns a copy of M⁻¹ as a dense symmetric matrix.
	InvMetric() *mat.SymDense
}

// MetricKind selects the form of the metric adapted during warm-up. One
// naming scheme covers the Euclidean metrics: the kind Unit, Diag or Dense
// is adapted into a value of the type UnitMetric, DiagMetric or
// DenseMetric; String gives Stan's name of the kind (unit_e, diag_e,
// dense_e), used only where Stan's tools read it (CmdStan CSV, summaries).
type MetricKind int

const (
	// Diag is a diagonal inverse metric (the default).
	Diag MetricKind = iota
	// Dense is a full inverse metric.
	Dense
	// Unit is the identity, not adapted.
	Unit
)

// String returns the Stan name of the metric kind.
func (k MetricKind) String() string {
	switch k {
	case Diag:
		return "diag_e"
	case Dense:
		return "dense_e"
	case Unit:
		return "unit_e"
	}
	return fmt.Sprintf("MetricKind(%d)", int(k))
}

// UnitMetric is the identity metric of dimension N.
type UnitMetric struct{ N int }

var _ Metric = UnitMetric{}

// Dim returns m.N.
func (m UnitMetric) Dim() int { return m.N }

// Kinetic returns ½ pᵀp.
func (m UnitMetric) Kinetic(p []float64) float64 {
	var s float64
	for _, v := range p {
		s += v * v
	}
	return 0.5 * s
}

// Velocity copies p into dst.
func (m UnitMetric) Velocity(dst, p []float64) { copy(dst, p) }

// SampleMomentum fills dst with standard normal draws.
func (m UnitMetric) SampleMomentum(rng *rand.Rand, dst []float64) { normals(rng, dst) }

// InvMetric returns the identity.
func (m UnitMetric) InvMetric() *mat.SymDense {
	s := mat.NewSymDense(m.N, nil)
	for i := 0; i < m.N; i++ {
		s.SetSym(i, i, 1)
	}
	return s
}

// DiagMetric is a diagonal metric given by its inverse (the variances).
type DiagMetric struct {
	inv     []float64 // M⁻¹ diagonal
	sqrtMas []float64 // sqrt of M diagonal, 1/sqrt(inv)
}

var _ Metric = (*DiagMetric)(nil)

// NewDiagMetric returns the diagonal metric with inverse diag(inv). It returns
// an error if an element is not finite and positive. inv is copied.
func NewDiagMetric(inv []float64) (*DiagMetric, error) {
	if len(inv) == 0 {
		return nil, errors.New("samplers: empty diagonal inverse metric")
	}
	m := &DiagMetric{inv: make([]float64, len(inv)), sqrtMas: make([]float64, len(inv))}
	for i, v := range inv {
		if !(v > 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("samplers: diagonal inverse metric element %d is %v, not finite and positive", i, v)
		}
		m.inv[i] = v
		m.sqrtMas[i] = 1 / math.Sqrt(v)
	}
	return m, nil
}

// Dim returns the dimension.
func (m *DiagMetric) Dim() int { return len(m.inv) }

// Diagonal returns a copy of the inverse metric's diagonal.
func (m *DiagMetric) Diagonal() []float64 { return append([]float64(nil), m.inv...) }

// Kinetic returns ½ Σ inv_i p_i².
func (m *DiagMetric) Kinetic(p []float64) float64 {
	var s float64
	for i, v := range p {
		s += m.inv[i] * v * v
	}
	return 0.5 * s
}

// Velocity writes inv ⊙ p into dst.
func (m *DiagMetric) Velocity(dst, p []float64) {
	inv := m.inv[:len(p)]
	dst = dst[:len(p)]
	for i, v := range p {
		dst[i] = inv[i] * v
	}
}

// SampleMomentum writes a draw from N(0, diag(1/inv)) into dst.
func (m *DiagMetric) SampleMomentum(rng *rand.Rand, dst []float64) {
	normals(rng, dst)
	s := m.sqrtMas[:len(dst)]
	for i := range dst {
		dst[i] *= s[i]
	}
}

// InvMetric returns diag(inv) as a dense symmetric matrix.
func (m *DiagMetric) InvMetric() *mat.SymDense {
	s := mat.NewSymDense(len(m.inv), nil)
	for i, v := range m.inv {
		s.SetSym(i, i, v)
	}
	return s
}

// DenseMetric is a full metric given by its inverse M⁻¹ = L Lᵀ.
type DenseMetric struct {
	inv blas64.Symmetric  // M⁻¹, upper triangle stored
	l   blas64.Triangular // lower Cholesky factor of M⁻¹
}

var _ Metric = (*DenseMetric)(nil)

// NewDenseMetric returns the dense metric with inverse inv. It returns an
// error if inv is not finite and positive definite. inv is copied.
func NewDenseMetric(inv mat.Symmetric) (*DenseMetric, error) {
	n := inv.SymmetricDim()
	if n == 0 {
		return nil, errors.New("samplers: empty dense inverse metric")
	}
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			v := inv.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("samplers: dense inverse metric element (%d,%d) is %v", i, j, v)
			}
			s.SetSym(i, j, v)
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(s) {
		return nil, errors.New("samplers: dense inverse metric is not positive definite")
	}
	var l mat.TriDense
	ch.LTo(&l)
	return &DenseMetric{inv: s.RawSymmetric(), l: l.RawTriangular()}, nil
}

// Dim returns the dimension.
func (m *DenseMetric) Dim() int { return m.inv.N }

// Kinetic returns ½ pᵀ M⁻¹ p. It does not allocate.
func (m *DenseMetric) Kinetic(p []float64) float64 {
	// pᵀ L Lᵀ p = |Lᵀ p|²; computed row by row of the upper triangle of M⁻¹.
	n := m.inv.N
	var s float64
	for i := 0; i < n; i++ {
		row := m.inv.Data[i*m.inv.Stride : i*m.inv.Stride+n]
		pi := p[i]
		s += row[i] * pi * pi
		var t float64
		for j := i + 1; j < n; j++ {
			t += row[j] * p[j]
		}
		s += 2 * pi * t
	}
	return 0.5 * s
}

// Velocity writes M⁻¹ p into dst.
func (m *DenseMetric) Velocity(dst, p []float64) {
	n := m.inv.N
	blas64.Symv(1, m.inv, blas64.Vector{N: n, Inc: 1, Data: p}, 0, blas64.Vector{N: n, Inc: 1, Data: dst})
}

// SampleMomentum writes a draw from N(0, M) into dst: with M⁻¹ = L Lᵀ,
// p = L⁻ᵀ z has covariance L⁻ᵀ L⁻¹ = M.
func (m *DenseMetric) SampleMomentum(rng *rand.Rand, dst []float64) {
	normals(rng, dst)
	blas64.Trsv(blas.Trans, m.l, blas64.Vector{N: m.inv.N, Inc: 1, Data: dst})
}

// InvMetric returns a copy of M⁻¹.
func (m *DenseMetric) InvMetric() *mat.SymDense {
	return mat.NewSymDense(m.inv.N, append([]float64(nil), m.inv.Data...))
}

// metricFor returns the default metric of a kind and dimension.
func metricFor(kind MetricKind, n int) Metric {
	switch kind {
	case Dense:
		s := mat.NewSymDense(n, nil)
		for i := 0; i < n; i++ {
			s.SetSym(i, i, 1)
		}
		m, _ := NewDenseMetric(s)
		return m
	case Unit:
		return UnitMetric{N: n}
	default:
		inv := make([]float64, n)
		for i := range inv {
			inv[i] = 1
		}
		m, _ := NewDiagMetric(inv)
		return m
	}
}
