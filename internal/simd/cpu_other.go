//go:build !amd64 || purego

package simd

// Without the assembly (another architecture, or the purego build tag)
// no kernel is available.
const (
	// HasAVX2 is false: no AVX2 kernels in this build.
	HasAVX2 = false
	// HasFMA is false: no FMA kernels in this build.
	HasFMA = false
	// HasAVX512F is false: no AVX-512 kernels in this build.
	HasAVX512F = false
)
