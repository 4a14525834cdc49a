package cpu

// Convolution and pooling loops on contiguous host slices: im2row/row2im around the GEMM
// for 2-D convolution, and table-driven pooling over (planes, H*W) images. The tensor
// package validates shapes and builds the tables; these loops trust them.

// ConvGeom is a 2-D convolution's geometry: an input of C channels of H x W, a KH x KW
// kernel with strides SH, SW, zero padding PH, PW and dilations DH, DW, and the OH x OW
// output it gives.
type ConvGeom struct {
	C, H, W, KH, KW, SH, SW, PH, PW, DH, DW, OH, OW int
}

// Im2Row unfolds channels [c0, c0+cn) of the n images x (n, C, H, W), contiguous) into
// rows (n*OH*OW, cn*KH*KW): row (i, oy, ox) holds the receptive field of output pixel
// (oy, ox) of image i, channel-major then kernel row then kernel column, with zeros
// where it reaches into the padding. The reference loop is
//
//	rows[(i*OH*OW + oy*OW + ox)*cn*KH*KW + (c-c0)*KH*KW + ky*KW + kx] =
//		x[i, c, oy*SH-PH+ky*DH, ox*SW-PW+kx*DW]  (0 outside the image)
func Im2Row[T float](g ConvGeom, x []T, n, c0, cn int, rows []T) {
	l, k := g.OH*g.OW, g.KH*g.KW
	width := cn * k
	parallelFor(n*g.OH, 8, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			i, oy := r/g.OH, r%g.OH
			for ox := 0; ox < g.OW; ox++ {
				row := rows[(i*l+oy*g.OW+ox)*width:][:width]
				for c := 0; c < cn; c++ {
					plane := x[(i*g.C+c0+c)*g.H*g.W:][:g.H*g.W]
					dst := row[c*k:][:k]
					for ky := 0; ky < g.KH; ky++ {
						iy := oy*g.SH - g.PH + ky*g.DH
						d := dst[ky*g.KW:][:g.KW]
						if iy < 0 || iy >= g.H {
							clear(d)
							continue
						}
						src := plane[iy*g.W : (iy+1)*g.W]
						ix := ox*g.SW - g.PW
						for kx := range d {
							if ix >= 0 && ix < g.W {
								d[kx] = src[ix]
							} else {
								d[kx] = 0
							}
							ix += g.DW
						}
					}
				}
			}
		}
	})
}

// Row2Im is Im2Row's adjoint: it adds rows (n*OH*OW, cn*KH*KW) back into channels
// [c0, c0+cn) of dx (n, C, H, W), contiguous), each element of a row into the input
// pixel Im2Row read it from (padding positions are dropped). dx is accumulated into, one
// image plane per goroutine, so the sums do not depend on the thread count.
func Row2Im[T float](g ConvGeom, rows []T, n, c0, cn int, dx []T) {
	l, k := g.OH*g.OW, g.KH*g.KW
	width := cn * k
	parallelFor(n*cn, 1, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			i, c := p/cn, p%cn
			plane := dx[(i*g.C+c0+c)*g.H*g.W:][:g.H*g.W]
			for oy := 0; oy < g.OH; oy++ {
				for ox := 0; ox < g.OW; ox++ {
					src := rows[(i*l+oy*g.OW+ox)*width+c*k:][:k]
					for ky := 0; ky < g.KH; ky++ {
						iy := oy*g.SH - g.PH + ky*g.DH
						if iy < 0 || iy >= g.H {
							continue
						}
						dst := plane[iy*g.W : (iy+1)*g.W]
						ix := ox*g.SW - g.PW
						for _, v := range src[ky*g.KW:][:g.KW] {
							if ix >= 0 && ix < g.W {
								dst[ix] += v
							}
							ix += g.DW
						}
					}
				}
			}
		}
	})
}

// PoolTable describes a pooling over image planes of HW pixels: output pixel j reads the
// pixels Idx[j*K : (j+1)*K] of its plane (-1: none, padding), and an average divides by
// Div[j]. Max-pooling tables list a window's pixels in row-major order, before any -1.
type PoolTable struct {
	HW, L, K int
	Idx      []int32
	Div      []float64
}

// MaxPoolPlanes is max-pooling of the planes x (planes, HW) into out (planes, L), with
// arg the argmax's pixel index within its plane, as PyTorch's CPU kernel picks it: the
// first maximum in window order, or the last NaN (a NaN wins over everything after it).
// A window of -Inf gives -Inf at its first pixel.
func MaxPoolPlanes[T float](t PoolTable, x []T, planes int, out []T, arg []int64) {
	parallelFor(planes, 1, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			src := x[p*t.HW:][:t.HW]
			o, a := out[p*t.L:][:t.L], arg[p*t.L:][:t.L]
			for j := range o {
				win := t.Idx[j*t.K:][:t.K]
				best := win[0]
				m := src[best]
				for _, q := range win[1:] {
					if q < 0 {
						break
					}
					if v := src[q]; v > m || v != v {
						m, best = v, q
					}
				}
				o[j], a[j] = m, int64(best)
			}
		}
	})
}

// AvgPoolPlanes is average pooling of x (planes, HW) into out (planes, L): the sum of a
// window's pixels in table order divided by its Div.
func AvgPoolPlanes[T float](t PoolTable, x []T, planes int, out []T) {
	parallelFor(planes, 1, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			src := x[p*t.HW:][:t.HW]
			o := out[p*t.L:][:t.L]
			for j := range o {
				var s T
				for _, q := range t.Idx[j*t.K:][:t.K] {
					if q >= 0 {
						s += src[q]
					}
				}
				o[j] = s / T(t.Div[j])
			}
		}
	})
}

// AvgPoolPlanesGrad is AvgPoolPlanes' adjoint: it adds g[j]/Div[j] (planes, L) into
// every pixel of window j of dx (planes, HW).
func AvgPoolPlanesGrad[T float](t PoolTable, g []T, planes int, dx []T) {
	parallelFor(planes, 1, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			d := dx[p*t.HW:][:t.HW]
			for j, v := range g[p*t.L:][:t.L] {
				v /= T(t.Div[j])
				for _, q := range t.Idx[j*t.K:][:t.K] {
					if q >= 0 {
						d[q] += v
					}
				}
			}
		}
	})
}
