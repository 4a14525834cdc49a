package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// gemmKernel emits the register-blocked micro-kernel C[6][2*lanes] += A*B over k steps:
// A packed as k columns of 6 values, B as k rows of 2*lanes values, C row-major with
// leading dimension ldc (in elements). Twelve YMM accumulators, two B vectors and one
// broadcast A value fill the sixteen registers.
func gemmKernel(t typ) {
	name := "gemm6x" + fmt.Sprint(2*t.lanes) + t.name
	TEXT(name, NOSPLIT, fmt.Sprintf("func(k int, a, b, c *%s, ldc int)", t.gotyp))
	Doc(fmt.Sprintf("%s adds the product of a packed 6×k panel of A and a packed k×%d panel of B to C.", name, 2*t.lanes))
	k := Load(Param("k"), GP64())
	a := Load(Param("a"), GP64())
	b := Load(Param("b"), GP64())
	var acc [6][2]VecVirtual
	for r := range acc {
		for j := range acc[r] {
			acc[r][j] = YMM()
			VXORPS(acc[r][j], acc[r][j], acc[r][j])
		}
	}
	lbl := "gemm_" + t.name
	// step emits one k step reading A and B at element offset u steps ahead.
	step := func(u int) {
		b0, b1 := YMM(), YMM()
		VMOVUPS(Mem{Base: b, Disp: 64 * u}, b0)
		VMOVUPS(Mem{Base: b, Disp: 64*u + 32}, b1)
		for r := 0; r < 6; r++ {
			x := YMM()
			if t.size == 4 {
				VBROADCASTSS(Mem{Base: a, Disp: 4 * (6*u + r)}, x)
				VFMADD231PS(b0, x, acc[r][0])
				VFMADD231PS(b1, x, acc[r][1])
			} else {
				VBROADCASTSD(Mem{Base: a, Disp: 8 * (6*u + r)}, x)
				VFMADD231PD(b0, x, acc[r][0])
				VFMADD231PD(b1, x, acc[r][1])
			}
		}
	}
	const unroll = 4
	Label(lbl + "_loop4")
	CMPQ(k, U8(unroll))
	JL(LabelRef(lbl + "_loop1"))
	for u := 0; u < unroll; u++ {
		step(u)
	}
	ADDQ(U32(unroll*6*t.size), a)
	ADDQ(U32(unroll*64), b)
	SUBQ(U8(unroll), k)
	JMP(LabelRef(lbl + "_loop4"))
	Label(lbl + "_loop1")
	TESTQ(k, k)
	JZ(LabelRef(lbl + "_done"))
	step(0)
	ADDQ(U32(6*t.size), a)
	ADDQ(U32(64), b)
	DECQ(k)
	JMP(LabelRef(lbl + "_loop1"))
	Label(lbl + "_done")
	c := Load(Param("c"), GP64())
	ldc := Load(Param("ldc"), GP64())
	SHLQ(U8(map[int]uint64{4: 2, 8: 3}[t.size]), ldc)
	for r := 0; r < 6; r++ {
		for j := 0; j < 2; j++ {
			m := Mem{Base: c, Disp: 32 * j}
			t.add(m, acc[r][j], acc[r][j])
			VMOVUPS(acc[r][j], m)
		}
		if r < 5 {
			ADDQ(ldc, c)
		}
	}
	VZEROUPPER()
	RET()
}
