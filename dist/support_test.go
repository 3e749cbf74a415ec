package dist_test

import (
	"math"
	"math/rand/v2"
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/dist"
	"gonum.org/v1/gonum/mat"
)

type transformCase struct {
	c     dist.Constraint
	shape []int
	free  func(x []float64) []float64 // the coordinates the density is on
}

func ident(x []float64) []float64 { return x }

// lowerOf keeps the lower triangle of a k×k matrix (strictly if strict).
func lowerOf(k int, strict bool) func([]float64) []float64 {
	return func(x []float64) []float64 {
		var out []float64
		for i := range k {
			for j := 0; j < i || (!strict && j == i); j++ {
				out = append(out, x[i*k+j])
			}
		}
		return out
	}
}

func transformCases() []transformCase {
	return []transformCase{
		{dist.Real, []int{3}, ident},
		{dist.Positive, []int{3}, ident},
		{dist.Lower(1), []int{2}, ident},
		{dist.Upper(-1), []int{2}, ident},
		{dist.Interval(-2, 3), []int{3}, ident},
		{dist.UnitInterval, []int{2}, ident},
		{dist.Simplex(4), []int{4}, func(x []float64) []float64 { return x[:3] }},
		{dist.Ordered(4), []int{4}, ident},
		{dist.PositiveOrdered(3), []int{3}, ident},
		{dist.CholeskyCorr(3), []int{3, 3}, lowerOf(3, true)},
		{dist.CholeskyCorr(4), []int{4, 4}, lowerOf(4, true)},
		{dist.CovMatrix(3), []int{3, 3}, lowerOf(3, false)},
	}
}

// transform evaluates a constraint's transform at u on a fresh tape.
func transform(c dist.Constraint, shape []int, u []float64) (x []float64, logJac float64) {
	tp := ad.NewTape()
	xv, lj := c.Transform(tp.Param(u), shape)
	if lj != nil {
		logJac = lj.Value[0]
	}
	return append([]float64(nil), xv.Value...), logJac
}

// TestTransforms checks, for every constraint at random points, that the
// value lies in the support, that Unconstrain inverts Transform, that the
// log-Jacobian equals log|det| of the finite-difference Jacobian onto the
// free coordinates, and that its gradient matches finite differences.
func TestTransforms(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, tc := range transformCases() {
		t.Run(tc.c.String(), func(t *testing.T) {
			n, err := tc.c.FreeSize(tc.shape)
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				u := make([]float64, n)
				for i := range u {
					u[i] = rng.NormFloat64()
				}
				x, lj := transform(tc.c, tc.shape, u)
				if !tc.c.Contains(x) {
					t.Fatalf("Transform(%v) = %v outside the support", u, x)
				}
				back := make([]float64, n)
				if err := tc.c.Unconstrain(back, x); err != nil {
					t.Fatal(err)
				}
				for i := range u {
					if math.Abs(back[i]-u[i]) > 1e-8 {
						t.Fatalf("Unconstrain(Transform(u)) = %v, u = %v", back, u)
					}
				}
				// Central-difference Jacobian of the free coordinates.
				const h = 1e-6
				jac := mat.NewDense(n, n, nil)
				for j := range n {
					up, dn := append([]float64(nil), u...), append([]float64(nil), u...)
					up[j] += h
					dn[j] -= h
					xp, _ := transform(tc.c, tc.shape, up)
					xm, _ := transform(tc.c, tc.shape, dn)
					fp, fm := tc.free(xp), tc.free(xm)
					for i := range n {
						jac.Set(i, j, (fp[i]-fm[i])/(2*h))
					}
				}
				var lu mat.LU
				lu.Factorize(jac)
				logDet, _ := lu.LogDet()
				if math.Abs(logDet-lj) > 1e-6*max(1, math.Abs(lj)) {
					t.Errorf("log-Jacobian %.10g, finite differences %.10g", lj, logDet)
				}
				// Gradient of logJac + Σ w·x.
				f := func(tp *ad.Tape, v *ad.Var) *ad.Var {
					xv, lj := tc.c.Transform(v, tc.shape)
					w := make([]float64, len(xv.Value))
					for i := range w {
						w[i] = float64(i%3) - 0.7
					}
					s := ad.Sum(ad.Mul(ad.Reshape(xv, len(w)), tp.Const(w)))
					if lj != nil {
						s = ad.Add(s, lj)
					}
					return s
				}
				comp, err := ad.Compile(f, u, nil)
				if err != nil {
					t.Fatal(err)
				}
				if rep := ad.CheckGradient(comp.LogProb, u, nil); !rep.OK(1e-6) {
					t.Errorf("gradient:\n%v", rep)
				}
			}
		})
	}
}

// TestConstraintErrors checks that shapes and settings that do not fit a
// constraint are errors.
func TestConstraintErrors(t *testing.T) {
	bad := []struct {
		c     dist.Constraint
		shape []int
	}{
		{dist.Simplex(3), []int{4}},
		{dist.Simplex(1), []int{1}},
		{dist.CholeskyCorr(3), []int{9}},
		{dist.Interval(2, 1), []int{1}},
		{dist.Lower(math.Inf(1)), []int{1}},
		{dist.Count, []int{2}},
	}
	for _, b := range bad {
		if _, err := b.c.FreeSize(b.shape); err == nil {
			t.Errorf("%v with shape %v: no error", b.c, b.shape)
		}
	}
	if err := dist.Positive.Unconstrain(make([]float64, 1), []float64{-1}); err == nil {
		t.Error("Unconstrain of -1 onto positive: no error")
	}
}
