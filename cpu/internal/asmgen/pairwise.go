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

// pairwiseKernels emits pwLeaves, pwStrided and accRows, each for float32 and float64.
func pairwiseKernels() {
	pwLeavesKernel(f32)
	pwLeavesKernel(f64)
	pwStridedKernel(f32)
	pwStridedKernel(f64)
	accRowsKernel(f32)
	accRowsKernel(f64)
}

// pwLeavesKernel emits pwLeaves{f32,f64}(a []T, offs, lens []int, out []T). Leaf k is
// a[offs[k] : offs[k]+lens[k]], lens[k] a multiple of 8 and at least 8; out[k] is NumPy's
// leaf of pairwise_sum over it: eight accumulators r[j] start at its first eight values
// and add the following rows of eight in order, then
// out[k] = ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)). The eight accumulators of a leaf are the
// lanes of one vector (two for float64), and four leaves run side by side so that their
// additions overlap; every addition is the one NumPy's loop makes, in the same dtype, so
// the results are its bits. The leaves may come from one run or from many (the rows of a
// row sum), so that short runs share a call and overlap too.
func pwLeavesKernel(t typ) {
	name := "pwLeaves" + t.name
	TEXT(name, NOSPLIT, fmt.Sprintf("func(a []%s, offs, lens []int, out []%s)", t.gotyp, t.gotyp))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets out[k] to NumPy's eight-accumulator pairwise leaf over a[offs[k]:offs[k]+lens[k]] (lens[k] a multiple of 8, at least 8).", name))
	a := Load(Param("a").Base(), GP64())
	offs := Load(Param("offs").Base(), GP64())
	lens := Load(Param("lens").Base(), GP64())
	out := Load(Param("out").Base(), GP64())
	nl := Load(Param("lens").Len(), GP64())
	row := 8 * t.size // bytes per row of eight
	vpr := row / 32   // vectors per row: 1 for float32, 2 for float64
	shift := uint64(map[int]int{4: 2, 8: 3}[t.size])

	// leaves runs g leaves: offs[0..g), lens[0..g) and out[0..g) are the current ones.
	leaves := func(g int, pre string) {
		base := make([]Register, g)
		acc := make([][]VecVirtual, g)
		for k := range base {
			base[k] = GP64()
			MOVQ(Mem{Base: offs, Disp: 8 * k}, base[k])
			LEAQ(Mem{Base: a, Index: base[k], Scale: uint8(t.size)}, base[k])
			acc[k] = make([]VecVirtual, vpr)
			for v := range acc[k] {
				acc[k][v] = YMM()
				VMOVUPS(Mem{Base: base[k], Disp: 32 * v}, acc[k][v])
			}
		}
		// m: the rows every leaf still has after its first; mx: the most any has (the
		// tails below are skipped when they agree, as they do within a run's leaves of
		// equal length).
		m, mx := GP64(), GP64()
		MOVQ(Mem{Base: lens}, m)
		MOVQ(m, mx)
		for k := 1; k < g; k++ {
			c := GP64()
			MOVQ(Mem{Base: lens, Disp: 8 * k}, c)
			CMPQ(c, m)
			CMOVQLT(c, m)
			CMPQ(c, mx)
			CMOVQGT(c, mx)
		}
		CMPQ(m, mx)
		SETEQ(mx.As8())
		SHRQ(Imm(3), m)
		DECQ(m)
		i := GP64()
		MOVQ(U32(row), i)
		// pf walks the memory 4 KiB past the last leaf's end, two cache lines per row, in
		// order, prefetching it while these leaves are added: runs of 1 KiB or less side by
		// side are too short and too interleaved for the hardware prefetchers to follow
		// from memory. (Prefetches past the data do no harm.)
		var pf Register
		if g == 4 {
			pf = GP64()
			MOVQ(Mem{Base: lens, Disp: 8 * (g - 1)}, pf)
			LEAQ(Mem{Base: base[g-1], Index: pf, Scale: uint8(t.size), Disp: 4096}, pf)
		}
		Label(pre + "common")
		TESTQ(m, m)
		JZ(LabelRef(pre + "tails"))
		if pf != nil {
			PREFETCHT0(Mem{Base: pf})
			PREFETCHT0(Mem{Base: pf, Disp: 64})
			ADDQ(U32(128), pf)
		}
		for k := range base {
			for v := range acc[k] {
				t.add(Mem{Base: base[k], Index: i, Scale: 1, Disp: 32 * v}, acc[k][v], acc[k][v])
			}
		}
		ADDQ(U32(row), i)
		DECQ(m)
		JMP(LabelRef(pre + "common"))
		Label(pre + "tails")
		TESTB(mx.As8(), mx.As8())
		JNZ(LabelRef(pre + "fold"))
		// Each leaf's rows past the common ones, from byte offset i.
		for k := range base {
			end, j := GP64(), GP64()
			MOVQ(Mem{Base: lens, Disp: 8 * k}, end)
			SHLQ(Imm(shift), end)
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
		}
		Label(pre + "fold")
		if g == 4 {
			pwFold4(t, acc, Mem{Base: out})
		} else {
			for k := range base {
				pwFold(t, acc[k], Mem{Base: out, Disp: t.size * k})
			}
		}
		ADDQ(U32(8*g), offs)
		ADDQ(U32(8*g), lens)
		ADDQ(U32(t.size*g), out)
		SUBQ(U32(g), nl)
	}

	// Four leaves side by side, so that their additions overlap (four vector accumulators
	// of float32, eight of float64), then the last three, two or one together.
	const g = 4
	Label(name + "group")
	CMPQ(nl, U32(g))
	JL(LabelRef(name + "rest"))
	leaves(g, name+"g")
	JMP(LabelRef(name + "group"))
	Label(name + "rest")
	for r := g - 1; r >= 1; r-- {
		next := fmt.Sprintf("%srest%d", name, r-1)
		CMPQ(nl, U32(uint64(r)))
		JL(LabelRef(next))
		leaves(r, fmt.Sprintf("%sr%d", name, r))
		Label(next)
	}
	VZEROUPPER()
	RET()
}

// pwStridedKernel emits pwStrided{f32,f64}(a []T, stride, n int, out []T): out[r] is
// NumPy's pairwise leaf over a[r*stride : r*stride+n] (n a multiple of 8, at least 8),
// as pwLeaves: the same leaf of many rows of a row sum, four rows side by side, with none
// of pwLeaves' bookkeeping (the leaves are all n long, at a constant distance).
func pwStridedKernel(t typ) {
	name := "pwStrided" + t.name
	TEXT(name, NOSPLIT, fmt.Sprintf("func(a []%s, stride, n int, out []%s)", t.gotyp, t.gotyp))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets out[r] to NumPy's eight-accumulator pairwise leaf over a[r*stride:r*stride+n] (n a multiple of 8, at least 8).", name))
	a := Load(Param("a").Base(), GP64())
	stride := Load(Param("stride"), GP64())
	n := Load(Param("n"), GP64())
	out := Load(Param("out").Base(), GP64())
	nr := Load(Param("out").Len(), GP64())
	shift := uint64(map[int]int{4: 2, 8: 3}[t.size])
	SHLQ(Imm(shift), stride) // in bytes
	SHLQ(Imm(shift), n)
	row := 8 * t.size
	vpr := row / 32

	leaves := func(g int, pre string) {
		base := make([]Register, g)
		acc := make([][]VecVirtual, g)
		for k := range base {
			base[k] = GP64()
			if k == 0 {
				MOVQ(a, base[k])
			} else {
				LEAQ(Mem{Base: base[k-1], Index: stride, Scale: 1}, base[k])
			}
			acc[k] = make([]VecVirtual, vpr)
			for v := range acc[k] {
				acc[k][v] = YMM()
				VMOVUPS(Mem{Base: base[k], Disp: 32 * v}, acc[k][v])
			}
		}
		i := GP64()
		MOVQ(U32(row), i)
		Label(pre + "loop")
		CMPQ(i, n)
		JGE(LabelRef(pre + "fold"))
		for k := range base {
			for v := range acc[k] {
				t.add(Mem{Base: base[k], Index: i, Scale: 1, Disp: 32 * v}, acc[k][v], acc[k][v])
			}
		}
		ADDQ(U32(row), i)
		JMP(LabelRef(pre + "loop"))
		Label(pre + "fold")
		if g == 4 {
			pwFold4(t, acc, Mem{Base: out})
		} else {
			for k := range base {
				pwFold(t, acc[k], Mem{Base: out, Disp: t.size * k})
			}
		}
		LEAQ(Mem{Base: base[g-1], Index: stride, Scale: 1}, a)
		ADDQ(U32(t.size*g), out)
		SUBQ(U32(g), nr)
	}
	const g = 4
	Label(name + "group")
	CMPQ(nr, U32(g))
	JL(LabelRef(name + "rest"))
	leaves(g, name+"g")
	JMP(LabelRef(name + "group"))
	Label(name + "rest")
	TESTQ(nr, nr)
	JZ(LabelRef(name + "done"))
	leaves(1, name+"s")
	JMP(LabelRef(name + "rest"))
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

// pwFold4 stores the four leaves' sums ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) to m, m+1,
// m+2, m+3, folding the four side by side: the same pairs added as pwFold adds them.
func pwFold4(t typ, acc [][]VecVirtual, m Mem) {
	if t.size == 4 {
		// Per 128-bit half, hadd(Y0, Y1) is [Y0 r0+r1, Y0 r2+r3, Y1 r0+r1, Y1 r2+r3]
		// (r4.. in the high half); a second hadd with Y2, Y3's gives (r0+r1)+(r2+r3) of
		// leaves 0..3 in the low half and (r4+r5)+(r6+r7) in the high half.
		h01, h23 := YMM(), YMM()
		VHADDPS(acc[1][0], acc[0][0], h01)
		VHADDPS(acc[3][0], acc[2][0], h23)
		VHADDPS(h23, h01, h01)
		hi := XMM()
		VEXTRACTF128(Imm(1), h01, hi)
		VADDPS(hi, h01.AsX(), hi)
		VMOVUPS(hi, m)
		return
	}
	// Float64: hadd(A, B) of a leaf is [r0+r1, r4+r5, r2+r3, r6+r7]; its two halves
	// added give [(r0+r1)+(r2+r3), (r4+r5)+(r6+r7)], two leaves' of them side by side
	// in one register after VPERM2F128, and a last hadd of two such registers gives
	// the four sums in the order 0, 2, 1, 3.
	h := make([]VecVirtual, 4)
	for k := range h {
		h[k] = YMM()
		VHADDPD(acc[k][1], acc[k][0], h[k])
	}
	x01, x23, y := YMM(), YMM(), YMM()
	VPERM2F128(Imm(0x20), h[1], h[0], x01) // h0.lo, h1.lo
	VPERM2F128(Imm(0x31), h[1], h[0], y)   // h0.hi, h1.hi
	VADDPD(y, x01, x01)                    // [s0a, s0b, s1a, s1b]
	VPERM2F128(Imm(0x20), h[3], h[2], x23)
	VPERM2F128(Imm(0x31), h[3], h[2], y)
	VADDPD(y, x23, x23)          // [s2a, s2b, s3a, s3b]
	VHADDPD(x23, x01, x01)       // [s0, s2, s1, s3]
	VPERMPD(Imm(0xd8), x01, x01) // [s0, s1, s2, s3]
	VMOVUPD(x01, m)
}

// accRowsKernel emits accRows{f32,f64}(acc []T, src []T, stride, rows int):
// acc[j] += src[r*stride+j] for r < rows in order, in T, for j below len(acc) rounded down
// to a vector (8 float32, 4 float64): 8 vectors of columns at a time held in registers
// while the rows go by, then one vector at a time, so that the accumulators are loaded
// and stored once per call.
func accRowsKernel(t typ) {
	name := "accRows" + t.name
	TEXT(name, NOSPLIT, fmt.Sprintf("func(acc []%s, src []%s, stride, rows int)", t.gotyp, t.gotyp))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets acc[j] += src[r*stride+j] in %s for r below rows, in order, and j below len(acc) rounded down to %d.", name, t.gotyp, t.lanes))
	acc, src := Load(Param("acc").Base(), GP64()), Load(Param("src").Base(), GP64())
	n := Load(Param("acc").Len(), GP64())
	stride, rows := Load(Param("stride"), GP64()), Load(Param("rows"), GP64())
	SHLQ(Imm(uint64(map[int]int{4: 2, 8: 3}[t.size])), stride) // in bytes
	strip := func(pre string, nv int, j Register) {
		a := make([]VecVirtual, nv)
		for k := range a {
			a[k] = YMM()
			VMOVUPS(Mem{Base: acc, Index: j, Scale: uint8(t.size), Disp: 32 * k}, a[k])
		}
		p, r := GP64(), GP64()
		LEAQ(Mem{Base: src, Index: j, Scale: uint8(t.size)}, p)
		MOVQ(rows, r)
		Label(pre + "row")
		TESTQ(r, r)
		JZ(LabelRef(pre + "rowsdone"))
		for k := range a {
			t.add(Mem{Base: p, Disp: 32 * k}, a[k], a[k])
		}
		ADDQ(stride, p)
		DECQ(r)
		JMP(LabelRef(pre + "row"))
		Label(pre + "rowsdone")
		for k := range a {
			VMOVUPS(a[k], Mem{Base: acc, Index: j, Scale: uint8(t.size), Disp: 32 * k})
		}
	}
	j := blocks(name+"wide", n, 8*t.lanes, func(j Register) { strip(name+"w", 8, j) })
	Label(name + "one")
	rem := GP64()
	MOVQ(n, rem)
	SUBQ(j, rem)
	CMPQ(rem, U32(uint64(t.lanes)))
	JL(LabelRef(name + "done"))
	strip(name+"o", 1, j)
	ADDQ(U32(uint64(t.lanes)), j)
	JMP(LabelRef(name + "one"))
	Label(name + "done")
	VZEROUPPER()
	RET()
}
