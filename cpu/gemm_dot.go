package cpu

import "unsafe"

// The dot-product path. A Linear layer's forward, x @ W.T, multiplies two operands that
// both run along k in memory: A's rows and B's columns (W's rows) are contiguous. The
// packed GEMM must transpose B into panels first, which took 15% of a 64×784 by 784×512
// product on one thread. The dot kernel (dotNT3x4f32 and f64, and with AVX-512
// dotNT3x4f32z and f64z) reads both in place instead: a 3×4 tile of C is twelve dot
// products over k, each a vector accumulator, summed across its lanes at the end. C is
// swept four columns (four rows of W, kept in L1) at a time against every three rows of A
// (streamed from L2), k in slices of dotKC bytes a row so that the four rows of W stay in
// L1 on deep products. Edge rows and columns go through zeroed scratch rows and a scratch
// tile, as the packed path's do.

// dotMR and dotNR are the dot kernel's tile: rows of A, rows of W (columns of C).
const dotMR, dotNR = 3, 4

// dotKC is the bytes of one row of a k slice: four rows of W take 16 KiB of L1. Half
// that measured slower on 784-deep products (more passes over C), and no faster on others.
const dotKC = 4096

// dotMaxM is the most rows of C the dot path takes: it reads A's rows from L2 once per
// four columns of C, where the packed path reads them once per panel of 16 after packing
// W once, so with more rows packing pays for itself. Measured on Zen 3 (float32, one and
// two threads, x @ W.T with W 784 wide): 32 rows 1.1-1.3x faster on the dot path, 64
// rows 1.0-1.3x, 96 rows 0.9-1.1x, 256 rows 0.75x; C 10 columns wide 1.4-1.8x (float64
// alike, but for 1.0-1.05x at 64 rows).
const dotMaxM = 64

// dotMaxA is the most bytes of A the dot path takes when C has more than dotMaxM rows but
// is narrower than a packed panel (a classifier's last layer, n = 10): the packed path
// would pad each row of C to nr columns (32 with AVX-512: 69% of its multiply-adds
// wasted), while the dot path reads A once per four columns of C, which pays while A sits
// in the caches. Measured on Zen 4 (float32, two threads, n = 10, k = 512): 2048 rows
// (4 MiB of A) 2.4x faster on the dot path, 10,000 rows (20 MiB) even, 10,000 by 784
// (31 MiB) 0.55x; 256 by 256 2.1x (1.2x with AVX2's 16-wide panels).
const dotMaxA = 4 << 20

// dotPath reports whether c runs on the dot kernels: both operands contiguous along k, k a
// multiple of the vector width, C at least a tile and at most dotMaxM rows, or narrower
// than the packed kernels' panel with at most dotMaxA bytes of A.
func (c *gemmCall[T]) dotPath() bool {
	kern := c.kern
	return kern.dot != nil && c.ac == 1 && c.br == 1 && c.k%kern.dotLanes == 0 &&
		c.m >= dotMR && c.n >= dotNR &&
		(c.m <= dotMaxM || c.n < kern.nr && c.m <= dotMaxA/max(c.k*int(unsafe.Sizeof(c.alpha)), 1))
}

// runDot computes the product on the dot kernels over threads goroutines, as bands of
// columns of C (bands of rows when there are too few columns for every thread).
func (c *gemmCall[T]) runDot(threads int) {
	nb, mb := ceilDiv(c.n, dotNR), ceilDiv(c.m, dotMR)
	tm, tn := 1, min(threads, nb)
	if nb < 2*threads && mb >= 2*threads {
		tm, tn = threads, 1
	}
	if tm*tn <= 1 {
		c.dot()
		return
	}
	c.parts(tm, tn, true)
}

// dot computes the product on the calling goroutine.
func (c *gemmCall[T]) dot() {
	kern := c.kern
	lanes := kern.dotLanes
	var z T
	kcMax := dotKC / int(unsafe.Sizeof(z))
	kc := ceilDiv(ceilDiv(c.k, ceilDiv(c.k, kcMax)), lanes) * lanes
	buf := getPack[T]((dotMR+dotNR)*kc + dotMR*dotNR)
	defer putPack(buf)
	aEdge, bEdge, tile := (*buf)[:dotMR*kc], (*buf)[dotMR*kc:(dotMR+dotNR)*kc], (*buf)[(dotMR+dotNR)*kc:]
	mFull := c.m / dotMR * dotMR
	for pc := 0; pc < c.k; pc += kc {
		kb := min(kc, c.k-pc)
		acc := c.acc || pc > 0
		if mFull < c.m { // A's last rows, zero-padded to a tile
			clear(aEdge)
			for r := mFull; r < c.m; r++ {
				o := c.ao + r*c.ar + pc
				copy(aEdge[(r-mFull)*kb:(r-mFull+1)*kb], c.a[o:o+kb])
			}
		}
		for j := 0; j < c.n; j += dotNR {
			w := min(dotNR, c.n-j)
			bp, ldb := (*T)(nil), c.bc
			if w == dotNR {
				_ = c.b[c.bo+(j+dotNR-1)*c.bc+pc+kb-1]
				bp = &c.b[c.bo+j*c.bc+pc]
			} else {
				clear(bEdge)
				for x := 0; x < w; x++ {
					o := c.bo + (j+x)*c.bc + pc
					copy(bEdge[x*kb:(x+1)*kb], c.b[o:o+kb])
				}
				bp, ldb = &bEdge[0], kb
			}
			for i := 0; i < c.m; i += dotMR {
				h := min(dotMR, c.m-i)
				ap, lda := &aEdge[0], kb
				if h == dotMR {
					_ = c.a[c.ao+(i+dotMR-1)*c.ar+pc+kb-1]
					ap, lda = &c.a[c.ao+i*c.ar+pc], c.ar
				}
				off := c.do + i*c.dr + j
				if h == dotMR && w == dotNR {
					_ = c.d[off+(dotMR-1)*c.dr+dotNR-1]
					kern.dot(kb, ap, lda, bp, ldb, &c.d[off], c.dr, c.alpha, acc)
					continue
				}
				kern.dot(kb, ap, lda, bp, ldb, &tile[0], dotNR, c.alpha, false)
				putTile(c.d[off:], c.dr, tile, dotNR, h, w, acc)
			}
		}
	}
}
