package samplers

import (
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/density"
)

// Point is a point in phase space with its cached potential: the position Q,
// the momentum P, log p at Q and its gradient. V is scratch for a velocity.
type Point struct {
	Q, P    []float64
	LogProb float64
	Grad    []float64
	V       []float64
}

// NewPoint returns a point of dimension n with zeroed buffers.
func NewPoint(n int) *Point {
	s := padded(n) // each buffer on its own cache lines, for the vector loops
	buf := alignedFloats(4 * s)
	return &Point{Q: buf[:n:n], P: buf[s : s+n : s+n], Grad: buf[2*s : 2*s+n : 2*s+n], V: buf[3*s : 3*s+n : 3*s+n]}
}

// CopyFrom copies src into z. The buffers must have the same length.
func (z *Point) CopyFrom(src *Point) {
	copy(z.Q, src.Q)
	copy(z.P, src.P)
	copy(z.Grad, src.Grad)
	z.LogProb = src.LogProb
}

// Hamiltonian is the interface an integrator calls, after Stan's
// base_hamiltonian: H(q, p) = -log p(q) + K(q, p). Euclidean is the
// implementation for a constant Gaussian metric; a Riemannian metric, a
// Laplace momentum (discontinuous HMC) or a Langevin splitting implement the
// same methods and pair with their own Integrator where the explicit splitting
// does not apply.
type Hamiltonian interface {
	// Dim returns the dimension.
	Dim() int
	// Kinetic returns the kinetic energy at z.
	Kinetic(z *Point) float64
	// Velocity writes dK/dp at z into dst ("p sharp" in Stan's NUTS).
	Velocity(dst []float64, z *Point)
	// SampleMomentum draws z.P from the momentum distribution at z.Q.
	SampleMomentum(rng *rand.Rand, z *Point)
	// Update evaluates log p and its gradient at z.Q into z.
	Update(z *Point)
	// Kick moves the momentum by eps·(-dH/dq): p += eps·∇log p for a
	// Euclidean metric.
	Kick(z *Point, eps float64)
	// Move sets q += eps·v and updates log p and its gradient.
	Move(z *Point, v []float64, eps float64)
}

// Energy returns the Hamiltonian at z; NaN becomes +Inf, as in Stan.
func Energy(h Hamiltonian, z *Point) float64 {
	e := -z.LogProb + h.Kinetic(z)
	if math.IsNaN(e) {
		return math.Inf(1)
	}
	return e
}

// Euclidean is the Hamiltonian of a target with a constant metric.
type Euclidean struct {
	Target density.Target
	Metric Metric
}

var _ Hamiltonian = (*Euclidean)(nil)

// Dim returns the target's dimension.
func (h *Euclidean) Dim() int { return h.Target.Dim() }

// Kinetic returns ½ pᵀ M⁻¹ p.
func (h *Euclidean) Kinetic(z *Point) float64 { return h.Metric.Kinetic(z.P) }

// Velocity writes M⁻¹ p into dst.
func (h *Euclidean) Velocity(dst []float64, z *Point) { h.Metric.Velocity(dst, z.P) }

// SampleMomentum draws z.P ~ N(0, M).
func (h *Euclidean) SampleMomentum(rng *rand.Rand, z *Point) { h.Metric.SampleMomentum(rng, z.P) }

// Update evaluates the target at z.Q.
func (h *Euclidean) Update(z *Point) { z.LogProb = logProb(h.Target, z.Grad, z.Q) }

// Kick sets p += eps·∇log p(q).
func (h *Euclidean) Kick(z *Point, eps float64) {
	p := z.P
	g := z.Grad[:len(p)]
	for i := range p {
		p[i] += eps * g[i]
	}
}

// Move sets q += eps·v and evaluates the target there.
func (h *Euclidean) Move(z *Point, v []float64, eps float64) {
	q := z.Q
	v = v[:len(q)]
	for i := range q {
		q[i] += eps * v[i]
	}
	z.LogProb = logProb(h.Target, z.Grad, q)
}
