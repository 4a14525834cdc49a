package cpu

import (
	"slices"

	"github.com/gotensor/gotensor/device"
)

// lines returns a plan over every dimension but axis, for dst and src, and the axis's
// length and strides: the loop shape of scans and sorts.
func lines(dst, src device.Operand, axis int) (plan, int, int, int) {
	drop := func(s []int) []int { return append(append([]int(nil), s[:axis]...), s[axis+1:]...) }
	shape := drop(src.Shape)
	d := device.Operand{Buf: dst.Buf, Strides: drop(dst.Strides), Offset: dst.Offset}
	s := device.Operand{Buf: src.Buf, Strides: drop(src.Strides), Offset: src.Offset}
	if dst.Buf == nil {
		d.Strides = make([]int, len(shape))
	}
	ds := 0
	if dst.Buf != nil {
		ds = dst.Strides[axis]
	}
	return newPlan(shape, d, s), src.Shape[axis], ds, src.Strides[axis]
}

// Scan writes the running sum or product of src along axis into dst. Floats accumulate
// in float64, integers in int64.
func (Device) Scan(op device.ScanOp, dst, src device.Operand, axis int) error {
	defer keepAlive(dst.Buf, src.Buf, nil, nil)
	p, n, ds, ss := lines(dst, src, axis)
	d := raw(dst)
	switch s := raw(src).(type) {
	case []float32:
		scanRun(op, d, s, p, n, ds, ss, true)
	case []float64:
		scanRun(op, d, s, p, n, ds, ss, true)
	case []int32:
		scanRun(op, d, s, p, n, ds, ss, false)
	case []int64:
		scanRun(op, d, s, p, n, ds, ss, false)
	case []uint8:
		scanRun(op, d, s, p, n, ds, ss, false)
	}
	return nil
}

func scanRun[T num](op device.ScanOp, d any, s []T, p plan, n, ds, ss int, isFloat bool) {
	p.each(func(off []int) {
		di, si := off[0], off[1]
		f, i := 0.0, int64(0)
		if op == device.CumProd {
			f, i = 1, 1
		}
		for j := 0; j < n; j++ {
			if op == device.CumSum {
				f += float64(s[si])
				i += int64(s[si])
			} else {
				f *= float64(s[si])
				i *= int64(s[si])
			}
			put(d, di, f, i, isFloat)
			di += ds
			si += ss
		}
	})
}

// Sort sorts src along axis, stably with NaN last, into dst and/or idx.
func (Device) Sort(dst, idx, src device.Operand, axis int) error {
	defer keepAlive(dst.Buf, idx.Buf, src.Buf, nil)
	switch s := raw(src).(type) {
	case []float32:
		sortRun(dst, idx, src, s, axis)
	case []float64:
		sortRun(dst, idx, src, s, axis)
	case []int32:
		sortRun(dst, idx, src, s, axis)
	case []int64:
		sortRun(dst, idx, src, s, axis)
	case []uint8:
		sortRun(dst, idx, src, s, axis)
	}
	return nil
}

// lessNaN orders NaN after every number, as np.sort does.
func lessNaN[T num](a, b T) bool { return a < b || (b != b && a == a) }

func sortRun[T num](dst, idx, src device.Operand, s []T, axis int) {
	pv, n, dsv, ss := lines(dst, src, axis)
	pi, _, dsi, _ := lines(idx, src, axis)
	type pair struct {
		v T
		i int64
	}
	buf := make([]pair, n)
	var dv []T
	if dst.Buf != nil {
		dv = raw(dst).([]T)
	}
	var iv []int64
	if idx.Buf != nil {
		iv = raw(idx).([]int64)
	}
	var ioffs []int
	pi.each(func(off []int) { ioffs = append(ioffs, off[0]) })
	line := 0
	pv.each(func(off []int) {
		si := off[1]
		for j := range buf {
			buf[j] = pair{s[si], int64(j)}
			si += ss
		}
		slices.SortStableFunc(buf, func(a, b pair) int {
			switch {
			case lessNaN(a.v, b.v):
				return -1
			case lessNaN(b.v, a.v):
				return 1
			}
			return 0
		})
		if dv != nil {
			di := off[0]
			for _, e := range buf {
				dv[di] = e.v
				di += dsv
			}
		}
		if iv != nil {
			ii := ioffs[line]
			for _, e := range buf {
				iv[ii] = e.i
				ii += dsi
			}
		}
		line++
	})
}
