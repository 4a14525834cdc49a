package cpu

import "github.com/gotensor/gotensor/device"

// block is the cache block edge of the reference GEMM.
const block = 64

// MatMul writes a @ b into dst for each batch element.
func (Device) MatMul(dst, a, b device.Operand) error {
	defer keepAlive(dst.Buf, a.Buf, b.Buf, nil)
	r := len(dst.Shape)
	m, n, k := dst.Shape[r-2], dst.Shape[r-1], a.Shape[r-1]
	g := gemm{m: m, n: n, k: k,
		dr: dst.Strides[r-2], dc: dst.Strides[r-1],
		ar: a.Strides[r-2], ac: a.Strides[r-1],
		br: b.Strides[r-2], bc: b.Strides[r-1]}
	if r == 2 { // one matrix: no loop plan over batches to build
		switch d := raw(dst).(type) {
		case []float32:
			if oneGemm(g, d, raw(a).([]float32), raw(b).([]float32), dst.Offset, a.Offset, b.Offset) {
				return nil
			}
		case []float64:
			if oneGemm(g, d, raw(a).([]float64), raw(b).([]float64), dst.Offset, a.Offset, b.Offset) {
				return nil
			}
		}
	}
	batch := dst.Shape[:r-2]
	op := func(o device.Operand) device.Operand {
		return device.Operand{Buf: o.Buf, Strides: o.Strides[:r-2], Offset: o.Offset}
	}
	p := newPlan(batch, op(dst), op(a), op(b))
	switch d := raw(dst).(type) {
	case []float32:
		floatGemm(g, d, raw(a).([]float32), raw(b).([]float32), p)
	case []float64:
		floatGemm(g, d, raw(a).([]float64), raw(b).([]float64), p)
	case []int32:
		gemmRun(g, d, raw(a).([]int32), raw(b).([]int32), p)
	case []int64:
		gemmRun(g, d, raw(a).([]int64), raw(b).([]int64), p)
	case []uint8:
		gemmRun(g, d, raw(a).([]uint8), raw(b).([]uint8), p)
	}
	return nil
}

type gemm struct {
	m, n, k                int
	dr, dc, ar, ac, br, bc int
}

// gemmRun is the blocked reference: for each (i, p) block pair, rows of C accumulate
// a[i,p] * b[p,:], in order of p, so each C element sums its products in index order.
func gemmRun[T num](g gemm, d, a, b []T, p plan) {
	p.each(func(off []int) {
		do, ao, bo := off[0], off[1], off[2]
		for i := 0; i < g.m; i++ {
			for j := 0; j < g.n; j++ {
				d[do+i*g.dr+j*g.dc] = 0
			}
		}
		for i0 := 0; i0 < g.m; i0 += block {
			for p0 := 0; p0 < g.k; p0 += block {
				for j0 := 0; j0 < g.n; j0 += block {
					i1, p1, j1 := min(i0+block, g.m), min(p0+block, g.k), min(j0+block, g.n)
					for i := i0; i < i1; i++ {
						drow := do + i*g.dr
						for q := p0; q < p1; q++ {
							x := a[ao+i*g.ar+q*g.ac]
							brow := bo + q*g.br
							if g.dc == 1 && g.bc == 1 {
								dd, bb := d[drow+j0:drow+j1], b[brow+j0:brow+j1]
								for j := range dd {
									dd[j] += x * bb[j]
								}
								continue
							}
							for j := j0; j < j1; j++ {
								d[drow+j*g.dc] += x * b[brow+j*g.bc]
							}
						}
					}
				}
			}
		}
	})
}

// packedForm returns g as the packed GEMM computes it, Cᵀ = Bᵀ Aᵀ (swap) when the
// destination is transposed, and whether the packed GEMM takes it: not small products,
// a destination strided both ways, or k = 0, which the reference loop does.
func packedForm(g gemm) (pg gemm, swap, ok bool) {
	if swap = g.dc != 1 && g.dr == 1; swap {
		g = gemm{m: g.n, n: g.m, k: g.k, dr: g.dc, dc: 1, ar: g.bc, ac: g.br, br: g.ac, bc: g.ar}
	}
	return g, swap, g.m*g.n*g.k >= gemmSmall && g.dc == 1 && g.k > 0
}

// oneGemm computes one matrix product on the packed GEMM, as floatGemm does for each of
// a batch, and reports whether it did: not for the products floatGemm gives to the
// matrix-vector kernels or the reference loop, which need its plan.
func oneGemm[T float](g gemm, d, a, b []T, do, ao, bo int) bool {
	pg, swap, ok := packedForm(g)
	if g.m == 1 || g.n == 1 || !ok {
		return false
	}
	if swap {
		a, b, ao, bo = b, a, bo, ao
	}
	fastGemm(pg, d, a, b, do, ao, bo, Threads())
	return true
}

// floatGemm picks the packed GEMM for large enough products with a unit-stride
// destination (computing the transposed product when the destination is transposed),
// splitting over batches when there are enough of them and within each product
// otherwise; small products use the reference loop.
func floatGemm[T float](g gemm, d, a, b []T, p plan) {
	if (g.m == 1 || g.n == 1) && g.k > 0 && gemv(g, d, a, b, p) {
		return
	}
	pg, swap, ok := packedForm(g)
	if !ok {
		gemmRun(g, d, a, b, p)
		return
	}
	g = pg
	var offs [][3]int
	p.each(func(off []int) {
		o := [3]int{off[0], off[1], off[2]}
		if swap {
			o[1], o[2] = o[2], o[1]
		}
		offs = append(offs, o)
	})
	if swap {
		a, b = b, a
	}
	if nt := Threads(); len(offs) >= 2*nt {
		parallelChunks(len(offs), func(i int) {
			o := offs[i]
			fastGemm(g, d, a, b, o[0], o[1], o[2], 1)
		})
		return
	}
	for _, o := range offs {
		fastGemm(g, d, a, b, o[0], o[1], o[2], Threads())
	}
}
