//go:build amd64 && !purego

package autodiff

import "unsafe"

// tanhAVX2 sets dst[i] = tanh(src[i]) for i < n (n a multiple of 4) with
// AVX2 and FMA; see fastmath_amd64.s.
//
//go:noescape
func tanhAVX2(dst, src *float64, n int)

// tanhAVX512 is tanhAVX2 on eight lanes (n a multiple of 8) with AVX-512F.
//
//go:noescape
func tanhAVX512(dst, src *float64, n int)

// useTanhAVX2 selects the vector tanh (tests switch it off).
var useTanhAVX2 = hasAVX2FMA

// tanhSlice sets dst[i] = tanh(src[i]) (dst and src may be the same slice).
func tanhSlice(dst, src []float64) {
	dst = dst[:len(src)]
	n4 := 0
	if useTanhAVX2 {
		if useAVX512 {
			n4 = len(src) &^ 7
			if n4 > 0 {
				tanhAVX512(unsafe.SliceData(dst), unsafe.SliceData(src), n4)
			}
		}
		if r := (len(src) - n4) &^ 3; r > 0 {
			tanhAVX2(unsafe.SliceData(dst[n4:]), unsafe.SliceData(src[n4:]), r)
			n4 += r
		}
	}
	for i := n4; i < len(src); i++ {
		dst[i] = tanhFast(src[i])
	}
}
