package models

import (
	"fmt"
	"math"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

// IIDNormal is the d-dimensional standard normal.
func IIDNormal(d int) *Model {
	names := indexed("x", d)
	return &Model{
		Name: fmt.Sprintf("iid_normal_%d", d), Dim: d, Unconstrained: names, Names: names,
		LogDensity: func(t *ad.Tape, x *ad.Var) *ad.Var {
			return ad.AddConst(ad.Scale(ad.Sum(ad.Square(x)), -0.5), -float64(d)*0.5*math.Log(2*math.Pi))
		},
		Constrain: func(out, x []float64) []float64 { return append(dst(out, d)[:0], x...) },
	}
}

// CorrelatedNormal is a 2-D normal with unit variances and correlation rho.
func CorrelatedNormal(rho float64) *Model {
	prec := []float64{1 / (1 - rho*rho), -rho / (1 - rho*rho), -rho / (1 - rho*rho), 1 / (1 - rho*rho)}
	c := -math.Log(2*math.Pi) - 0.5*math.Log(1-rho*rho)
	names := []string{"x[1]", "x[2]"}
	return &Model{
		Name: fmt.Sprintf("corr_normal_%g", rho), Dim: 2, Unconstrained: names, Names: names,
		LogDensity: func(t *ad.Tape, x *ad.Var) *ad.Var {
			return ad.AddConst(ad.Scale(ad.QuadForm(x, t.Const(prec, 2, 2)), -0.5), c)
		},
		Constrain: func(out, x []float64) []float64 { return append(dst(out, 2)[:0], x...) },
	}
}
