package main

import (
	"fmt"
	"math/bits"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// dotNTKernel emits dotNT3x4<t> (zmm false), the AVX2/FMA kernel of products whose
// operands both run along k in memory (C = A @ W.T, a Linear layer's forward): a 3×4 tile
// of C is twelve dot products of three rows of A with four rows of W. Each k step of a
// vector loads three A vectors and four W vectors and issues twelve FMAs into twelve
// accumulators, which are summed across their lanes at the end. Nothing is packed: rows
// are read in place. With zmm it emits the AVX-512F twin dotNT3x4<t>z on ZMM
// accumulators (dotSum512), where k, still a multiple of the YMM width, may end in half
// a vector, read with a masked load.
func dotNTKernel(t typ, zmm bool) {
	name, isa, vbytes, vec := "dotNT3x4"+t.name, "AVX2/FMA", 32, YMM
	if zmm {
		name, isa, vbytes, vec = name+"z", "AVX-512F", 64, ZMM
	}
	TEXT(name, NOSPLIT, fmt.Sprintf("func(k int, a *%[1]s, lda int, b *%[1]s, ldb int, c *%[1]s, ldc int, alpha %[1]s, acc bool)", t.gotyp))
	Doc(fmt.Sprintf("%s sets the 3×4 tile C[i*ldc+j] = alpha * sum over p < k of a[i*lda+p]*b[j*ldb+p] (adds it to C when acc) with %s; k is a positive multiple of %d.", name, isa, t.lanes))
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
			acc[i][j] = vec()
			zeroVec(acc[i][j], zmm)
		}
	}
	p := GP64()
	XORQ(p, p)
	fma := func(x, y, z Op) { VFMADD231PS(x, y, z) }
	if t.size == 8 {
		fma = func(x, y, z Op) { VFMADD231PD(x, y, z) }
	}
	// step does one vector of k steps at byte offset p+off; with a mask, only the mask's
	// lanes are read (the others are zero).
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
			av[i] = vec()
			load(Mem{Base: as[i], Index: p, Scale: 1, Disp: off}, av[i])
		}
		for j := range bs {
			bv := vec()
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
	if zmm {
		MOVQ(k, rem)
		SUBQ(p, rem)
		CMPQ(rem, U32(vbytes))
		JL(LabelRef(lbl + "half"))
	} else {
		CMPQ(p, k)
		JGE(LabelRef(lbl + "sum"))
	}
	step(0, nil)
	ADDQ(U32(vbytes), p)
	JMP(LabelRef(lbl + "loop1"))
	if zmm {
		Label(lbl + "half") // rem is 0 or half a vector
		TESTQ(rem, rem)
		JZ(LabelRef(lbl + "sum"))
		m, lanes := K(), GP32()
		MOVL(U32(1<<(vbytes/2/t.size)-1), lanes)
		KMOVW(lanes, m)
		step(0, m)
	}
	Label(lbl + "sum")
	alpha, err := Param("alpha").Resolve()
	if err != nil {
		panic(err)
	}
	if zmm {
		dotSum512(t, lbl, acc, alpha.Addr)
	} else {
		dotSum(t, lbl, acc, alpha.Addr)
	}
	VZEROUPPER()
	RET()
}

// dotSum emits the AVX2 kernel's end: each row's four accumulators become one vector of
// its four sums, times alpha, added to C when acc, stored to C's rows.
func dotSum(t typ, lbl string, acc [3][4]VecVirtual, alpha Mem) {
	al := YMM()
	t.bcast(alpha, al)
	var res [3]Op
	for i := range acc {
		x := acc[i]
		if t.size == 4 {
			VHADDPS(x[1], x[0], x[0]) // per half: pairs of row 0, pairs of row 1
			VHADDPS(x[3], x[2], x[2])
			VHADDPS(x[2], x[0], x[0]) // per half: the four partial sums
			hi := XMM()
			VEXTRACTF128(U8(1), x[0], hi)
			r := XMM()
			VADDPS(hi, x[0].AsX(), r)
			VMULPS(al.AsX(), r, r)
			res[i] = r
		} else {
			VHADDPD(x[1], x[0], x[0]) // low half: pairs of lanes 0-1, high: of lanes 2-3
			VHADDPD(x[3], x[2], x[2])
			lo, hi := YMM(), YMM()
			VPERM2F128(U8(0x20), x[2], x[0], lo)
			VPERM2F128(U8(0x31), x[2], x[0], hi)
			VADDPD(hi, lo, lo)
			VMULPD(al, lo, lo)
			res[i] = lo
		}
	}
	rows := dotRows(t, lbl)
	for i, r := range res {
		if t.size == 4 {
			VADDPS(rows[i], r, r)
		} else {
			VADDPD(rows[i], r, r)
		}
	}
	Label(lbl + "store")
	for i, r := range res {
		VMOVUPS(r, rows[i])
	}
}

// dotRows emits the addresses of the tile's three rows of C and, when acc is false, the
// jump past the adding of C's values to lbl+"store"; it returns the rows.
func dotRows(t typ, lbl string) []Mem {
	shift := uint64(bits.TrailingZeros(uint(t.size)))
	c := Load(Param("c"), GP64())
	ldc := Load(Param("ldc"), GP64())
	SHLQ(U8(shift), ldc)
	rows := []Mem{{Base: c}, {Base: c, Index: ldc, Scale: 1}, {Base: c, Index: ldc, Scale: 2}}
	flag := Load(Param("acc"), GP8())
	TESTB(flag, flag)
	JZ(LabelRef(lbl + "store"))
	return rows
}
