// Command asmgen writes the AVX2/FMA kernels of package cpu, and its AVX-512F GEMM
// kernels (gemm.go), into simd_amd64.s and its Go declarations with avo. Run it through
// `go generate ./cpu`; CI regenerates and fails on any difference.
//
// Every element-wise kernel handles the largest multiple of its vector width and leaves the
// tail to its Go caller, which runs the pure-Go reference on it, so the assembly has no
// scalar paths.
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// typ describes one float type's instructions.
type typ struct {
	name                                     string // f32, f64
	gotyp                                    string // float32, float64
	size                                     int    // bytes per element
	lanes                                    int    // per YMM register
	add, sub, mul, div, max, min, cmp, blend func(ops ...Op)
	bcast                                    func(ops ...Op)
}

var f32 = typ{"f32", "float32", 4, 8,
	func(o ...Op) { VADDPS(o[0], o[1], o[2]) }, func(o ...Op) { VSUBPS(o[0], o[1], o[2]) },
	func(o ...Op) { VMULPS(o[0], o[1], o[2]) }, func(o ...Op) { VDIVPS(o[0], o[1], o[2]) },
	func(o ...Op) { VMAXPS(o[0], o[1], o[2]) }, func(o ...Op) { VMINPS(o[0], o[1], o[2]) },
	func(o ...Op) { VCMPPS(o[0], o[1], o[2], o[3]) }, func(o ...Op) { VBLENDVPS(o[0], o[1], o[2], o[3]) },
	func(o ...Op) { VBROADCASTSS(o[0], o[1]) }}

var f64 = typ{"f64", "float64", 8, 4,
	func(o ...Op) { VADDPD(o[0], o[1], o[2]) }, func(o ...Op) { VSUBPD(o[0], o[1], o[2]) },
	func(o ...Op) { VMULPD(o[0], o[1], o[2]) }, func(o ...Op) { VDIVPD(o[0], o[1], o[2]) },
	func(o ...Op) { VMAXPD(o[0], o[1], o[2]) }, func(o ...Op) { VMINPD(o[0], o[1], o[2]) },
	func(o ...Op) { VCMPPD(o[0], o[1], o[2], o[3]) }, func(o ...Op) { VBLENDVPD(o[0], o[1], o[2], o[3]) },
	func(o ...Op) { VBROADCASTSD(o[0], o[1]) }}

// binop emits r = x op y for vectors; max and min propagate NaN as NumPy does (VMAXPS
// returns its first operand when either is NaN, so x's NaN passes; y's is blended in).
func binop(t typ, op string, x, y, r VecVirtual) {
	switch op {
	case "add":
		t.add(y, x, r)
	case "sub":
		t.sub(y, x, r)
	case "mul":
		t.mul(y, x, r)
	case "div":
		t.div(y, x, r)
	case "max", "min":
		if op == "max" {
			t.max(x, y, r)
		} else {
			t.min(x, y, r)
		}
		u := YMM()
		t.cmp(Imm(3), y, y, u) // unordered: y is NaN
		t.blend(u, y, r, r)
	}
}

// loop emits a loop over n elements in steps of unroll vectors, then single vectors,
// calling body(k, off) with the vector index k in the step and the byte offset register.
func loop(t typ, n Register, unroll int, body func(k int, i Register)) {
	i := GP64()
	XORQ(i, i)
	step := t.lanes * unroll
	big, one, done := fmt.Sprintf("big_%d", labels), fmt.Sprintf("one_%d", labels), fmt.Sprintf("done_%d", labels)
	labels++
	Label(big)
	rem := GP64()
	MOVQ(n, rem)
	SUBQ(i, rem)
	CMPQ(rem, U32(step))
	JL(LabelRef(one))
	for k := 0; k < unroll; k++ {
		body(k, i)
	}
	ADDQ(U32(step), i)
	JMP(LabelRef(big))
	Label(one)
	MOVQ(n, rem)
	SUBQ(i, rem)
	CMPQ(rem, U32(t.lanes))
	JL(LabelRef(done))
	body(0, i)
	ADDQ(U32(t.lanes), i)
	JMP(LabelRef(one))
	Label(done)
}

var labels int

func mem(base, i Register, t typ, k int) Mem {
	return Mem{Base: base, Index: i, Scale: uint8(t.size), Disp: k * 32}
}

func vv(t typ, op string, nt bool) {
	name, doc := op+"VV"+t.name, ""
	if nt {
		name, doc = name+"NT", ntDoc
	}
	TEXT(name, NOSPLIT, fmt.Sprintf("func(d, a, b []%s)", t.gotyp))
	Doc(fmt.Sprintf("%s sets d[i] = a[i] %s b[i] for i below len(d) rounded down to %d.%s", name, op, t.lanes, doc))
	d, a, b := Load(Param("d").Base(), GP64()), Load(Param("a").Base(), GP64()), Load(Param("b").Base(), GP64())
	n := Load(Param("d").Len(), GP64())
	loop(t, n, 4, func(k int, i Register) {
		x, y := YMM(), YMM()
		VMOVUPS(mem(a, i, t, k), x)
		VMOVUPS(mem(b, i, t, k), y)
		binop(t, op, x, y, x)
		store(x, mem(d, i, t, k), nt)
	})
	if nt {
		SFENCE()
	}
	VZEROUPPER()
	RET()
}

// ntDoc is the doc of the kernels with non-temporal stores.
const ntDoc = " d must be 32-byte aligned: the stores bypass the caches (VMOVNTPS), for destinations too large to stay in them, so that writing d does not first read it from memory."

// store writes x to m, with a non-temporal store when nt.
func store(x VecVirtual, m Mem, nt bool) {
	if nt {
		VMOVNTPS(x, m)
	} else {
		VMOVUPS(x, m)
	}
}

func vs(t typ, op string, scalarFirst, nt bool) {
	name := op + "VS" + t.name
	expr := "a[i] " + op + " s"
	if scalarFirst {
		name, expr = op+"SV"+t.name, "s "+op+" a[i]"
	}
	doc := ""
	if nt {
		name, doc = name+"NT", ntDoc
	}
	TEXT(name, NOSPLIT, fmt.Sprintf("func(d, a []%s, s %s)", t.gotyp, t.gotyp))
	Doc(fmt.Sprintf("%s sets d[i] = %s for i below len(d) rounded down to %d.%s", name, expr, t.lanes, doc))
	d, a := Load(Param("d").Base(), GP64()), Load(Param("a").Base(), GP64())
	n := Load(Param("d").Len(), GP64())
	s := YMM()
	t.bcast(Load(Param("s"), XMM()), s)
	loop(t, n, 4, func(k int, i Register) {
		x := YMM()
		VMOVUPS(mem(a, i, t, k), x)
		if scalarFirst {
			binop(t, op, s, x, x)
		} else {
			binop(t, op, x, s, x)
		}
		store(x, mem(d, i, t, k), nt)
	})
	if nt {
		SFENCE()
	}
	VZEROUPPER()
	RET()
}

// blocks emits a loop over n elements in steps of step: body(i) runs with i the index of
// the step's first element while at least step elements are left; the code after blocks
// runs at label prefix+"done" with i past the last whole step.
func blocks(prefix string, n Register, step int, body func(i Register)) Register {
	i := GP64()
	XORQ(i, i)
	Label(prefix + "loop")
	rem := GP64()
	MOVQ(n, rem)
	SUBQ(i, rem)
	CMPQ(rem, U32(step))
	JL(LabelRef(prefix + "done"))
	body(i)
	ADDQ(U32(step), i)
	JMP(LabelRef(prefix + "loop"))
	Label(prefix + "done")
	return i
}

// sumKernel emits func name(a []T) float64 over a[:len(a) rounded down to 16] with four
// YMM accumulators of doubles; float32 input is widened four values at a time first.
func sumKernel(t typ, doc string) {
	name := "sum" + t.name
	TEXT(name, NOSPLIT, fmt.Sprintf("func(a []%s) float64", t.gotyp))
	Doc(name + " " + doc)
	a := Load(Param("a").Base(), GP64())
	n := Load(Param("a").Len(), GP64())
	acc := []VecVirtual{YMM(), YMM(), YMM(), YMM()}
	for _, r := range acc {
		VXORPD(r, r, r)
	}
	blocks(name, n, 16, func(i Register) {
		for k := 0; k < 4; k++ {
			m := Mem{Base: a, Index: i, Scale: uint8(t.size), Disp: 4 * t.size * k}
			if t.size == 4 {
				w := YMM()
				VCVTPS2PD(m, w)
				VADDPD(w, acc[k], acc[k])
			} else {
				VADDPD(m, acc[k], acc[k])
			}
		}
	})
	reduce4(acc)
	RET()
}

// reduce4 adds four YMM accumulators of doubles and stores the total as the return value.
func reduce4(acc []VecVirtual) {
	VADDPD(acc[1], acc[0], acc[0])
	VADDPD(acc[3], acc[2], acc[2])
	VADDPD(acc[2], acc[0], acc[0])
	hi := XMM()
	VEXTRACTF128(Imm(1), acc[0], hi)
	lo := acc[0].AsX()
	VADDPD(hi, lo, lo)
	VHADDPD(lo, lo, lo)
	VZEROUPPER()
	Store(lo, ReturnIndex(0))
}

// castKernels emits the float32 <-> float64 conversions of contiguous rows (VCVTPS2PD,
// VCVTPD2PS: round to nearest even, NaNs quieted, as Go's conversions).
func castKernels() {
	TEXT("cvtf32f64", NOSPLIT, "func(d []float64, s []float32)")
	Doc("cvtf32f64 sets d[i] = float64(s[i]) for i below len(d) rounded down to 4.")
	d, s := Load(Param("d").Base(), GP64()), Load(Param("s").Base(), GP64())
	n := Load(Param("d").Len(), GP64())
	loop(f64, n, 4, func(k int, i Register) {
		x := YMM()
		VCVTPS2PD(Mem{Base: s, Index: i, Scale: 4, Disp: 16 * k}, x)
		VMOVUPD(x, Mem{Base: d, Index: i, Scale: 8, Disp: 32 * k})
	})
	VZEROUPPER()
	RET()

	TEXT("cvtf64f32", NOSPLIT, "func(d []float32, s []float64)")
	Doc("cvtf64f32 sets d[i] = float32(s[i]) for i below len(d) rounded down to 4.")
	d, s = Load(Param("d").Base(), GP64()), Load(Param("s").Base(), GP64())
	n = Load(Param("d").Len(), GP64())
	loop(f64, n, 4, func(k int, i Register) {
		x := XMM()
		VCVTPD2PSY(Mem{Base: s, Index: i, Scale: 8, Disp: 32 * k}, x)
		VMOVUPS(x, Mem{Base: d, Index: i, Scale: 4, Disp: 16 * k})
	})
	VZEROUPPER()
	RET()
}

func main() {
	Package("github.com/gotensor/gotensor/cpu")
	ConstraintExpr("!purego")
	for _, t := range []typ{f32, f64} {
		for _, nt := range []bool{false, true} {
			for _, op := range []string{"add", "sub", "mul", "div", "max", "min"} {
				vv(t, op, nt)
			}
			for _, op := range []string{"add", "sub", "mul", "div", "max", "min"} {
				vs(t, op, false, nt)
			}
			for _, op := range []string{"sub", "div"} {
				vs(t, op, true, nt)
			}
		}
	}
	sumKernel(f32, "returns the float64 sum of a[:len(a) rounded down to 16], widening each value before adding.")
	sumKernel(f64, "returns the sum of a[:len(a) rounded down to 16] in 16 interleaved partial sums.")
	mathKernels()
	mathKernels64()
	mathKernels512()
	for _, t := range []typ{f32, f64} {
		extremum(t, "max")
		extremum(t, "min")
		argExtremum(t, "max")
		argExtremum(t, "min")
	}
	reduceKernels512()
	castKernels()
	pairwiseKernels()
	blas1Kernels()
	for _, s := range gemmKernels {
		gemmKernel(s)
	}
	for _, s := range packKernels {
		packTKernel(s)
		packNKernel(s)
	}
	optimKernels()
	reluKernels()
	for _, zmm := range []bool{false, true} {
		dotNTKernel(f32, zmm)
		dotNTKernel(f64, zmm)
	}
	Generate()
}
