package bayesnn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestPosteriorHessian: the posterior's exact Hessian matches central
// differences of its gradient (step 1e-5: error ~1e-8 relative) on a tanh
// MLP classifier, and PriorPrecision is 1/sd² per block.
func TestPosteriorHessian(t *testing.T) {
	m, err := MLP([]int{2, 3, 3}, Tanh)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	x, y := make([][]float64, 20), make([]float64, 20)
	for i := range x {
		x[i] = []float64{rng.NormFloat64(), rng.NormFloat64()}
		y[i] = float64(rng.IntN(3))
	}
	p, err := LogPosterior(m, NewData(x, y), Categorical{}, GaussianPrior{WeightSD: 0.5, BiasSD: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	theta := p.InitialPoint(rng, 1)
	d := p.Dim()
	h := mat.NewSymDense(d, nil)
	if err := p.Hessian(h, theta); err != nil {
		t.Fatal(err)
	}
	gp, gm := make([]float64, d), make([]float64, d)
	const step = 1e-5
	for j := range d {
		tp := append([]float64(nil), theta...)
		tp[j] += step
		p.LogProb(gp, tp)
		tp[j] -= 2 * step
		p.LogProb(gm, tp)
		for i := range d {
			fd := (gp[i] - gm[i]) / (2 * step)
			if math.Abs(fd-h.At(i, j)) > 1e-6*max(1, math.Abs(fd)) {
				t.Errorf("H[%d,%d] = %g, central difference %g", i, j, h.At(i, j), fd)
			}
		}
	}
	if err := p.Hessian(h, theta[:2]); err == nil {
		t.Error("short parameter vector accepted")
	}
	prec, err := p.PriorPrecision()
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range m.Blocks() {
		want := 4.0 // 1/0.5²
		if b.Spec.Bias {
			want = 0.25 // 1/2²
		}
		for j := range b.Spec.Size() {
			if prec[b.Offset+j] != want {
				t.Fatalf("%s: prior precision %g, want %g", b.Name(), prec[b.Offset+j], want)
			}
		}
	}
}
