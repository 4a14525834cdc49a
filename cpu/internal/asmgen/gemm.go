package main

import (
	"fmt"
	"math/bits"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// gemmSpec describes one register-blocked GEMM micro-kernel: C[mr][nr] = alpha*A*B (+ C),
// nr = nv vectors. A is either a packed panel (k columns of mr values) or mr rows of a
// row-major matrix lda elements apart; B is k rows of nr values ldb elements apart (a
// packed panel has ldb = nr).
type gemmSpec struct {
	t       typ
	zmm     bool // AVX-512F with 32 ZMM registers, else AVX2/FMA with 16 YMM
	mr, nv  int
	strided bool // A read in place, rows lda apart
}

// lanes is the number of elements per vector register.
func (s gemmSpec) lanes() int {
	if s.zmm {
		return 2 * s.t.lanes
	}
	return s.t.lanes
}

// name is the kernel's Go name: gemm, P (packed A) or S (strided A), the tile, the type,
// and the instruction set (y: AVX2, z: AVX-512).
func (s gemmSpec) name() string {
	kind, isa := "P", "y"
	if s.strided {
		kind = "S"
	}
	if s.zmm {
		isa = "z"
	}
	return fmt.Sprintf("gemm%s%dx%d%s%s", kind, s.mr, s.nv*s.lanes(), s.t.name, isa)
}

// gemmKernels lists the micro-kernels package cpu selects from (cpu/gemm_amd64.go).
var gemmKernels = []gemmSpec{
	{t: f32, zmm: true, mr: 12, nv: 2},
	{t: f32, zmm: true, mr: 12, nv: 2, strided: true},
	{t: f64, zmm: true, mr: 12, nv: 2},
	{t: f64, zmm: true, mr: 12, nv: 2, strided: true},
	{t: f32, mr: 6, nv: 2},
	{t: f32, mr: 6, nv: 2, strided: true},
	{t: f64, mr: 6, nv: 2},
	{t: f64, mr: 6, nv: 2, strided: true},
}

// gemmKernel emits one micro-kernel,
//
//	func(k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha T, acc bool)
//
// which sets C = alpha*A*B, or adds alpha*A*B to C when acc, where C is mr×nr with rows
// ldc elements apart. The mr×nv accumulators stay in registers over the k steps; each
// step loads nv vectors of B and broadcasts the mr values of A's column one at a time.
func gemmKernel(s gemmSpec) {
	t, name := s.t, s.name()
	nr, vbytes := s.nv*s.lanes(), s.lanes()*t.size
	TEXT(name, NOSPLIT, fmt.Sprintf("func(k int, a *%[1]s, lda int, b *%[1]s, ldb int, c *%[1]s, ldc int, alpha %[1]s, acc bool)", t.gotyp))
	src := fmt.Sprintf("a packed %d×k panel of A (lda unused)", s.mr)
	if s.strided {
		src = fmt.Sprintf("%d rows of A lda elements apart", s.mr)
	}
	isa := "AVX2/FMA"
	if s.zmm {
		isa = "AVX-512F"
	}
	Doc(fmt.Sprintf("%s sets the %d×%d tile C = alpha*A*B (C += alpha*A*B when acc) with %s, reading %s and k rows of B ldb elements apart.", name, s.mr, nr, isa, src))
	shift := uint64(bits.TrailingZeros(uint(t.size)))
	vec := YMM
	if s.zmm {
		vec = ZMM
	}
	k := Load(Param("k"), GP64())
	b := Load(Param("b"), GP64())
	ldb := Load(Param("ldb"), GP64())
	SHLQ(U8(shift), ldb)
	ldb3 := GP64()
	LEAQ(Mem{Base: ldb, Index: ldb, Scale: 2}, ldb3)
	// A: one base register per four rows when strided, row r at base[r/4] + (r%4)*lda.
	var bases []Register
	var lda, lda3 Register
	a := Load(Param("a"), GP64())
	bases = append(bases, a)
	if s.strided {
		lda = Load(Param("lda"), GP64())
		SHLQ(U8(shift), lda)
		lda3 = GP64()
		LEAQ(Mem{Base: lda, Index: lda, Scale: 2}, lda3)
		for q := 1; q < (s.mr+3)/4; q++ {
			r := GP64()
			LEAQ(Mem{Base: bases[q-1], Index: lda, Scale: 4}, r)
			bases = append(bases, r)
		}
	}
	aMem := func(r, u int) Mem {
		if !s.strided {
			return Mem{Base: a, Disp: (u*s.mr + r) * t.size}
		}
		return rowAt(Mem{Base: bases[r/4], Disp: u * t.size}, r%4, lda, lda3)
	}
	bMem := func(u, j int) Mem {
		return rowAt(Mem{Base: b, Disp: j * vbytes}, u, ldb, ldb3)
	}
	// Fetch C's tile into L1 while the k loop runs.
	c := Load(Param("c"), GP64())
	ldc := Load(Param("ldc"), GP64())
	SHLQ(U8(shift), ldc)
	row := GP64()
	MOVQ(c, row)
	for r := 0; r < s.mr; r++ {
		for off := 0; off < nr*t.size; off += 64 {
			PREFETCHT0(Mem{Base: row, Disp: off})
		}
		if r < s.mr-1 {
			ADDQ(ldc, row)
		}
	}
	acc := make([][]VecVirtual, s.mr)
	for r := range acc {
		acc[r] = make([]VecVirtual, s.nv)
		for j := range acc[r] {
			acc[r][j] = vec()
			zeroVec(acc[r][j], s.zmm)
		}
	}
	// step emits k step u (0..3) of the current group.
	step := func(u int) {
		bv := make([]VecVirtual, s.nv)
		for j := range bv {
			bv[j] = vec()
			VMOVUPS(bMem(u, j), bv[j])
		}
		for r := 0; r < s.mr; r++ {
			x := vec()
			t.bcast(aMem(r, u), x)
			for j := range bv {
				if t.size == 4 {
					VFMADD231PS(bv[j], x, acc[r][j])
				} else {
					VFMADD231PD(bv[j], x, acc[r][j])
				}
			}
		}
	}
	// advance moves A and B on by n steps.
	advance := func(n int) {
		if s.strided {
			for _, r := range bases {
				ADDQ(U32(n*t.size), r)
			}
		} else {
			ADDQ(U32(n*s.mr*t.size), a)
		}
		if n == 4 {
			LEAQ(Mem{Base: b, Index: ldb, Scale: 4}, b)
		} else {
			ADDQ(ldb, b)
		}
	}
	lbl := name + "_"
	Label(lbl + "loop4")
	CMPQ(k, U8(4))
	JL(LabelRef(lbl + "loop1"))
	for u := 0; u < 4; u++ {
		step(u)
	}
	advance(4)
	SUBQ(U8(4), k)
	JMP(LabelRef(lbl + "loop4"))
	Label(lbl + "loop1")
	TESTQ(k, k)
	JZ(LabelRef(lbl + "store"))
	step(0)
	advance(1)
	DECQ(k)
	JMP(LabelRef(lbl + "loop1"))

	Label(lbl + "store")
	al := vec()
	alpha, err := Param("alpha").Resolve()
	if err != nil {
		panic(err)
	}
	t.bcast(alpha.Addr, al)
	flag := Load(Param("acc"), GP8())
	TESTB(flag, flag)
	JZ(LabelRef(lbl + "set"))
	MOVQ(c, row)
	for r := 0; r < s.mr; r++ {
		for j := 0; j < s.nv; j++ {
			m := Mem{Base: row, Disp: j * vbytes}
			if t.size == 4 {
				VFMADD213PS(m, al, acc[r][j])
			} else {
				VFMADD213PD(m, al, acc[r][j])
			}
			VMOVUPS(acc[r][j], m)
		}
		if r < s.mr-1 {
			ADDQ(ldc, row)
		}
	}
	VZEROUPPER()
	RET()
	Label(lbl + "set")
	for r := 0; r < s.mr; r++ {
		for j := 0; j < s.nv; j++ {
			m := Mem{Base: c, Disp: j * vbytes}
			t.mul(al, acc[r][j], acc[r][j])
			VMOVUPS(acc[r][j], m)
		}
		if r < s.mr-1 {
			ADDQ(ldc, c)
		}
	}
	VZEROUPPER()
	RET()
}

// zeroVec zeroes a vector register: VPXORD for ZMM (AVX-512F), VXORPS for YMM.
func zeroVec(x VecVirtual, zmm bool) {
	if zmm {
		VPXORD(x, x, x)
		return
	}
	VXORPS(x, x, x)
}

// packSpec describes the packing kernels of one type and instruction set. mr, when set,
// is the A panel width (the micro-kernels' rows) that packN copies besides whole vectors;
// pairs makes packT take rows in pairs after its groups (f32 AVX2, whose 6-row panels
// are one group of 4 and a pair).
type packSpec struct {
	t     typ
	zmm   bool
	mr    int
	pairs bool
}

func (s packSpec) suffix() string {
	if s.zmm {
		return s.t.name + "z"
	}
	return s.t.name + "y"
}

// packKernels lists the packing kernels package cpu selects from (cpu/gemm_amd64.go).
var packKernels = []packSpec{{t: f32, zmm: true, mr: 12}, {t: f64, zmm: true, mr: 12}, {t: f32, mr: 6, pairs: true}, {t: f64, mr: 6}}

// packTKernel emits func(dst, src *T, lds, rows, k, w int), which sets dst[p*w+x] =
// src[x*lds+p] for x below rows (a multiple of 16 bytes' worth of elements) and p below k
// (a multiple of the vector width): it transposes row-major rows into a panel w wide, as
// packing A's rows (w = mr) or a transposed B's columns (w = nr) needs. Groups of g = 16/size
// rows are loaded a vector at a time and transposed g×g within each 128-bit lane; each
// lane then holds one k step's g values, stored with one 16-byte move.
func packTKernel(s packSpec) {
	t := s.t
	g, lanes := 16/t.size, 16/t.size*2
	vec := YMM
	if s.zmm {
		vec, lanes = ZMM, 2*lanes
	}
	name := "packT" + s.suffix()
	TEXT(name, NOSPLIT, fmt.Sprintf("func(dst, src *%[1]s, lds, rows, k, w int)", t.gotyp))
	gr := g
	if s.pairs {
		gr = 2
	}
	Doc(fmt.Sprintf("%s sets dst[p*w+x] = src[x*lds+p] for x below rows (a multiple of %d) and p below k (a multiple of %d).", name, gr, lanes))
	shift := uint64(bits.TrailingZeros(uint(t.size)))
	dst := Load(Param("dst"), GP64())
	src := Load(Param("src"), GP64())
	lds := Load(Param("lds"), GP64())
	SHLQ(U8(shift), lds)
	lds3 := GP64()
	LEAQ(Mem{Base: lds, Index: lds, Scale: 2}, lds3)
	rows := Load(Param("rows"), GP64())
	k := Load(Param("k"), GP64())
	w := Load(Param("w"), GP64())
	SHLQ(U8(shift), w)
	x := GP64()
	XORQ(x, x)
	Label(name + "_rows")
	if s.pairs { // a whole group left?
		end := GP64()
		LEAQ(Mem{Base: x, Disp: g}, end)
		CMPQ(end, rows)
		JG(LabelRef(name + "_pairs"))
	} else {
		CMPQ(x, rows)
		JGE(LabelRef(name + "_done"))
	}
	sp, dp, p := GP64(), GP64(), GP64()
	MOVQ(src, sp)
	MOVQ(dst, dp)
	XORQ(p, p)
	// AVX2: the k steps' stores address dp + q*w from two bases, so that no chain of adds
	// orders them (AVX-512, short of registers, adds w after each).
	var at func(q int) Mem
	var w3, dp4 Register
	if !s.zmm {
		w3, dp4 = GP64(), GP64()
		LEAQ(Mem{Base: w, Index: w, Scale: 2}, w3)
		LEAQ(Mem{Base: dp, Index: w, Scale: 4}, dp4)
		at = stepAt(dp, dp4, w, w3)
	}
	Label(name + "_cols")
	CMPQ(p, k)
	JGE(LabelRef(name + "_next"))
	in := make([]VecVirtual, g)
	for i := range in {
		in[i] = vec()
		VMOVUPS(rowAt(Mem{Base: sp}, i, lds, lds3), in[i])
	}
	out := make([]VecVirtual, g)
	for i := range out {
		out[i] = vec()
	}
	if g == 4 {
		tmp := []VecVirtual{vec(), vec(), vec(), vec()}
		VUNPCKLPS(in[1], in[0], tmp[0])
		VUNPCKHPS(in[1], in[0], tmp[1])
		VUNPCKLPS(in[3], in[2], tmp[2])
		VUNPCKHPS(in[3], in[2], tmp[3])
		VUNPCKLPD(tmp[2], tmp[0], out[0])
		VUNPCKHPD(tmp[2], tmp[0], out[1])
		VUNPCKLPD(tmp[3], tmp[1], out[2])
		VUNPCKHPD(tmp[3], tmp[1], out[3])
	} else {
		VUNPCKLPD(in[1], in[0], out[0])
		VUNPCKHPD(in[1], in[0], out[1])
	}
	for q := 0; q < lanes; q++ {
		l, i := q/g, q%g
		switch { // VEXTRACTF32X4 even for lane 0: an XMM move of Z16-31 would need AVX512VL
		case s.zmm:
			VEXTRACTF32X4(U8(l), out[i], Mem{Base: dp})
			ADDQ(w, dp)
		case l == 0:
			VMOVUPS(out[i].AsX(), at(q))
		default:
			VEXTRACTF128(U8(l), out[i], at(q))
		}
	}
	if !s.zmm { // on by lanes (4 or 8) k steps
		LEAQ(Mem{Base: dp, Index: w, Scale: uint8(lanes)}, dp)
		LEAQ(Mem{Base: dp4, Index: w, Scale: uint8(lanes)}, dp4)
	}
	ADDQ(U8(lanes), p)
	ADDQ(U32(lanes*t.size), sp)
	JMP(LabelRef(name + "_cols"))
	Label(name + "_next")
	if g == 4 {
		LEAQ(Mem{Base: src, Index: lds, Scale: 4}, src)
	} else {
		LEAQ(Mem{Base: src, Index: lds, Scale: 2}, src)
	}
	ADDQ(U8(16), dst)
	ADDQ(U8(g), x)
	JMP(LabelRef(name + "_rows"))
	if s.pairs {
		packTPairs(name, dst, src, lds, rows, k, w, x)
	}
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// packTPairs emits packT's f32 AVX2 tail: the rows left after the groups of four, two at
// a time. Unpacking two rows' eight k steps interleaves them into pairs, one k step's two
// values each, stored with 8-byte moves.
func packTPairs(name string, dst, src, lds, rows, k, w, x Register) {
	Label(name + "_pairs")
	CMPQ(x, rows)
	JGE(LabelRef(name + "_done"))
	sp, dp, p := GP64(), GP64(), GP64()
	MOVQ(src, sp)
	MOVQ(dst, dp)
	XORQ(p, p)
	w3, dp4 := GP64(), GP64()
	LEAQ(Mem{Base: w, Index: w, Scale: 2}, w3)
	LEAQ(Mem{Base: dp, Index: w, Scale: 4}, dp4)
	at := stepAt(dp, dp4, w, w3)
	Label(name + "_pcols")
	CMPQ(p, k)
	JGE(LabelRef(name + "_pnext"))
	r0, r1, lo, hi := YMM(), YMM(), YMM(), YMM()
	VMOVUPS(Mem{Base: sp}, r0)
	VMOVUPS(Mem{Base: sp, Index: lds, Scale: 1}, r1)
	VUNPCKLPS(r1, r0, lo) // steps 0, 1 | 4, 5
	VUNPCKHPS(r1, r0, hi) // steps 2, 3 | 6, 7
	lo1, hi1 := XMM(), XMM()
	VEXTRACTF128(U8(1), lo, lo1)
	VEXTRACTF128(U8(1), hi, hi1)
	for q, v := range []Register{lo.AsX(), hi.AsX(), lo1, hi1} {
		VMOVLPS(v, at(2*q))
		VMOVHPS(v, at(2*q+1))
	}
	LEAQ(Mem{Base: dp, Index: w, Scale: 8}, dp)
	LEAQ(Mem{Base: dp4, Index: w, Scale: 8}, dp4)
	ADDQ(U8(8), p)
	ADDQ(U8(32), sp)
	JMP(LabelRef(name + "_pcols"))
	Label(name + "_pnext")
	LEAQ(Mem{Base: src, Index: lds, Scale: 2}, src)
	ADDQ(U8(8), dst)
	ADDQ(U8(2), x)
	JMP(LabelRef(name + "_pairs"))
}

// stepAt returns the address of k step q (0..7) of a panel w bytes wide from bases dp and
// dp4 = dp + 4*w, with w3 = 3*w.
func stepAt(dp, dp4, w, w3 Register) func(q int) Mem {
	return func(q int) Mem {
		if q >= 4 {
			return rowAt(Mem{Base: dp4}, q-4, w, w3)
		}
		return rowAt(Mem{Base: dp}, q, w, w3)
	}
}

// rowAt returns m moved down u (0..3) rows of ld bytes, with ld3 = 3*ld: the index
// register and scale that address it.
func rowAt(m Mem, u int, ld, ld3 Register) Mem {
	switch u {
	case 1:
		m.Index, m.Scale = ld, 1
	case 2:
		m.Index, m.Scale = ld, 2
	case 3:
		m.Index, m.Scale = ld3, 1
	}
	return m
}

// packNKernel emits func(dst, src *T, lds, k, w, panels int), which sets
// dst[j*k*w+p*w+x] = src[p*lds+j*w+x] for x below w (a multiple of the vector width, at
// most four vectors), j below panels and p below k: B's rows into consecutive packed
// panels w wide. It walks each row of B once, left to right, so that the reads stream.
func packNKernel(s packSpec) {
	t := s.t
	vec, vb := YMM, 32
	if s.zmm {
		vec, vb = ZMM, 64
	}
	name := "packN" + s.suffix()
	TEXT(name, NOSPLIT, fmt.Sprintf("func(dst, src *%[1]s, lds, k, w, panels int)", t.gotyp))
	widths := fmt.Sprintf("a multiple of %d, at most %d", vb/t.size, 4*vb/t.size)
	if s.mr > 0 {
		widths += fmt.Sprintf(", or %d", s.mr)
	}
	Doc(fmt.Sprintf("%s sets dst[j*k*w+p*w+x] = src[p*lds+j*w+x] for x below w (%s), j below panels and p below k.", name, widths))
	shift := uint64(bits.TrailingZeros(uint(t.size)))
	dst := Load(Param("dst"), GP64())
	src := Load(Param("src"), GP64())
	lds := Load(Param("lds"), GP64())
	SHLQ(U8(shift), lds)
	k := Load(Param("k"), GP64())
	w := Load(Param("w"), GP64())
	SHLQ(U8(shift), w)
	panels := Load(Param("panels"), GP64())
	pstride := GP64() // bytes from one panel to the next: k*w
	MOVQ(k, pstride)
	IMULQ(w, pstride)
	// One loop nest per panel width: 1..4 vectors, and the A panel's mr values.
	var bytes []int
	for nv := 1; nv <= 4; nv++ {
		bytes = append(bytes, nv*vb)
	}
	if s.mr > 0 {
		bytes = append(bytes, s.mr*t.size)
	}
	for _, wb := range bytes {
		CMPQ(w, U32(wb))
		JE(LabelRef(fmt.Sprintf("%s_w%d", name, wb)))
	}
	JMP(LabelRef(name + "_done"))
	for _, wb := range bytes {
		lbl := fmt.Sprintf("%s_w%d", name, wb)
		Label(lbl)
		TESTQ(k, k)
		JZ(LabelRef(name + "_done"))
		sp, dp, j := GP64(), GP64(), GP64()
		MOVQ(src, sp)
		MOVQ(dst, dp)
		MOVQ(panels, j)
		Label(lbl + "_panel")
		TESTQ(j, j)
		JZ(LabelRef(lbl + "_row"))
		// Whole vectors, then halves down to 8 bytes (f32 6 wide: 16 + 8 bytes).
		for off, size := 0, vb; off < wb; size /= 2 {
			for ; off+size <= wb; off += size {
				var x Register
				switch {
				case size == vb:
					x = vec()
				case size == 32:
					x = YMM()
				case size == 16:
					x = XMM()
				case size == 8:
					x = GP64()
					MOVQ(Mem{Base: sp, Disp: off}, x)
					MOVQ(x, Mem{Base: dp, Disp: off})
					continue
				default:
					panic("packN: width not a multiple of 8 bytes")
				}
				VMOVUPS(Mem{Base: sp, Disp: off}, x)
				VMOVUPS(x, Mem{Base: dp, Disp: off})
			}
		}
		ADDQ(w, sp)
		ADDQ(pstride, dp)
		DECQ(j)
		JMP(LabelRef(lbl + "_panel"))
		Label(lbl + "_row")
		ADDQ(lds, src)
		ADDQ(w, dst)
		DECQ(k)
		JMP(LabelRef(lbl))
	}
	Label(name + "_done")
	VZEROUPPER()
	RET()
}
