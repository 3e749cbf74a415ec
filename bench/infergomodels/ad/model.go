package infergomodels

import (
	"math"

	"bitbucket.org/dtolpin/infergo/ad"
	. "bitbucket.org/dtolpin/infergo/dist/ad"
)

type IIDNormal struct{}

func (m *IIDNormal) Observe(x []float64) float64 {
	if ad.Called() {
		ad.Enter()
	} else {
		ad.Setup(x)
	}
	return ad.Return(ad.Call(func(_ []float64) {
		Normal.Logps(0, 0, x...)
	}, 2, ad.Value(0), ad.Value(1)))
}

type Funnel struct{}

func (m *Funnel) Observe(x []float64) float64 {
	if ad.Called() {
		ad.Enter()
	} else {
		ad.Setup(x)
	}
	var v float64
	ad.Assignment(&v, &x[0])
	var ll float64
	ad.Assignment(&ll, ad.Call(func(_ []float64) {
		Normal.Logp(0, 0, 0)
	}, 3, ad.Value(0), ad.Value(3), &v))
	ad.Assignment(&ll, ad.Arithmetic(ad.OpAdd, &ll, ad.Call(func(_ []float64) {
		Normal.Logps(0, 0, x[1:]...)
	}, 2, ad.Value(0), ad.Elemental(math.Exp, ad.Arithmetic(ad.OpMul, ad.Value(0.5), &v)))))
	return ad.Return(&ll)
}

type EightSchools struct {
	Y     []float64
	Sigma []float64
}

func (m *EightSchools) Observe(x []float64) float64 {
	if ad.Called() {
		ad.Enter()
	} else {
		ad.Setup(x)
	}
	var j int

	j = len(m.Y)
	var mu float64
	ad.Assignment(&mu, &x[j])
	var logTau float64
	ad.Assignment(&logTau, &x[j+1])
	var tau float64
	ad.Assignment(&tau, ad.Elemental(math.Exp, &logTau))
	var ll float64
	ad.Assignment(&ll, ad.Call(func(_ []float64) {
		Normal.Logps(0, 0, x[:j]...)
	}, 2, ad.Value(0), ad.Value(1)))
	for i := 0; i != j; i = i + 1 {
		ad.Assignment(&ll, ad.Arithmetic(ad.OpAdd, &ll, ad.Call(func(_ []float64) {
			Normal.Logp(0, 0, 0)
		}, 3, ad.Arithmetic(ad.OpAdd, ad.Arithmetic(ad.OpMul, &x[i], &tau), &mu), &m.Sigma[i], &m.Y[i])))
	}
	ad.Assignment(&ll, ad.Arithmetic(ad.OpAdd, &ll, ad.Call(func(_ []float64) {
		Normal.Logp(0, 0, 0)
	}, 3, ad.Value(0), ad.Value(5), &mu)))
	ad.Assignment(&ll, ad.Arithmetic(ad.OpAdd, &ll, ad.Call(func(_ []float64) {
		Cauchy.Logp(0, 0, 0)
	}, 3, ad.Value(0), ad.Value(5), &tau)))
	ad.Assignment(&ll, ad.Arithmetic(ad.OpAdd, &ll, &logTau))
	return ad.Return(&ll)
}
