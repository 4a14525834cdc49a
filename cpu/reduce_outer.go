package cpu

import (
	"sync"

	"github.com/gotensor/gotensor/device"
)

// Compensated float sums (ReduceOptions.Compensated) that keep the innermost axis,
// contiguous: Sum(a, 0, Compensated) of a C-contiguous matrix, and in general any sum
// whose last axis (of size above 1) is kept with unit stride in src and dst. Each reduced row is read once, outerCols elements at a time, and added into
// float64 accumulators (float32 input widened on the way, in one pass) with the SIMD
// kernels; rows are split over the workers in chunks, or columns where rows are few.
//
// Every output element is the same float64 expression whatever the blocking and the
// thread count: the rows are cut into chunks of per rows (fixed by the row count alone),
// each chunk is summed in order from zero, and the chunk sums are added in order from zero.
// That is far more accurate than NumPy's float32 row additions, and the same bits as the
// row-at-a-time loop this replaced. Layouts whose contiguous kept axis is not the last one
// (Sum(a.T, 1)) are left to the pure-Go reducer, which compensates its float64 sums.

const (
	// outerCols is the most columns a worker accumulates at once: its float64 chunk sums
	// and running totals (32 KiB each at most) stay in L1 or L2 while every row is read
	// outerCols elements at a time, a stretch long enough for the hardware prefetcher.
	outerCols = 4096
)

// outerSum is one such sum: for each output run, rows of n contiguous source elements,
// at rowOffs from the run's source base, are added into n contiguous output elements.
type outerSum struct {
	s32     []float32               // the source when float32,
	s64     []float64               // or when float64
	d       any                     // the destination, []float32 or []float64
	n       int                     // the length of the kept run
	nr      int                     // the number of reduced rows
	rowOffs []int                   // their offsets from a run's source base, or nil:
	rowStep int                     // row i at i*rowStep
	per     int                     // rows per chunk
	nch     int                     // chunks
	vv      func(d, a, b []float64) // the SIMD float64 add, nil without SIMD
}

// outerRun is one output run: its destination and source offsets.
type outerRun struct{ d, s int }

// sumOuter runs a float sum of this layout and reports whether it did: src is float32 or
// float64 and its last axis of size above 1 is kept, with stride 1 in src and dst.
func sumOuter(dst, src device.Operand, red []bool) bool {
	o, runs, ok := newOuterSum(dst, src, red)
	if !ok {
		return false
	}
	work := len(runs) * o.nr * o.n
	nt := Threads()
	switch {
	case work < parMin || nt == 1:
		buf := getScratch(2 * outerCols)
		for _, r := range runs {
			o.columns(r, 0, o.n, *buf)
		}
		scratch.Put(buf)
	case o.nch >= 2*nt && len(runs) < 2*nt:
		// Many rows: the workers take chunks of whole rows, streaming them.
		for _, r := range runs {
			o.chunked(r)
		}
	default:
		// Few rows or many runs: tasks of column ranges, about four per thread.
		cw := min(o.n, max(64, (len(runs)*o.n+4*nt-1)/(4*nt)))
		cw = (cw + 15) &^ 15 // whole cache lines of float32 or float64
		ncol := (o.n + cw - 1) / cw
		parallelFor(len(runs)*ncol, 1, func(lo, hi int) {
			buf := getScratch(2 * outerCols)
			for t := lo; t < hi; t++ {
				j0 := t % ncol * cw
				o.columns(runs[t/ncol], j0, min(o.n, j0+cw), *buf)
			}
			scratch.Put(buf)
		})
	}
	return true
}

// newOuterSum lays the sum out: the kept run (the last axis of size above 1, merged with
// every kept axis that continues it in src and dst), the output runs (the other kept axes)
// and the reduced rows (the reduced axes).
func newOuterSum(dst, src device.Operand, red []bool) (*outerSum, []outerRun, bool) {
	o := &outerSum{d: raw(dst)}
	switch o.d.(type) {
	case []float32, []float64:
	default:
		return nil, nil, false
	}
	switch s := raw(src).(type) {
	case []float32:
		o.s32 = s
	case []float64:
		o.s64 = s
	default:
		return nil, nil, false
	}
	r := len(src.Shape)
	used := make([]bool, r)
	k := r - 1
	for k >= 0 && src.Shape[k] == 1 {
		k--
	}
	if k < 0 || red[k] || src.Strides[k] != 1 || dst.Strides[k] != 1 {
		return nil, nil, false
	}
	o.n, used[k] = src.Shape[k], true
	for merged := true; merged; {
		merged = false
		for k := range r {
			if !used[k] && !red[k] && src.Shape[k] > 1 && src.Strides[k] == o.n && dst.Strides[k] == o.n {
				o.n *= src.Shape[k]
				used[k], merged = true, true
			}
		}
	}
	var keep, ks, kd, sub, ss []int
	for k, n := range src.Shape {
		switch {
		case used[k] || n == 1:
		case red[k]:
			sub, ss = append(sub, n), append(ss, src.Strides[k])
		default:
			keep, ks, kd = append(keep, n), append(ks, src.Strides[k]), append(kd, dst.Strides[k])
		}
	}
	var runs []outerRun
	newPlan(keep, device.Operand{Buf: dst.Buf, Strides: kd, Offset: dst.Offset},
		device.Operand{Buf: src.Buf, Strides: ks, Offset: src.Offset}).each(func(off []int) {
		runs = append(runs, outerRun{off[0], off[1]})
	})
	switch len(sub) {
	case 0:
		o.nr = 1
	case 1:
		o.nr, o.rowStep = sub[0], ss[0]
	default:
		newPlan(sub, device.Operand{Buf: src.Buf, Strides: ss}).each(func(off []int) {
			o.rowOffs = append(o.rowOffs, off[0])
		})
		o.nr = len(o.rowOffs)
	}
	o.per = max(32, (o.nr+63)/64)
	o.nch = (o.nr + o.per - 1) / o.per
	if k, ok := binKernels[float64](device.Add); ok {
		o.vv = k.vv
	}
	return o, runs, true
}

// scratch holds float64 buffers for the sums' partial results, reused across calls.
var scratch = sync.Pool{New: func() any { return new([]float64) }}

// getScratch returns a buffer of n elements from scratch (contents undefined); give it
// back with scratch.Put.
func getScratch(n int) *[]float64 {
	p := scratch.Get().(*[]float64)
	if cap(*p) < n {
		*p = make([]float64, n)
	}
	*p = (*p)[:n]
	return p
}

// columns writes the sums of columns [j0, j1) of run r, outerCols at a time, with buf of
// 2*outerCols elements for the totals and the chunk sums.
func (o *outerSum) columns(r outerRun, j0, j1 int, buf []float64) {
	for b := j0; b < j1; b += outerCols {
		w := min(outerCols, j1-b)
		tot, part := buf[:w], buf[outerCols:outerCols+w]
		// The first chunk's sum is its total so far (0 + x is x: a sum from zero is
		// never -0), so it goes to tot directly.
		o.chunk(tot, r.s+b, 0)
		for c := 1; c < o.nch; c++ {
			o.chunk(part, r.s+b, c)
			addRow(tot, part, o.vv)
		}
		o.store(r.d+b, tot)
	}
}

// chunked writes the sums of run r, outerCols columns at a time, with the chunks of rows
// spread over the workers, each keeping its chunk's sums, which are then added in order.
func (o *outerSum) chunked(r outerRun) {
	w0 := min(o.n, outerCols)
	buf := getScratch((o.nch + 1) * w0)
	defer scratch.Put(buf)
	parts, tot := *buf, (*buf)[o.nch*w0:]
	for b := 0; b < o.n; b += outerCols {
		w := min(outerCols, o.n-b)
		parallelFor(o.nch, 1, func(lo, hi int) {
			for c := lo; c < hi; c++ {
				o.chunk(parts[c*w:(c+1)*w], r.s+b, c)
			}
		})
		// The chunk sums, added in order, split by columns over the workers.
		parallelFor(w, max(16, parMin/2/max(1, o.nch)), func(lo, hi int) {
			t := tot[lo:hi]
			copy(t, parts[lo:hi])
			if o.nch == 0 {
				clear(t) // no rows: zeros
			}
			for c := 1; c < o.nch; c++ {
				addRow(t, parts[c*w+lo:c*w+hi], o.vv)
			}
		})
		o.store(r.d+b, tot[:w])
	}
}

// chunk sets part to the sum, in order from zero, of chunk c's rows over len(part)
// columns from source offset base.
func (o *outerSum) chunk(part []float64, base, c int) {
	clear(part)
	w := len(part)
	if o.rowOffs == nil && o.rowStep > 0 && o.vv != nil {
		o.strips(part, base, c)
		return
	}
	for i := c * o.per; i < min(o.nr, (c+1)*o.per); i++ {
		off := base + i*o.rowStep
		if o.rowOffs != nil {
			off = base + o.rowOffs[i]
		}
		if o.s64 != nil {
			addRow(part, o.s64[off:off+w], o.vv)
			continue
		}
		row := o.s32[off : off+w]
		m := 0
		if o.vv != nil {
			m = w - w%16
			addWidef32(part[:m], row[:m])
		}
		for j := m; j < w; j++ {
			part[j] += float64(row[j])
		}
	}
}

// stripRows is how many rows sumRows takes at a time: it walks them side by side, 32
// columns at a time, so that they are that many sequential streams for the prefetchers
// and the accumulators are loaded and stored once per stripRows rows (measured on Zen 5:
// 2 rows 12 GB/s from memory on one core, 4 rows 16, 8 rows 22, 16 rows 21).
const stripRows = 8

// strips is chunk for rows at a regular step, with the SIMD kernels: stripRows rows at a
// time added up 32 columns at a time in registers.
func (o *outerSum) strips(part []float64, base, c int) {
	w := len(part)
	lo, hi := c*o.per, min(o.nr, (c+1)*o.per)
	m := w - w%32
	for r := lo; r < hi && m > 0; r += stripRows {
		off, k := base+r*o.rowStep, min(stripRows, hi-r)
		if o.s64 != nil {
			sumRowsf64(part[:m], o.s64[off:], o.rowStep, k)
		} else {
			sumRowsf32(part[:m], o.s32[off:], o.rowStep, k)
		}
	}
	for i := lo; i < hi && m < w; i++ {
		off := base + i*o.rowStep
		for j := m; j < w; j++ {
			if o.s64 != nil {
				part[j] += o.s64[off+j]
			} else {
				part[j] += float64(o.s32[off+j])
			}
		}
	}
}

// store writes the float64 totals to the destination from offset at, rounding to float32
// where the destination is float32.
func (o *outerSum) store(at int, tot []float64) {
	switch d := o.d.(type) {
	case []float32:
		d = d[at : at+len(tot)]
		for j, v := range tot {
			d[j] = float32(v)
		}
	case []float64:
		copy(d[at:at+len(tot)], tot)
	}
}
