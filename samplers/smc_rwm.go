package samplers

import (
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/mat"
)

// smcRWM is random-walk Metropolis with the Gaussian proposal
// x' = x + scale·L z, z ~ N(0, I), L the lower Cholesky factor of a
// covariance, or x' = x + scale·sd ⊙ z with only the variances: SMC's
// random-walk move, L or sd from the particles.
type smcRWM struct {
	l     []float64 // lower triangular factor, row-major n×n (nil with sd)
	sd    []float64 // standard deviations, for the diagonal proposal
	n     int
	scale float64
}

var _ Kernel = smcRWM{}

type smcRWMWork struct{ z, x, grad []float64 }

// smcNewRWM factorises cov, adding a growing diagonal jitter if it is not
// numerically positive definite (particles collapsed on a subspace).
func smcNewRWM(cov *mat.SymDense, scale float64) (smcRWM, error) {
	c, err := smcRegularise(cov)
	if err != nil {
		return smcRWM{}, err
	}
	n := c.SymmetricDim()
	var ch mat.Cholesky
	ch.Factorize(c)
	var l mat.TriDense
	ch.LTo(&l)
	k := smcRWM{l: make([]float64, n*n), n: n, scale: scale}
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			k.l[i*n+j] = l.At(i, j)
		}
	}
	return k, nil
}

// Init evaluates the target at x.
func (k smcRWM) Init(t density.Target, x []float64) (*State, error) {
	s, err := newState(t, x)
	if err != nil {
		return nil, err
	}
	n := len(x)
	s.work = &smcRWMWork{z: make([]float64, n), x: make([]float64, n), grad: make([]float64, n)}
	return s, nil
}

// Step takes one Metropolis transition.
func (k smcRWM) Step(rng *rand.Rand, s *State) DrawStats {
	w := s.work.(*smcRWMWork)
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
