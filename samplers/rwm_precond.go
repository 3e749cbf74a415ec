package samplers

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/mat"
)

// PrecondRWM is random-walk Metropolis with a shaped Gaussian proposal
// x' = x + scale·L z, z ~ N(0, I), L the lower Cholesky factor of a
// covariance (NewPrecondRWM), or x' = x + scale·sd ⊙ z with only standard
// deviations (NewDiagPrecondRWM). The smc package uses it as its
// random-walk move, shaped by the particles' spread. The zero value is not
// usable: build it with a constructor.
type PrecondRWM struct {
	l     []float64 // lower triangular factor, row-major n×n (nil with sd)
	sd    []float64 // standard deviations, for the diagonal proposal
	n     int
	scale float64
}

var _ Kernel = PrecondRWM{}

type precondRWMWork struct{ z, x, grad []float64 }

// NewPrecondRWM returns the random walk with proposal covariance
// scale²·cov. It returns an error if cov is not positive definite or scale
// is not finite and positive.
func NewPrecondRWM(cov *mat.SymDense, scale float64) (PrecondRWM, error) {
	if err := checkStepSize(scale); err != nil {
		return PrecondRWM{}, err
	}
	n := cov.SymmetricDim()
	var ch mat.Cholesky
	if !ch.Factorize(cov) {
		return PrecondRWM{}, errors.New("samplers: PrecondRWM covariance is not positive definite")
	}
	var l mat.TriDense
	ch.LTo(&l)
	k := PrecondRWM{l: make([]float64, n*n), n: n, scale: scale}
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			k.l[i*n+j] = l.At(i, j)
		}
	}
	return k, nil
}

// NewDiagPrecondRWM returns the random walk with independent proposal
// standard deviations scale·sd[i]. It returns an error if an sd is not
// finite and positive or scale is not finite and positive.
func NewDiagPrecondRWM(sd []float64, scale float64) (PrecondRWM, error) {
	if err := checkStepSize(scale); err != nil {
		return PrecondRWM{}, err
	}
	if len(sd) == 0 {
		return PrecondRWM{}, errors.New("samplers: PrecondRWM with no standard deviations")
	}
	for i, v := range sd {
		if !(v > 0) || math.IsInf(v, 0) {
			return PrecondRWM{}, fmt.Errorf("samplers: PrecondRWM standard deviation %d is %v, must be finite and positive", i, v)
		}
	}
	return PrecondRWM{sd: append([]float64(nil), sd...), n: len(sd), scale: scale}, nil
}

// Init evaluates the target at x, which must have the proposal's dimension.
func (k PrecondRWM) Init(t density.Target, x []float64) (*State, error) {
	if k.n == 0 {
		return nil, errors.New("samplers: PrecondRWM not built by NewPrecondRWM or NewDiagPrecondRWM")
	}
	if len(x) != k.n {
		return nil, fmt.Errorf("samplers: PrecondRWM of dimension %d at a point of length %d", k.n, len(x))
	}
	s, err := newState(t, x)
	if err != nil {
		return nil, err
	}
	n := len(x)
	s.work = &precondRWMWork{z: make([]float64, n), x: make([]float64, n), grad: make([]float64, n)}
	return s, nil
}

// Step takes one Metropolis transition.
func (k PrecondRWM) Step(rng *rand.Rand, s *State) DrawStats {
	w := s.work.(*precondRWMWork)
	n := k.n
	normals(rng, w.z)
	if k.sd != nil {
		for i, sd := range k.sd {
			w.x[i] = s.Position[i] + k.scale*sd*w.z[i]
		}
		return metropolis(rng, s, w.x, w.grad, k.scale)
	}
	for i := 0; i < n; i++ {
		row := k.l[i*n : i*n+i+1]
		var d float64
		for j, v := range row {
			d += v * w.z[j]
		}
		w.x[i] = s.Position[i] + k.scale*d
	}
	return metropolis(rng, s, w.x, w.grad, k.scale)
}
