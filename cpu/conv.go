package cpu

// Batched 2-D convolution on contiguous NCHW host slices, one image at a time: each
// image's receptive fields are unfolded into a (C/groups*KH*KW, OH*OW) column matrix
// (im2col) small enough to stay in the core's L2 while one GEMM per group consumes it,
// and the images are spread over the threads. Working in NCHW's own layout (the weight
// (O, C/groups*KH*KW) times the columns gives the image's (O, OH*OW) output directly)
// needs no transposition of inputs, outputs or gradients.
//
// Results do not depend on the thread count: each image's output and input gradient is
// computed by one GEMM per group whose sums run in k order whatever the split, and the
// weight gradient sums fixed blocks of images (convBlocks) in order.

// ConvBatch is a batched, grouped convolution: N images of ConvGeom's C channels, O
// output channels, in and out channels split into Groups independent groups.
type ConvBatch struct {
	ConvGeom
	N, O, Groups int
}

// dims returns the per-group channel counts, the columns' height (C/groups*KH*KW) and
// width (OH*OW), and the sizes of one input and one output image.
func (b ConvBatch) dims() (cg, og, kw, l, in, out int) {
	cg, og = b.C/b.Groups, b.O/b.Groups
	kw, l = cg*b.KH*b.KW, b.OH*b.OW
	return cg, og, kw, l, b.C * b.H * b.W, b.O * l
}

// eachUnit runs fn(u, threads, cols) for u in [0, units) with a scratch of colLen
// elements: units spread over the workers, one thread per GEMM, when there are at least
// as many units as threads; else one unit after another with GEMMs over all threads.
func eachUnit[T float](units, colLen int, fn func(u, threads int, cols []T)) {
	nt := Threads()
	if units < nt {
		colsP := getFrom[T](&colPool, colLen)
		defer putTo(&colPool, colsP)
		cols := *colsP
		for u := 0; u < units; u++ {
			fn(u, nt, cols)
		}
		return
	}
	parallelFor(units, 1, func(lo, hi int) {
		colsP := getFrom[T](&colPool, colLen)
		defer putTo(&colPool, colsP)
		cols := *colsP
		for u := lo; u < hi; u++ {
			fn(u, 1, cols)
		}
	})
}

// gemmOn is Gemm on the given number of threads.
func gemmOn[T float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc, threads int) {
	if m == 0 || n == 0 {
		return
	}
	if m*n*k < gemmSmall {
		Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	g := gemm{m: m, n: n, k: k, dr: ldc, dc: 1, ar: lda, ac: 1, br: ldb, bc: 1}
	if transA {
		g.ar, g.ac = 1, lda
	}
	if transB {
		g.br, g.bc = 1, ldb
	}
	fastGemmScaled(g, alpha, c, a, b, beta, 0, 0, 0, threads)
}

// ConvForward sets out (N, O, OH, OW) to the cross-correlation of x (N, C, H, W) with
// the weight w (O, C/groups, KH, KW), plus bias (O,) unless it is nil: per image and
// group, out = w_group @ im2col(image's group channels).
func ConvForward[T float](b ConvBatch, x, w, bias, out []T) {
	cg, og, kw, l, in, on := b.dims()
	eachUnit(b.N, kw*l, func(i, threads int, cols []T) {
		img, o := x[i*in:][:in], out[i*on:][:on]
		var beta T
		if bias != nil {
			for c, v := range bias[:b.O] {
				row := o[c*l:][:l]
				for j := range row {
					row[j] = v
				}
			}
			beta = 1
		}
		for grp := 0; grp < b.Groups; grp++ {
			im2col(b.ConvGeom, img, grp*cg, cg, cols)
			gemmOn(false, false, og, l, kw, 1, w[grp*og*kw:], kw, cols, l, beta, o[grp*og*l:], l, threads)
		}
	})
}

// ConvInputGrad sets dx (N, C, H, W) to the gradient of ConvForward's result with respect
// to its input, given dy (N, O, OH, OW) and w: per image and group, col2im(w_group^T @
// dy_group).
func ConvInputGrad[T float](b ConvBatch, dy, w, dx []T) {
	cg, og, kw, l, in, on := b.dims()
	eachUnit(b.N, kw*l, func(i, threads int, cols []T) {
		d, g := dx[i*in:][:in], dy[i*on:][:on]
		clear(d)
		for grp := 0; grp < b.Groups; grp++ {
			gemmOn(true, false, kw, l, og, 1, w[grp*og*kw:], kw, g[grp*og*l:], l, 0, cols, l, threads)
			col2im(b.ConvGeom, cols, grp*cg, cg, d)
		}
	})
}

// convBlocks is how many blocks of images the weight gradient sums separately (each block
// in its own buffer, then the blocks in order): up to 16, fewer where the buffers would
// pass 4M elements. It depends only on the shapes, never on the thread count.
func convBlocks(n, wsize int) int {
	return max(1, min(n, 16, (4<<20)/max(wsize, 1)))
}

// ConvWeightGrad sets dw (O, C/groups, KH, KW) to the gradient of ConvForward's result
// with respect to the weight, given x and dy: the sum over images of dy_group @
// im2col(image's group channels)^T, images summed in fixed blocks (convBlocks).
func ConvWeightGrad[T float](b ConvBatch, x, dy, dw []T) {
	cg, og, kw, l, in, on := b.dims()
	ws := b.O * kw
	if b.N == 0 {
		clear(dw[:ws])
		return
	}
	nb := convBlocks(b.N, ws)
	var parts []T
	if nb > 1 {
		partsP := getFrom[T](&colPool, (nb-1)*ws)
		defer putTo(&colPool, partsP)
		parts = *partsP
	}
	eachUnit(nb, kw*l, func(u, threads int, cols []T) {
		acc := dw
		if u > 0 {
			acc = parts[(u-1)*ws:][:ws]
		}
		var beta T
		for i := b.N * u / nb; i < b.N*(u+1)/nb; i++ {
			img, g := x[i*in:][:in], dy[i*on:][:on]
			for grp := 0; grp < b.Groups; grp++ {
				im2col(b.ConvGeom, img, grp*cg, cg, cols)
				gemmOn(false, true, og, kw, l, 1, g[grp*og*l:], l, cols, l, beta, acc[grp*og*kw:], kw, threads)
			}
			beta = 1
		}
	})
	for u := 1; u < nb; u++ {
		p := parts[(u-1)*ws:][:ws]
		for j := range dw[:ws] {
			dw[j] += p[j]
		}
	}
}
