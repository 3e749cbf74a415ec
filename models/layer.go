package models

import (
	"math"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/dist"
	"github.com/bayesnn-go/bayesnn/model"
)

// fromLayer wraps a model written on the modelling layer as a Model: the
// unconstrained and constrained names, the log density and the map to the
// constrained values all come from the layer.
func fromLayer(md *model.Model) (*Model, error) {
	if err := md.Err(); err != nil {
		return nil, err
	}
	constrain, err := md.Constrainer()
	if err != nil {
		return nil, err
	}
	names := md.Names()
	return &Model{
		Name: md.Name(), Dim: md.Dim(), Unconstrained: md.UnconstrainedNames(),
		LogDensity: md.Func(), Names: names,
		Constrain: func(out, p []float64) []float64 {
			out = dst(out, len(names))
			if _, err := constrain(out, p); err != nil {
				for i := range out {
					out[i] = math.NaN()
				}
			}
			return out
		},
	}, nil
}

// lowDimGaussMix is posteriordb's low_dim_gauss_mix on the layer: an
// ordered pair of means with a normal prior, positive scales (Stan's
// normal(0, 2) on sigma >= 0 is HalfNormal(2) up to a constant), a mixing
// weight and the two-component mixture likelihood as a factor.
func lowDimGaussMix(d jsonData) (*Model, error) {
	y := d.vec("y")
	if d.err != nil {
		return nil, d.err
	}
	n := len(y)
	const halfLog2Pi = 0.9189385332046727 // log √(2π)
	return fromLayer(model.New("low_dim_gauss_mix", func(m *model.M) {
		mu := m.Param("mu", dist.Ordered(2))
		m.Score(mu, dist.Normal(0, 2))
		sigma := m.Sample("sigma", dist.HalfNormal(2), 2)
		theta := m.Sample("theta", dist.Beta(5, 5))
		yc := m.Const(y, n, 1)
		component := func(k int, logW *ad.Var) *ad.Var { // log w_k + log N(y | mu_k, sigma_k), [n, 1]
			s := sigma.View(k, k+1)
			z := ad.Div(ad.Sub(yc, mu.View(k, k+1)), s)
			return ad.Add(ad.Scale(ad.Square(z), -0.5), ad.AddConst(ad.Sub(logW, ad.Log(s)), -halfLog2Pi))
		}
		a := component(0, ad.Log(theta))
		b := component(1, ad.Log1p(ad.Neg(theta)))
		m.Factor(ad.Sum(ad.LogSumExp(ad.Concat(1, a, b), 1)))
	}))
}
