package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// The kernels of NumPy's float sums (cpu/pairwise.go): the leaves of its pairwise
// summation, and the rows a sum over a leading axis adds one after the other, both in
// the array's own dtype so that every rounding is NumPy's.

// pairwiseKernels emits pwLeaves{f32,f64} and accRowsf32.
func pairwiseKernels() {
	pwLeavesKernel(f32)
	pwLeavesKernel(f64)
	accRowsKernel()
}

// pwLeavesKernel emits pwLeaves{f32,f64}(a []T, lens []int, out []T). The leaves are
// consecutive runs of a, of lens[k] elements each (a multiple of 8, at least 8); out[k] is
// NumPy's leaf of pairwise_sum over leaf k: eight accumulators r[j] start at its first
// eight values and add the following rows of eight in order, then
// out[k] = ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)). The eight accumulators of a leaf are the
// lanes of one vector (two for float64), and four leaves run side by side so that their
// additions overlap; every addition is the one NumPy's loop makes, in the same dtype, so
// the results are its bits.
func pwLeavesKernel(t typ) {
	name := "pwLeaves" + t.name
	TEXT(name, NOSPLIT, fmt.Sprintf("func(a []%s, lens []int, out []%s)", t.gotyp, t.gotyp))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets out[k] to NumPy's eight-accumulator pairwise leaf over the k-th of the consecutive runs of a whose lengths lens holds (multiples of 8, at least 8).", name))
	p := Load(Param("a").Base(), GP64())
	lens := Load(Param("lens").Base(), GP64())
	out := Load(Param("out").Base(), GP64())
	nl := Load(Param("lens").Len(), GP64())
	row := 8 * t.size // bytes per row of eight
	vpr := row / 32   // vectors per row: 1 for float32, 2 for float64

	// leaves runs g leaves from p: lens[0..g) and out[0..g) are the current ones.
	leaves := func(g int, pre string) {
		base := make([]Register, g)
		acc := make([][]VecVirtual, g)
		for k := range base {
			base[k] = GP64()
			if k == 0 {
				MOVQ(p, base[k])
			} else {
				MOVQ(Mem{Base: lens, Disp: 8 * (k - 1)}, base[k])
				SHLQ(Imm(uint64(map[int]int{4: 2, 8: 3}[t.size])), base[k])
				ADDQ(base[k-1], base[k])
			}
			acc[k] = make([]VecVirtual, vpr)
			for v := range acc[k] {
				acc[k][v] = YMM()
				VMOVUPS(Mem{Base: base[k], Disp: 32 * v}, acc[k][v])
			}
		}
		// m: the rows every leaf still has after its first.
		m := GP64()
		MOVQ(Mem{Base: lens}, m)
		for k := 1; k < g; k++ {
			c := GP64()
			MOVQ(Mem{Base: lens, Disp: 8 * k}, c)
			CMPQ(c, m)
			CMOVQLT(c, m)
		}
		SHRQ(Imm(3), m)
		DECQ(m)
		i := GP64()
		MOVQ(U32(row), i)
		// pf: the span of the group in bytes, the distance to the same place in the next
		// group, which is fetched meanwhile: the leaves' short runs (1 KiB or less each)
		// are too short for the hardware prefetcher to follow.
		var pf Register
		if g > 1 {
			pf = GP64()
			MOVQ(Mem{Base: lens, Disp: 8 * (g - 1)}, pf)
			SHLQ(Imm(uint64(map[int]int{4: 2, 8: 3}[t.size])), pf)
			ADDQ(base[g-1], pf)
			SUBQ(base[0], pf)
		}
		Label(pre + "common")
		TESTQ(m, m)
		JZ(LabelRef(pre + "tails"))
		for k := range base {
			if pf != nil {
				a := GP64()
				LEAQ(Mem{Base: base[k], Index: i, Scale: 1}, a)
				PREFETCHT0(Mem{Base: a, Index: pf, Scale: 1})
			}
			for v := range acc[k] {
				t.add(Mem{Base: base[k], Index: i, Scale: 1, Disp: 32 * v}, acc[k][v], acc[k][v])
			}
		}
		ADDQ(U32(row), i)
		DECQ(m)
		JMP(LabelRef(pre + "common"))
		Label(pre + "tails")
		// Each leaf's rows past the common ones, from byte offset i.
		for k := range base {
			end, j := GP64(), GP64()
			MOVQ(Mem{Base: lens, Disp: 8 * k}, end)
			SHLQ(Imm(uint64(map[int]int{4: 2, 8: 3}[t.size])), end)
			MOVQ(i, j)
			lbl := fmt.Sprintf("%stail%d", pre, k)
			Label(lbl)
			CMPQ(j, end)
			JGE(LabelRef(lbl + "done"))
			for v := range acc[k] {
				t.add(Mem{Base: base[k], Index: j, Scale: 1, Disp: 32 * v}, acc[k][v], acc[k][v])
			}
			ADDQ(U32(row), j)
			JMP(LabelRef(lbl))
			Label(lbl + "done")
			if k == g-1 {
				LEAQ(Mem{Base: base[k], Index: end, Scale: 1}, p)
			}
		}
		for k := range base {
			pwFold(t, acc[k], Mem{Base: out, Disp: t.size * k})
		}
		ADDQ(U32(8*g), lens)
		ADDQ(U32(t.size*g), out)
		SUBQ(U32(g), nl)
	}

	// Leaves side by side, so that their additions overlap: four of float32 (four vector
	// accumulators), two of float64 (four too, and two streams for the prefetchers rather
	// than four: measured faster from memory, as fast from cache).
	g := 4
	if t.size == 8 {
		g = 2
	}
	Label(name + "group")
	CMPQ(nl, U32(uint64(g)))
	JL(LabelRef(name + "single"))
	leaves(g, name+"g")
	JMP(LabelRef(name + "group"))
	Label(name + "single")
	TESTQ(nl, nl)
	JZ(LabelRef(name + "done"))
	leaves(1, name+"s")
	JMP(LabelRef(name + "single"))
	Label(name + "done")
	VZEROUPPER()
	RET()
}

// pwFold stores ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) of the eight accumulators in acc (one
// vector of float32, or r0..r3 and r4..r7 of float64) to m. Each horizontal addition adds
// the same pairs as NumPy's expression (the order of two addends does not change a sum).
func pwFold(t typ, acc []VecVirtual, m Mem) {
	if t.size == 4 {
		h := YMM()
		VHADDPS(acc[0], acc[0], h) // r0+r1, r2+r3, .., | r4+r5, r6+r7, ..
		VHADDPS(h, h, h)           // (r0+r1)+(r2+r3) .. | (r4+r5)+(r6+r7) ..
		hi := XMM()
		VEXTRACTF128(Imm(1), h, hi)
		VADDSS(hi, h.AsX(), hi)
		VMOVSS(hi, m)
		return
	}
	h := YMM()
	VHADDPD(acc[1], acc[0], h) // r0+r1, r4+r5, r2+r3, r6+r7
	hi := XMM()
	VEXTRACTF128(Imm(1), h, hi)
	VADDPD(hi, h.AsX(), hi) // (r0+r1)+(r2+r3), (r4+r5)+(r6+r7)
	VHADDPD(hi, hi, hi)
	VMOVSD(hi, m)
}

// accRowsKernel emits accRowsf32(acc []float32, src []float32, stride, rows int):
// acc[j] += src[r*stride+j] for r < rows in order, in float32, for j below len(acc)
// rounded down to 64, 64 columns at a time held in eight registers while the rows go by.
func accRowsKernel() {
	name := "accRowsf32"
	TEXT(name, NOSPLIT, "func(acc []float32, src []float32, stride, rows int)")
	Pragma("noescape")
	Doc(name + " sets acc[j] += src[r*stride+j] in float32 for r below rows, in order, and j below len(acc) rounded down to 64.")
	acc, src := Load(Param("acc").Base(), GP64()), Load(Param("src").Base(), GP64())
	n := Load(Param("acc").Len(), GP64())
	stride, rows := Load(Param("stride"), GP64()), Load(Param("rows"), GP64())
	SHLQ(Imm(2), stride) // in bytes
	blocks(name, n, 64, func(j Register) {
		a := make([]VecVirtual, 8)
		for k := range a {
			a[k] = YMM()
			VMOVUPS(Mem{Base: acc, Index: j, Scale: 4, Disp: 32 * k}, a[k])
		}
		p, r := GP64(), GP64()
		LEAQ(Mem{Base: src, Index: j, Scale: 4}, p)
		MOVQ(rows, r)
		Label(name + "row")
		TESTQ(r, r)
		JZ(LabelRef(name + "rowsdone"))
		for k := range a {
			VADDPS(Mem{Base: p, Disp: 32 * k}, a[k], a[k])
		}
		ADDQ(stride, p)
		DECQ(r)
		JMP(LabelRef(name + "row"))
		Label(name + "rowsdone")
		for k := range a {
			VMOVUPS(a[k], Mem{Base: acc, Index: j, Scale: 4, Disp: 32 * k})
		}
	})
	VZEROUPPER()
	RET()
}
