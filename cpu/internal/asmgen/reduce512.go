package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
	"github.com/mmcloughlin/avo/x86"
)

// argUnroll512 is how many ZMM vectors make the block an AVX-512 argmax/argmin kernel
// scans per loop step.
const argUnroll512 = 8

// reduceKernels512 emits the AVX-512F twins of the argmax and argmin kernels, named with
// a z suffix.
func reduceKernels512() {
	for _, t := range []typ{f32, f64} {
		argExtremum512(t, "max")
		argExtremum512(t, "min")
	}
}

// argExtremum512 emits func name(a []T, best *[lanes]T, idx *[lanes]I) int, lanes the
// ZMM lanes of t, over a[:len(a) rounded down to a block of argUnroll512 ZMM vectors],
// which must hold at least one block. Each block's lane-wise extremum (a tree of VMAXPS or
// VMINPS) is compared with a running one, whose lane keeps the start of the first block
// in which it was strictly beaten, so that best and idx hold, per lane, the extremum of
// the elements that lane saw and the start of the first block holding it: the first
// extremum of the whole is the first element equal to the best of best in the earliest
// of the blocks that hold it, as the caller finds it (argBlock). A NaN ends the loop: the
// result is then the start of the block holding the first NaN, else -1.
func argExtremum512(t typ, op string) {
	w := avx512
	lanes := w.lanes(t)
	step := argUnroll512 * lanes
	name := "arg" + op + t.name + "z"
	ityp, blendInt, vcmp, vext := "int32", VPBLENDMD, x86.VCMPPS, x86.VMAXPS
	if t.size == 8 {
		ityp, blendInt, vcmp, vext = "int64", VPBLENDMQ, x86.VCMPPD, x86.VMAXPD
	}
	pred := uint64(cmpGT)
	if op == "min" {
		pred, vext = cmpLT, x86.VMINPS
		if t.size == 8 {
			vext = x86.VMINPD
		}
	}
	TEXT(name, NOSPLIT, fmt.Sprintf("func(a []%s, best *[%d]%s, idx *[%d]%s) int", t.gotyp, lanes, t.gotyp, lanes, ityp))
	Doc(fmt.Sprintf("%s returns -1 after storing per-lane %simums of a[:len(a) rounded down to %d] in best, and in idx the start of the first %d-element block holding each, or returns the start of the block holding the first NaN; it needs AVX-512F.", name, op, step, step))
	a := Load(Param("a").Base(), GP64())
	n := Load(Param("a").Len(), GP64())
	at := func(base, i Register, k int) Mem {
		return Mem{Base: base, Index: i, Scale: uint8(t.size), Disp: 64 * k}
	}
	acc, idx, blk := ZMM(), ZMM(), ZMM()
	VMOVUPS(Mem{Base: a}, acc)
	VPXORQ(idx, idx, idx)
	VPXORQ(blk, blk, blk)
	lbl := name + "_"
	i := blocks(lbl, n, step, func(i Register) {
		x := make([]VecVirtual, argUnroll512)
		for k := range x {
			x[k] = ZMM()
			VMOVUPS(at(a, i, k), x[k])
		}
		var nan []Register
		for k := 0; k < len(x); k += 2 {
			u := K()
			w.op(vcmp, Imm(cmpUnord), x[k+1], x[k], u) // unordered: either is NaN
			nan = append(nan, u)
		}
		for len(nan) > 2 {
			KORW(nan[1], nan[0], nan[0])
			nan = append(nan[:1], nan[2:]...)
		}
		KORTESTW(nan[0], nan[len(nan)-1])
		JNZ(LabelRef(lbl + "nan"))
		for len(x) > 1 { // pairwise tree
			var y []VecVirtual
			for k := 0; k < len(x); k += 2 {
				w.op(vext, x[k+1], x[k], x[k])
				y = append(y, x[k])
			}
			x = y
		}
		m := K()
		w.op(vcmp, Imm(pred), acc, x[0], m) // block op acc
		w.op(vext, x[0], acc, acc)
		blendInt(blk, idx, m, idx)
		if t.size == 4 {
			w.op(x86.VPADDD, w.ci(uint32(step)), blk, blk)
		} else {
			w.op(x86.VPADDQ, w.cq(uint64(step)), blk, blk)
		}
	})
	argReturn(lbl, acc, idx, i)
}
