package samplers

import "math"

// expWeight returns e^x to within a few units in the last place, for the
// multinomial weights of NUTS: a table of 2^(j/64) and a degree-5
// polynomial on |r| ≤ ln2/128, evaluated in Estrin's form so that the
// chain of dependent operations is short (math.Exp's latency was a tenth
// of a NUTS step on a cheap model). Outside (-700, 700), and for NaN, it
// is math.Exp.
func expWeight(x float64) float64 {
	if !(x > -700 && x < 700) {
		return math.Exp(x)
	}
	const (
		shifter = 0x1.8p52 // adding it rounds to an integer in the low bits
		invL    = 64 / math.Ln2
		l1      = 0x1.62e42fefa0000p-7 // ln2/64, high part (exact times k)
		l2      = 0x1.cf79abc9e3b3ap-46
	)
	t := x*invL + shifter
	k := int64(math.Float64bits(t)) // the low bits hold round(x·64/ln2)
	kf := t - shifter
	r := (x - kf*l1) - kf*l2
	r2 := r * r
	p := (1 + r) + r2*((0.5+r*(1.0/6))+r2*(1.0/24+r*(1.0/120)))
	s := expTable[k&63] * p
	return math.Float64frombits(math.Float64bits(s) + uint64(k>>6)<<52)
}

// expTable holds 2^(j/64) for j < 64.
var expTable = func() (t [64]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / 64)
	}
	return t
}()
