package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// extremum emits func name(a []T) (m T, nan bool): the largest (or smallest) of
// a[:len(a) rounded down to 4 vectors] and whether any of them is NaN. The hardware
// max/min ignore NaN in one operand, so NaNs are tracked apart with unordered compares.
func extremum(t typ, op string) {
	name := op + t.name
	TEXT(name, NOSPLIT, fmt.Sprintf("func(a []%s) (m %s, nan bool)", t.gotyp, t.gotyp))
	Doc(fmt.Sprintf("%s returns the %simum of a[:len(a) rounded down to %d], which must hold at least that many elements, and whether any of those is NaN.", name, op, 4*t.lanes))
	a := Load(Param("a").Base(), GP64())
	n := Load(Param("a").Len(), GP64())
	acc := []VecVirtual{YMM(), YMM(), YMM(), YMM()}
	nan := []VecVirtual{YMM(), YMM()}
	for k, r := range acc {
		VMOVUPS(Mem{Base: a, Disp: 32 * k}, r)
	}
	for _, r := range nan {
		VXORPS(r, r, r)
	}
	i := GP64()
	XORQ(i, i)
	lbl := name + "_"
	Label(lbl + "loop")
	rem := GP64()
	MOVQ(n, rem)
	SUBQ(i, rem)
	CMPQ(rem, U32(4*t.lanes))
	JL(LabelRef(lbl + "done"))
	for k := 0; k < 4; k++ {
		x := YMM()
		VMOVUPS(mem(a, i, t, k), x)
		if op == "max" {
			t.max(x, acc[k], acc[k])
		} else {
			t.min(x, acc[k], acc[k])
		}
		u := YMM()
		t.cmp(Imm(3), x, x, u)
		if t.size == 4 {
			VORPS(u, nan[k%2], nan[k%2])
		} else {
			VORPD(u, nan[k%2], nan[k%2])
		}
	}
	ADDQ(U32(4*t.lanes), i)
	JMP(LabelRef(lbl + "loop"))
	Label(lbl + "done")
	for k := 1; k < 4; k++ {
		if op == "max" {
			t.max(acc[k], acc[0], acc[0])
		} else {
			t.min(acc[k], acc[0], acc[0])
		}
	}
	VORPS(nan[1], nan[0], nan[0])
	// Fold the 8 (or 4) lanes to one.
	lo, hi := acc[0].AsX(), XMM()
	VEXTRACTF128(Imm(1), acc[0], hi)
	fold := func(x, y Op) {
		if op == "max" {
			if t.size == 4 {
				VMAXPS(x, y, y)
			} else {
				VMAXPD(x, y, y)
			}
		} else {
			if t.size == 4 {
				VMINPS(x, y, y)
			} else {
				VMINPD(x, y, y)
			}
		}
	}
	fold(hi, lo)
	sh := XMM()
	VPERMILPS(Imm(0b01001110), lo, sh) // swap 64-bit halves
	fold(sh, lo)
	if t.size == 4 {
		VPERMILPS(Imm(0b10110001), lo, sh) // swap 32-bit pairs
		fold(sh, lo)
	}
	VPTEST(nan[0], nan[0])
	flag := GP8()
	SETNE(flag)
	VZEROUPPER()
	Store(lo, ReturnIndex(0))
	Store(flag, ReturnIndex(1))
	RET()
}
