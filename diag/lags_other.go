//go:build !amd64 || purego

package diag

// useLagKernel is false: no assembly kernel on this platform.
var useLagKernel = false

// lagKernel16 sets acc[k] = fma(x[i], w[i+k], acc[k]) for i < m in order,
// for k < 16; w must hold m+15 values.
func lagKernel16(acc *[16]float64, x, w []float64, m int) {
	lagKernel16Go(acc, x, w, m)
}
