// Command probegen writes gpubench's ceiling probes (ceiling_amd64.s and their Go
// declarations) with avo: a STREAM-like triad and FMA loops that keep every FMA pipe busy
// with independent accumulators, at 256 bits (AVX2) and 512 bits (AVX-512). Run it with
// `go generate ./cmd/gpubench`; ci/check-generated fails when the output is stale.
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

func triad() {
	TEXT("triadAVX2", NOSPLIT, "func(a, b, c []float64, s float64)")
	Pragma("noescape")
	Doc("triadAVX2 sets a[i] = b[i] + s*c[i] for i < len(a)&^15; b and c are at least as long.")
	a, b, c := Load(Param("a").Base(), GP64()), Load(Param("b").Base(), GP64()), Load(Param("c").Base(), GP64())
	n := Load(Param("a").Len(), GP64())
	s := YMM()
	VBROADCASTSD(Load(Param("s"), XMM()), s)
	SHRQ(U8(4), n)
	JZ(LabelRef("triaddone"))
	Label("triadloop")
	for k := 0; k < 4; k++ {
		x := YMM()
		VMOVUPD(Mem{Base: b, Disp: 32 * k}, x)
		VFMADD231PD(Mem{Base: c, Disp: 32 * k}, s, x)
		VMOVUPD(x, Mem{Base: a, Disp: 32 * k})
	}
	for _, r := range []Register{a, b, c} {
		ADDQ(U32(128), r)
	}
	DECQ(n)
	JNZ(LabelRef("triadloop"))
	Label("triaddone")
	VZEROUPPER()
	RET()
}

// fmaLoop emits n iterations of acc independent FMAs on vectors of the given width.
func fmaLoop(name string, acc int, f64 bool, wide bool) {
	bits, lanes := 256, 8
	if wide {
		bits, lanes = 512, 16
	}
	if f64 {
		lanes /= 2
	}
	TEXT(name, NOSPLIT, "func(n int)")
	Doc(fmt.Sprintf("%s runs n iterations of %d independent %d-bit FMAs (%d flops each).", name, acc, bits, 2*acc*lanes))
	n := Load(Param("n"), GP64())
	vec := func() VecVirtual {
		if wide {
			return ZMM()
		}
		return YMM()
	}
	regs := make([]VecVirtual, acc)
	x, y := vec(), vec()
	for i := range regs {
		regs[i] = vec()
	}
	for _, r := range append(regs, x, y) {
		VXORPS(r, r, r)
	}
	TESTQ(n, n)
	JLE(LabelRef(name + "done"))
	Label(name + "loop")
	for _, r := range regs {
		if f64 {
			VFMADD231PD(x, y, r)
		} else {
			VFMADD231PS(x, y, r)
		}
	}
	DECQ(n)
	JNZ(LabelRef(name + "loop"))
	Label(name + "done")
	VZEROUPPER()
	RET()
}

func main() {
	ConstraintExpr("!purego")
	triad()
	fmaLoop("fmaLoopF32", 12, false, false)
	fmaLoop("fmaLoopF64", 12, true, false)
	fmaLoop("fmaLoopF32x512", 24, false, true)
	fmaLoop("fmaLoopF64x512", 24, true, true)
	Generate()
}
