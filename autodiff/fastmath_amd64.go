//go:build amd64 && !purego

package autodiff

import (
	"unsafe"

	"github.com/bayesnn-go/bayesnn/internal/simd"
)

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
				simd.TanhAVX512(unsafe.SliceData(dst), unsafe.SliceData(src), n4)
			}
		}
		if r := (len(src) - n4) &^ 3; r > 0 {
			simd.TanhAVX2(unsafe.SliceData(dst[n4:]), unsafe.SliceData(src[n4:]), r)
			n4 += r
		}
	}
	for i := n4; i < len(src); i++ {
		dst[i] = tanhFast(src[i])
	}
}
