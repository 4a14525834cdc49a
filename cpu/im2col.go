package cpu

import (
	"math"
	"sync/atomic"

	"github.com/gotensor/gotensor/device"
)

// Convolution and pooling loops on contiguous host slices: im2col/col2im around the GEMM
// for 2-D convolution (conv.go), and table-driven pooling over (planes, H*W) images. The tensor
// package validates shapes and builds the tables; these loops trust them.

// ConvGeom is a 2-D convolution's geometry: an input of C channels of H x W, a KH x KW
// kernel with strides SH, SW, zero padding PH, PW and dilations DH, DW, and the OH x OW
// output it gives.
type ConvGeom struct {
	C, H, W, KH, KW, SH, SW, PH, PW, DH, DW, OH, OW int
}

// im2col unfolds channels [c0, c0+cn) of one image img (C, H, W) into the columns
// cols (cn*KH*KW, OH*OW): row (c-c0, ky, kx) holds, for every output pixel (oy, ox), the
// input pixel that kernel tap meets, zero in the padding:
//
//	cols[((c-c0)*KH+ky)*KW+kx][oy*OW+ox] = img[c, oy*SH-PH+ky*DH, ox*SW-PW+kx*DW]
//
// For each tap the output columns whose input lies inside the image form one run
// [lo, hi) (tapSpan), so a row of the output is a copy of part of an input row (stride 1)
// between zeros.
func im2col[T float](g ConvGeom, img []T, c0, cn int, cols []T) {
	l, hw := g.OH*g.OW, g.H*g.W
	flat := g.SH == 1 && g.SW == 1 && g.OW == g.W
	r := 0
	for c := c0; c < c0+cn; c++ {
		plane := img[c*hw:][:hw]
		for ky := 0; ky < g.KH; ky++ {
			for kx := 0; kx < g.KW; kx++ {
				dst := cols[r*l:][:l]
				r++
				off := kx*g.DW - g.PW
				lo, hi := tapSpan(off, g.SW, g.W, g.OW)
				if flat {
					im2colFlat(g, plane, ky, off, lo, hi, dst)
					continue
				}
				for oy := 0; oy < g.OH; oy++ {
					d := dst[oy*g.OW:][:g.OW]
					iy := oy*g.SH - g.PH + ky*g.DH
					if iy < 0 || iy >= g.H {
						clear(d)
						continue
					}
					src := plane[iy*g.W:][:g.W]
					clear(d[:lo])
					clear(d[hi:])
					if g.SW == 1 {
						copy(d[lo:hi], src[lo+off:])
						continue
					}
					for ox := lo; ox < hi; ox++ {
						d[ox] = src[ox*g.SW+off]
					}
				}
			}
		}
	}
}

// im2colFlat is one tap's row of im2col when both strides are 1 and the output is as
// wide as the input ("same" padding): output pixel (oy, ox) then reads input pixel
// (oy, ox) shifted by a constant, so the rows of the image it reads are one contiguous
// run, copied at once; the columns that run wraps into (outside [lo, hi)) and the rows
// above and below the image are then zeroed.
func im2colFlat[T float](g ConvGeom, plane []T, ky, off, lo, hi int, dst []T) {
	w := g.W
	dy := ky*g.DH - g.PH // input row = output row + dy
	oy0, oy1 := max(0, -dy), min(g.OH, g.H-dy)
	if oy0 >= oy1 || lo >= hi {
		clear(dst)
		return
	}
	clear(dst[:oy0*w])
	clear(dst[oy1*w:])
	a, b := oy0*w+lo, (oy1-1)*w+hi
	copy(dst[a:b], plane[a+dy*w+off:])
	zeroColumns(dst, w, oy0, oy1, lo, hi)
}

// zeroColumns zeroes columns [0, lo) and [hi, w) of rows [oy0, oy1) of the w-wide rows
// m: a few elements per row, stored one by one (a clear per row costs a call each).
func zeroColumns[T float](m []T, w, oy0, oy1, lo, hi int) {
	if lo == 0 && hi == w {
		return
	}
	for oy := oy0; oy < oy1; oy++ {
		row := m[oy*w : oy*w+w]
		for j := 0; j < lo; j++ {
			row[j] = 0
		}
		for j := hi; j < w; j++ {
			row[j] = 0
		}
	}
}

// col2im is im2col's adjoint: it adds the columns (cn*KH*KW, OH*OW) back into channels
// [c0, c0+cn) of one image's gradient img (C, H, W), each element into the input pixel
// im2col read it from (padding positions are dropped), taps in order. It may zero the
// entries of cols that stand for padding (col2imFlat).
func col2im[T float](g ConvGeom, cols []T, c0, cn int, img []T) {
	l, hw := g.OH*g.OW, g.H*g.W
	flat := g.SH == 1 && g.SW == 1 && g.OW == g.W
	var add func(d, a, b []T)
	if k, ok := binKernels[T](device.Add); ok && flat {
		add = k.vv
	}
	r := 0
	for c := c0; c < c0+cn; c++ {
		plane := img[c*hw:][:hw]
		for ky := 0; ky < g.KH; ky++ {
			for kx := 0; kx < g.KW; kx++ {
				src := cols[r*l:][:l]
				r++
				off := kx*g.DW - g.PW
				lo, hi := tapSpan(off, g.SW, g.W, g.OW)
				if lo >= hi {
					continue
				}
				if flat {
					col2imFlat(g, src, ky, off, lo, hi, plane, add)
					continue
				}
				for oy := 0; oy < g.OH; oy++ {
					iy := oy*g.SH - g.PH + ky*g.DH
					if iy < 0 || iy >= g.H {
						continue
					}
					dst := plane[iy*g.W:][:g.W]
					s := src[oy*g.OW:][:g.OW]
					if g.SW == 1 {
						d := dst[lo+off : hi+off]
						for j, v := range s[lo:hi] {
							d[j] += v
						}
						continue
					}
					for ox := lo; ox < hi; ox++ {
						dst[ox*g.SW+off] += s[ox]
					}
				}
			}
		}
	}
}

// col2imFlat is one tap's row of col2im in im2colFlat's case (both strides 1, output as
// wide as the input): it zeroes the entries of src that read the padding (the columns
// outside [lo, hi) of the rows inside the image), after which the rest of the image rows
// the tap reaches take src in one run, added with the SIMD kernel add where there is
// one. Adding those zeros leaves every pixel's value as it was (only a -0 turns +0,
// and ConvInputGrad's sums start at +0, so they never hold one).
func col2imFlat[T float](g ConvGeom, src []T, ky, off, lo, hi int, plane []T, add func(d, a, b []T)) {
	w := g.W
	dy := ky*g.DH - g.PH
	oy0, oy1 := max(0, -dy), min(g.OH, g.H-dy)
	if oy0 >= oy1 {
		return
	}
	zeroColumns(src, w, oy0, oy1, lo, hi)
	a, b := oy0*w+lo, (oy1-1)*w+hi
	s := src[a:b]
	d := plane[a+dy*w+off:][:len(s)]
	m := 0
	if add != nil {
		m = len(s) - len(s)%lanesOf[T]()
		add(d[:m], d[:m], s[:m])
	}
	for j := m; j < len(s); j++ {
		d[j] += s[j]
	}
}

// tapSpan returns the output columns [lo, hi) (within [0, ow)) whose input column
// ox*sw + off lies inside [0, w).
func tapSpan(off, sw, w, ow int) (lo, hi int) {
	if off < 0 {
		lo = (-off + sw - 1) / sw
	}
	if w-off > 0 {
		hi = min(ow, (w-off+sw-1)/sw)
	}
	return min(lo, hi), hi
}

// PoolTable describes a pooling over image planes of HW pixels: output pixel j reads the
// pixels Idx[j*K : (j+1)*K] of its plane (-1: none, padding), and an average divides by
// Div[j]. Max-pooling tables list a window's pixels in row-major order, before any -1.
// Geom, when set, gives the same windows by their geometry (every window inside the
// plane), which MaxPoolPlanes then follows instead of Idx.
type PoolTable struct {
	HW, L, K int
	Idx      []int32
	Div      []float64
	Geom     *PoolGeom
}

// PoolGeom is the windows of a pooling over planes W pixels wide whose windows all lie
// inside the plane: window (oy, ox) of the OH x OW output covers the KH x KW pixels
// (oy*SH + ky*DH)*W + ox*SW + kx*DW, in row-major order of (ky, kx).
type PoolGeom struct {
	W, OH, OW, KH, KW, SH, SW, DH, DW int
}

// MaxPoolPlanes is max-pooling of the planes x (planes, HW) into out (planes, L), with
// arg the argmax's pixel index within its plane, as PyTorch's CPU kernel picks it: the
// first maximum in window order, or the last NaN (a NaN wins over everything after it).
// A window of -Inf gives -Inf at its first pixel.
func MaxPoolPlanes[T float](t PoolTable, x []T, planes int, out []T, arg []int64) {
	if t.Geom != nil {
		maxPoolGeom(*t.Geom, t.HW, x, planes, out, arg)
		return
	}
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

// maxPoolGeom is MaxPoolPlanes over windows given by their geometry, with the same
// choice of maximum; 2x2 windows without dilation have their own loop.
func maxPoolGeom[T float](g PoolGeom, hw int, x []T, planes int, out []T, arg []int64) {
	l := g.OH * g.OW
	parallelFor(planes, max(1, (1<<14)/max(hw, 1)), func(lo, hi int) {
		for p := lo; p < hi; p++ {
			src := x[p*hw:][:hw]
			o, a := out[p*l:][:l], arg[p*l:][:l]
			for oy := 0; oy < g.OH; oy++ {
				r0 := oy * g.SH * g.W
				oo, aa := o[oy*g.OW:][:g.OW], a[oy*g.OW:][:g.OW]
				if g.KH == 2 && g.KW == 2 && g.DH == 1 && g.DW == 1 {
					maxPool2x2Row(src, r0, r0+g.W, g.SW, oo, aa)
					continue
				}
				for ox := range oo {
					q0 := r0 + ox*g.SW
					best, m := q0, src[q0]
					for ky := 0; ky < g.KH; ky++ {
						row := q0 + ky*g.DH*g.W
						for kx := 0; kx < g.KW; kx++ {
							q := row + kx*g.DW
							if v := src[q]; v > m || v != v {
								m, best = v, q
							}
						}
					}
					oo[ox], aa[ox] = m, int64(best)
				}
			}
		}
	})
}

// maxPool2x2Row pools one output row of 2x2 windows whose top rows start at r0 and r1
// (= r0 + W), the windows sw apart. It takes MaxPoolPlanes' choice without a branch
// per comparison (window values are data, so branches on them mispredict often): the
// two row pairs, then their winners, each pick made with a bit mask. Pairing keeps the
// choice: without NaN the first maximum of each pair, then the second pair's only if
// strictly greater; a NaN wins its pair when it is the later one or the other is not
// NaN, and the final pick when it is in the second pair, so the last NaN wins.
func maxPool2x2Row[T float](src []T, r0, r1, sw int, o []T, a []int64) {
	switch s := any(src).(type) {
	case []float32:
		oo := any(o).([]float32)
		for ox := range oo {
			q := ox * sw
			w0, w1 := s[r0+q:r0+q+2:r0+q+2], s[r1+q:r1+q+2:r1+q+2]
			t1, t2 := beats32(w0[1], w0[0]), beats32(w1[1], w1[0])
			m1, m2 := pick32(t1, w0[1], w0[0]), pick32(t2, w1[1], w1[0])
			i1, i2 := uint64(r0+q)+uint64(t1&1), uint64(r1+q)+uint64(t2&1)
			t3 := beats32(m2, m1)
			oo[ox] = pick32(t3, m2, m1)
			a[ox] = int64(i1 ^ (i1^i2)&uint64(int64(int32(t3))))
		}
	case []float64:
		oo := any(o).([]float64)
		for ox := range oo {
			q := ox * sw
			w0, w1 := s[r0+q:r0+q+2:r0+q+2], s[r1+q:r1+q+2:r1+q+2]
			t1, t2 := beats64(w0[1], w0[0]), beats64(w1[1], w1[0])
			m1, m2 := pick64(t1, w0[1], w0[0]), pick64(t2, w1[1], w1[0])
			i1, i2 := uint64(r0+q)+t1&1, uint64(r1+q)+t2&1
			t3 := beats64(m2, m1)
			oo[ox] = pick64(t3, m2, m1)
			a[ox] = int64(i1 ^ (i1^i2)&t3)
		}
	}
}

// bitOf is 1 for true and 0 for false (compiled to a flag set, no branch).
func bitOf(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// beats32 is all ones when v takes m's place in max-pooling's window order (v > m, or v
// is NaN), else 0; beats64 likewise.
func beats32(v, m float32) uint32 { return -uint32(bitOf((v > m) != (v != v))) }
func beats64(v, m float64) uint64 { return -bitOf((v > m) != (v != v)) }

// pick32 is a where mask is all ones, b where it is 0; pick64 likewise.
func pick32(mask uint32, a, b float32) float32 {
	x, y := math.Float32bits(a), math.Float32bits(b)
	return math.Float32frombits(y ^ (x^y)&mask)
}

func pick64(mask uint64, a, b float64) float64 {
	x, y := math.Float64bits(a), math.Float64bits(b)
	return math.Float64frombits(y ^ (x^y)&mask)
}

// MaxPoolPlanesGrad is max-pooling's adjoint: it sets dx (planes, hw) to zeros plus each
// g (planes, l) added at its plane's pixel arg (planes, l), in order. It reports false
// when an index lies outside [0, hw) (dx is then partly written).
func MaxPoolPlanesGrad[T float](hw, l int, g []T, arg []int64, planes int, dx []T) bool {
	var bad atomic.Bool
	parallelFor(planes, max(1, (1<<14)/max(hw, 1)), func(lo, hi int) {
		for p := lo; p < hi; p++ {
			d := dx[p*hw:][:hw]
			clear(d)
			for j, q := range arg[p*l:][:l] {
				if uint64(q) >= uint64(hw) {
					bad.Store(true)
					continue
				}
				d[q] += g[p*l+j]
			}
		}
	})
	return !bad.Load()
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
