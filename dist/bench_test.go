package dist_test

import (
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/dist"
)

// benchPrior measures one value and gradient of log d(x(u)) + log J(u)
// through constraint c on a compiled tape (no allocation once warm).
func benchPrior(b *testing.B, c dist.Constraint, shape []int, d dist.Distribution) {
	n, err := c.FreeSize(shape)
	if err != nil {
		b.Fatal(err)
	}
	f := func(t *ad.Tape, u *ad.Var) *ad.Var {
		x, lj := c.Transform(u, shape)
		lp, err := d.LogProb(x)
		if err != nil {
			b.Fatal(err)
		}
		return ad.Add(lp, lj)
	}
	u := make([]float64, n)
	for i := range u {
		u[i] = 0.1 * float64(i%5-2)
	}
	comp, err := ad.Compile(f, u, nil)
	if err != nil {
		b.Fatal(err)
	}
	g := make([]float64, n)
	b.ReportAllocs()
	for b.Loop() {
		comp.LogProb(g, u)
	}
}

func BenchmarkDirichletSimplex10(b *testing.B) {
	alpha := make([]float64, 10)
	for i := range alpha {
		alpha[i] = 2
	}
	benchPrior(b, dist.Simplex(10), []int{10}, dist.Dirichlet(alpha))
}

func BenchmarkLKJCholeskyCorr5(b *testing.B) {
	benchPrior(b, dist.CholeskyCorr(5), []int{5, 5}, dist.LKJCholesky(5, 2))
}
