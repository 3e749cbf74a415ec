//go:build amd64 && !purego

package simd

import "golang.org/x/sys/cpu"

// HasAVX2 reports whether the processor and the operating system support
// AVX2 (golang.org/x/sys/cpu checks that the OS saves the YMM state).
var HasAVX2 = cpu.X86.HasAVX2

// HasFMA reports whether the processor supports FMA3 (fused multiply-add).
var HasFMA = cpu.X86.HasFMA

// HasAVX512F reports whether the processor and the operating system
// support AVX-512F (x/sys/cpu checks that the opmask and ZMM state are
// saved).
var HasAVX512F = cpu.X86.HasAVX512F
