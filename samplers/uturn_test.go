package samplers

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
)

// uturnCase fills the k inputs of a no-U-turn check of dimension n: normal
// draws around a common direction (as along a trajectory, so that every
// check passes about as often as it fails), or (kind "zero") all zeros, or
// (kind "nan") normal draws with one NaN in a random vector and place.
func uturnCase(rng *rand.Rand, n, k int, kind string) [][]float64 {
	v := make([][]float64, k)
	dir := randVec(rng, n)
	spread := []float64{0.3, 1, 3}[rng.IntN(3)]
	for i := range v {
		v[i] = randVec(rng, n)
		for j := range v[i] {
			v[i][j] = dir[j] + spread*v[i][j]
		}
		if kind == "zero" {
			clear(v[i])
		}
	}
	if kind == "nan" {
		v[rng.IntN(k)][rng.IntN(n)] = math.NaN()
	}
	return v
}

// sure reports whether the sign of a·b is beyond rounding: |a·b| exceeds
// 1e-12 of Σ|aᵢbᵢ| (kernels that add in another order could otherwise
// decide the other way). NaN sums are sure: every order gives NaN.
func sure(a, b []float64) bool {
	var s, mag float64
	for i := range a {
		s += a[i] * b[i]
		mag += math.Abs(a[i] * b[i])
	}
	return math.IsNaN(s) || math.Abs(s) > 1e-12*mag
}

func add(a, b []float64) []float64 {
	c := make([]float64, len(a))
	for i := range a {
		c[i] = a[i] + b[i]
	}
	return c
}

// Every fast path of the no-U-turn check against the reference noUTurn, in
// every kernel set (Go loops, AVX2, AVX-512), in dimensions 1..67 (the
// vector kernels' bodies and tails), on normal draws, zero vectors and
// vectors holding a NaN: the same decisions (where a sum is beyond
// rounding of 0) and the same rho, bit for bit.
func TestNoUTurnKernelsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	seen := map[string]int{}
	simdModes(t, func(t *testing.T, mode string) {
		for n := 1; n <= 67; n++ {
			for _, kind := range []string{"normal", "normal", "normal", "zero", "nan"} {
				// mergeNoUTurn: Stan's three checks on merging subtrees.
				v := uturnCase(rng, n, 8, kind)
				rhoInit, rhoFinal, sharpBeg, pInitEnd, sharpInitEnd, pFinalBeg, sharpFinalBeg, sharpEnd := v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]
				rhoAll, extInit, extFinal := add(rhoInit, rhoFinal), add(rhoInit, pFinalBeg), add(rhoFinal, pInitEnd)
				want := noUTurn(sharpBeg, sharpEnd, rhoAll) && noUTurn(sharpBeg, sharpFinalBeg, extInit) && noUTurn(sharpInitEnd, sharpEnd, extFinal)
				certain := sure(sharpBeg, rhoAll) && sure(sharpEnd, rhoAll) && sure(sharpBeg, extInit) &&
					sure(sharpFinalBeg, extInit) && sure(sharpInitEnd, extFinal) && sure(sharpEnd, extFinal)
				rho := make([]float64, n)
				got := mergeNoUTurn(rho, rhoInit, rhoFinal, sharpBeg, pInitEnd, sharpInitEnd, pFinalBeg, sharpFinalBeg, sharpEnd)
				if certain && got != want {
					t.Errorf("%s n=%d %s: mergeNoUTurn = %v, reference %v", mode, n, kind, got, want)
				}
				if !slices.Equal(rho, rhoAll) && kind != "nan" {
					t.Errorf("%s n=%d %s: mergeNoUTurn's rho differs from rhoInit + rhoFinal", mode, n, kind)
				}
				// rho aliasing an input, as in transition.
				alias := slices.Clone(rhoFinal)
				if got2 := mergeNoUTurn(alias, rhoInit, alias, sharpBeg, pInitEnd, sharpInitEnd, pFinalBeg, sharpFinalBeg, sharpEnd); got2 != got {
					t.Errorf("%s n=%d %s: aliased mergeNoUTurn = %v, unaliased %v", mode, n, kind, got2, got)
				}
				seen[fmt.Sprintf("merge %s %v", kind, want)]++

				// pairNoUTurn (the reference on a pair) and its fusion into
				// the leapfrog step, with the unit and a diagonal metric.
				w := uturnCase(rng, n, 4, kind)
				pA, sharpA, p, g, inv := w[0], w[1], w[2], w[3], randVec(rng, n)
				for i := range inv {
					inv[i] = math.Abs(inv[i]) + 0.1
				}
				for _, m := range [][]float64{nil, inv} {
					const eps = 0.3
					pNew := make([]float64, n)
					vNew := make([]float64, n)
					for i := range p {
						// Two half kicks by the same gradient (the target
						// leaves it as it is), as the leapfrog step makes.
						pNew[i] = p[i] + 0.5*eps*g[i]
						pNew[i] += 0.5 * eps * g[i]
						vNew[i] = pNew[i]
						if m != nil {
							vNew[i] = m[i] * pNew[i]
						}
					}
					rhoPair := add(pA, pNew)
					want := noUTurn(sharpA, vNew, rhoPair)
					certain := sure(sharpA, rhoPair) && sure(vNew, rhoPair)

					rho := make([]float64, n)
					if got := pairNoUTurn(rho, pA, sharpA, pNew, vNew); got != want || (!slices.Equal(rho, rhoPair) && kind != "nan") {
						t.Errorf("%s n=%d %s: pairNoUTurn = %v, reference %v", mode, n, kind, got, want)
					}
					z := &Point{Q: make([]float64, n), P: slices.Clone(p), Grad: slices.Clone(g)}
					nop := density.FuncTarget{N: n, F: func(grad, x []float64) float64 { return 0 }} // keeps the gradient
					pOut, vOut := make([]float64, n), make([]float64, n)
					kin, got := leapfrogDiagPair(nop, z, m, eps, pOut, vOut, pA, sharpA, rho)
					if certain && got != want {
						t.Errorf("%s n=%d %s metric=%v: leapfrogDiagPair's check = %v, reference %v", mode, n, kind, m != nil, got, want)
					}
					if kind != "nan" {
						if !slices.Equal(rho, rhoPair) || !slices.Equal(pOut, pNew) || !slices.Equal(vOut, vNew) {
							t.Errorf("%s n=%d %s metric=%v: leapfrogDiagPair's vectors differ from the reference's", mode, n, kind, m != nil)
						}
						var mag float64
						for i := range pNew {
							mag += math.Abs(pNew[i] * vNew[i])
						}
						if wantKin := 0.5 * dot(pNew, vNew); math.Abs(kin-wantKin) > 1e-12*mag {
							t.Errorf("%s n=%d %s metric=%v: kinetic %v, want %v", mode, n, kind, m != nil, kin, wantKin)
						}
					}
					seen[fmt.Sprintf("pair %s %v", kind, want)]++
				}
			}
		}
	})
	// The random cases reach both outcomes; zeros and NaN stop the tree.
	for _, k := range []string{"merge normal true", "merge normal false", "pair normal true", "pair normal false"} {
		if seen[k] == 0 {
			t.Errorf("no case %q: %v", k, seen)
		}
	}
	for _, k := range []string{"merge zero true", "merge nan true", "pair zero true", "pair nan true"} {
		if seen[k] != 0 {
			t.Errorf("%d cases %q: zeros and NaN must stop the tree", seen[k], k)
		}
	}
}

// BenchmarkNoUTurn measures what the fused kernels buy over the reference:
// mergeNoUTurn in each kernel set and composed from noUTurn, and the fused
// pair step (leapfrogDiagPair) against the leapfrog step followed by
// pairNoUTurn, with a target that does nothing.
func BenchmarkNoUTurn(b *testing.B) {
	defer func(a, c bool) { useAVX2, useAVX512 = a, c }(useAVX2, useAVX512)
	for _, n := range []int{10, 100} {
		rng := rand.New(rand.NewPCG(1, 2))
		v := uturnCase(rng, n, 9, "normal")
		e1, e2 := make([]float64, n), make([]float64, n)
		modes := []struct {
			name       string
			avx2, a512 bool
		}{{"go", false, false}, {"avx2", hasAVX2, false}, {"avx512", hasAVX2, hasAVX512}}
		for _, m := range modes {
			useAVX2, useAVX512 = m.avx2, m.a512
			b.Run(fmt.Sprintf("merge/%s/n=%d", m.name, n), func(b *testing.B) {
				for b.Loop() {
					mergeNoUTurn(v[8], v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7])
				}
			})
		}
		b.Run(fmt.Sprintf("merge/reference/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				for i := range e1 {
					v[8][i] = v[0][i] + v[1][i]
					e1[i] = v[0][i] + v[5][i]
					e2[i] = v[1][i] + v[3][i]
				}
				_ = noUTurn(v[2], v[7], v[8]) && noUTurn(v[2], v[6], e1) && noUTurn(v[4], v[7], e2)
			}
		})
		q, p, g, inv := v[0], v[1], v[2], slices.Clone(v[3])
		for i := range inv {
			inv[i] = math.Abs(inv[i]) + 0.1
		}
		pA, sA, rho, pO, vO := v[4], v[5], v[6], v[7], v[8]
		nop := density.FuncTarget{N: n, F: func(grad, x []float64) float64 { return 0 }}
		z := &Point{Q: q, P: p, Grad: g}
		for _, m := range modes {
			useAVX2, useAVX512 = m.avx2, m.a512
			b.Run(fmt.Sprintf("pair/fused/%s/n=%d", m.name, n), func(b *testing.B) {
				for b.Loop() {
					leapfrogDiagPair(nop, z, inv, 1e-9, pO, vO, pA, sA, rho)
				}
			})
			b.Run(fmt.Sprintf("pair/reference/%s/n=%d", m.name, n), func(b *testing.B) {
				for b.Loop() {
					leapfrogDiag(nop, z, inv, 1e-9, pO, vO)
					pairNoUTurn(rho, pA, sA, pO, vO)
				}
			})
		}
	}
}
