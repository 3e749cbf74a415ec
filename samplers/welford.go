package samplers

import (
	"gonum.org/v1/gonum/mat"
)

// covEstimator accumulates a running mean and (co)variance by Welford's
// algorithm, as Stan's welford_var_estimator and welford_covar_estimator.
type covEstimator struct {
	dense bool
	n     float64
	mean  []float64
	m2    []float64 // diag: Σ (x-mean)², dense: n×n row-major co-moments
	delta []float64
}

func newCovEstimator(dim int, dense bool) *covEstimator {
	e := &covEstimator{dense: dense, mean: make([]float64, dim), delta: make([]float64, dim)}
	if dense {
		e.m2 = make([]float64, dim*dim)
	} else {
		e.m2 = make([]float64, dim)
	}
	return e
}

func (e *covEstimator) restart() {
	e.n = 0
	zero(e.mean)
	zero(e.m2)
}

func (e *covEstimator) add(x []float64) {
	e.n++
	for i, v := range x {
		e.delta[i] = v - e.mean[i]
		e.mean[i] += e.delta[i] / e.n
	}
	d := len(x)
	if !e.dense {
		for i, v := range x {
			e.m2[i] += e.delta[i] * (v - e.mean[i])
		}
		return
	}
	for i := 0; i < d; i++ {
		row := e.m2[i*d : (i+1)*d]
		for j, v := range x {
			row[j] += e.delta[i] * (v - e.mean[j])
		}
	}
}

// regularized returns Stan's regularised estimate
// (n/(n+5))·cov + 1e-3·(5/(n+5))·I as a Metric.
func (e *covEstimator) regularized() (Metric, error) {
	n := e.n
	d := len(e.mean)
	w := n / (n + 5)
	shrink := 1e-3 * 5 / (n + 5)
	if !e.dense {
		inv := make([]float64, d)
		for i := range inv {
			inv[i] = w*e.m2[i]/(n-1) + shrink
		}
		return NewDiagMetric(inv)
	}
	s := mat.NewSymDense(d, nil)
	for i := 0; i < d; i++ {
		for j := i; j < d; j++ {
			v := w * e.m2[i*d+j] / (n - 1)
			if i == j {
				v += shrink
			}
			s.SetSym(i, j, v)
		}
	}
	return NewDenseMetric(s)
}
