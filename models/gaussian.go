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

// Funnel is Neal's funnel in d dimensions: v ~ N(0, 3²) and
// x_i | v ~ N(0, e^v) for i = 1..d-1 (v first). Centred, HMC must follow
// the funnel's neck; non-centred (x_i = e^{v/2} z_i, z_i ~ N(0, 1)) the
// geometry is a plain Gaussian. The outputs are (v, x) either way.
func Funnel(d int, centred bool) *Model {
	names := append([]string{"v"}, indexed("x", d-1)...)
	unc := names
	if !centred {
		unc = append([]string{"v"}, indexed("z", d-1)...)
	}
	m := &Model{Name: fmt.Sprintf("funnel_%d", d), Dim: d, Unconstrained: unc, Names: names}
	if centred {
		m.LogDensity = func(t *ad.Tape, p *ad.Var) *ad.Var {
			v := p.View(0, 1)
			x := p.View(1, d)
			return ad.Add(ad.NormalLogPdf(v, t.Scalar(0), t.Scalar(3)),
				ad.NormalLogPdf(x, t.Scalar(0), ad.Exp(ad.Scale(v, 0.5))))
		}
		m.Constrain = func(out, x []float64) []float64 { return append(dst(out, d)[:0], x...) }
		return m
	}
	m.Name += "_noncentred"
	m.LogDensity = func(t *ad.Tape, p *ad.Var) *ad.Var {
		return ad.Add(ad.NormalLogPdf(p.View(0, 1), t.Scalar(0), t.Scalar(3)),
			ad.NormalLogPdf(p.View(1, d), t.Scalar(0), t.Scalar(1)))
	}
	m.Constrain = func(out, x []float64) []float64 {
		out = dst(out, d)
		out[0] = x[0]
		s := math.Exp(x[0] / 2)
		for i := 1; i < d; i++ {
			out[i] = s * x[i]
		}
		return out
	}
	return m
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
