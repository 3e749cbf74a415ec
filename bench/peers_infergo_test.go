package main

import (
	"math"
	"testing"

	"bitbucket.org/dtolpin/infergo/model"
)

// TestInfergoModelsMatch checks that each infergo model is our target up
// to an additive constant: equal gradients at two points, equal
// differences of log densities.
func TestInfergoModelsMatch(t *testing.T) {
	cs, err := infergoCases()
	if err != nil {
		t.Skip("posteriordb data not found:", err)
	}
	for _, c := range cs {
		ours, err := c.ours.Target()
		if err != nil {
			t.Fatal(err)
		}
		var lpOurs, lpTheirs [2]float64
		for k := range 2 {
			x := uniformInit(c.ours.Dim, uint64(100+k))
			g := make([]float64, c.ours.Dim)
			lpOurs[k] = ours.LogProb(g, x)
			lpTheirs[k] = c.m.Observe(x)
			gt := model.Gradient(c.m)
			for i := range g {
				// 1e-9 relative: both are exact derivatives in float64.
				if math.Abs(g[i]-gt[i]) > 1e-9*(1+math.Abs(g[i])) {
					t.Errorf("%s: grad[%d] = %g (infergo) want %g", c.name, i, gt[i], g[i])
				}
			}
		}
		if d0, d1 := lpOurs[0]-lpTheirs[0], lpOurs[1]-lpTheirs[1]; math.Abs(d0-d1) > 1e-9*(1+math.Abs(lpOurs[0])) {
			t.Errorf("%s: log densities differ by %g and %g, not a constant", c.name, d0, d1)
		}
	}
}

func BenchmarkInfergoGradient(b *testing.B) {
	cs, err := infergoCases()
	if err != nil {
		b.Skip("posteriordb data not found:", err)
	}
	for _, c := range cs {
		b.Run(c.name, func(b *testing.B) {
			x := uniformInit(c.ours.Dim, 1)
			b.ReportAllocs()
			for b.Loop() {
				c.m.Observe(x)
				model.Gradient(c.m)
			}
		})
	}
}
