// Package simd is the one home of the project's assembly: the AVX2 and
// AVX-512 kernels of the NUTS hot path (samplers), the GEMM micro-kernels
// and the vector tanh of the tape (autodiff), and the lag kernel of the
// autocovariances (diag), with the CPU features that select them.
//
// Each kernel handles a vector part of its loop (a multiple of 4 or 8
// elements, or a 4×k tile); the calling package owns the portable Go loop
// that is the kernel's twin (it runs the remainder, and everything where
// the assembly does not), the switch that picks between them, and the
// tests that hold the two together: samplers/vecops.go and uturn.go,
// autodiff/gemm.go and fastmath.go, diag/autocov.go.
//
// Without assembly (another architecture than amd64, or the purego build
// tag) the feature flags are false and the kernels are stubs that panic:
// callers check the flags first. At run time GODEBUG=cpu.avx2=off (or
// cpu.all=off, cpu.avx512f=off) turns the flags off as well.
package simd
