package diag

import (
	"math"

	"gonum.org/v1/gonum/dsp/fourier"
)

// fftGoodSize returns the smallest n' ≥ n with no prime factor above 5.
func fftGoodSize(n int) int {
	if n <= 2 {
		return 2
	}
	for ; ; n++ {
		m := n
		for m%2 == 0 {
			m /= 2
		}
		for m%3 == 0 {
			m /= 3
		}
		for m%5 == 0 {
			m /= 5
		}
		if m == 1 {
			return n
		}
	}
}

// fftAcov holds the plan and scratch for autocovariances by FFT.
type fftAcov struct {
	fft   *fourier.FFT
	pad   []float64
	coef  []complex128
	seq   []float64
	ncoef int
}

// addAcov adds the biased autocovariances of the centered sequence yc at lags
// 0..len(dst)-1, scaled by w, into dst.
func (f *fftAcov) addAcov(dst []float64, yc []float64, w float64) {
	n := len(yc)
	m2 := 2 * fftGoodSize(n)
	if f.fft == nil || f.fft.Len() != m2 {
		f.fft = fourier.NewFFT(m2)
		f.pad = make([]float64, m2)
		f.seq = make([]float64, m2)
		f.coef = make([]complex128, m2/2+1)
	}
	copy(f.pad, yc)
	clear(f.pad[n:])
	f.fft.Coefficients(f.coef, f.pad)
	for i, c := range f.coef {
		f.coef[i] = complex(real(c)*real(c)+imag(c)*imag(c), 0)
	}
	f.fft.Sequence(f.seq, f.coef)
	s := w / (float64(m2) * float64(n))
	for l := range dst {
		dst[l] += f.seq[l] * s
	}
}

// Autocovariance returns in dst the autocovariances of x at lags
// 0..len(x)-1 by FFT, with the biased estimator recommended by Geyer (1992):
// the sum of the lag-t products of the centered sequence divided by len(x).
// If dst is nil it is allocated; otherwise it must have len(x).
func Autocovariance(dst, x []float64) []float64 {
	n := len(x)
	if dst == nil {
		dst = make([]float64, n)
	} else if len(dst) != n {
		panic("diag: len(dst) != len(x)")
	}
	if n == 0 {
		return dst
	}
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(n)
	yc := make([]float64, n)
	for i, v := range x {
		yc[i] = v - mean
	}
	clear(dst)
	var f fftAcov
	f.addAcov(dst, yc, 1)
	return dst
}

// Autocorrelation returns in dst the autocorrelations of x at lags
// 0..len(x)-1: Autocovariance divided by its lag-0 value. A constant x gives
// NaN. If dst is nil it is allocated; otherwise it must have len(x).
func Autocorrelation(dst, x []float64) []float64 {
	dst = Autocovariance(dst, x)
	if len(dst) == 0 {
		return dst
	}
	v := dst[0]
	if v == 0 {
		for i := range dst {
			dst[i] = math.NaN()
		}
		return dst
	}
	for i := range dst {
		dst[i] /= v
	}
	return dst
}

// lagProducts adds to out[k], k < 8, the sum over i of y[i]·y[i+lo+k].
func lagProducts(out *[8]float64, y []float64, lo int) {
	n := len(y)
	var a0, a1, a2, a3, a4, a5, a6, a7 float64
	i := 0
	for ; i+lo+7 < n; i++ {
		v := y[i]
		w := y[i+lo : i+lo+8 : i+lo+8]
		a0 = math.FMA(v, w[0], a0)
		a1 = math.FMA(v, w[1], a1)
		a2 = math.FMA(v, w[2], a2)
		a3 = math.FMA(v, w[3], a3)
		a4 = math.FMA(v, w[4], a4)
		a5 = math.FMA(v, w[5], a5)
		a6 = math.FMA(v, w[6], a6)
		a7 = math.FMA(v, w[7], a7)
	}
	out[0] += a0
	out[1] += a1
	out[2] += a2
	out[3] += a3
	out[4] += a4
	out[5] += a5
	out[6] += a6
	out[7] += a7
	for ; i < n; i++ {
		v := y[i]
		for k := 0; k < 8 && i+lo+k < n; k++ {
			out[k] += v * y[i+lo+k]
		}
	}
}

// lagProducts4 adds to out[k], k < 4, the sum over i of y[i]·y[i+lo+k].
func lagProducts4(out *[8]float64, y []float64, lo int) {
	n := len(y)
	var a0, a1, a2, a3 float64
	i := 0
	for ; i+lo+3 < n; i++ {
		v := y[i]
		w := y[i+lo : i+lo+4 : i+lo+4]
		a0 = math.FMA(v, w[0], a0)
		a1 = math.FMA(v, w[1], a1)
		a2 = math.FMA(v, w[2], a2)
		a3 = math.FMA(v, w[3], a3)
	}
	out[0] += a0
	out[1] += a1
	out[2] += a2
	out[3] += a3
	for ; i < n; i++ {
		v := y[i]
		for k := 0; k < 4 && i+lo+k < n; k++ {
			out[k] += v * y[i+lo+k]
		}
	}
}

// lagKernel16Go is the portable lagKernel16.
func lagKernel16Go(acc *[16]float64, x, w []float64, m int) {
	for i, v := range x[:m] {
		u := w[i : i+16 : i+16]
		for k := range acc {
			acc[k] = math.FMA(v, u[k], acc[k])
		}
	}
}

// lagBlocks adds to out[k], k < 16, the sums over i of y[i]·y[i+lo+k]: what
// lagProducts(out[0:8], y, 0) and lagProducts4 for lags 8–11 and 12–15 add
// if first (lo = 0), and what lagProducts4 adds for lags lo+4j…lo+4j+3,
// j < 4, otherwise. Every lag takes the same operations in the same order as
// in those functions, so the same rounding, but the draws are read once for
// sixteen lags, by lagKernel16 where the input is long enough.
func lagBlocks(out *[16]float64, y []float64, lo int, first bool) {
	n := len(y)
	type block struct{ off, size int }
	blocks := []block{{0, 4}, {4, 4}, {8, 4}, {12, 4}}
	if first {
		blocks = []block{{0, 8}, {8, 4}, {12, 4}}
	}
	m := n - lo - 15 // draws i for which every lag lo+k, k < 16, is in range
	if m <= 0 {
		for _, b := range blocks {
			var o [8]float64
			copy(o[:], out[b.off:b.off+b.size])
			if b.size == 8 {
				lagProducts(&o, y, lo+b.off)
			} else {
				lagProducts4(&o, y, lo+b.off)
			}
			copy(out[b.off:b.off+b.size], o[:b.size])
		}
		return
	}
	var acc [16]float64
	lagKernel16(&acc, y, y[lo:], m)
	for _, b := range blocks {
		l := lo + b.off
		a := acc[b.off : b.off+b.size]
		// The main loop of lagProducts(4) runs on while all the block's
		// lags are in range, then its sum is added and the tail follows.
		i := m
		for ; i+l+b.size-1 < n; i++ {
			v := y[i]
			for k := range a {
				a[k] = math.FMA(v, y[i+l+k], a[k])
			}
		}
		o := out[b.off : b.off+b.size]
		for k := range o {
			o[k] += a[k]
		}
		for ; i < n; i++ {
			v := y[i]
			for k := 0; k < b.size && i+l+k < n; k++ {
				o[k] += v * y[i+l+k]
			}
		}
	}
}
