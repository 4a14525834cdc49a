package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// fmaKernel emits d[i] = a[i]*b[i] + c[i] rounded once (VFMADD), where b and c are each a
// vector or, with the V/S letters of the name, a scalar broadcast to every lane.
func fmaKernel(t typ, bScalar, cScalar bool) {
	letter := func(s bool) string {
		if s {
			return "S"
		}
		return "V"
	}
	name := "fmaV" + letter(bScalar) + letter(cScalar) + t.name
	bx, cx := "b[i]", "c[i]"
	T := t.gotyp
	sig := fmt.Sprintf("func(d, a, b, c []%s)", T)
	switch {
	case bScalar && cScalar:
		bx, cx, sig = "b", "c", fmt.Sprintf("func(d, a []%s, b, c %s)", T, T)
	case bScalar:
		bx, sig = "b", fmt.Sprintf("func(d, a []%s, b %s, c []%s)", T, T, T)
	case cScalar:
		cx, sig = "c", fmt.Sprintf("func(d, a, b []%s, c %s)", T, T)
	}
	TEXT(name, NOSPLIT, sig)
	Doc(fmt.Sprintf("%s sets d[i] = a[i]*%s + %s, rounded once, for i below len(d) rounded down to %d.", name, bx, cx, t.lanes))
	d, a := Load(Param("d").Base(), GP64()), Load(Param("a").Base(), GP64())
	n := Load(Param("d").Len(), GP64())
	operand := func(p string, scalar bool) (Register, VecVirtual) {
		if !scalar {
			return Load(Param(p).Base(), GP64()), nil
		}
		v := YMM()
		t.bcast(Load(Param(p), XMM()), v)
		return nil, v
	}
	bp, bv := operand("b", bScalar)
	cp, cv := operand("c", cScalar)
	loop(t, n, 4, func(k int, i Register) {
		x := YMM()
		VMOVUPS(mem(a, i, t, k), x)
		var co Op = cv
		if cp != nil {
			co = mem(cp, i, t, k)
		}
		// x = x*b + c: 213 takes b from a register and c from anywhere, 132 the reverse.
		switch {
		case bp == nil && t.size == 4:
			VFMADD213PS(co, bv, x)
		case bp == nil:
			VFMADD213PD(co, bv, x)
		case cp == nil && t.size == 4:
			VFMADD132PS(mem(bp, i, t, k), cv, x)
		case cp == nil:
			VFMADD132PD(mem(bp, i, t, k), cv, x)
		default:
			y := YMM()
			VMOVUPS(mem(bp, i, t, k), y)
			if t.size == 4 {
				VFMADD213PS(co, y, x)
			} else {
				VFMADD213PD(co, y, x)
			}
		}
		VMOVUPS(x, mem(d, i, t, k))
	})
	VZEROUPPER()
	RET()
}

// dotKernel emits func name(a, b []T) T: the sum of a[i]*b[i] over i below len(a) rounded
// down to 4 vectors, in 4 vector accumulators updated with FMAs (as BLAS's dot kernels
// do) and added pairwise at the end.
func dotKernel(t typ) {
	name := "dot" + t.name
	TEXT(name, NOSPLIT, fmt.Sprintf("func(a, b []%s) %s", t.gotyp, t.gotyp))
	Doc(fmt.Sprintf("%s returns the sum of a[i]*b[i] for i below len(a) rounded down to %d, in %d interleaved partial sums.", name, 4*t.lanes, 4*t.lanes))
	a, b := Load(Param("a").Base(), GP64()), Load(Param("b").Base(), GP64())
	n := Load(Param("a").Len(), GP64())
	acc := []VecVirtual{YMM(), YMM(), YMM(), YMM()}
	for _, r := range acc {
		VXORPS(r, r, r)
	}
	blocks(name, n, 4*t.lanes, func(i Register) {
		for k := 0; k < 4; k++ {
			x := YMM()
			VMOVUPS(mem(a, i, t, k), x)
			if t.size == 4 {
				VFMADD231PS(mem(b, i, t, k), x, acc[k]) // acc += x*b
			} else {
				VFMADD231PD(mem(b, i, t, k), x, acc[k])
			}
		}
	})
	t.add(acc[1], acc[0], acc[0])
	t.add(acc[3], acc[2], acc[2])
	t.add(acc[2], acc[0], acc[0])
	hi := XMM()
	VEXTRACTF128(Imm(1), acc[0], hi)
	lo := acc[0].AsX()
	if t.size == 4 {
		VADDPS(hi, lo, lo)
		VHADDPS(lo, lo, lo)
		VHADDPS(lo, lo, lo)
	} else {
		VADDPD(hi, lo, lo)
		VHADDPD(lo, lo, lo)
	}
	VZEROUPPER()
	Store(lo, ReturnIndex(0))
	RET()
}

// blas1Kernels emits the fused multiply-add and dot kernels of both float types.
func blas1Kernels() {
	for _, t := range []typ{f32, f64} {
		for _, s := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			fmaKernel(t, s[0], s[1])
		}
		dotKernel(t)
	}
	addWideKernel()
	sumRowsKernel(f32)
	sumRowsKernel(f64)
}

// addWideKernel emits addWidef32(acc []float64, row []float32): acc[i] += float64(row[i])
// for i below len(acc) rounded down to 16, widening and adding in one pass (the sums over
// leading axes add float32 rows into float64 accumulators this way).
func addWideKernel() {
	TEXT("addWidef32", NOSPLIT, "func(acc []float64, row []float32)")
	Doc("addWidef32 sets acc[i] += float64(row[i]) for i below len(acc) rounded down to 16.")
	acc, row := Load(Param("acc").Base(), GP64()), Load(Param("row").Base(), GP64())
	n := Load(Param("acc").Len(), GP64())
	blocks("addWidef32", n, 16, func(i Register) {
		for k := 0; k < 4; k++ {
			x := YMM()
			VCVTPS2PD(Mem{Base: row, Index: i, Scale: 4, Disp: 16 * k}, x)
			m := Mem{Base: acc, Index: i, Scale: 8, Disp: 32 * k}
			VADDPD(m, x, x)
			VMOVUPD(x, m)
		}
	})
	VZEROUPPER()
	RET()
}

// sumRowsKernel emits sumRows{f32,f64}(acc []float64, src []T, stride, rows int):
// acc[j] += src[r*stride+j] for r < rows in order, for j below len(acc) rounded down to
// 32, 32 columns at a time held in eight registers while the rows go by (float32 widened
// on the way), so that the accumulators are loaded and stored once per strip.
func sumRowsKernel(t typ) {
	name := "sumRows" + t.name
	TEXT(name, NOSPLIT, fmt.Sprintf("func(acc []float64, src []%s, stride, rows int)", t.gotyp))
	Doc(fmt.Sprintf("%s sets acc[j] += src[r*stride+j] for r below rows, in order, and j below len(acc) rounded down to 32.", name))
	acc, src := Load(Param("acc").Base(), GP64()), Load(Param("src").Base(), GP64())
	n := Load(Param("acc").Len(), GP64())
	stride, rows := Load(Param("stride"), GP64()), Load(Param("rows"), GP64())
	SHLQ(Imm(uint64(map[int]int{4: 2, 8: 3}[t.size])), stride) // in bytes
	blocks(name, n, 32, func(j Register) {
		a := make([]VecVirtual, 8)
		for k := range a {
			a[k] = YMM()
			VMOVUPD(Mem{Base: acc, Index: j, Scale: 8, Disp: 32 * k}, a[k])
		}
		p, r := GP64(), GP64()
		LEAQ(Mem{Base: src, Index: j, Scale: uint8(t.size)}, p)
		MOVQ(rows, r)
		Label(name + "row")
		TESTQ(r, r)
		JZ(LabelRef(name + "rowsdone"))
		for k := range a {
			if t.size == 4 {
				x := YMM()
				VCVTPS2PD(Mem{Base: p, Disp: 16 * k}, x)
				VADDPD(x, a[k], a[k])
			} else {
				VADDPD(Mem{Base: p, Disp: 32 * k}, a[k], a[k])
			}
		}
		ADDQ(stride, p)
		DECQ(r)
		JMP(LabelRef(name + "row"))
		Label(name + "rowsdone")
		for k := range a {
			VMOVUPD(a[k], Mem{Base: acc, Index: j, Scale: 8, Disp: 32 * k})
		}
	})
	VZEROUPPER()
	RET()
}
