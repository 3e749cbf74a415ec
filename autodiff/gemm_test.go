package autodiff

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// naiveGemm is the reference C = alpha·op(A)·op(B) + beta·C.
func naiveGemm(tA, tB bool, m, n, k int, alpha float64, a, b []float64, beta float64, c []float64) {
	for i := range m {
		for j := range n {
			s := 0.0
			for p := range k {
				av := a[i*k+p]
				if tA {
					av = a[p*m+i]
				}
				bv := b[p*n+j]
				if tB {
					bv = b[j*k+p]
				}
				s += av * bv
			}
			if beta == 0 {
				c[i*n+j] = alpha * s
			} else {
				c[i*n+j] = alpha*s + beta*c[i*n+j]
			}
		}
	}
}

// gemmSizes covers the edge cases of the blocking: remainders of the 4-row
// and 12-column tiles, k-blocks (k > 256), tiny products (plain loops), and
// the network sizes.
var gemmSizes = [][3]int{
	{1, 1, 1}, {3, 5, 2}, {4, 12, 1}, {5, 13, 7}, {7, 25, 3}, {8, 24, 16}, {13, 11, 300},
	{100, 1, 50}, {1, 100, 50}, {100, 50, 50}, {50, 50, 100}, {20, 576, 25}, {50, 64, 500},
	{37, 129, 257}, {100, 50, 1}, {6, 30, 600},
}

func TestGemmAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	type variant struct{ asm, avx512 bool }
	kernels := []variant{{false, false}}
	if hasAVX2FMA {
		kernels = append(kernels, variant{true, false})
	}
	if hasAVX512 {
		kernels = append(kernels, variant{true, true})
	}
	defer func(u, v bool) { useKernel, useAVX512 = u, v }(useKernel, useAVX512)
	for _, asm := range kernels {
		useKernel, useAVX512 = asm.asm, asm.avx512
		for _, sz := range gemmSizes {
			m, n, k := sz[0], sz[1], sz[2]
			for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
				for _, ab := range [][2]float64{{1, 0}, {1, 1}, {-0.7, 0.3}} {
					a := randVec(rng, m*k, -1, 1)
					b := randVec(rng, k*n, -1, 1)
					c0 := randVec(rng, m*n, -1, 1)
					got := append([]float64(nil), c0...)
					want := append([]float64(nil), c0...)
					gemm(tr[0], tr[1], m, n, k, ab[0], a, b, ab[1], got)
					naiveGemm(tr[0], tr[1], m, n, k, ab[0], a, b, ab[1], want)
					// Each entry is a k-term dot product of values in [-1, 1]:
					// rounding error below k·2⁻⁵² per term, far below 1e-13·k.
					for i := range got {
						if d := math.Abs(got[i] - want[i]); d > 1e-13*float64(k+1) {
							t.Fatalf("asm=%v m,n,k=%d,%d,%d tA,tB=%v alpha,beta=%v: C[%d] = %.17g, want %.17g",
								asm, m, n, k, tr, ab, i, got[i], want[i])
						}
					}
				}
			}
		}
	}
}

// The parallel split must give bitwise the same result as the serial one,
// whatever the number of workers.
func TestGemmParallelDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	m, n, k := 70, 301, 300 // above gemmParMin (1e6), several k-blocks, partial tiles
	a := randVec(rng, m*k, -1, 1)
	b := randVec(rng, k*n, -1, 1)
	serial := make([]float64, m*n)
	nr := gemmWidth()
	g := gemmArgs{m: m, n: n, k: k, nr: nr, alpha: 1, a: a, sai: k, sap: 1, b: b, c: serial}
	g.p0, g.p1 = 0, (n+nr-1)/nr
	gemmPanels(&g, new(gemmScratch))
	for _, procs := range []int{1, 2, 3} {
		prev := runtime.GOMAXPROCS(procs)
		got := make([]float64, m*n)
		gemm(false, false, m, n, k, 1, a, b, 0, got)
		runtime.GOMAXPROCS(prev)
		for i := range got {
			if got[i] != serial[i] {
				t.Fatalf("GOMAXPROCS=%d: C[%d] = %.17g, serial %.17g", procs, i, got[i], serial[i])
			}
		}
	}
}

func TestGemmAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, sz := range [][3]int{{100, 50, 50}, {100, 500, 800}, {3, 4, 5}} {
		m, n, k := sz[0], sz[1], sz[2]
		a, b, c := randVec(rng, m*k, -1, 1), randVec(rng, k*n, -1, 1), make([]float64, m*n)
		gemm(false, true, m, n, k, 1, a, b, 0, c)
		if allocs := testing.AllocsPerRun(20, func() { gemm(false, true, m, n, k, 1, a, b, 0, c) }); allocs != 0 {
			t.Errorf("gemm %v allocates %g times per call", sz, allocs)
		}
	}
}
