package cpu

import (
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// The packed GEMM follows BLIS's loop order. For each nc-wide block of C's columns and
// each kc-deep slice of the inner dimension, B's kc×nc block is packed into kc×nr panels
// that all threads share (it stays in L3); the threads then take row blocks of C (and
// column chunks of them when there are fewer row blocks than threads), pack their mc×kc
// block of A into mr-row panels (kept in their core's L2) and sweep it against B's panels
// with the micro-kernel, which keeps an mr×nr tile of C in registers. The kernel's shape
// and the blocking come from gemmUse. Products below gemmShareMin (a training step's)
// are split otherwise: each thread computes its own band of C with the one-thread loops
// (runSplit), so that no thread waits on another.
//
// Operands that are cheap to read in place are not packed: A when its rows are contiguous
// and few B panels reuse it (the strided kernel broadcasts from mr rows lda apart), B when
// its rows are contiguous and few A panels reuse it. Short or narrow edge panels are
// always packed (zero-padded) so that the kernels never read outside the operands, and
// edge tiles of C go through a scratch tile.

const (
	// gemmSmall is the m*n*k below which the reference loop beats the kernels' setup.
	gemmSmall = 12 * 12 * 12
	// gemmParMin is the m*n*k each thread a product is split over gets at least: below
	// it handing work to another core costs more than it saves. Measured on 2 cores (Zen
	// 3) with a training step's products: those of 330k to 655k (64×512 by 512×10,
	// 10×256 by 256×256) ran 1.3x to 1.5x faster on two threads than on one with the
	// second core idle (and slower with it busy); 2^16 gained nothing more.
	gemmParMin = 1 << 17
	// gemmShareMin is the m*n*k from which threads share B's packed panels (run) rather
	// than compute independent bands of C (runSplit). Square products of 256 and 384 ran
	// as fast either way on 2 cores, 512 and up faster shared; smaller and skinny ones
	// (a training step's) lose to the shared scheme's waits when a core is busy.
	gemmShareMin = 1 << 26
)

// slicePool pools scratch slices of float32 (first) and float64 (second), held by
// pointer so that putting them back allocates nothing.
type slicePool [2]sync.Pool

// packPool holds the GEMM's packing buffers; colPool the convolutions' and batch
// norm's scratch (kept apart: sizes that differ by much would make each drop the other's).
var packPool, colPool slicePool

// getFrom returns a slice of n elements (contents undefined) from p, or a new one.
func getFrom[T float](p *slicePool, n int) *[]T {
	if s, ok := p[index64[T]()].Get().(*[]T); ok && cap(*s) >= n {
		*s = (*s)[:n]
		return s
	}
	s := make([]T, n)
	return &s
}

// putTo gives s back to p.
func putTo[T float](p *slicePool, s *[]T) { p[index64[T]()].Put(s) }

func getPack[T float](n int) *[]T { return getFrom[T](&packPool, n) }

func putPack[T float](p *[]T) { putTo(&packPool, p) }

// packTK is the k steps a transposing pack does at a time across all the rows of a
// panel: the panel's rows (12 or 32 floats wide, kc = 768 deep: 36-96 KiB) do not fit in
// L1, and packing each group of rows over the whole depth before the next sent every
// partly written line to L2 and back. Measured on Zen 4 (float32, 256 rows of a 784-wide
// matrix, kc 768): AVX-512 12-wide panels 21-23 -> 24-29 GB/s, 32-wide 18-19 -> 22-27;
// AVX2 16-wide 16-18 -> 24-29, 6-wide (mostly pairs of rows) 23-29 either way; 32 and 128
// k steps measured alike.
const packTK = 64

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// gemmCall is one product d = alpha*a@b (+ d) on the kernels of gemmUse.
type gemmCall[T float] struct {
	gemm
	kern             *gemmKernels[T]
	alpha            T
	d, a, b          []T
	do, ao, bo       int
	acc              bool // add to d rather than set it
	directA, directB bool // read in place, not packed
	mPanels, mBlocks int  // mr-row panels of C, and the row blocks they are grouped in
	kc, nc, nPC      int  // the k slice and the column block, k slices per block
	nChunks          int  // column chunks per row block
	packs            int  // packing items per phase (0 when B is read in place)
	bufs             [2]*[]T
	own              *gemmOwn[T] // the call's reusable state (pooled calls keep theirs)
}

// gemmOwn is what a gemmCall reuses from product to product when pooled (newGemmCall):
// the functions its threads run, bound once, and run's counters. A copy of a call (a
// part of parts) gets an own of its own.
type gemmOwn[T float] struct {
	partFn, workFn func(lo, hi int)
	// parts' cut: tm×tn bands, of tiles mr×nr, mU×nU tiles, dot kernels or packed.
	tm, tn, mr, nr, mU, nU int
	dot                    bool
	// run's sequence of items (see run).
	next               atomic.Int64
	total, per, mults  int
	packed, multiplied []atomic.Int32 // items done per phase
	done               []atomic.Bool  // per item
}

// gemmCalls pools gemmCalls of float32 and of float64.
var gemmCalls [2]sync.Pool

// newGemmCall returns an empty call with its own state, from the pool when it has one.
func newGemmCall[T float]() *gemmCall[T] {
	if c, ok := gemmCalls[index64[T]()].Get().(*gemmCall[T]); ok {
		return c
	}
	c := &gemmCall[T]{}
	c.state()
	return c
}

// free returns c, made by newGemmCall, to the pool; c must not be used after.
func (c *gemmCall[T]) free() {
	c.set(gemmCall[T]{})
	gemmCalls[index64[T]()].Put(c)
}

// state returns c's own state, made at the first use for a call that no pool made.
func (c *gemmCall[T]) state() *gemmOwn[T] {
	if c.own == nil {
		c.own = &gemmOwn[T]{}
		c.own.partFn, c.own.workFn = c.partRange, c.work
	}
	return c.own
}

// index64 is 1 for float64, 0 for float32: the index of T's pool.
func index64[T float]() int {
	if is32[T]() {
		return 0
	}
	return 1
}

// set makes c the call v, keeping c's own state.
func (c *gemmCall[T]) set(v gemmCall[T]) {
	v.own = c.own
	*c = v
}

// gemmScratch is one thread's packing space.
type gemmScratch[T float] struct {
	buf          *[]T
	a            []T // the packed mc×kc block of A
	aEdge, bEdge []T // A's short last row panel, B's narrow last column panel
	tile         []T // an mr×nr tile for C's edges
	ib           int // the key of the A block a holds, -1 for none
}

// fastGemm computes d = a @ b for one matrix with packed panels and the micro-kernel over
// threads goroutines. d must have unit column stride; a and b may have any strides.
func fastGemm[T float](g gemm, d, a, b []T, do, ao, bo, threads int) {
	fastGemmScaled(g, 1, d, a, b, 0, do, ao, bo, threads)
}

// fastGemmScaled computes d = alpha*a@b + beta*d (BLAS's gemm; beta 0 ignores d's old
// contents, NaN included) over threads goroutines.
func fastGemmScaled[T float](g gemm, alpha T, d, a, b []T, beta T, do, ao, bo, threads int) {
	if alpha == 0 || g.k == 0 || (beta != 0 && beta != 1) {
		for i := 0; i < g.m; i++ {
			row := d[do+i*g.dr : do+i*g.dr+g.n]
			switch beta {
			case 0:
				clear(row)
			case 1:
			default:
				for j := range row {
					row[j] *= beta
				}
			}
		}
		if alpha == 0 || g.k == 0 {
			return
		}
		beta = 1
	}
	mnk := g.m * g.n * g.k
	threads = max(1, min(threads, mnk/gemmParMin))
	c := newGemmCall[T]()
	c.set(gemmCall[T]{gemm: g, kern: kernelsOf[T](gemmUse), alpha: alpha, d: d, a: a, b: b, do: do, ao: ao, bo: bo, acc: beta == 1})
	switch {
	case c.dotPath():
		c.runDot(threads)
	case threads > 1 && mnk < gemmShareMin:
		c.runSplit(threads)
	default:
		c.run(threads)
	}
	c.free()
}

// runSplit computes the product on threads goroutines as independent parts: bands of C's
// rows by bands of its columns, as splitGrid cuts it. Each part runs the one-thread
// product on its rectangle, packing its own panels: A's rows are packed once per band of
// columns and B's columns once per band of rows rather than once, but no thread ever
// waits on another's packing, so a thread that starts late, or shares its core with
// other work, delays only its own part.
func (c *gemmCall[T]) runSplit(threads int) {
	c.runGrid(c.splitGrid(threads))
}

// runGrid computes the product as tm×tn independent parts (runSplit), tm and tn at most
// the panels of A and of B.
func (c *gemmCall[T]) runGrid(tm, tn int) {
	if tm*tn <= 1 {
		c.run(1)
		return
	}
	c.parts(tm, tn, false)
}

// parts computes the product as tm×tn parts over the workers: bands of C's rows by bands
// of its columns, each a gemmCall of its own run on one thread, by the dot kernels
// (runDot; bands cut at multiples of their tile) or the packed ones.
func (c *gemmCall[T]) parts(tm, tn int, dot bool) {
	o := c.state()
	o.tm, o.tn, o.mr, o.nr, o.dot = tm, tn, c.kern.mr, c.kern.nr, dot
	if dot {
		o.mr, o.nr = dotMR, dotNR
	}
	o.mU, o.nU = ceilDiv(c.m, o.mr), ceilDiv(c.n, o.nr)
	parallelFor(tm*tn, 1, o.partFn)
}

// partRange computes parts lo..hi of parts' cut, each on a call of its own.
func (c *gemmCall[T]) partRange(lo, hi int) {
	o := c.own
	for i := lo; i < hi; i++ {
		bm, bn := i/o.tn, i%o.tn
		i0, i1 := o.mU*bm/o.tm*o.mr, min(c.m, o.mU*(bm+1)/o.tm*o.mr)
		j0, j1 := o.nU*bn/o.tn*o.nr, min(c.n, o.nU*(bn+1)/o.tn*o.nr)
		s := newGemmCall[T]()
		s.set(*c)
		s.m, s.n = i1-i0, j1-j0
		s.do, s.ao, s.bo = c.do+i0*c.dr+j0, c.ao+i0*c.ar, c.bo+j0*c.bc
		if o.dot {
			s.dot()
		} else {
			s.run(1)
		}
		s.free()
	}
}

// splitGrid returns the cut of runSplit: tm bands of rows by tn of columns, at most
// threads parts, the one whose largest part takes least time by a model of the
// one-thread product, per k step: 2mn flops at 5*nr a nanosecond (80 GFLOP/s for the
// AVX2 float32 kernels) and the packing of the part's m rows of A and n columns of B at
// a cost an element that depends on their layout (nothing when read in place). So a
// short C is cut into bands of columns, a narrow one into bands of rows, and a square
// one the way that packs less.
func (c *gemmCall[T]) splitGrid(threads int) (tm, tn int) {
	mr, nr := c.kern.mr, c.kern.nr
	mU, nU := ceilDiv(c.m, mr), ceilDiv(c.n, nr)
	kc := ceilDiv(c.k, ceilDiv(c.k, c.kern.kc))
	best := 0.0
	tm, tn = 1, 1
	for i := 1; i <= min(threads, mU); i++ {
		for j := 1; i*j <= threads && j <= nU; j++ {
			pm, pn := ceilDiv(mU, i), ceilDiv(nU, j) // the largest part's panels
			t := float64(2*pm*mr*pn*nr) / float64(5*nr)
			if !c.directAFor(min(pn, ceilDiv(c.kern.nc, nr))) {
				t += float64(pm*mr) * packCost(c.ar, c.ac, 0.15)
			}
			if !c.directBFor(pm, kc) {
				t += float64(pn*nr) * packCost(c.bc, c.br, 0.08)
			}
			if i*j == 1 || t < best {
				best, tm, tn = t, i, j
			}
		}
	}
	return tm, tn
}

// packCost is the nanoseconds an element of packing an operand takes on Zen 3 (AVX2
// float32, measured with BenchmarkPackT and alike), xs and ps being its strides along a
// panel and along k: copy (whole panel rows contiguous) if xs is 1, a transpose if ps is
// 1, else an element at a time.
func packCost(xs, ps int, copy float64) float64 {
	switch {
	case xs == 1:
		return copy
	case ps == 1:
		return 0.25
	}
	return 1
}

// directAFor reports whether A is read in place (the strided kernel) against B blocks of
// nPanels panels: when few B panels reuse it, and its mr rows do not crowd an L1 set.
func (c *gemmCall[T]) directAFor(nPanels int) bool {
	return c.ac == 1 && nPanels <= 2 && rowsPerSet(c.ar*int(unsafe.Sizeof(c.alpha)), c.kern.mr) <= 4
}

// directBFor reports whether B is read in place for mPanels panels of A and k slices
// of kc: when few A panels reuse it, or when a short C (up to 96 rows) reuses it over a
// deep k, where reading each panel from L2 once per A panel costs less than copying it
// (1.06x on 64×512 by 512×512 on Zen 3; 0.75x at k = 10).
func (c *gemmCall[T]) directBFor(mPanels, kc int) bool {
	return c.bc == 1 && (mPanels <= 2 || mPanels*c.kern.mr <= 96 && kc >= 128)
}

// run computes the product on threads goroutines.
//
// The work is one sequence of items, phase after phase, where a phase is one (nc block,
// kc slice) pair: first the items that pack B's block (a share of its panels each), then
// the items that multiply a row block (or a column chunk of one) with it. Threads claim
// items in order and wait only on what an item needs: a multiplication on its phase's
// packing and on the same C block's previous k slice, a packing on the multiplications
// that last used its buffer (two buffers alternate). So a thread that finishes one phase's
// last item goes on to the next phase instead of idling at a barrier, and a thread that
// starts late (or runs on a core slowed by other load) just claims fewer items. Every item
// waits only on items claimed before it, by threads that are running, so no order of
// scheduling can deadlock, and with one thread the items simply run in order.
func (c *gemmCall[T]) run(threads int) {
	kern := c.kern
	mr, nr := kern.mr, kern.nr
	// Equal slices of k and n rather than full blocks and a sliver; k slices a multiple of
	// the transposing kernel's k steps where that leaves their number alone.
	c.kc = ceilDiv(c.k, ceilDiv(c.k, kern.kc))
	if kern.tv > 0 && c.kc < c.k {
		c.kc = min(ceilDiv(c.kc, kern.tv)*kern.tv, kern.kc)
	}
	c.nc = ceilDiv(ceilDiv(c.n, ceilDiv(c.n, kern.nc)), nr) * nr
	c.mPanels = ceilDiv(c.m, mr)
	c.mBlocks = ceilDiv(c.m, kern.mc)
	if threads > 1 {
		c.mBlocks = ceilDiv(max(c.mBlocks, 2*threads), threads) * threads
	}
	c.mBlocks = min(c.mBlocks, c.mPanels)
	nPanels := ceilDiv(min(c.nc, c.n), nr)
	c.directA = c.directAFor(nPanels)
	c.directB = c.directBFor(c.mPanels, c.kc)
	c.nChunks = 1
	if c.mBlocks < threads {
		c.nChunks = min(nPanels, ceilDiv(threads, c.mBlocks))
	}
	c.nPC = ceilDiv(c.k, c.kc)
	phases := c.nPC * ceilDiv(c.n, c.nc)
	mults := c.mBlocks * c.nChunks
	if !c.directB {
		c.packs = 1
		if threads > 1 && c.kc*c.nc >= 1<<15 {
			c.packs = min(nPanels, threads)
		}
		for i := range min(phases, 2) {
			c.bufs[i] = getPack[T](c.kc * c.nc)
		}
	}
	per := c.packs + mults
	total := phases * per
	if threads == 1 || total == 1 {
		s := c.scratch()
		for g := 0; g < total; g++ {
			c.item(&s, g/per, g%per)
		}
		putPack(s.buf)
	} else {
		o := c.state()
		o.total, o.per, o.mults = total, per, mults
		o.next.Store(0)
		o.packed = resetCounts(o.packed, phases)
		o.multiplied = resetCounts(o.multiplied, phases)
		if cap(o.done) < total {
			o.done = make([]atomic.Bool, total)
		}
		o.done = o.done[:total]
		for i := range o.done {
			o.done[i].Store(false)
		}
		parallelFor(min(threads, max(mults, c.packs)), 1, o.workFn)
	}
	for i, b := range c.bufs {
		if b != nil {
			putPack(b)
			c.bufs[i] = nil
		}
	}
}

// resetCounts returns n zeroed counters in s's memory when it has room.
func resetCounts(s []atomic.Int32, n int) []atomic.Int32 {
	if cap(s) < n {
		return make([]atomic.Int32, n)
	}
	s = s[:n]
	for i := range s {
		s[i].Store(0)
	}
	return s
}

// work is one thread of run's sequence: it claims items in order until none is left,
// waiting on what each needs.
func (c *gemmCall[T]) work(int, int) {
	o := c.own
	per, mults := o.per, int32(o.mults)
	s := c.scratch()
	for {
		g := int(o.next.Add(1)) - 1
		if g >= o.total {
			break
		}
		q, r := g/per, g%per
		if r < c.packs {
			for q >= 2 && o.multiplied[q-2].Load() != mults {
				runtime.Gosched()
			}
			c.item(&s, q, r)
			o.packed[q].Add(1)
		} else {
			for o.packed[q].Load() != int32(c.packs) {
				runtime.Gosched()
			}
			for q%c.nPC > 0 && !o.done[g-per].Load() {
				runtime.Gosched()
			}
			c.item(&s, q, r)
			o.multiplied[q].Add(1)
		}
		o.done[g].Store(true)
	}
	putPack(s.buf)
}

// item runs item r of phase q: packing share r of B's block when r < c.packs, else
// multiplication r-c.packs.
func (c *gemmCall[T]) item(s *gemmScratch[T], q, r int) {
	mr, nr := c.kern.mr, c.kern.nr
	jc, pc := q/c.nPC*c.nc, q%c.nPC*c.kc
	nb, kb := min(c.nc, c.n-jc), min(c.kc, c.k-pc)
	nPanels := ceilDiv(nb, nr)
	var bp []T
	if c.bufs[q%2] != nil {
		bp = *c.bufs[q%2]
	}
	if r < c.packs {
		lo, hi := nPanels*r/c.packs, nPanels*(r+1)/c.packs
		j0, j1 := lo*nr, min(nb, hi*nr)
		if j0 < j1 {
			c.kern.pack(bp[lo*kb*nr:], c.b, c.bo+pc*c.br+(jc+j0)*c.bc, c.bc, c.br, j1-j0, kb, nr)
		}
		return
	}
	it := r - c.packs
	ib, ch := it/c.nChunks, it%c.nChunks
	i0, i1 := c.mPanels*ib/c.mBlocks*mr, min(c.m, c.mPanels*(ib+1)/c.mBlocks*mr)
	j0, j1 := nPanels*ch/c.nChunks*nr, min(nb, nPanels*(ch+1)/c.nChunks*nr)
	if j0 < j1 {
		c.block(s, bp, q*c.mBlocks+ib, i0, i1, jc, j0, j1, pc, kb, c.acc || pc > 0)
	}
}

// rowsPerSet is the most of n rows stride bytes apart that fall in one set of an L1 cache
// (64-byte lines, 4 KiB a way): read in place, A's mr rows must not crowd one set, which
// holds 8 lines (12 on newer cores), beyond half of it.
func rowsPerSet(stride, n int) int {
	low := min(stride&-stride, 4096) // rows 4096/low apart share a set
	if low == 0 {
		low = 4096
	}
	return ceilDiv(n*max(low, 64), 4096)
}

// scratch returns one thread's packing space.
func (c *gemmCall[T]) scratch() gemmScratch[T] {
	mr, nr, kb := c.kern.mr, c.kern.nr, c.kc
	na := 0
	if !c.directA {
		na = ceilDiv(c.mPanels, c.mBlocks) * mr * kb
	}
	buf := getPack[T](na + mr*kb + kb*nr + mr*nr)
	v := *buf
	return gemmScratch[T]{buf: buf, a: v[:na], aEdge: v[na : na+mr*kb],
		bEdge: v[na+mr*kb : na+mr*kb+kb*nr], tile: v[na+mr*kb+kb*nr:], ib: -1}
}

// block computes rows i0..i1 and columns jc+j0..jc+j1 of C for the kb-deep slice at pc
// with B's packed block bpack, setting them (adding to them when acc). The A block keyed
// ib is packed unless s holds it.
func (c *gemmCall[T]) block(s *gemmScratch[T], bpack []T, ib, i0, i1, jc, j0, j1, pc, kb int, acc bool) {
	kern := c.kern
	mr, nr := kern.mr, kern.nr
	if !c.directA && s.ib != ib {
		kern.pack(s.a, c.a, c.ao+i0*c.ar+pc*c.ac, c.ar, c.ac, i1-i0, kb, mr)
		s.ib = ib
	}
	if ie := i0 + (i1-i0)/mr*mr; c.directA && ie < i1 {
		kern.pack(s.aEdge, c.a, c.ao+ie*c.ar+pc*c.ac, c.ar, c.ac, i1-ie, kb, mr)
	}
	for j := j0; j < j1; j += nr {
		w := min(nr, j1-j)
		var bp *T
		ldb := nr
		switch {
		case !c.directB:
			bp = &bpack[j/nr*kb*nr]
		case w == nr:
			bp, ldb = &c.b[c.bo+pc*c.br+jc+j], c.br
		default:
			kern.pack(s.bEdge, c.b, c.bo+pc*c.br+jc+j, 1, c.br, w, kb, nr)
			bp = &s.bEdge[0]
		}
		for i := i0; i < i1; i += mr {
			h := min(mr, i1-i)
			kfn, ap, lda := kern.packed, (*T)(nil), 0
			switch {
			case !c.directA:
				ap = &s.a[(i-i0)/mr*kb*mr]
			case h == mr:
				kfn, ap, lda = kern.strided, &c.a[c.ao+i*c.ar+pc], c.ar
			default:
				ap = &s.aEdge[0]
			}
			off := c.do + i*c.dr + jc + j
			if h == mr && w == nr {
				kfn(kb, ap, lda, bp, ldb, &c.d[off], c.dr, c.alpha, acc)
				continue
			}
			kfn(kb, ap, lda, bp, ldb, &s.tile[0], nr, c.alpha, false)
			putTile(c.d[off:], c.dr, s.tile, nr, h, w, acc)
		}
	}
}

// putTile sets (adds, when acc) the h×w corner of a tile whose rows are tld apart to C
// from d[0], C's rows ldc apart: an edge tile that a kernel wrote to scratch.
func putTile[T float](d []T, ldc int, tile []T, tld, h, w int, acc bool) {
	for r := 0; r < h; r++ {
		row, t := d[r*ldc:r*ldc+w], tile[r*tld:r*tld+w]
		if !acc {
			copy(row, t)
			continue
		}
		for x, v := range t {
			row[x] += v
		}
	}
}

// pack copies an extent×kb slice of a matrix into panels w wide: element (x, p), at
// src[off+x*xs+p*ps], goes to dst[x/w*kb*w + p*w + x%w]; the last panel is zero-padded.
// A's panels run along its rows (x = row, w = mr), B's along its columns (x = column,
// w = nr). The packing kernels, where the variant has them, do the bulk of contiguous
// rows (a transpose) and of contiguous k steps (a copy).
func (kern *gemmKernels[T]) pack(dst, src []T, off, xs, ps, extent, kb, w int) {
	for x0 := 0; x0 < extent; x0 += w {
		h := min(w, extent-x0)
		base := off + x0*xs
		panel := dst[x0*kb : x0*kb+kb*w]
		if h < w { // the padding's zeros: the whole panel at once, then its values
			clear(panel)
		}
		switch {
		case kb == 0:
		case xs == 1: // each k step's values are contiguous
			if full := (extent - x0) / w; full > 0 && kern.packNWidth(w) {
				_ = src[base+(kb-1)*ps+full*w-1]
				_ = dst[x0*kb+full*kb*w-1]
				kern.packN(&panel[0], &src[base], ps, kb, w, full)
				x0 += (full - 1) * w
				continue
			}
			for p := 0; p < kb; p++ {
				copy(panel[p*w:p*w+h], src[base+p*ps:base+p*ps+h])
			}
		case ps == 1: // each row or column is contiguous: transpose
			rows, kd := 0, 0
			if kern.packT != nil {
				rows, kd = h/kern.tg*kern.tg, kb/kern.tv*kern.tv
				if rows > 0 && kd > 0 {
					_ = src[base+(rows-1)*xs+kd-1]
					for p0 := 0; p0 < kd; p0 += packTK {
						kern.packT(&panel[p0*w], &src[base+p0], xs, rows, min(packTK, kd-p0), w)
					}
				} else {
					rows = 0
				}
			}
			for x := 0; x < h; x++ {
				p0 := 0
				if x < rows {
					p0 = kd
				}
				s := src[base+x*xs : base+x*xs+kb]
				for p, i := p0, p0*w+x; p < kb; p, i = p+1, i+w {
					panel[i] = s[p]
				}
			}
		default:
			for p := 0; p < kb; p++ {
				for x := 0; x < h; x++ {
					panel[p*w+x] = src[base+x*xs+p*ps]
				}
			}
		}
	}
}

// Gemm computes c = alpha*op(a)*op(b) + beta*c for row-major matrices with leading
// dimensions lda, ldb, ldc, where op transposes when the flag says so: BLAS's xGEMM on
// the packed SIMD kernels, over the worker pool. It is the routine gonum's BLAS adapter
// (package blas) and linear algebra call.
func Gemm[T float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	g := gemm{m: m, n: n, k: k, dr: ldc, dc: 1, ar: lda, ac: 1, br: ldb, bc: 1}
	if transA {
		g.ar, g.ac = 1, lda
	}
	if transB {
		g.br, g.bc = 1, ldb
	}
	if m == 0 || n == 0 {
		return
	}
	if m*n*k < gemmSmall {
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				var s T
				for p := 0; p < k; p++ {
					s += a[i*g.ar+p*g.ac] * b[p*g.br+j*g.bc]
				}
				if beta == 0 {
					c[i*ldc+j] = alpha * s
				} else {
					c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
				}
			}
		}
		return
	}
	fastGemmScaled(g, alpha, c, a, b, beta, 0, 0, 0, Threads())
}
