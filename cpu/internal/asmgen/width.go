package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/ir"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
	"github.com/mmcloughlin/avo/x86"
)

// width is the vector width a math kernel is emitted for, so that one Go emitter writes
// both kernels instruction for instruction:
//
//   - avx2: YMM registers (AVX2/FMA). A comparison writes a vector of all-ones lanes, a
//     selection is VBLENDV, zeroing the unselected lanes is VAND with that vector, and a
//     constant is the memory operand of a 32-byte RODATA symbol (cf, ci, cd, cq).
//   - avx512: ZMM registers (AVX-512F and DQ). A comparison writes an opmask register, a
//     selection is VBLENDM, zeroing is a zero-masked move, and a constant is an embedded
//     broadcast of the same symbol's first lane.
//
// Every other instruction is the same mnemonic at both widths (VANDPS and VORPS on ZMM
// are AVX-512DQ), and the same operations in the same order give bit-identical results;
// VRNDSCALEPS with immediate 0 rounds as VROUNDPS with immediate 0, and the scalings by
// 2^n of exp (ldexpPS, mulPow2, scaleOnce) are VSCALEF, which rounds the product once as
// the AVX2 multiplications do.
type width struct{ zmm bool }

var (
	avx2   = width{}
	avx512 = width{zmm: true}
)

// ctor is an avo instruction constructor.
type ctor = func(...Op) (*ir.Instruction, error)

// konst is a constant operand: the 32-byte RODATA symbol of cf, ci, cd or cq. Only op and
// the other helpers of width take it (avo rejects it elsewhere), so that it cannot reach a
// ZMM instruction as a 64-byte load past the symbol's end.
type konst struct{ m Mem }

// Asm makes konst an operand.
func (k konst) Asm() string { return k.m.Asm() }

// cf is the float32 constant v in every lane.
func (w width) cf(v float32) konst { return konst{cf(v)} }

// ci is cf for a raw 32-bit pattern.
func (w width) ci(bits uint32) konst { return konst{ci(bits)} }

// cd is the float64 constant v in every lane.
func (w width) cd(v float64) konst { return konst{cd(v)} }

// cq is cd for a raw 64-bit pattern.
func (w width) cq(bits uint64) konst { return konst{cq(bits)} }

// op emits the instruction that the avo constructor f builds from ops, in which a konst
// stands for its symbol: a YMM instruction reads it whole, a ZMM one as an embedded
// broadcast (the BCST suffix, whose form has the same operands, inputs and outputs as the
// full-width one f checks).
func (w width) op(f ctor, ops ...Op) {
	args, bcst := make([]Op, len(ops)), false
	for j, o := range ops {
		if k, ok := o.(konst); ok {
			o, bcst = k.m, w.zmm
		}
		args[j] = o
	}
	i, err := f(args...)
	if err != nil {
		panic(fmt.Sprintf("asmgen: %v with operands %v", err, args))
	}
	if bcst {
		i.Suffixes = append(i.Suffixes, "BCST")
	}
	Instruction(i)
}

// lanes is the number of t's elements in one vector.
func (w width) lanes(t typ) int {
	if w.zmm {
		return 2 * t.lanes
	}
	return t.lanes
}

// vec allocates a vector register.
func (w width) vec() VecVirtual {
	if w.zmm {
		return ZMM()
	}
	return YMM()
}

// mask allocates the destination of a comparison: a vector, or an opmask register.
func (w width) mask() Register {
	if w.zmm {
		return K()
	}
	return YMM()
}

// maskIn returns a comparison destination that reuses the vector v, no longer needed,
// where masks are vectors, and a new opmask register otherwise.
func (w width) maskIn(v VecVirtual) Register {
	if w.zmm {
		return K()
	}
	return v
}

// setf sets every float32 lane of dst to v.
func (w width) setf(dst VecVirtual, v float32) { w.set(cf(v), dst, VMOVUPS, VBROADCASTSS) }

// setd sets every float64 lane of dst to v.
func (w width) setd(dst VecVirtual, v float64) { w.set(cd(v), dst, VMOVUPD, VBROADCASTSD) }

// set loads the constant m into dst: whole (mov) or its first lane broadcast (bcast).
func (w width) set(m Mem, dst VecVirtual, mov, bcast func(...Op)) {
	if w.zmm {
		bcast(m, dst)
	} else {
		mov(m, dst)
	}
}

// blendps sets dst = a where the float32 lanes of m are set, else b.
func (w width) blendps(m Register, a, b, dst Op) { w.blend(m, a, b, dst, x86.VBLENDVPS, x86.VBLENDMPS) }

// blendpd is blendps for float64 lanes.
func (w width) blendpd(m Register, a, b, dst Op) { w.blend(m, a, b, dst, x86.VBLENDVPD, x86.VBLENDMPD) }

// blend emits dst = m ? a : b with VBLENDV (mask first) or VBLENDM (mask third).
func (w width) blend(m Register, a, b, dst Op, vblendv func(m, a, b, dst Op) (*ir.Instruction, error), vblendm ctor) {
	if w.zmm {
		w.op(vblendm, a, b, m, dst)
	} else {
		w.op(func(o ...Op) (*ir.Instruction, error) { return vblendv(o[0], o[1], o[2], o[3]) }, m, a, b, dst)
	}
}

// andps sets dst = a where the float32 lanes of m are set, else +0.
func (w width) andps(a Op, m Register, dst Op) {
	w.and(a, m, dst, x86.VANDPS, VMOVUPS_Z, VBROADCASTSS_Z)
}

// andpd is andps for float64 lanes.
func (w width) andpd(a Op, m Register, dst Op) {
	w.and(a, m, dst, x86.VANDPD, VMOVUPD_Z, VBROADCASTSD_Z)
}

// and emits dst = m ? a : 0 with vand, or a zero-masked move (movz) or broadcast (bcastz).
func (w width) and(a Op, m Register, dst Op, vand ctor, movz, bcastz func(a, m, dst Op)) {
	k, isConst := a.(konst)
	switch {
	case !w.zmm:
		w.op(vand, a, m, dst)
	case isConst:
		bcastz(k.m, m, dst)
	default:
		movz(a, m, dst)
	}
}

// andMasks sets the float64 lanes of dst where both a and b are set.
func (w width) andMasks(a, b, dst Register) {
	if w.zmm {
		KANDW(a, b, dst)
	} else {
		VANDPD(a, b, dst)
	}
}

// skipIfNone jumps to label when no float64 lane of m is set.
func (w width) skipIfNone(m Register, label string) {
	if w.zmm {
		KORTESTW(m, m)
	} else {
		g := GP32()
		VMOVMSKPD(m, g)
		TESTL(g, g)
	}
	JZ(LabelRef(label))
}

// roundps rounds float32 lanes to the nearest integer, ties to even.
func (w width) roundps(x, dst VecVirtual) {
	if w.zmm {
		VRNDSCALEPS(Imm(0), x, dst)
	} else {
		VROUNDPS(Imm(0), x, dst)
	}
}

// por sets dst = a | b, bitwise.
func (w width) por(a, b Op, dst VecVirtual) {
	if w.zmm {
		w.op(x86.VPORQ, a, b, dst)
	} else {
		w.op(func(o ...Op) (*ir.Instruction, error) { return x86.VPOR(o[0], o[1], o[2]) }, a, b, dst)
	}
}

// pxor sets dst = a ^ b, bitwise.
func (w width) pxor(a, b Op, dst VecVirtual) {
	if w.zmm {
		VPXORQ(a, b, dst)
	} else {
		VPXOR(a, b, dst)
	}
}

// mapKernel emits func name(d, a []T) applying f to each vector of t's lanes at width w,
// unroll vectors a step while at least that many remain.
func mapKernel(t typ, w width, unroll int, name, doc string, f func(VecVirtual) VecVirtual) {
	TEXT(name, NOSPLIT, fmt.Sprintf("func(d, a []%s)", t.gotyp))
	Doc(doc)
	d, a := Load(Param("d").Base(), GP64()), Load(Param("a").Base(), GP64())
	n := Load(Param("d").Len(), GP64())
	tw := t
	tw.lanes = w.lanes(t)
	loop(tw, n, unroll, func(k int, i Register) {
		at := func(base Register) Mem {
			return Mem{Base: base, Index: i, Scale: uint8(t.size), Disp: k * tw.lanes * t.size}
		}
		x := w.vec()
		VMOVUPS(at(a), x)
		y := f(x)
		VMOVUPS(y, at(d))
	})
	VZEROUPPER()
	RET()
}

// mathUnroll512 is how many ZMM vectors the AVX-512 math kernels do per loop step.
const mathUnroll512 = 2

// mathKernels512 emits the AVX-512F/DQ twins of the transcendental kernels, named with a
// z suffix, bit for bit the AVX2 kernels' results at twice their width.
func mathKernels512() {
	mathSet(f32, avx512, mathUnroll512)
	mathSet(f64, avx512, mathUnroll512)
}

// mathSet emits exp, log, sigmoid and tanh for t at width w.
func mathSet(t typ, w width, unroll int) {
	type kernel struct {
		op, what, err32, err64 string
		f32, f64               func(VecVirtual) VecVirtual
	}
	for _, k := range []kernel{
		{"exp", "exp(a[i])", " within 2 ulp", " within 1 ulp", w.expPS, w.expPD},
		{"log", "log(a[i])", " within 2 ulp", " within 1 ulp", w.logPS, w.logPD},
		{"sigmoid", "1/(1+exp(-a[i]))", "", " within 1 ulp", w.sigmoidPS, w.sigmoidPD},
		{"tanh", "tanh(a[i])", "", " within 1 ulp", w.tanhPS, w.tanhPD},
	} {
		name, f, err, isa := k.op+t.name, k.f32, k.err32, ""
		if t.size == 8 {
			f, err = k.f64, k.err64
		}
		if w.zmm {
			name, isa = name+"z", " with AVX-512F/DQ"
		}
		doc := fmt.Sprintf("%s sets d[i] = %s%s for i below len(d) rounded down to %d%s.", name, k.what, err, w.lanes(t), isa)
		mapKernel(t, w, unroll, name, doc, f)
	}
}
