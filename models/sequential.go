package models

import (
	"math"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func garch11(d jsonData) (*Model, error) {
	y := d.vec("y")
	sigma1 := d.num("sigma1")
	if d.err != nil {
		return nil, d.err
	}
	n := len(y)
	return &Model{
		Dim: 4, Unconstrained: []string{"mu", "log_alpha0", "logit_alpha1", "logit_beta1_scaled"},
		Names: []string{"mu", "alpha0", "alpha1", "beta1"},
		LogDensity: func(t *ad.Tape, p *ad.Var) *ad.Var {
			mu := p.View(0, 1)
			alpha0, lj0 := ad.Positive(p.View(1, 2))
			alpha1, lj1 := ad.UnitInterval(p.View(2, 3))
			// beta1 in (0, 1 - alpha1): (1 - alpha1)·sigmoid(v).
			v := p.View(3, 4)
			rest := ad.AddConst(ad.Neg(alpha1), 1)
			beta1 := ad.Mul(rest, ad.Sigmoid(v))
			lj2 := ad.Add(ad.Log(rest), ad.Add(ad.LogSigmoid(v), ad.LogSigmoid(ad.Neg(v))))
			// σ²_t = α0 + α1 (y_{t-1} - μ)² + β1 σ²_{t-1}.
			r := ad.Square(ad.Sub(t.Const(y[:n-1]), mu))
			s2 := t.Scalar(sigma1 * sigma1)
			sig := make([]*ad.Var, n)
			sig[0] = t.Scalar(sigma1)
			for i := 1; i < n; i++ {
				s2 = ad.Add(alpha0, ad.Add(ad.Mul(alpha1, r.View(i-1, i)), ad.Mul(beta1, s2)))
				sig[i] = s2
			}
			sigma := ad.Sqrt(ad.Concat(0, sig[1:]...))
			lp := ad.NormalLogPdf(t.Const(y[1:]), mu, sigma)
			lp = ad.Add(lp, ad.NormalLogPdf(t.Const(y[:1]), mu, sig[0]))
			return ad.Add(ad.Add(lp, lj0), ad.Add(lj1, lj2))
		},
		Constrain: func(out, p []float64) []float64 {
			out = dst(out, 4)
			a1 := sigmoid(p[2])
			out[0], out[1], out[2], out[3] = p[0], math.Exp(p[1]), a1, (1-a1)*sigmoid(p[3])
			return out
		},
	}, nil
}

func arma11(d jsonData) (*Model, error) {
	y := d.vec("y")
	if d.err != nil {
		return nil, d.err
	}
	n := len(y)
	return &Model{
		Dim: 4, Unconstrained: []string{"mu", "phi", "theta", "log_sigma"},
		Names: []string{"mu", "phi", "theta", "sigma"},
		LogDensity: func(t *ad.Tape, p *ad.Var) *ad.Var {
			mu, phi, theta := p.View(0, 1), p.View(1, 2), p.View(2, 3)
			sigma, lj := ad.Positive(p.View(3, 4))
			// err_1 = y_1 - μ - φμ; err_t = y_t - μ - φ y_{t-1} - θ err_{t-1}.
			base := ad.Sub(ad.Sub(t.Const(y[1:]), mu), ad.Mul(phi, t.Const(y[:n-1])))
			e := ad.Sub(ad.Sub(t.Scalar(y[0]), mu), ad.Mul(phi, mu))
			errs := make([]*ad.Var, n)
			errs[0] = e
			for i := 1; i < n; i++ {
				e = ad.Sub(base.View(i-1, i), ad.Mul(theta, e))
				errs[i] = e
			}
			lp := ad.NormalLogPdf(ad.Concat(0, errs...), c(t, 0), sigma)
			lp = ad.Add(lp, ad.NormalLogPdf(mu, c(t, 0), c(t, 10)))
			lp = ad.Add(lp, ad.NormalLogPdf(ad.Concat(0, phi, theta), c(t, 0), c(t, 2)))
			lp = ad.Add(lp, ad.CauchyLogPdf(sigma, c(t, 0), c(t, 2.5)))
			return ad.Add(lp, lj)
		},
		Constrain: func(out, p []float64) []float64 {
			out = dst(out, 4)
			copy(out, p[:3])
			out[3] = math.Exp(p[3])
			return out
		},
	}, nil
}

func gpPoisRegr(d jsonData) (*Model, error) {
	x, kf := d.vec("x"), d.vec("k")
	if d.err != nil {
		return nil, d.err
	}
	n := len(x)
	d2 := make([]float64, n*n) // squared distances
	eye := make([]float64, n*n)
	for i := range n {
		for j := range n {
			d2[i*n+j] = (x[i] - x[j]) * (x[i] - x[j])
		}
		eye[i*n+i] = 1e-10
	}
	unc := append([]string{"log_rho", "log_alpha"}, indexed("f_tilde", n)...)
	names := append([]string{"rho", "alpha"}, indexed("f", n)...)
	chol := func(rho, alpha float64) []float64 {
		l := make([]float64, n*n)
		for i := range n {
			for j := 0; j <= i; j++ {
				s := alpha*alpha*math.Exp(-d2[i*n+j]/(2*rho*rho)) + eye[i*n+j]
				for k := range j {
					s -= l[i*n+k] * l[j*n+k]
				}
				if i == j {
					l[i*n+i] = math.Sqrt(s)
				} else {
					l[i*n+j] = s / l[j*n+j]
				}
			}
		}
		return l
	}
	return &Model{
		Dim: n + 2, Unconstrained: unc, Names: names,
		LogDensity: func(t *ad.Tape, p *ad.Var) *ad.Var {
			rho, lj1 := ad.Positive(p.View(0, 1))
			alpha, lj2 := ad.Positive(p.View(1, 2))
			ft := p.View(2, n+2)
			// K = α² exp(-d²/(2ρ²)) + 1e-10 I.
			inv := ad.Scale(ad.Exp(ad.Scale(p.View(0, 1), -2)), -0.5)
			k := ad.Add(ad.Mul(ad.Square(alpha), ad.Exp(ad.Mul(t.Const(d2, n, n), inv))), t.Const(eye, n, n))
			f := ad.Reshape(ad.MatMul(ad.Cholesky(k), ad.Reshape(ft, n, 1)), n)
			lp := ad.GammaLogPdf(rho, c(t, 25), c(t, 4))
			lp = ad.Add(lp, ad.NormalLogPdf(alpha, c(t, 0), c(t, 2)))
			lp = ad.Add(lp, ad.NormalLogPdf(ft, c(t, 0), c(t, 1)))
			lp = ad.Add(lp, ad.PoissonLogLogPmf(t.Const(kf), f))
			return ad.Add(lp, ad.Add(lj1, lj2))
		},
		Constrain: func(out, p []float64) []float64 {
			out = dst(out, n+2)
			rho, alpha := math.Exp(p[0]), math.Exp(p[1])
			l := chol(rho, alpha)
			out[0], out[1] = rho, alpha
			for i := range n {
				s := 0.0
				for j := 0; j <= i; j++ {
					s += l[i*n+j] * p[2+j]
				}
				out[2+i] = s
			}
			return out
		},
	}, nil
}
