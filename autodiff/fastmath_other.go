//go:build !amd64 || purego

package autodiff

// useTanhAVX2 is false: no vector tanh on this platform.
var useTanhAVX2 = false

// tanhSlice sets dst[i] = tanh(src[i]) (dst and src may be the same slice).
func tanhSlice(dst, src []float64) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] = tanhFast(v)
	}
}
