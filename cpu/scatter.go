package cpu

import "github.com/gotensor/gotensor/device"

// ScatterAdd adds src into dst at idx's positions along axis, as np.add.at: src has shape
// dst.Shape[:axis] + idx.Shape + dst.Shape[axis+1:], and dst[..., idx[i], ...] +=
// src[..., i, ...] for every position i of idx, repeated positions accumulating.
//
// Every index is checked first, so an index out of range (an *device.IndexError naming
// the first in idx's C order) leaves dst untouched. The work is split over the elements
// of dst outside the indexed axis only; each goroutine adds into its own elements, and
// every element takes its terms in idx's C order, so the result is the same bits on every
// run and for any thread count. The reference loop it computes is
//
//	for p, j, q over src's shape in C order (outer, index and inner dimensions):
//		dst[p, norm(idx[j]), q] += src[p, j, q]
func (Device) ScatterAdd(dst, src, idx device.Operand, axis int) error {
	defer keepAlive(dst.Buf, src.Buf, idx.Buf, nil)
	sc, err := newScatter(dst, src, idx, axis)
	if err != nil || sc.total == 0 || len(sc.dOff) == 0 {
		return err
	}
	switch d := raw(dst).(type) {
	case []float32:
		scatterRun(sc, d, raw(src).([]float32), Threads())
	case []float64:
		scatterRun(sc, d, raw(src).([]float64), Threads())
	case []int32:
		scatterRun(sc, d, raw(src).([]int32), Threads())
	case []int64:
		scatterRun(sc, d, raw(src).([]int64), Threads())
	case []uint8:
		scatterRun(sc, d, raw(src).([]uint8), Threads())
	}
	return nil
}

// scatter is a ScatterAdd laid out as rows x cols of (outer, inner) positions of dst,
// each taking one term per index position j.
type scatter struct {
	dOff, sOff []int // per index position j (C order): dst and src offset of the term
	rows       []int // shape of the row dimensions: dst's outer ones, then inner ones but the last
	rowD, rowS []int // their dst and src strides
	cols       int   // the innermost (merged) inner dimension
	colD, colS int   // its dst and src strides
	baseD      int   // dst.Offset
	baseS      int   // src.Offset
	total      int   // rows * cols positions
}

// newScatter checks and normalises the indices and lays the loop out.
func newScatter(dst, src, idx device.Operand, axis int) (scatter, error) {
	ni := len(idx.Shape)
	sc := scatter{baseD: dst.Offset, baseS: src.Offset}
	size, step := dst.Shape[axis], dst.Strides[axis]
	// Index dimensions: walk idx and src's index dimensions together in C order.
	ip := newPlan(idx.Shape,
		device.Operand{Buf: idx.Buf, Strides: idx.Strides, Offset: idx.Offset},
		device.Operand{Buf: src.Buf, Strides: src.Strides[axis : axis+ni]})
	n := idx.Size()
	sc.dOff, sc.sOff = make([]int, 0, n), make([]int, 0, n)
	if n > 0 {
		iv := raw(idx).([]int64)
		var bad error
		cnt, st := ip.inner()
		ip.run(func(off []int) {
			if bad != nil {
				return
			}
			for c := 0; c < cnt; c++ {
				v := iv[off[0]+c*st[0]]
				j := v
				if j < 0 {
					j += int64(size)
				}
				if j < 0 || j >= int64(size) {
					bad = &device.IndexError{Index: v, Size: size}
					return
				}
				sc.dOff = append(sc.dOff, int(j)*step)
				sc.sOff = append(sc.sOff, off[1]+c*st[1])
			}
		})
		if bad != nil {
			return sc, bad
		}
	}
	// Inner dimensions, merged where dst and src allow; the last becomes the columns.
	inner := newPlan(dst.Shape[axis+1:],
		device.Operand{Buf: dst.Buf, Strides: dst.Strides[axis+1:]},
		device.Operand{Buf: src.Buf, Strides: src.Strides[axis+ni:]})
	r := len(inner.shape) - 1
	sc.cols, sc.colD, sc.colS = inner.shape[r], inner.strides[0][r], inner.strides[1][r]
	sc.rows = append(append([]int{}, dst.Shape[:axis]...), inner.shape[:r]...)
	sc.rowD = append(append([]int{}, dst.Strides[:axis]...), inner.strides[0][:r]...)
	sc.rowS = append(append([]int{}, src.Strides[:axis]...), inner.strides[1][:r]...)
	sc.total = sc.cols
	for _, d := range sc.rows {
		sc.total *= d
	}
	return sc, nil
}

// rowOffsets returns the dst and src offsets of row r.
func (sc *scatter) rowOffsets(r int) (od, os int) {
	od, os = sc.baseD, sc.baseS
	for k := len(sc.rows) - 1; k >= 0; k-- {
		c := r % sc.rows[k]
		r /= sc.rows[k]
		od += c * sc.rowD[k]
		os += c * sc.rowS[k]
	}
	return od, os
}

// scatterRun adds every term, splitting the (row, column) positions into up to threads
// pieces run by the workers when there is enough work; each position's terms are added in
// j order by one goroutine, so the split does not change the result.
func scatterRun[T num](sc scatter, d, s []T, threads int) {
	work := func(lo, hi int) {
		for lo < hi {
			r, c0 := lo/sc.cols, lo%sc.cols
			c1 := min(sc.cols, c0+hi-lo)
			od, os := sc.rowOffsets(r)
			scatterSpan(d, s, sc.dOff, sc.sOff, od+c0*sc.colD, os+c0*sc.colS, c1-c0, sc.colD, sc.colS)
			lo += c1 - c0
		}
	}
	pieces := min(threads, sc.total*len(sc.dOff)/(parMin/2), sc.total)
	if pieces <= 1 {
		work(0, sc.total)
		return
	}
	parallelChunks(pieces, func(i int) { work(sc.total*i/pieces, sc.total*(i+1)/pieces) })
}

// scatterSpan adds, for each index position j in order, the n src elements from os+sOff[j]
// (stride ss) into the n dst elements from od+dOff[j] (stride ds).
func scatterSpan[T num](d, s []T, dOff, sOff []int, od, os, n, ds, ss int) {
	if n == 1 {
		for j, o := range dOff {
			d[od+o] += s[os+sOff[j]]
		}
		return
	}
	if ds == 1 && ss == 1 {
		for j, o := range dOff {
			dr, sr := d[od+o:od+o+n], s[os+sOff[j]:os+sOff[j]+n]
			for i := range dr {
				dr[i] += sr[i]
			}
		}
		return
	}
	for j, o := range dOff {
		a, b := od+o, os+sOff[j]
		for i := 0; i < n; i++ {
			d[a+i*ds] += s[b+i*ss]
		}
	}
}
