package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// dotSum512 emits the AVX-512 dot kernel's end (dotNTKernel with zmm): each row's four
// accumulators become its four sums in lane 0 (f32: the low 128 bits; f64: the low 256),
// as dotSum's horizontal adds make them, times alpha, added to C when acc, stored to C's
// rows. It uses AVX-512F shuffles only: the VEX horizontal adds cannot reach Z16-Z31,
// which the register allocator may pick.
func dotSum512(t typ, lbl string, acc [3][4]VecVirtual, alpha Mem) {
	al := ZMM()
	if t.size == 4 {
		VBROADCASTSS(alpha, al)
	} else {
		VBROADCASTSD(alpha, al)
	}
	res := make([]VecVirtual, 3)
	for i := range acc {
		x := acc[i]
		lo, hi := ZMM(), ZMM()
		if t.size == 4 {
			// Within each 128-bit lane: x0..x3's partial sums; then the lanes added.
			VUNPCKLPS(x[1], x[0], lo) // x0[0] x1[0] x0[1] x1[1]
			VUNPCKHPS(x[1], x[0], hi) // x0[2] x1[2] x0[3] x1[3]
			VADDPS(hi, lo, x[0])      // x0[0+2] x1[0+2] x0[1+3] x1[1+3]
			VUNPCKLPS(x[3], x[2], lo)
			VUNPCKHPS(x[3], x[2], hi)
			VADDPS(hi, lo, x[2]) // the same of x2, x3
			VUNPCKLPD(x[2], x[0], lo)
			VUNPCKHPD(x[2], x[0], hi)
			VADDPS(hi, lo, x[0]) // x0 x1 x2 x3: each lane's share
			VSHUFF32X4(U8(0x4e), x[0], x[0], lo)
			VADDPS(lo, x[0], x[0]) // lanes 0+2 and 1+3
			VSHUFF32X4(U8(0xb1), x[0], x[0], lo)
			VADDPS(lo, x[0], x[0]) // lane 0: the four sums
			VMULPS(al, x[0], x[0])
		} else {
			VUNPCKLPD(x[1], x[0], lo) // x0[0] x1[0] in each 128-bit lane
			VUNPCKHPD(x[1], x[0], hi) // x0[1] x1[1]
			VADDPD(hi, lo, x[0])      // x0 x1: each lane's share
			VUNPCKLPD(x[3], x[2], lo)
			VUNPCKHPD(x[3], x[2], hi)
			VADDPD(hi, lo, x[2])                 // x2 x3
			VSHUFF64X2(U8(0x88), x[2], x[0], lo) // x01's lanes 0, 2; x23's lanes 0, 2
			VSHUFF64X2(U8(0xdd), x[2], x[0], hi) // x01's lanes 1, 3; x23's lanes 1, 3
			VADDPD(hi, lo, x[0])                 // x01 0+1, 2+3; x23 0+1, 2+3
			VSHUFF64X2(U8(0xd8), x[0], x[0], lo) // x01 0+1, x23 0+1, x01 2+3, x23 2+3
			VSHUFF64X2(U8(0x4e), lo, lo, hi)     // its 256-bit halves swapped
			VADDPD(hi, lo, x[0])                 // the low half: x0 x1 x2 x3
			VMULPD(al, x[0], x[0])
		}
		res[i] = x[0]
	}
	rows := dotRows(t, lbl)
	for i, r := range res {
		old := ZMM()
		if t.size == 4 {
			VBROADCASTF32X4(rows[i], old)
			VADDPS(old, r, r)
		} else {
			VBROADCASTF64X4(rows[i], old)
			VADDPD(old, r, r)
		}
	}
	Label(lbl + "store")
	for i, r := range res {
		if t.size == 4 {
			VEXTRACTF32X4(U8(0), r, rows[i])
		} else {
			VEXTRACTF64X4(U8(0), r, rows[i])
		}
	}
}
