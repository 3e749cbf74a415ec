package samplers

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/internal/simd"
)

// simdModes runs f with each available kernel set: the Go loops, AVX2 and
// AVX-512, restoring the selection afterwards.
func simdModes(t *testing.T, f func(t *testing.T, mode string)) {
	defer func(a, b bool) { useAVX2, useAVX512 = a, b }(useAVX2, useAVX512)
	modes := []struct {
		name       string
		avx2, a512 bool
	}{{"go", false, false}}
	if hasAVX2 {
		modes = append(modes, struct {
			name       string
			avx2, a512 bool
		}{"avx2", true, false})
	}
	if hasAVX512 {
		modes = append(modes, struct {
			name       string
			avx2, a512 bool
		}{"avx512", true, true})
	}
	for _, m := range modes {
		useAVX2, useAVX512 = m.avx2, m.a512
		f(t, m.name)
	}
}

// sumClose reports whether two evaluations of a sum agree to 1e-12 of the
// sum of the magnitudes of its terms (the vector kernels add in another
// order than the Go loops, so sums agree to rounding, not bit for bit).
func sumClose(got, want, mag float64) bool { return math.Abs(got-want) <= 1e-12*mag }

// The vector kernels against the Go loops in dimensions around the vector
// widths: the vectors they write bit for bit, their sums to rounding.
func TestSIMDKernelsMatchGo(t *testing.T) {
	if !hasAVX2 {
		t.Skip("no AVX2: only the Go loops run")
	}
	rng := rand.New(rand.NewPCG(21, 22))
	for _, n := range []int{1, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 31, 100, 101, 257} {
		q, p, g, inv := randVec(rng, n), randVec(rng, n), randVec(rng, n), randVec(rng, n)
		for i := range inv {
			inv[i] = math.Abs(inv[i]) + 0.1
		}
		pA, sA := randVec(rng, n), randVec(rng, n)
		vecs := make([][]float64, 9)
		for i := range vecs {
			vecs[i] = randVec(rng, n)
		}
		type result struct {
			q, p, pOut, vOut, rho, rhoM []float64
			kin, kin2                   float64
			pair                        bool
			merge                       bool
			mag                         float64
		}
		run := func() result {
			r := result{q: slices.Clone(q), p: slices.Clone(p), pOut: make([]float64, n), vOut: make([]float64, n), rho: make([]float64, n)}
			kickDrift(r.q, r.p, g, inv, 0.3, 0.7)
			r.kin = kickKinetic(r.p, g, inv, r.pOut, r.vOut, 0.3)
			// leapfrogDiagPair's sums, through a target that does nothing.
			z := &Point{Q: slices.Clone(r.q), P: slices.Clone(r.p), Grad: slices.Clone(g)}
			nop := density.FuncTarget{N: n, F: func(grad, x []float64) float64 { return 0 }}
			pO, vO := make([]float64, n), make([]float64, n)
			r.kin2, r.pair = leapfrogDiagPair(nop, z, inv, 0.2, pO, vO, pA, sA, r.rho)
			r.p = append(r.p, z.P...)
			r.pOut = append(r.pOut, pO...)
			r.vOut = append(r.vOut, vO...)
			r.q = append(r.q, z.Q...)
			r.rhoM = make([]float64, n)
			r.merge = mergeNoUTurn(r.rhoM, vecs[0], vecs[1], vecs[2], vecs[3], vecs[4], vecs[5], vecs[6], vecs[7])
			return r
		}
		var ref result
		simdModes(t, func(t *testing.T, mode string) {
			r := run()
			if mode == "go" {
				ref = r
				return
			}
			for _, c := range []struct {
				name      string
				got, want []float64
			}{{"q", r.q, ref.q}, {"p", r.p, ref.p}, {"pOut", r.pOut, ref.pOut}, {"vOut", r.vOut, ref.vOut}, {"rho", r.rho, ref.rho}, {"merged rho", r.rhoM, ref.rhoM}} {
				if !slices.Equal(c.got, c.want) {
					t.Errorf("n=%d %s: %s differs from the Go loops", n, mode, c.name)
				}
			}
			if r.pair != ref.pair || r.merge != ref.merge {
				t.Errorf("n=%d %s: no-U-turn decisions (%v, %v), Go (%v, %v)", n, mode, r.pair, r.merge, ref.pair, ref.merge)
			}
			var mag float64 // Σ|v·p| bounds the kinetic sums' rounding
			for i := range n {
				mag += math.Abs(ref.vOut[i] * ref.pOut[i])
			}
			if !sumClose(r.kin, ref.kin, mag) {
				t.Errorf("n=%d %s: kinetic %v, Go %v", n, mode, r.kin, ref.kin)
			}
			mag = 0
			for i := range n {
				mag += math.Abs(ref.vOut[n+i] * ref.pOut[n+i])
			}
			if !sumClose(r.kin2, ref.kin2, 0.5*mag) {
				t.Errorf("n=%d %s: pair kinetic %v, Go %v", n, mode, r.kin2, ref.kin2)
			}
		})
	}
}

// The sums behind the no-U-turn decisions, one by one, against the Go
// loops to rounding: mergeNoUTurn's six and leapfrogDiagPair's two.
func TestSIMDNoUTurnSums(t *testing.T) {
	if !hasAVX2 {
		t.Skip("no AVX2")
	}
	rng := rand.New(rand.NewPCG(23, 24))
	for _, n := range []int{4, 8, 12, 100, 103} {
		v := make([][]float64, 9)
		for i := range v {
			v[i] = randVec(rng, n)
		}
		m := n &^ 3 // the kernels' part
		var s2, s5 [6]float64
		rho := make([]float64, n)
		simd.MergeAVX2(&rho[0], &v[0][0], &v[1][0], &v[2][0], &v[3][0], &v[4][0], &v[5][0], &v[6][0], &v[7][0], m, &s2)
		if hasAVX512 {
			simd.MergeAVX512(&rho[0], &v[0][0], &v[1][0], &v[2][0], &v[3][0], &v[4][0], &v[5][0], &v[6][0], &v[7][0], m, &s5)
		}
		// The same sums in the Go order.
		var want, mag [6]float64
		for i := 0; i < m; i++ {
			ri, rf := v[0][i], v[1][i]
			r := ri + rf
			e1, e2 := ri+v[5][i], rf+v[3][i]
			terms := [6]float64{v[2][i] * r, v[7][i] * r, v[2][i] * e1, v[6][i] * e1, v[4][i] * e2, v[7][i] * e2}
			for k, x := range terms {
				want[k] += x
				mag[k] += math.Abs(x)
			}
		}
		for k := range want {
			if !sumClose(s2[k], want[k], mag[k]) {
				t.Errorf("n=%d avx2 merge sum %d: %v, want %v", n, k, s2[k], want[k])
			}
			if hasAVX512 && !sumClose(s5[k], want[k], mag[k]) {
				t.Errorf("n=%d avx512 merge sum %d: %v, want %v", n, k, s5[k], want[k])
			}
		}
	}
}

// NUTS transitions with each kernel set from the same seed: the same tree
// depths and step counts, and draws that agree to rounding (a no-U-turn
// or multinomial decision could in principle flip on a sum within
// rounding of its threshold; at these seeds none does).
func TestSIMDTransitionsMatchGo(t *testing.T) {
	if !hasAVX2 {
		t.Skip("no AVX2")
	}
	type run struct {
		x     []float64
		depth []int
	}
	for _, diag := range []bool{false, true} {
		var ref run
		simdModes(t, func(t *testing.T, mode string) {
			tg := harmonic(37)
			k := NUTS{StepSize: 0.3}
			if diag {
				inv := make([]float64, 37)
				for i := range inv {
					inv[i] = 0.5 + float64(i)/37
				}
				k.Metric, _ = NewDiagMetric(inv)
			}
			s, err := k.Init(tg, make([]float64, 37))
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(3, 4))
			var r run
			for i := 0; i < 200; i++ {
				r.depth = append(r.depth, k.Step(rng, s).NLeapfrog)
			}
			r.x = slices.Clone(s.Position)
			if mode == "go" {
				ref = r
				return
			}
			if !slices.Equal(r.depth, ref.depth) {
				t.Fatalf("diag=%v %s: step counts differ from the Go loops", diag, mode)
			}
			for i := range r.x {
				if math.Abs(r.x[i]-ref.x[i]) > 1e-10*(1+math.Abs(ref.x[i])) {
					t.Errorf("diag=%v %s: x[%d] = %v, Go %v", diag, mode, i, r.x[i], ref.x[i])
				}
			}
		})
	}
}
