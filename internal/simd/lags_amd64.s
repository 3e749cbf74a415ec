//go:build !purego

#include "textflag.h"

// func LagKernel16AVX(acc *[16]float64, x, w *float64, m int)
//
// For i < m (m ≥ 1) and k < 16: acc[k] = fma(x[i], w[i+k], acc[k]), lane k
// of the four YMM accumulators taking the same fused operations in the same
// order as the scalar loop.
TEXT ·LagKernel16AVX(SB), NOSPLIT, $0-32
	MOVQ acc+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ w+16(FP), DX
	MOVQ m+24(FP), CX
	VMOVUPD 0(DI), Y0
	VMOVUPD 32(DI), Y1
	VMOVUPD 64(DI), Y2
	VMOVUPD 96(DI), Y3

loop:
	VBROADCASTSD (SI), Y4
	VFMADD231PD 0(DX), Y4, Y0
	VFMADD231PD 32(DX), Y4, Y1
	VFMADD231PD 64(DX), Y4, Y2
	VFMADD231PD 96(DX), Y4, Y3
	ADDQ $8, SI
	ADDQ $8, DX
	DECQ CX
	JNZ  loop

	VMOVUPD Y0, 0(DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	VZEROUPPER
	RET
