package samplers

import (
	"math"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/mat"
)

// rmFunnel is Neal's funnel in D = N dimensions, v = x[0] ~ N(0, SD²)
// (SD 0: 3, Neal's) and x_i | v ~ N(0, e^v), with hand-written Hessian
// and third derivatives (checked against finite differences in
// TestRMFunnelDerivatives).
type rmFunnel struct {
	N  int
	SD float64
}

// prec returns 1/SD².
func (f rmFunnel) prec() float64 {
	if f.SD == 0 {
		return 1.0 / 9
	}
	return 1 / (f.SD * f.SD)
}

var _ density.HessianTarget = rmFunnel{}

func (f rmFunnel) Dim() int { return f.N }

// LogProb: log p = -v²/(2 SD²) - Σ (x_i² e^{-v} + v)/2 + const.
func (f rmFunnel) LogProb(grad, x []float64) float64 {
	v := x[0]
	e := math.Exp(-v)
	lp := -0.5 * v * v * f.prec()
	gv := -v * f.prec()
	for i := 1; i < f.N; i++ {
		lp -= 0.5 * (x[i]*x[i]*e + v)
		gv += 0.5*x[i]*x[i]*e - 0.5
		grad[i] = -x[i] * e
	}
	grad[0] = gv
	return lp - 0.5*float64(f.N)*math.Log(2*math.Pi) + 0.5*math.Log(f.prec())
}

func (f rmFunnel) Hessian(dst *mat.SymDense, x []float64) error {
	v := x[0]
	e := math.Exp(-v)
	var s float64
	for i := 1; i < f.N; i++ {
		s += x[i] * x[i]
		dst.SetSym(0, i, x[i]*e)
		for j := i; j < f.N; j++ {
			dst.SetSym(i, j, 0)
		}
		dst.SetSym(i, i, -e)
	}
	dst.SetSym(0, 0, -f.prec()-0.5*s*e)
	return nil
}

func (f rmFunnel) HessianDeriv(dst []*mat.SymDense, x []float64) error {
	v := x[0]
	e := math.Exp(-v)
	var s float64
	for k := range f.N {
		d := dst[k]
		for i := range f.N {
			for j := i; j < f.N; j++ {
				d.SetSym(i, j, 0)
			}
		}
	}
	for i := 1; i < f.N; i++ {
		s += x[i] * x[i]
		dst[0].SetSym(0, i, -x[i]*e)
		dst[0].SetSym(i, i, e)
		dst[i].SetSym(0, 0, -x[i]*e)
		dst[i].SetSym(0, i, e)
	}
	dst[0].SetSym(0, 0, 0.5*s*e)
	return nil
}

// rmFunnelTape is the same funnel written on the autodiff tape.
func rmFunnelTape(d int) ad.Func {
	return func(t *ad.Tape, p *ad.Var) *ad.Var {
		v := p.View(0, 1)
		x := p.View(1, d)
		return ad.Add(ad.NormalLogPdf(v, t.Scalar(0), t.Scalar(3)),
			ad.NormalLogPdf(x, t.Scalar(0), ad.Exp(ad.Scale(v, 0.5))))
	}
}

// rmGaussTape is hamiltorch's 3-D example: independent normals with means
// 1, 2, 3 and standard deviation 0.5.
func rmGaussTape(t *ad.Tape, x *ad.Var) *ad.Var {
	mu := t.Const([]float64{1, 2, 3}, 3)
	return ad.Scale(ad.Sum(ad.Square(ad.Sub(x, mu))), -0.5/0.25)
}
