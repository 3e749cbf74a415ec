//go:build amd64 && !purego

package diag

//go:noescape
func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

//go:noescape
func xgetbv0() (eax uint32)

// lagKernel16AVX is lagKernel16 with AVX2 and FMA; see lags_amd64.s.
//
//go:noescape
func lagKernel16AVX(acc *[16]float64, x, w *float64, m int)

// hasAVX2FMA reports whether the processor and the operating system support
// AVX2 and FMA (the YMM state is saved on context switches).
var hasAVX2FMA = func() bool {
	maxID, _, _, _ := cpuid(0, 0)
	if maxID < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if ecx1&fma == 0 || ecx1&osxsave == 0 || ecx1&avx == 0 {
		return false
	}
	if xgetbv0()&6 != 6 { // XMM and YMM state enabled by the OS
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0
}()

// useLagKernel selects the assembly kernel (tests switch it off to compare
// with the portable loop).
var useLagKernel = hasAVX2FMA

// lagKernel16 sets acc[k] = fma(x[i], w[i+k], acc[k]) for i < m in order,
// for k < 16; w must hold m+15 values.
func lagKernel16(acc *[16]float64, x, w []float64, m int) {
	if m <= 0 {
		return
	}
	_ = x[m-1]
	_ = w[m+14]
	if useLagKernel {
		lagKernel16AVX(acc, &x[0], &w[0], m)
		return
	}
	lagKernel16Go(acc, x, w, m)
}
