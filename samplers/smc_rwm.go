package samplers

import (
	"errors"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// smcRWM is random-walk Metropolis with the Gaussian proposal
// x' = x + scale·L z, z ~ N(0, I), L the lower Cholesky factor of a
// covariance: SMC's default move, L from the particles' covariance.
type smcRWM struct {
	l     []float64 // lower triangular factor, row-major n×n
	n     int
	scale float64
}

var _ Kernel = smcRWM{}

type smcRWMWork struct{ z, x, grad []float64 }

// smcNewRWM factorises cov, adding a growing diagonal jitter if it is not
// numerically positive definite (particles collapsed on a subspace).
func smcNewRWM(cov *mat.SymDense, scale float64) (smcRWM, error) {
	n := cov.SymmetricDim()
	var tr float64
	for i := 0; i < n; i++ {
		tr += cov.At(i, i)
	}
	jit := 0.0
	base := tr / float64(n)
	if !(base > 0) || math.IsInf(base, 0) {
		base = 1
	}
	var ch mat.Cholesky
	c := mat.NewSymDense(n, nil)
	for try := 0; try < 12; try++ {
		c.CopySym(cov)
		for i := 0; i < n; i++ {
			c.SetSym(i, i, c.At(i, i)+jit)
		}
		if ch.Factorize(c) {
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
		if jit == 0 {
			jit = 1e-10 * base
		} else {
			jit *= 10
		}
	}
	return smcRWM{}, errors.New("samplers: SMC particle covariance is not positive definite even with jitter")
}

// Init evaluates the target at x.
func (k smcRWM) Init(t Target, x []float64) (*State, error) {
	s, err := newState(t, x)
	if err != nil {
		return nil, err
	}
	n := len(x)
	s.work = &smcRWMWork{z: make([]float64, n), x: make([]float64, n), grad: make([]float64, n)}
	return s, nil
}

// Step takes one Metropolis transition.
func (k smcRWM) Step(rng *rand.Rand, s *State) Info {
	w := s.work.(*smcRWMWork)
	n := k.n
	normals(rng, w.z)
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
