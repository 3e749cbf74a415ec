package autodiff

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// BenchmarkGemm compares our gemm with gonum's Dgemm at the products of the
// MLP (100×50·50×50 and its two backward products) and of the MNIST CNN
// (per-image conv2: 50×500·500×64; dense 100×800·800×500), reporting
// GFLOP/s = 2mnk / time.
func BenchmarkGemm(b *testing.B) {
	cases := []struct {
		name    string
		tA, tB  bool
		m, n, k int
	}{
		{"mlp_fwd_100x50x50", false, false, 100, 50, 50},
		{"mlp_dA_100x50x50_Bt", false, true, 100, 50, 50},
		{"mlp_dB_50x50x100_At", true, false, 50, 50, 100},
		{"conv1_20x576x25", false, false, 20, 576, 25},
		{"conv2_50x64x500", false, false, 50, 64, 500},
		{"conv2_dW_50x500x64_Bt", false, true, 50, 500, 64},
		{"conv2_dX_500x64x50_At", true, false, 500, 64, 50},
		{"dense_100x500x800", false, false, 100, 500, 800},
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for _, c := range cases {
		a := randVec(rng, c.m*c.k, -1, 1)
		bb := randVec(rng, c.k*c.n, -1, 1)
		out := make([]float64, c.m*c.n)
		flop := 2 * float64(c.m*c.n*c.k)
		b.Run(c.name+"/ours", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				gemm(c.tA, c.tB, c.m, c.n, c.k, 1, a, bb, 0, out)
			}
			b.ReportMetric(flop*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		if hasAVX512 {
			b.Run(c.name+"/ours_avx2", func(b *testing.B) {
				useAVX512 = false
				defer func() { useAVX512 = true }()
				for b.Loop() {
					gemm(c.tA, c.tB, c.m, c.n, c.k, 1, a, bb, 0, out)
				}
				b.ReportMetric(flop*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
		b.Run(c.name+"/gonum", func(b *testing.B) {
			ta, tb := blas.NoTrans, blas.NoTrans
			lda, ldb := c.k, c.n
			if c.tA {
				ta, lda = blas.Trans, c.m
			}
			if c.tB {
				tb, ldb = blas.Trans, c.k
			}
			b.ReportAllocs()
			for b.Loop() {
				blas64.Implementation().Dgemm(ta, tb, c.m, c.n, c.k, 1, a, lda, bb, ldb, 0, out, c.n)
			}
			b.ReportMetric(flop*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
