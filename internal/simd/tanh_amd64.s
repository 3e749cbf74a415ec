//go:build !purego

#include "textflag.h"

// Constants for TanhAVX2, each repeated in the four lanes of a YMM register.
DATA thAbs<>+0(SB)/8, $0x7fffffffffffffff
DATA thAbs<>+8(SB)/8, $0x7fffffffffffffff
DATA thAbs<>+16(SB)/8, $0x7fffffffffffffff
DATA thAbs<>+24(SB)/8, $0x7fffffffffffffff
GLOBL thAbs<>(SB), RODATA|NOPTR, $32
DATA thSign<>+0(SB)/8, $0x8000000000000000
DATA thSign<>+8(SB)/8, $0x8000000000000000
DATA thSign<>+16(SB)/8, $0x8000000000000000
DATA thSign<>+24(SB)/8, $0x8000000000000000
GLOBL thSign<>(SB), RODATA|NOPTR, $32
DATA thForty<>+0(SB)/8, $0x4044000000000000
DATA thForty<>+8(SB)/8, $0x4044000000000000
DATA thForty<>+16(SB)/8, $0x4044000000000000
DATA thForty<>+24(SB)/8, $0x4044000000000000
GLOBL thForty<>(SB), RODATA|NOPTR, $32
DATA thBig<>+0(SB)/8, $0x403319999999999a
DATA thBig<>+8(SB)/8, $0x403319999999999a
DATA thBig<>+16(SB)/8, $0x403319999999999a
DATA thBig<>+24(SB)/8, $0x403319999999999a
GLOBL thBig<>(SB), RODATA|NOPTR, $32
DATA thLog2e<>+0(SB)/8, $0x3ff71547652b82fe
DATA thLog2e<>+8(SB)/8, $0x3ff71547652b82fe
DATA thLog2e<>+16(SB)/8, $0x3ff71547652b82fe
DATA thLog2e<>+24(SB)/8, $0x3ff71547652b82fe
GLOBL thLog2e<>(SB), RODATA|NOPTR, $32
DATA thLn2Hi<>+0(SB)/8, $0x3fe62e42fee00000
DATA thLn2Hi<>+8(SB)/8, $0x3fe62e42fee00000
DATA thLn2Hi<>+16(SB)/8, $0x3fe62e42fee00000
DATA thLn2Hi<>+24(SB)/8, $0x3fe62e42fee00000
GLOBL thLn2Hi<>(SB), RODATA|NOPTR, $32
DATA thLn2Lo<>+0(SB)/8, $0x3dea39ef35793c76
DATA thLn2Lo<>+8(SB)/8, $0x3dea39ef35793c76
DATA thLn2Lo<>+16(SB)/8, $0x3dea39ef35793c76
DATA thLn2Lo<>+24(SB)/8, $0x3dea39ef35793c76
GLOBL thLn2Lo<>(SB), RODATA|NOPTR, $32
DATA thOne<>+0(SB)/8, $0x3ff0000000000000
DATA thOne<>+8(SB)/8, $0x3ff0000000000000
DATA thOne<>+16(SB)/8, $0x3ff0000000000000
DATA thOne<>+24(SB)/8, $0x3ff0000000000000
GLOBL thOne<>(SB), RODATA|NOPTR, $32
DATA thTwo<>+0(SB)/8, $0x4000000000000000
DATA thTwo<>+8(SB)/8, $0x4000000000000000
DATA thTwo<>+16(SB)/8, $0x4000000000000000
DATA thTwo<>+24(SB)/8, $0x4000000000000000
GLOBL thTwo<>(SB), RODATA|NOPTR, $32
DATA thBias<>+0(SB)/8, $0x00000000000003ff
DATA thBias<>+8(SB)/8, $0x00000000000003ff
DATA thBias<>+16(SB)/8, $0x00000000000003ff
DATA thBias<>+24(SB)/8, $0x00000000000003ff
GLOBL thBias<>(SB), RODATA|NOPTR, $32
DATA thC2<>+0(SB)/8, $0x3fe0000000000000
DATA thC2<>+8(SB)/8, $0x3fe0000000000000
DATA thC2<>+16(SB)/8, $0x3fe0000000000000
DATA thC2<>+24(SB)/8, $0x3fe0000000000000
GLOBL thC2<>(SB), RODATA|NOPTR, $32
DATA thC3<>+0(SB)/8, $0x3fc5555555555555
DATA thC3<>+8(SB)/8, $0x3fc5555555555555
DATA thC3<>+16(SB)/8, $0x3fc5555555555555
DATA thC3<>+24(SB)/8, $0x3fc5555555555555
GLOBL thC3<>(SB), RODATA|NOPTR, $32
DATA thC4<>+0(SB)/8, $0x3fa5555555555555
DATA thC4<>+8(SB)/8, $0x3fa5555555555555
DATA thC4<>+16(SB)/8, $0x3fa5555555555555
DATA thC4<>+24(SB)/8, $0x3fa5555555555555
GLOBL thC4<>(SB), RODATA|NOPTR, $32
DATA thC5<>+0(SB)/8, $0x3f81111111111111
DATA thC5<>+8(SB)/8, $0x3f81111111111111
DATA thC5<>+16(SB)/8, $0x3f81111111111111
DATA thC5<>+24(SB)/8, $0x3f81111111111111
GLOBL thC5<>(SB), RODATA|NOPTR, $32
DATA thC6<>+0(SB)/8, $0x3f56c16c16c16c17
DATA thC6<>+8(SB)/8, $0x3f56c16c16c16c17
DATA thC6<>+16(SB)/8, $0x3f56c16c16c16c17
DATA thC6<>+24(SB)/8, $0x3f56c16c16c16c17
GLOBL thC6<>(SB), RODATA|NOPTR, $32
DATA thC7<>+0(SB)/8, $0x3f2a01a01a01a01a
DATA thC7<>+8(SB)/8, $0x3f2a01a01a01a01a
DATA thC7<>+16(SB)/8, $0x3f2a01a01a01a01a
DATA thC7<>+24(SB)/8, $0x3f2a01a01a01a01a
GLOBL thC7<>(SB), RODATA|NOPTR, $32
DATA thC8<>+0(SB)/8, $0x3efa01a01a01a01a
DATA thC8<>+8(SB)/8, $0x3efa01a01a01a01a
DATA thC8<>+16(SB)/8, $0x3efa01a01a01a01a
DATA thC8<>+24(SB)/8, $0x3efa01a01a01a01a
GLOBL thC8<>(SB), RODATA|NOPTR, $32
DATA thC9<>+0(SB)/8, $0x3ec71de3a556c734
DATA thC9<>+8(SB)/8, $0x3ec71de3a556c734
DATA thC9<>+16(SB)/8, $0x3ec71de3a556c734
DATA thC9<>+24(SB)/8, $0x3ec71de3a556c734
GLOBL thC9<>(SB), RODATA|NOPTR, $32
DATA thC10<>+0(SB)/8, $0x3e927e4fb7789f5c
DATA thC10<>+8(SB)/8, $0x3e927e4fb7789f5c
DATA thC10<>+16(SB)/8, $0x3e927e4fb7789f5c
DATA thC10<>+24(SB)/8, $0x3e927e4fb7789f5c
GLOBL thC10<>(SB), RODATA|NOPTR, $32
DATA thC11<>+0(SB)/8, $0x3e5ae64567f544e4
DATA thC11<>+8(SB)/8, $0x3e5ae64567f544e4
DATA thC11<>+16(SB)/8, $0x3e5ae64567f544e4
DATA thC11<>+24(SB)/8, $0x3e5ae64567f544e4
GLOBL thC11<>(SB), RODATA|NOPTR, $32
DATA thC12<>+0(SB)/8, $0x3e21eed8eff8d898
DATA thC12<>+8(SB)/8, $0x3e21eed8eff8d898
DATA thC12<>+16(SB)/8, $0x3e21eed8eff8d898
DATA thC12<>+24(SB)/8, $0x3e21eed8eff8d898
GLOBL thC12<>(SB), RODATA|NOPTR, $32
DATA thC13<>+0(SB)/8, $0x3de6124613a86d09
DATA thC13<>+8(SB)/8, $0x3de6124613a86d09
DATA thC13<>+16(SB)/8, $0x3de6124613a86d09
DATA thC13<>+24(SB)/8, $0x3de6124613a86d09
GLOBL thC13<>(SB), RODATA|NOPTR, $32
DATA thC14<>+0(SB)/8, $0x3da93974a8c07c9d
DATA thC14<>+8(SB)/8, $0x3da93974a8c07c9d
DATA thC14<>+16(SB)/8, $0x3da93974a8c07c9d
DATA thC14<>+24(SB)/8, $0x3da93974a8c07c9d
GLOBL thC14<>(SB), RODATA|NOPTR, $32
DATA thC15<>+0(SB)/8, $0x3d6ae7f3e733b81f
DATA thC15<>+8(SB)/8, $0x3d6ae7f3e733b81f
DATA thC15<>+16(SB)/8, $0x3d6ae7f3e733b81f
DATA thC15<>+24(SB)/8, $0x3d6ae7f3e733b81f
GLOBL thC15<>(SB), RODATA|NOPTR, $32
DATA thC16<>+0(SB)/8, $0x3d2ae7f3e733b81f
DATA thC16<>+8(SB)/8, $0x3d2ae7f3e733b81f
DATA thC16<>+16(SB)/8, $0x3d2ae7f3e733b81f
DATA thC16<>+24(SB)/8, $0x3d2ae7f3e733b81f
GLOBL thC16<>(SB), RODATA|NOPTR, $32
DATA thC17<>+0(SB)/8, $0x3ce952c77030ad4a
DATA thC17<>+8(SB)/8, $0x3ce952c77030ad4a
DATA thC17<>+16(SB)/8, $0x3ce952c77030ad4a
DATA thC17<>+24(SB)/8, $0x3ce952c77030ad4a
GLOBL thC17<>(SB), RODATA|NOPTR, $32

// func TanhAVX2(dst, src *float64, n int)
//
// dst[i] = tanh(src[i]) for i < n, n a multiple of 4: the algorithm of
// tanhFast (fastmath.go) on four lanes, with FMA in the polynomial.
TEXT ·TanhAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $2, CX
	JZ   done
	VMOVUPD thForty<>(SB), Y15
	VXORPD  Y14, Y14, Y14

loop:
	VMOVUPD (SI), Y0
	VANDPD  thAbs<>(SB), Y0, Y1      // ax = |x|
	VADDPD  Y1, Y1, Y2               // y = 2ax
	VMINPD  Y2, Y15, Y2              // min(40, y); a NaN y is kept
	VMULPD  thLog2e<>(SB), Y2, Y3
	VROUNDPD $1, Y3, Y3              // k = floor(y/ln2)
	VFNMADD231PD thLn2Hi<>(SB), Y3, Y2 // r = y - k·ln2hi
	VFNMADD231PD thLn2Lo<>(SB), Y3, Y2 // r -= k·ln2lo
	VMAXPD  Y2, Y14, Y2              // max(0, r); a NaN r is kept
	VMULPD  Y2, Y2, Y4               // r²
	VMULPD  Y4, Y4, Y5               // r⁴
	VMULPD  Y5, Y5, Y6               // r⁸

	VMOVUPD thC3<>(SB), Y7
	VFMADD213PD thC2<>(SB), Y2, Y7   // c2 + c3 r
	VMOVUPD thC5<>(SB), Y8
	VFMADD213PD thC4<>(SB), Y2, Y8   // c4 + c5 r
	VFMADD231PD Y8, Y4, Y7           // q0

	VMOVUPD thC7<>(SB), Y8
	VFMADD213PD thC6<>(SB), Y2, Y8
	VMOVUPD thC9<>(SB), Y9
	VFMADD213PD thC8<>(SB), Y2, Y9
	VFMADD231PD Y9, Y4, Y8           // q1

	VMOVUPD thC11<>(SB), Y9
	VFMADD213PD thC10<>(SB), Y2, Y9
	VMOVUPD thC13<>(SB), Y10
	VFMADD213PD thC12<>(SB), Y2, Y10
	VFMADD231PD Y10, Y4, Y9          // q2

	VMOVUPD thC15<>(SB), Y10
	VFMADD213PD thC14<>(SB), Y2, Y10
	VMOVUPD thC17<>(SB), Y11
	VFMADD213PD thC16<>(SB), Y2, Y11
	VFMADD231PD Y11, Y4, Y10         // q3

	VFMADD231PD Y8, Y5, Y7           // q0 + r⁴ q1
	VFMADD231PD Y10, Y5, Y9          // q2 + r⁴ q3
	VFMADD231PD Y9, Y6, Y7           // Q
	VFMADD213PD Y2, Y4, Y7           // p = expm1(r) = r + r² Q

	VCVTTPD2DQY Y3, X8
	VPMOVSXDQ X8, Y8
	VPADDQ  thBias<>(SB), Y8, Y8
	VPSLLQ  $52, Y8, Y8              // s = 2^k
	VSUBPD  thOne<>(SB), Y8, Y9      // s - 1
	VFMADD231PD Y7, Y8, Y9           // u = s·p + (s - 1) = expm1(2ax)
	VADDPD  thTwo<>(SB), Y9, Y10
	VDIVPD  Y10, Y9, Y11             // u / (u + 2)

	VCMPPD  $0x1e, thBig<>(SB), Y1, Y12 // ax > 19.1 (false for NaN)
	VBLENDVPD Y12, thOne<>(SB), Y11, Y11
	VANDPD  thSign<>(SB), Y0, Y12
	VORPD   Y12, Y11, Y11            // restore the sign
	VMOVUPD Y11, (DI)

	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  loop

done:
	VZEROUPPER
	RET

// func TanhAVX512(dst, src *float64, n int)
//
// TanhAVX2 on eight lanes (n a multiple of 8), with the constants
// broadcast from memory and a mask register for the |x| > 19.1 lanes.
TEXT ·TanhAVX512(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	JZ   done512
	VBROADCASTSD thForty<>(SB), Z15
	VPXORQ  Z14, Z14, Z14

loop512:
	VMOVUPD (SI), Z0
	VPANDQ.BCST thAbs<>(SB), Z0, Z1   // ax = |x|
	VADDPD  Z1, Z1, Z2                // y = 2ax
	VMINPD  Z2, Z15, Z2               // min(40, y); a NaN y is kept
	VMULPD.BCST thLog2e<>(SB), Z2, Z3
	VRNDSCALEPD $1, Z3, Z3            // k = floor(y/ln2)
	VFNMADD231PD.BCST thLn2Hi<>(SB), Z3, Z2
	VFNMADD231PD.BCST thLn2Lo<>(SB), Z3, Z2
	VMAXPD  Z2, Z14, Z2               // max(0, r); a NaN r is kept
	VMULPD  Z2, Z2, Z4                // r²
	VMULPD  Z4, Z4, Z5                // r⁴
	VMULPD  Z5, Z5, Z6                // r⁸

	VBROADCASTSD thC3<>(SB), Z7
	VFMADD213PD.BCST thC2<>(SB), Z2, Z7
	VBROADCASTSD thC5<>(SB), Z8
	VFMADD213PD.BCST thC4<>(SB), Z2, Z8
	VFMADD231PD Z8, Z4, Z7            // q0

	VBROADCASTSD thC7<>(SB), Z8
	VFMADD213PD.BCST thC6<>(SB), Z2, Z8
	VBROADCASTSD thC9<>(SB), Z9
	VFMADD213PD.BCST thC8<>(SB), Z2, Z9
	VFMADD231PD Z9, Z4, Z8            // q1

	VBROADCASTSD thC11<>(SB), Z9
	VFMADD213PD.BCST thC10<>(SB), Z2, Z9
	VBROADCASTSD thC13<>(SB), Z10
	VFMADD213PD.BCST thC12<>(SB), Z2, Z10
	VFMADD231PD Z10, Z4, Z9           // q2

	VBROADCASTSD thC15<>(SB), Z10
	VFMADD213PD.BCST thC14<>(SB), Z2, Z10
	VBROADCASTSD thC17<>(SB), Z11
	VFMADD213PD.BCST thC16<>(SB), Z2, Z11
	VFMADD231PD Z11, Z4, Z10          // q3

	VFMADD231PD Z8, Z5, Z7
	VFMADD231PD Z10, Z5, Z9
	VFMADD231PD Z9, Z6, Z7            // Q
	VFMADD213PD Z2, Z4, Z7            // p = expm1(r)

	VCVTTPD2DQ Z3, Y8
	VPMOVSXDQ Y8, Z8
	VPADDQ.BCST thBias<>(SB), Z8, Z8
	VPSLLQ  $52, Z8, Z8               // s = 2^k
	VSUBPD.BCST thOne<>(SB), Z8, Z9   // s - 1
	VFMADD231PD Z7, Z8, Z9            // u = s·p + (s - 1)
	VADDPD.BCST thTwo<>(SB), Z9, Z10
	VDIVPD  Z10, Z9, Z11              // u / (u + 2)

	VCMPPD.BCST $0x1e, thBig<>(SB), Z1, K1 // ax > 19.1 (false for NaN)
	VBROADCASTSD thOne<>(SB), K1, Z11
	VPANDQ.BCST thSign<>(SB), Z0, Z12
	VPORQ   Z12, Z11, Z11             // restore the sign
	VMOVUPD Z11, (DI)

	ADDQ $64, SI
	ADDQ $64, DI
	DECQ CX
	JNZ  loop512

done512:
	VZEROUPPER
	RET
