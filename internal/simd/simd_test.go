package simd

import (
	"math"
	"testing"
)

// The kernels against plain loops on small inputs: the callers' tests
// (samplers, autodiff, diag) check them in depth against their portable
// twins; this one checks that each links and computes what its comment
// says, and that without assembly the stubs refuse to run.
func TestKernels(t *testing.T) {
	if !HasAVX2 {
		defer func() {
			if recover() == nil {
				t.Error("a stub ran without assembly")
			}
		}()
		KickDriftAVX2(nil, nil, nil, nil, 0, 0, 0)
		return
	}
	const n = 8
	q, p, g, inv := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		q[i], p[i], g[i], inv[i] = float64(i), 1-float64(i)/3, float64(i%3)-1, 0.5+float64(i)/8
	}
	wantP, wantQ := make([]float64, n), make([]float64, n)
	for i := range n {
		wantP[i] = p[i] + 0.25*g[i]
		wantQ[i] = q[i] + 0.5*(inv[i]*wantP[i])
	}
	KickDriftAVX2(&q[0], &p[0], &g[0], &inv[0], 0.25, 0.5, n)
	for i := range n {
		if p[i] != wantP[i] || q[i] != wantQ[i] {
			t.Fatalf("KickDriftAVX2: (p, q)[%d] = (%v, %v), want (%v, %v)", i, p[i], q[i], wantP[i], wantQ[i])
		}
	}
	if !HasFMA {
		return
	}
	src := []float64{-20, -1, -0.5, 0, 1e-10, 0.3, 2, 30}
	dst := make([]float64, len(src))
	TanhAVX2(&dst[0], &src[0], len(src))
	for i, x := range src {
		if math.Abs(dst[i]-math.Tanh(x)) > 4e-16*max(1e-300, math.Abs(math.Tanh(x))) {
			t.Errorf("TanhAVX2(%v) = %v, math.Tanh %v", x, dst[i], math.Tanh(x))
		}
	}
	x := []float64{1, 2, 3}
	w := make([]float64, 3+15)
	for i := range w {
		w[i] = float64(i + 1)
	}
	var acc [16]float64
	LagKernel16AVX(&acc, &x[0], &w[0], 3)
	for k := range 16 {
		want := 0.0
		for i := range 3 {
			want = math.FMA(x[i], w[i+k], want)
		}
		if acc[k] != want {
			t.Errorf("LagKernel16AVX: acc[%d] = %v, want %v", k, acc[k], want)
		}
	}
}
