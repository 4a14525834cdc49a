package main

import (
	"fmt"
	"math/bits"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// dotNTKernel512 emits dotNT3x4<t>z, the AVX-512F twin of dotNTKernel: the same 3×4 tile
// of dot products along k, on ZMM accumulators, so that each FMA and load does twice the
// work. k is a multiple of the YMM width (as the AVX2 kernel's); a last half vector is
// read with a masked load. The twelve accumulators are summed across their lanes with
// AVX-512F shuffles only (the VEX horizontal adds cannot reach Z16-Z31, which the
// register allocator may pick), and each row's four sums are stored from lane 0.
func dotNTKernel512(t typ) {
	name := "dotNT3x4" + t.name + "z"
	const vbytes = 64
	TEXT(name, NOSPLIT, fmt.Sprintf("func(k int, a *%[1]s, lda int, b *%[1]s, ldb int, c *%[1]s, ldc int, alpha %[1]s, acc bool)", t.gotyp))
	Doc(fmt.Sprintf("%s sets the 3×4 tile C[i*ldc+j] = alpha * sum over p < k of a[i*lda+p]*b[j*ldb+p] (adds it to C when acc) with AVX-512F; k is a positive multiple of %d.", name, t.lanes))
	shift := uint64(bits.TrailingZeros(uint(t.size)))
	k := Load(Param("k"), GP64())
	SHLQ(U8(shift), k)
	a0 := Load(Param("a"), GP64())
	lda := Load(Param("lda"), GP64())
	SHLQ(U8(shift), lda)
	a1, a2 := GP64(), GP64()
	LEAQ(Mem{Base: a0, Index: lda, Scale: 1}, a1)
	LEAQ(Mem{Base: a0, Index: lda, Scale: 2}, a2)
	b0 := Load(Param("b"), GP64())
	ldb := Load(Param("ldb"), GP64())
	SHLQ(U8(shift), ldb)
	b1, b2, b3 := GP64(), GP64(), GP64()
	LEAQ(Mem{Base: b0, Index: ldb, Scale: 1}, b1)
	LEAQ(Mem{Base: b0, Index: ldb, Scale: 2}, b2)
	LEAQ(Mem{Base: b1, Index: ldb, Scale: 2}, b3)
	as, bs := []Register{a0, a1, a2}, []Register{b0, b1, b2, b3}
	var acc [3][4]VecVirtual
	for i := range acc {
		for j := range acc[i] {
			acc[i][j] = ZMM()
			VPXORD(acc[i][j], acc[i][j], acc[i][j])
		}
	}
	p := GP64()
	XORQ(p, p)
	fma := func(x, y, z Op) { VFMADD231PS(x, y, z) }
	if t.size == 8 {
		fma = func(x, y, z Op) { VFMADD231PD(x, y, z) }
	}
	// step does one vector of k steps at byte offset p+off; with a mask, only its lanes
	// are read (the others are zero).
	step := func(off int, mask Register) {
		load := func(m Mem, x VecVirtual) {
			switch {
			case mask == nil:
				VMOVUPS(m, x)
			case t.size == 4:
				VMOVUPS_Z(m, mask, x)
			default:
				VMOVUPD_Z(m, mask, x)
			}
		}
		var av [3]VecVirtual
		for i := range av {
			av[i] = ZMM()
			load(Mem{Base: as[i], Index: p, Scale: 1, Disp: off}, av[i])
		}
		for j := range bs {
			bv := ZMM()
			load(Mem{Base: bs[j], Index: p, Scale: 1, Disp: off}, bv)
			for i := range av {
				fma(bv, av[i], acc[i][j])
			}
		}
	}
	lbl := name + "_"
	rem := GP64()
	Label(lbl + "loop2")
	MOVQ(k, rem)
	SUBQ(p, rem)
	CMPQ(rem, U32(2*vbytes))
	JL(LabelRef(lbl + "loop1"))
	step(0, nil)
	step(vbytes, nil)
	ADDQ(U32(2*vbytes), p)
	JMP(LabelRef(lbl + "loop2"))
	Label(lbl + "loop1")
	MOVQ(k, rem)
	SUBQ(p, rem)
	CMPQ(rem, U32(vbytes))
	JL(LabelRef(lbl + "half"))
	step(0, nil)
	ADDQ(U32(vbytes), p)
	JMP(LabelRef(lbl + "loop1"))
	Label(lbl + "half") // rem is 0 or half a vector
	TESTQ(rem, rem)
	JZ(LabelRef(lbl + "sum"))
	m, bitsReg := K(), GP32()
	MOVL(U32(1<<(vbytes/2/t.size)-1), bitsReg)
	KMOVW(bitsReg, m)
	step(0, m)

	// Each row's four accumulators become four sums in its lane 0 (f32: 128 bits; f64:
	// the low 256 bits), as the AVX2 kernel's horizontal adds make them.
	Label(lbl + "sum")
	al := ZMM()
	alpha, err := Param("alpha").Resolve()
	if err != nil {
		panic(err)
	}
	if t.size == 4 {
		VBROADCASTSS(alpha.Addr, al)
	} else {
		VBROADCASTSD(alpha.Addr, al)
	}
	res := make([]VecVirtual, 3)
	for i := range acc {
		x := acc[i]
		if t.size == 4 {
			// Within each 128-bit lane: x0..x3's partial sums, then the lanes added.
			lo, hi := ZMM(), ZMM()
			VUNPCKLPS(x[1], x[0], lo) // x0[0] x1[0] x0[1] x1[1]
			VUNPCKHPS(x[1], x[0], hi) // x0[2] x1[2] x0[3] x1[3]
			VADDPS(hi, lo, x[0])      // x0[0+2] x1[0+2] x0[1+3] x1[1+3]
			VUNPCKLPS(x[3], x[2], lo)
			VUNPCKHPS(x[3], x[2], hi)
			VADDPS(hi, lo, x[2]) // x2.. x3..
			VUNPCKLPD(x[2], x[0], lo)
			VUNPCKHPD(x[2], x[0], hi)
			VADDPS(hi, lo, x[0]) // x0 x1 x2 x3 (a lane's share)
			VSHUFF32X4(U8(0x4e), x[0], x[0], lo)
			VADDPS(lo, x[0], x[0]) // lanes 0+2, 1+3
			VSHUFF32X4(U8(0xb1), x[0], x[0], lo)
			VADDPS(lo, x[0], x[0]) // lane 0: the four sums
			VMULPS(al, x[0], x[0])
		} else {
			lo, hi := ZMM(), ZMM()
			VUNPCKLPD(x[1], x[0], lo) // x0[0] x1[0] per 128-bit lane
			VUNPCKHPD(x[1], x[0], hi) // x0[1] x1[1]
			VADDPD(hi, lo, x[0])      // x0 x1 (a lane's share)
			VUNPCKLPD(x[3], x[2], lo)
			VUNPCKHPD(x[3], x[2], hi)
			VADDPD(hi, lo, x[2])                 // x2 x3
			VSHUFF64X2(U8(0x88), x[2], x[0], lo) // x01 lanes 0, 2; x23 lanes 0, 2
			VSHUFF64X2(U8(0xdd), x[2], x[0], hi) // x01 lanes 1, 3; x23 lanes 1, 3
			VADDPD(hi, lo, x[0])                 // x01 0+1, 2+3; x23 0+1, 2+3
			VSHUFF64X2(U8(0xd8), x[0], x[0], lo) // x01 0+1, x23 0+1, x01 2+3, x23 2+3
			VSHUFF64X2(U8(0x4e), lo, lo, hi)     // the 256-bit halves swapped
			VADDPD(hi, lo, x[0])                 // low half: x0 x1 x2 x3
			VMULPD(al, x[0], x[0])
		}
		res[i] = x[0]
	}
	c := Load(Param("c"), GP64())
	ldc := Load(Param("ldc"), GP64())
	SHLQ(U8(shift), ldc)
	rows := []Mem{{Base: c}, {Base: c, Index: ldc, Scale: 1}, {Base: c, Index: ldc, Scale: 2}}
	flag := Load(Param("acc"), GP8())
	TESTB(flag, flag)
	JZ(LabelRef(lbl + "store"))
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
	VZEROUPPER()
	RET()
}
