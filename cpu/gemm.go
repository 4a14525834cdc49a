package cpu

import "sync"

// Blocking of the packed GEMM (BLIS's loop order): kc×nc panels of B stay in L2/L3, mc×kc
// blocks of A in L2, and the 6×nr micro-kernel keeps a tile of C in registers.
const (
	gemmMR = 6
	gemmKC = 256
	gemmMC = 96
	gemmNC = 2048
	// gemmSmall is the m*n*k below which packing costs more than it saves.
	gemmSmall = 24 * 24 * 24
)

var packPool32, packPool64 sync.Pool

func getPack[T float](n int) *[]T {
	var z T
	pool := &packPool64
	if _, ok := any(z).(float32); ok {
		pool = &packPool32
	}
	if p, ok := pool.Get().(*[]T); ok && cap(*p) >= n {
		*p = (*p)[:n]
		return p
	}
	s := make([]T, n)
	return &s
}

func putPack[T float](p *[]T) {
	var z T
	if _, ok := any(z).(float32); ok {
		packPool32.Put(p)
	} else {
		packPool64.Put(p)
	}
}

// microKernel runs the assembly (or pure-Go twin) kernel for T.
func microKernel[T float](k int, a, b, c []T, ldc int) {
	switch av := any(a).(type) {
	case []float32:
		gemm6x16f32(k, &av[0], &any(b).([]float32)[0], &any(c).([]float32)[0], ldc)
	case []float64:
		gemm6x8f64(k, &av[0], &any(b).([]float64)[0], &any(c).([]float64)[0], ldc)
	}
}

// fastGemm computes d = a @ b for one matrix with packed panels and the micro-kernel.
// d must have unit column stride; a and b may have any strides. With par it splits the
// rows of C over the worker pool.
func fastGemm[T float](g gemm, d, a, b []T, do, ao, bo int, par bool) {
	fastGemmScaled(g, 1, d, a, b, 0, do, ao, bo, par)
}

// fastGemmScaled computes d = alpha*a@b + beta*d (BLAS's gemm; beta 0 ignores d's old
// contents, NaN included).
func fastGemmScaled[T float](g gemm, alpha T, d, a, b []T, beta T, do, ao, bo int, par bool) {
	nr := 2 * lanesOf[T]()
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
	threads := 1
	if par {
		threads = Threads()
	}
	mc := gemmMC
	if blocks := (g.m + mc - 1) / mc; blocks < 2*threads {
		mc = max(gemmMR, ((g.m+threads-1)/threads+gemmMR-1)/gemmMR*gemmMR)
	}
	bpack := getPack[T](gemmKC * ((min(gemmNC, g.n) + nr - 1) / nr * nr))
	defer putPack(bpack)
	for jc := 0; jc < g.n; jc += gemmNC {
		nb := min(gemmNC, g.n-jc)
		for pc := 0; pc < g.k; pc += gemmKC {
			kb := min(gemmKC, g.k-pc)
			bp := *bpack
			packB(bp, b, bo+pc*g.br+jc*g.bc, g.br, g.bc, kb, nb, nr)
			blocks := (g.m + mc - 1) / mc
			work := func(lo, hi int) {
				apack := getPack[T](mc * kb)
				defer putPack(apack)
				for ib := lo; ib < hi; ib++ {
					ic := ib * mc
					mb := min(mc, g.m-ic)
					ap := *apack
					packA(ap, a, ao+ic*g.ar+pc*g.ac, g.ar, g.ac, mb, kb, alpha)
					macroKernel(g, d, ap, bp, do+ic*g.dr+jc, mb, nb, kb, nr)
				}
			}
			if threads > 1 && blocks > 1 {
				parallelFor(blocks, 1, work)
			} else {
				work(0, blocks)
			}
		}
	}
}

// packB copies a kb×nb block of B into panels of nr columns, zero-padded.
func packB[T float](dst, b []T, off, rs, cs, kb, nb, nr int) {
	i := 0
	for j0 := 0; j0 < nb; j0 += nr {
		w := min(nr, nb-j0)
		for p := 0; p < kb; p++ {
			src := off + p*rs + j0*cs
			if cs == 1 {
				copy(dst[i:i+w], b[src:src+w])
			} else {
				for j := 0; j < w; j++ {
					dst[i+j] = b[src+j*cs]
				}
			}
			clear(dst[i+w : i+nr])
			i += nr
		}
	}
}

// packA copies an mb×kb block of A into panels of 6 rows, zero-padded.
func packA[T float](dst, a []T, off, rs, cs, mb, kb int, alpha T) {
	i := 0
	for i0 := 0; i0 < mb; i0 += gemmMR {
		h := min(gemmMR, mb-i0)
		for p := 0; p < kb; p++ {
			src := off + i0*rs + p*cs
			for r := 0; r < h; r++ {
				dst[i+r] = alpha * a[src+r*rs]
			}
			clear(dst[i+h : i+gemmMR])
			i += gemmMR
		}
	}
}

// macroKernel multiplies a packed mb×kb block of A by a packed kb×nb block of B into C.
func macroKernel[T float](g gemm, d, ap, bp []T, coff, mb, nb, kb, nr int) {
	var tile [6 * 16]T
	for j0 := 0; j0 < nb; j0 += nr {
		w := min(nr, nb-j0)
		bpanel := bp[j0/nr*kb*nr:]
		for i0 := 0; i0 < mb; i0 += gemmMR {
			h := min(gemmMR, mb-i0)
			apanel := ap[i0/gemmMR*kb*gemmMR:]
			c := coff + i0*g.dr + j0
			if h == gemmMR && w == nr {
				microKernel(kb, apanel, bpanel, d[c:], g.dr)
				continue
			}
			t := tile[:gemmMR*nr]
			clear(t)
			microKernel(kb, apanel, bpanel, t, nr)
			for r := 0; r < h; r++ {
				row := d[c+r*g.dr : c+r*g.dr+w]
				for j := range row {
					row[j] += t[r*nr+j]
				}
			}
		}
	}
}

// Gemm computes c = alpha*op(a)*op(b) + beta*c for row-major matrices with leading
// dimensions lda, ldb, ldc, where op transposes when the flag says so: BLAS's xGEMM on
// the packed AVX2/FMA kernel, over the worker pool. It is the routine gonum's BLAS
// adapter (package blas) and linear algebra call.
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
	fastGemmScaled(g, alpha, c, a, b, beta, 0, 0, 0, true)
}
