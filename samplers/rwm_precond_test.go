package samplers

import (
	"context"
	"math"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/mat"
)

// The shaped random walk on a correlated 2-D Gaussian (ρ = 0.9), shaped by
// the target's covariance and by its standard deviations alone: the
// means and variances within 4 MCSE of the exact ones; bad input is an
// error.
func TestPrecondRWM(t *testing.T) {
	const rho = 0.9
	target := density.FuncTarget{N: 2, F: func(g, x []float64) float64 {
		d := 1 - rho*rho
		g[0] = -(x[0] - rho*x[1]) / d
		g[1] = -(x[1] - rho*x[0]) / d
		return -0.5 * (x[0]*x[0] - 2*rho*x[0]*x[1] + x[1]*x[1]) / d
	}}
	dense, err := NewPrecondRWM(mat.NewSymDense(2, []float64{1, rho, rho, 1}), 2.38/math.Sqrt2)
	if err != nil {
		t.Fatal(err)
	}
	diagonal, err := NewDiagPrecondRWM([]float64{1, 1}, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	for name, k := range map[string]PrecondRWM{"dense": dense, "diagonal": diagonal} {
		tr, err := Sample(context.Background(), target, Options{Chains: 4, Warmup: -1, Draws: 5000, Seed: 7, Kernel: k,
			InitialPoints: [][]float64{{0, 0}}})
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < 2; j++ {
			dhCheck(t, name+" mean", zMean(tr.Param(j), 0))
			dhCheck(t, name+" variance", zVar(tr.Param(j), 0, 1))
		}
	}
	if _, err := NewPrecondRWM(mat.NewSymDense(2, []float64{1, 2, 2, 1}), 1); err == nil {
		t.Error("covariance not positive definite: no error")
	}
	for _, sd := range [][]float64{nil, {1, 0}, {1, math.NaN()}, {math.Inf(1)}} {
		if _, err := NewDiagPrecondRWM(sd, 1); err == nil {
			t.Errorf("standard deviations %v: no error", sd)
		}
	}
	if _, err := NewDiagPrecondRWM([]float64{1}, 0); err == nil {
		t.Error("scale 0: no error")
	}
	if _, err := (PrecondRWM{}).Init(target, []float64{0, 0}); err == nil {
		t.Error("zero value: no error")
	}
	if _, err := dense.Init(target, []float64{0}); err == nil {
		t.Error("point of the wrong length: no error")
	}
}
