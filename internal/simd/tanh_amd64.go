//go:build amd64 && !purego

package simd

// TanhAVX2 sets dst[i] = tanh(src[i]) for i < n (n a multiple of 4) with
// AVX2 and FMA, by the algorithm of autodiff's tanhFast (fastmath.go),
// whose accuracy it shares; see tanh_amd64.s.
//
//go:noescape
func TanhAVX2(dst, src *float64, n int)

// TanhAVX512 is TanhAVX2 on eight lanes (n a multiple of 8) with AVX-512F.
//
//go:noescape
func TanhAVX512(dst, src *float64, n int)
