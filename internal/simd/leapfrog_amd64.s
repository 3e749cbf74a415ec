//go:build amd64 && !purego

#include "textflag.h"

// func KickDriftAVX2(q, p, grad, inv *float64, a, eps float64, n int)
//
// p[i] += a·g[i]; q[i] += eps·(inv[i]·p[i]) for i < n, n a multiple of 4.
TEXT ·KickDriftAVX2(SB), NOSPLIT, $0-56
	MOVQ q+0(FP), DI
	MOVQ p+8(FP), SI
	MOVQ grad+16(FP), DX
	MOVQ inv+24(FP), R8
	VBROADCASTSD a+32(FP), Y14
	VBROADCASTSD eps+40(FP), Y15
	MOVQ n+48(FP), CX
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-8, BX

kd8:
	CMPQ AX, BX
	JGE  kd4
	VMULPD  (DX)(AX*8), Y14, Y0
	VMULPD  32(DX)(AX*8), Y14, Y2
	VADDPD  (SI)(AX*8), Y0, Y0
	VADDPD  32(SI)(AX*8), Y2, Y2
	VMOVUPD Y0, (SI)(AX*8)
	VMOVUPD Y2, 32(SI)(AX*8)
	VMULPD  (R8)(AX*8), Y0, Y1
	VMULPD  32(R8)(AX*8), Y2, Y3
	VMULPD  Y15, Y1, Y1
	VMULPD  Y15, Y3, Y3
	VADDPD  (DI)(AX*8), Y1, Y1
	VADDPD  32(DI)(AX*8), Y3, Y3
	VMOVUPD Y1, (DI)(AX*8)
	VMOVUPD Y3, 32(DI)(AX*8)
	ADDQ $8, AX
	JMP  kd8

kd4:
	CMPQ AX, CX
	JGE  kddone
	VMULPD  (DX)(AX*8), Y14, Y0
	VADDPD  (SI)(AX*8), Y0, Y0
	VMOVUPD Y0, (SI)(AX*8)
	VMULPD  (R8)(AX*8), Y0, Y1
	VMULPD  Y15, Y1, Y1
	VADDPD  (DI)(AX*8), Y1, Y1
	VMOVUPD Y1, (DI)(AX*8)
	ADDQ $4, AX
	JMP  kd4

kddone:
	VZEROUPPER
	RET

// func KickKineticAVX2(p, grad, inv, pOut, vOut *float64, a float64, n int) float64
//
// p[i] += a·g[i]; pOut[i] = p[i]; vOut[i] = inv[i]·p[i]; returns
// Σ vOut[i]·p[i], for i < n, n a multiple of 4.
TEXT ·KickKineticAVX2(SB), NOSPLIT, $0-64
	MOVQ p+0(FP), SI
	MOVQ grad+8(FP), DX
	MOVQ inv+16(FP), R8
	MOVQ pOut+24(FP), R9
	MOVQ vOut+32(FP), R10
	VBROADCASTSD a+40(FP), Y14
	MOVQ n+48(FP), CX
	VXORPD Y12, Y12, Y12
	VXORPD Y13, Y13, Y13
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-8, BX

kk8:
	CMPQ AX, BX
	JGE  kk4
	VMULPD  (DX)(AX*8), Y14, Y0
	VMULPD  32(DX)(AX*8), Y14, Y2
	VADDPD  (SI)(AX*8), Y0, Y0
	VADDPD  32(SI)(AX*8), Y2, Y2
	VMOVUPD Y0, (SI)(AX*8)
	VMOVUPD Y2, 32(SI)(AX*8)
	VMOVUPD Y0, (R9)(AX*8)
	VMOVUPD Y2, 32(R9)(AX*8)
	VMULPD  (R8)(AX*8), Y0, Y1
	VMULPD  32(R8)(AX*8), Y2, Y3
	VMOVUPD Y1, (R10)(AX*8)
	VMOVUPD Y3, 32(R10)(AX*8)
	VMULPD  Y0, Y1, Y1
	VMULPD  Y2, Y3, Y3
	VADDPD  Y1, Y12, Y12
	VADDPD  Y3, Y13, Y13
	ADDQ $8, AX
	JMP  kk8

kk4:
	CMPQ AX, CX
	JGE  kkdone
	VMULPD  (DX)(AX*8), Y14, Y0
	VADDPD  (SI)(AX*8), Y0, Y0
	VMOVUPD Y0, (SI)(AX*8)
	VMOVUPD Y0, (R9)(AX*8)
	VMULPD  (R8)(AX*8), Y0, Y1
	VMOVUPD Y1, (R10)(AX*8)
	VMULPD  Y0, Y1, Y1
	VADDPD  Y1, Y12, Y12
	ADDQ $4, AX
	JMP  kk4

kkdone:
	VADDPD Y13, Y12, Y12
	VEXTRACTF128 $1, Y12, X0
	VADDPD  X0, X12, X12
	VHADDPD X12, X12, X12
	VZEROUPPER
	MOVSD X12, ret+56(FP)
	RET

// func KickPairAVX2(p, grad, inv, pOut, vOut, pA, sharpA, rho *float64, a float64, n int, sums *[3]float64)
//
// For i < n, n a multiple of 4: p[i] += a·g[i]; pOut[i] = p[i];
// vOut[i] = inv[i]·p[i]; rho[i] = pA[i] + p[i]; and sums = (Σ vOut·p,
// Σ sharpA·rho, Σ vOut·rho).
TEXT ·KickPairAVX2(SB), NOSPLIT, $0-88
	MOVQ p+0(FP), SI
	MOVQ grad+8(FP), DX
	MOVQ inv+16(FP), R8
	MOVQ pOut+24(FP), R9
	MOVQ vOut+32(FP), R10
	MOVQ pA+40(FP), R11
	MOVQ sharpA+48(FP), R12
	MOVQ rho+56(FP), R13
	VBROADCASTSD a+64(FP), Y15
	MOVQ n+72(FP), CX
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	VXORPD Y12, Y12, Y12
	XORQ AX, AX

kp4:
	CMPQ AX, CX
	JGE  kpdone
	VMULPD  (DX)(AX*8), Y15, Y0
	VADDPD  (SI)(AX*8), Y0, Y0
	VMOVUPD Y0, (SI)(AX*8)
	VMOVUPD Y0, (R9)(AX*8)
	VMULPD  (R8)(AX*8), Y0, Y1
	VMOVUPD Y1, (R10)(AX*8)
	VMULPD  Y0, Y1, Y2
	VADDPD  Y2, Y10, Y10
	VADDPD  (R11)(AX*8), Y0, Y3
	VMOVUPD Y3, (R13)(AX*8)
	VMULPD  (R12)(AX*8), Y3, Y4
	VADDPD  Y4, Y11, Y11
	VMULPD  Y1, Y3, Y5
	VADDPD  Y5, Y12, Y12
	ADDQ $4, AX
	JMP  kp4

kpdone:
	MOVQ sums+80(FP), BX
	VEXTRACTF128 $1, Y10, X0
	VADDPD  X0, X10, X10
	VHADDPD X10, X10, X10
	MOVSD   X10, 0(BX)
	VEXTRACTF128 $1, Y11, X0
	VADDPD  X0, X11, X11
	VHADDPD X11, X11, X11
	MOVSD   X11, 8(BX)
	VEXTRACTF128 $1, Y12, X0
	VADDPD  X0, X12, X12
	VHADDPD X12, X12, X12
	MOVSD   X12, 16(BX)
	VZEROUPPER
	RET

// func MergeAVX2(rho, rhoInit, rhoFinal, sharpBeg, pInitEnd, sharpInitEnd, pFinalBeg, sharpFinalBeg, sharpEnd *float64, n int, sums *[6]float64)
//
// The sums of mergeNoUTurn over i < n, n a multiple of 4, in its order:
// begAll, endAll, begInit, finalBegInit, initEndFinal, endFinal; it also
// sets rho = rhoInit + rhoFinal (rho may alias either).
TEXT ·MergeAVX2(SB), NOSPLIT, $0-88
	MOVQ rho+0(FP), DI
	MOVQ rhoInit+8(FP), SI
	MOVQ rhoFinal+16(FP), DX
	MOVQ sharpBeg+24(FP), R8
	MOVQ pInitEnd+32(FP), R9
	MOVQ sharpInitEnd+40(FP), R10
	MOVQ pFinalBeg+48(FP), R11
	MOVQ sharpFinalBeg+56(FP), R12
	MOVQ sharpEnd+64(FP), R13
	MOVQ n+72(FP), CX
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	VXORPD Y12, Y12, Y12
	VXORPD Y13, Y13, Y13
	VXORPD Y14, Y14, Y14
	VXORPD Y15, Y15, Y15
	XORQ AX, AX

mg4:
	CMPQ AX, CX
	JGE  mgdone
	VMOVUPD (SI)(AX*8), Y0        // ri
	VMOVUPD (DX)(AX*8), Y1        // rf
	VADDPD  Y1, Y0, Y2            // r = ri + rf
	VMOVUPD Y2, (DI)(AX*8)
	VMOVUPD (R8)(AX*8), Y3        // sb
	VMOVUPD (R13)(AX*8), Y4       // se
	VMULPD  Y3, Y2, Y5
	VADDPD  Y5, Y10, Y10          // begAll += sb·r
	VMULPD  Y4, Y2, Y5
	VADDPD  Y5, Y11, Y11          // endAll += se·r
	VADDPD  (R11)(AX*8), Y0, Y6   // ext = ri + pFinalBeg
	VMULPD  Y3, Y6, Y5
	VADDPD  Y5, Y12, Y12          // begInit += sb·ext
	VMULPD  (R12)(AX*8), Y6, Y5
	VADDPD  Y5, Y13, Y13          // finalBegInit += sharpFinalBeg·ext
	VADDPD  (R9)(AX*8), Y1, Y7    // ext = rf + pInitEnd
	VMULPD  (R10)(AX*8), Y7, Y5
	VADDPD  Y5, Y14, Y14          // initEndFinal += sharpInitEnd·ext
	VMULPD  Y4, Y7, Y5
	VADDPD  Y5, Y15, Y15          // endFinal += se·ext
	ADDQ $4, AX
	JMP  mg4

mgdone:
	MOVQ sums+80(FP), BX
	VEXTRACTF128 $1, Y10, X0
	VADDPD  X0, X10, X10
	VHADDPD X10, X10, X10
	MOVSD   X10, 0(BX)
	VEXTRACTF128 $1, Y11, X0
	VADDPD  X0, X11, X11
	VHADDPD X11, X11, X11
	MOVSD   X11, 8(BX)
	VEXTRACTF128 $1, Y12, X0
	VADDPD  X0, X12, X12
	VHADDPD X12, X12, X12
	MOVSD   X12, 16(BX)
	VEXTRACTF128 $1, Y13, X0
	VADDPD  X0, X13, X13
	VHADDPD X13, X13, X13
	MOVSD   X13, 24(BX)
	VEXTRACTF128 $1, Y14, X0
	VADDPD  X0, X14, X14
	VHADDPD X14, X14, X14
	MOVSD   X14, 32(BX)
	VEXTRACTF128 $1, Y15, X0
	VADDPD  X0, X15, X15
	VHADDPD X15, X15, X15
	MOVSD   X15, 40(BX)
	VZEROUPPER
	RET

// func KickDriftAVX512(q, p, grad, inv *float64, a, eps float64, n int)
//
// KickDriftAVX2 on eight lanes, with a four-lane step for n not a
// multiple of 8 (n a multiple of 4).
TEXT ·KickDriftAVX512(SB), NOSPLIT, $0-56
	MOVQ q+0(FP), DI
	MOVQ p+8(FP), SI
	MOVQ grad+16(FP), DX
	MOVQ inv+24(FP), R8
	VBROADCASTSD a+32(FP), Z14
	VBROADCASTSD eps+40(FP), Z15
	MOVQ n+48(FP), CX
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-8, BX

xkd8:
	CMPQ AX, BX
	JGE  xkd4
	VMULPD  (DX)(AX*8), Z14, Z0
	VADDPD  (SI)(AX*8), Z0, Z0
	VMOVUPD Z0, (SI)(AX*8)
	VMULPD  (R8)(AX*8), Z0, Z1
	VMULPD  Z15, Z1, Z1
	VADDPD  (DI)(AX*8), Z1, Z1
	VMOVUPD Z1, (DI)(AX*8)
	ADDQ $8, AX
	JMP  xkd8

xkd4:
	CMPQ AX, CX
	JGE  xkddone
	VMULPD  (DX)(AX*8), Y14, Y0
	VADDPD  (SI)(AX*8), Y0, Y0
	VMOVUPD Y0, (SI)(AX*8)
	VMULPD  (R8)(AX*8), Y0, Y1
	VMULPD  Y15, Y1, Y1
	VADDPD  (DI)(AX*8), Y1, Y1
	VMOVUPD Y1, (DI)(AX*8)

xkddone:
	VZEROUPPER
	RET

// func KickKineticAVX512(p, grad, inv, pOut, vOut *float64, a float64, n int) float64
//
// KickKineticAVX2 on eight lanes (n a multiple of 4).
TEXT ·KickKineticAVX512(SB), NOSPLIT, $0-64
	MOVQ p+0(FP), SI
	MOVQ grad+8(FP), DX
	MOVQ inv+16(FP), R8
	MOVQ pOut+24(FP), R9
	MOVQ vOut+32(FP), R10
	VBROADCASTSD a+40(FP), Z14
	MOVQ n+48(FP), CX
	VPXORQ Z12, Z12, Z12
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-8, BX

xkk8:
	CMPQ AX, BX
	JGE  xkk4
	VMULPD  (DX)(AX*8), Z14, Z0
	VADDPD  (SI)(AX*8), Z0, Z0
	VMOVUPD Z0, (SI)(AX*8)
	VMOVUPD Z0, (R9)(AX*8)
	VMULPD  (R8)(AX*8), Z0, Z1
	VMOVUPD Z1, (R10)(AX*8)
	VMULPD  Z0, Z1, Z1
	VADDPD  Z1, Z12, Z12
	ADDQ $8, AX
	JMP  xkk8

xkk4:
	VEXTRACTF64X4 $1, Z12, Y0
	VADDPD Y0, Y12, Y12
	CMPQ AX, CX
	JGE  xkkdone
	VMULPD  (DX)(AX*8), Y14, Y0
	VADDPD  (SI)(AX*8), Y0, Y0
	VMOVUPD Y0, (SI)(AX*8)
	VMOVUPD Y0, (R9)(AX*8)
	VMULPD  (R8)(AX*8), Y0, Y1
	VMOVUPD Y1, (R10)(AX*8)
	VMULPD  Y0, Y1, Y1
	VADDPD  Y1, Y12, Y12

xkkdone:
	VEXTRACTF128 $1, Y12, X0
	VADDPD  X0, X12, X12
	VHADDPD X12, X12, X12
	VZEROUPPER
	MOVSD X12, ret+56(FP)
	RET

// func KickPairAVX512(p, grad, inv, pOut, vOut, pA, sharpA, rho *float64, a float64, n int, sums *[3]float64)
//
// KickPairAVX2 on eight lanes (n a multiple of 4).
TEXT ·KickPairAVX512(SB), NOSPLIT, $0-88
	MOVQ p+0(FP), SI
	MOVQ grad+8(FP), DX
	MOVQ inv+16(FP), R8
	MOVQ pOut+24(FP), R9
	MOVQ vOut+32(FP), R10
	MOVQ pA+40(FP), R11
	MOVQ sharpA+48(FP), R12
	MOVQ rho+56(FP), R13
	VBROADCASTSD a+64(FP), Z15
	MOVQ n+72(FP), CX
	VPXORQ Z10, Z10, Z10
	VPXORQ Z11, Z11, Z11
	VPXORQ Z12, Z12, Z12
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-8, BX

xkp8:
	CMPQ AX, BX
	JGE  xkp4
	VMULPD  (DX)(AX*8), Z15, Z0
	VADDPD  (SI)(AX*8), Z0, Z0
	VMOVUPD Z0, (SI)(AX*8)
	VMOVUPD Z0, (R9)(AX*8)
	VMULPD  (R8)(AX*8), Z0, Z1
	VMOVUPD Z1, (R10)(AX*8)
	VMULPD  Z0, Z1, Z2
	VADDPD  Z2, Z10, Z10
	VADDPD  (R11)(AX*8), Z0, Z3
	VMOVUPD Z3, (R13)(AX*8)
	VMULPD  (R12)(AX*8), Z3, Z4
	VADDPD  Z4, Z11, Z11
	VMULPD  Z1, Z3, Z5
	VADDPD  Z5, Z12, Z12
	ADDQ $8, AX
	JMP  xkp8

xkp4:
	VEXTRACTF64X4 $1, Z10, Y0
	VADDPD Y0, Y10, Y10
	VEXTRACTF64X4 $1, Z11, Y0
	VADDPD Y0, Y11, Y11
	VEXTRACTF64X4 $1, Z12, Y0
	VADDPD Y0, Y12, Y12
	CMPQ AX, CX
	JGE  xkpdone
	VMULPD  (DX)(AX*8), Y15, Y0
	VADDPD  (SI)(AX*8), Y0, Y0
	VMOVUPD Y0, (SI)(AX*8)
	VMOVUPD Y0, (R9)(AX*8)
	VMULPD  (R8)(AX*8), Y0, Y1
	VMOVUPD Y1, (R10)(AX*8)
	VMULPD  Y0, Y1, Y2
	VADDPD  Y2, Y10, Y10
	VADDPD  (R11)(AX*8), Y0, Y3
	VMOVUPD Y3, (R13)(AX*8)
	VMULPD  (R12)(AX*8), Y3, Y4
	VADDPD  Y4, Y11, Y11
	VMULPD  Y1, Y3, Y5
	VADDPD  Y5, Y12, Y12

xkpdone:
	MOVQ sums+80(FP), BX
	VEXTRACTF128 $1, Y10, X0
	VADDPD  X0, X10, X10
	VHADDPD X10, X10, X10
	MOVSD   X10, 0(BX)
	VEXTRACTF128 $1, Y11, X0
	VADDPD  X0, X11, X11
	VHADDPD X11, X11, X11
	MOVSD   X11, 8(BX)
	VEXTRACTF128 $1, Y12, X0
	VADDPD  X0, X12, X12
	VHADDPD X12, X12, X12
	MOVSD   X12, 16(BX)
	VZEROUPPER
	RET

// func MergeAVX512(rho, rhoInit, rhoFinal, sharpBeg, pInitEnd, sharpInitEnd, pFinalBeg, sharpFinalBeg, sharpEnd *float64, n int, sums *[6]float64)
//
// MergeAVX2 on eight lanes (n a multiple of 4).
TEXT ·MergeAVX512(SB), NOSPLIT, $0-88
	MOVQ rho+0(FP), DI
	MOVQ rhoInit+8(FP), SI
	MOVQ rhoFinal+16(FP), DX
	MOVQ sharpBeg+24(FP), R8
	MOVQ pInitEnd+32(FP), R9
	MOVQ sharpInitEnd+40(FP), R10
	MOVQ pFinalBeg+48(FP), R11
	MOVQ sharpFinalBeg+56(FP), R12
	MOVQ sharpEnd+64(FP), R13
	MOVQ n+72(FP), CX
	VPXORQ Z10, Z10, Z10
	VPXORQ Z11, Z11, Z11
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-8, BX

xmg8:
	CMPQ AX, BX
	JGE  xmg4
	VMOVUPD (SI)(AX*8), Z0
	VMOVUPD (DX)(AX*8), Z1
	VADDPD  Z1, Z0, Z2
	VMOVUPD Z2, (DI)(AX*8)
	VMOVUPD (R8)(AX*8), Z3
	VMOVUPD (R13)(AX*8), Z4
	VMULPD  Z3, Z2, Z5
	VADDPD  Z5, Z10, Z10
	VMULPD  Z4, Z2, Z5
	VADDPD  Z5, Z11, Z11
	VADDPD  (R11)(AX*8), Z0, Z6
	VMULPD  Z3, Z6, Z5
	VADDPD  Z5, Z12, Z12
	VMULPD  (R12)(AX*8), Z6, Z5
	VADDPD  Z5, Z13, Z13
	VADDPD  (R9)(AX*8), Z1, Z7
	VMULPD  (R10)(AX*8), Z7, Z5
	VADDPD  Z5, Z14, Z14
	VMULPD  Z4, Z7, Z5
	VADDPD  Z5, Z15, Z15
	ADDQ $8, AX
	JMP  xmg8

xmg4:
	VEXTRACTF64X4 $1, Z10, Y0
	VADDPD Y0, Y10, Y10
	VEXTRACTF64X4 $1, Z11, Y0
	VADDPD Y0, Y11, Y11
	VEXTRACTF64X4 $1, Z12, Y0
	VADDPD Y0, Y12, Y12
	VEXTRACTF64X4 $1, Z13, Y0
	VADDPD Y0, Y13, Y13
	VEXTRACTF64X4 $1, Z14, Y0
	VADDPD Y0, Y14, Y14
	VEXTRACTF64X4 $1, Z15, Y0
	VADDPD Y0, Y15, Y15
	CMPQ AX, CX
	JGE  xmgdone
	VMOVUPD (SI)(AX*8), Y0
	VMOVUPD (DX)(AX*8), Y1
	VADDPD  Y1, Y0, Y2
	VMOVUPD Y2, (DI)(AX*8)
	VMOVUPD (R8)(AX*8), Y3
	VMOVUPD (R13)(AX*8), Y4
	VMULPD  Y3, Y2, Y5
	VADDPD  Y5, Y10, Y10
	VMULPD  Y4, Y2, Y5
	VADDPD  Y5, Y11, Y11
	VADDPD  (R11)(AX*8), Y0, Y6
	VMULPD  Y3, Y6, Y5
	VADDPD  Y5, Y12, Y12
	VMULPD  (R12)(AX*8), Y6, Y5
	VADDPD  Y5, Y13, Y13
	VADDPD  (R9)(AX*8), Y1, Y7
	VMULPD  (R10)(AX*8), Y7, Y5
	VADDPD  Y5, Y14, Y14
	VMULPD  Y4, Y7, Y5
	VADDPD  Y5, Y15, Y15

xmgdone:
	MOVQ sums+80(FP), BX
	VEXTRACTF128 $1, Y10, X0
	VADDPD  X0, X10, X10
	VHADDPD X10, X10, X10
	MOVSD   X10, 0(BX)
	VEXTRACTF128 $1, Y11, X0
	VADDPD  X0, X11, X11
	VHADDPD X11, X11, X11
	MOVSD   X11, 8(BX)
	VEXTRACTF128 $1, Y12, X0
	VADDPD  X0, X12, X12
	VHADDPD X12, X12, X12
	MOVSD   X12, 16(BX)
	VEXTRACTF128 $1, Y13, X0
	VADDPD  X0, X13, X13
	VHADDPD X13, X13, X13
	MOVSD   X13, 24(BX)
	VEXTRACTF128 $1, Y14, X0
	VADDPD  X0, X14, X14
	VHADDPD X14, X14, X14
	MOVSD   X14, 32(BX)
	VEXTRACTF128 $1, Y15, X0
	VADDPD  X0, X15, X15
	VHADDPD X15, X15, X15
	MOVSD   X15, 40(BX)
	VZEROUPPER
	RET
