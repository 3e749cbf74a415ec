package autodiff

import "math"

// normalScalarScale records NormalLogPdf for a scalar sigma (x and mu
// broadcast freely): the common cases of a N(mu, sigma) prior on many
// weights and of a Gaussian likelihood with one noise scale. Its loops
// need no per-element logarithm and no cache: with r_e = x_e - mu_e,
// S = Σ r_e² and n elements,
//
//	log p = -S/(2σ²) - n log σ - n log √(2π).
func normalScalarScale(x, mu, sigma *Var) *Var {
	const name = "NormalLogPdf"
	t := tapeOf(name, x, mu, sigma)
	shape, ok := broadcastShapes(x.Shape, mu.Shape)
	if ok {
		shape, ok = broadcastShapes(shape, sigma.Shape)
	}
	if !ok {
		opPanic(name, "arguments do not broadcast", x, mu, sigma)
	}
	checkImplicit(name, shape, x, mu, sigma)
	ix, im := indexMap(x.Shape, shape), indexMap(mu.Shape, shape)
	n := numel(shape)
	fn := float64(n)
	y := t.newVar(name, []int{1}, anyGrad(x, mu, sigma))
	// sumSq returns S; r_e is recomputed wherever needed (one subtraction).
	sumSq := func() float64 {
		xv, mv := x.Value, mu.Value
		S := 0.0
		if ix == nil && len(mv) == 1 {
			m := mv[0]
			for _, xe := range xv {
				r := xe - m
				S += r * r
			}
			return S
		}
		for e := range n {
			r := xv[at(ix, e)] - mv[at(im, e)]
			S += r * r
		}
		return S
	}
	y.fwd = func() {
		s := sigma.Value[0]
		if !(s > 0) {
			y.Value[0] = math.NaN()
			return
		}
		y.Value[0] = -0.5*sumSq()/(s*s) - fn*(math.Log(s)+lpLogSqrt2Pi)
	}
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	fillNaN := func(vs ...[]float64) {
		for _, v := range vs {
			for i := range v {
				v[i] = math.NaN()
			}
		}
	}
	y.bwd = func() {
		g := y.Grad[0]
		s := sigma.Value[0]
		if !(s > 0) {
			fillNaN(x.Grad, mu.Grad, sigma.Grad)
			return
		}
		xv, mv, gx, gm := x.Value, mu.Value, x.Grad, mu.Grad
		c := g / (s * s)
		S := 0.0
		if ix == nil && len(mv) == 1 {
			m, rs := mv[0], 0.0
			for e, xe := range xv {
				r := xe - m
				S += r * r
				rs += r
				if gx != nil {
					gx[e] -= c * r
				}
			}
			if gm != nil {
				gm[0] += c * rs
			}
		} else {
			for e := range n {
				jx, jm := at(ix, e), at(im, e)
				r := xv[jx] - mv[jm]
				S += r * r
				if gx != nil {
					gx[jx] -= c * r
				}
				if gm != nil {
					gm[jm] += c * r
				}
			}
		}
		if sigma.Grad != nil {
			sigma.Grad[0] += g * (S/(s*s*s) - fn/s)
		}
	}
	y.jvp = func() {
		s := sigma.Value[0]
		xv, mv, xt, mt := x.Value, mu.Value, x.Tan, mu.Tan
		S, rt := 0.0, 0.0 // Σ r², Σ r·(ẋ - μ̇)
		for e := range n {
			jx, jm := at(ix, e), at(im, e)
			r := xv[jx] - mv[jm]
			S += r * r
			rt += r * (xt[jx] - mt[jm])
		}
		y.Tan[0] = -rt/(s*s) + (S/(s*s*s)-fn/s)*sigma.Tan[0]
	}
	y.bwdTan = func() {
		g, gt := y.Grad[0], y.GradTan[0]
		s := sigma.Value[0]
		st := sigma.Tan[0]
		s2, s3 := s*s, s*s*s
		xv, mv, xt, mt := x.Value, mu.Value, x.Tan, mu.Tan
		gxt, gmt := x.GradTan, mu.GradTan
		S, rt := 0.0, 0.0
		for e := range n {
			jx, jm := at(ix, e), at(im, e)
			r := xv[jx] - mv[jm]
			dt := xt[jx] - mt[jm]
			S += r * r
			rt += r * dt
			// d/dε of the x-adjoint -g·r/σ²; the mu-adjoint is its negative.
			v := -gt*r/s2 + g*(-dt/s2+2*r*st/s3)
			if gxt != nil {
				gxt[jx] += v
			}
			if gmt != nil {
				gmt[jm] -= v
			}
		}
		if sigma.GradTan != nil {
			sigma.GradTan[0] += gt*(S/s3-fn/s) + g*(2*rt/s3+(fn/s2-3*S/(s2*s2))*st)
		}
	}
	return t.push(y)
}
