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
	blocks(name+"_", n, 4*t.lanes, func(i Register) {
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
	})
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

// argExtremum emits func name(a []T, best *[lanes]T, idx *[lanes]I) int for the index of
// the first maximum (or minimum) of a[:len(a) rounded down to 4 vectors], which must hold
// at least that many elements. Four accumulators keep, per lane, the best value and the
// start of the block it came from (a strict compare keeps the earliest); they are merged
// at the end, preferring the smaller index among equal values, into one vector of values
// and indices stored to best and idx, from which the caller picks. A NaN anywhere ends the
// loop: the result is then the start of the 4-vector block holding the first NaN, else -1.
func argExtremum(t typ, op string) {
	name := "arg" + op + t.name
	ityp, cmpInt, addInt := "int32", VPCMPGTD, VPADDD
	if t.size == 8 {
		ityp, cmpInt, addInt = "int64", VPCMPGTQ, VPADDQ
	}
	TEXT(name, NOSPLIT, fmt.Sprintf("func(a []%s, best *[%d]%s, idx *[%d]%s) int", t.gotyp, t.lanes, t.gotyp, t.lanes, ityp))
	Doc(fmt.Sprintf("%s returns -1 after storing per-lane candidates for the first %simum of a[:len(a) rounded down to %d] in best and idx, or the start of the %d-element block holding the first NaN.", name, op, 4*t.lanes, 4*t.lanes))
	a := Load(Param("a").Base(), GP64())
	n := Load(Param("a").Len(), GP64())
	pred := uint64(cmpGT)
	if op == "min" {
		pred = cmpLT
	}
	acc, idx := make([]VecVirtual, 4), make([]VecVirtual, 4)
	blk, nan := YMM(), YMM()
	VPXOR(blk, blk, blk)
	for k := range acc {
		acc[k], idx[k] = YMM(), YMM()
		VMOVUPS(Mem{Base: a, Disp: 32 * k}, acc[k])
		VPXOR(idx[k], idx[k], idx[k])
	}
	lbl := name + "_"
	i := blocks(lbl, n, 4*t.lanes, func(i Register) {
		x := make([]VecVirtual, 4)
		for k := range x {
			x[k] = YMM()
			VMOVUPS(mem(a, i, t, k), x[k])
			m := YMM()
			t.cmp(Imm(pred), acc[k], x[k], m) // x op acc, false for NaN
			t.blend(m, x[k], acc[k], acc[k])
			t.blend(m, blk, idx[k], idx[k])
		}
		u := YMM()
		t.cmp(Imm(cmpUnord), x[1], x[0], nan) // unordered: either is NaN
		t.cmp(Imm(cmpUnord), x[3], x[2], u)
		VORPS(u, nan, nan)
		VPTEST(nan, nan)
		JNZ(LabelRef(lbl + "nan"))
		addInt(ilanes(t, 4*t.lanes), blk, blk)
	})
	for k := range idx { // block start + offset of the lane
		addInt(iotaConst(t, k*t.lanes), idx[k], idx[k])
	}
	for k := 1; k < 4; k++ {
		gt, eq, lt := YMM(), YMM(), YMM()
		t.cmp(Imm(pred), acc[0], acc[k], gt) // acc[k] op acc[0]
		t.cmp(Imm(cmpEQ), acc[0], acc[k], eq)
		cmpInt(idx[k], idx[0], lt) // idx[0] > idx[k]
		VANDPS(lt, eq, eq)
		VORPS(eq, gt, gt)
		t.blend(gt, acc[k], acc[0], acc[0])
		t.blend(gt, idx[k], idx[0], idx[0])
	}
	argReturn(lbl, acc[0], idx[0], i)
}

// argReturn ends an argmax/argmin kernel: best and idx stored and -1 returned, and at
// label lbl+"nan" the block start i returned.
func argReturn(lbl string, best, idx VecVirtual, i Register) {
	bp, ip := Load(Param("best"), GP64()), Load(Param("idx"), GP64())
	VMOVUPS(best, Mem{Base: bp})
	VMOVUPS(idx, Mem{Base: ip})
	VZEROUPPER()
	r := GP64()
	MOVQ(I64(-1), r)
	Store(r, ReturnIndex(0))
	RET()

	Label(lbl + "nan")
	VZEROUPPER()
	Store(i, ReturnIndex(0))
	RET()
}

// ilanes returns a constant with v in every integer lane of t's index type.
func ilanes(t typ, v int) Mem {
	if t.size == 4 {
		return ci(uint32(v))
	}
	return cq(uint64(v))
}

var iotas = map[string]Mem{}

// iotaConst returns the index vector off, off+1, ... of t's lanes.
func iotaConst(t typ, off int) Mem {
	key := fmt.Sprintf("iota%d_%d", t.size*8, off)
	if m, ok := iotas[key]; ok {
		return m
	}
	m := GLOBL(key, RODATA|NOPTR)
	iotas[key] = m
	for j := 0; j < t.lanes; j++ {
		if t.size == 4 {
			DATA(4*j, U32(off+j))
		} else {
			DATA(8*j, U64(off+j))
		}
	}
	return m
}
