package cpu

import (
	"slices"
	"sync"

	"github.com/gotensor/gotensor/device"
)

// Sums and products in NumPy's order (pairwise_order.go), with NumPy's where= and
// initial=: each output is a fold, over its reduced axes in iteration order, of block
// sums or single elements, in the output's dtype. Outputs are independent, so they are
// spread over the workers; an output with many blocks has its block sums computed in
// parallel and then folded in order. None of this changes a bit: the result of every
// output is the same expression whatever the thread count.

// accum is a reduction's accumulator and output type: the float dtypes, and int64 for
// integer and bool sums and products.
type accum interface{ ~float32 | ~float64 | ~int64 }

// npRed is one Sum or Prod in NumPy's order.
type npRed[A accum, S num] struct {
	p          npPlan
	src        []S
	mask       []uint8 // nil: no where= mask
	dst        []A
	init       A
	prod       bool
	seg        func([]A) A // the sum of one run: pairwise for floats, in order for integers
	direct     bool        // S is A: unit-stride runs are summed in place
	contig     bool        // direct, no mask, and the block is one unit-stride run
	so, mo, do int         // the operands' offsets
}

// npReduce runs op (Sum or Prod) of src over the axes red marks into dst in NumPy's order,
// starting each output from init, over the elements mask marks (Buf nil: all). dst is
// float32, float64 or int64; src any dtype but bool's bytes count as uint8.
func npReduce(op device.ReduceOp, dst, src, mask device.Operand, red []bool, init device.Scalar) {
	switch d := raw(dst).(type) {
	case []float32:
		npReduceFrom(op, d, dst, src, mask, red, float32(init.F))
	case []float64:
		npReduceFrom(op, d, dst, src, mask, red, init.F)
	case []int64:
		npReduceFrom(op, d, dst, src, mask, red, init.I)
	}
}

func npReduceFrom[A accum](op device.ReduceOp, d []A, dst, src, mask device.Operand, red []bool, init A) {
	switch s := raw(src).(type) {
	case []float32:
		npRun(op, d, s, dst, src, mask, red, init)
	case []float64:
		npRun(op, d, s, dst, src, mask, red, init)
	case []int32:
		npRun(op, d, s, dst, src, mask, red, init)
	case []int64:
		npRun(op, d, s, dst, src, mask, red, init)
	case []uint8:
		npRun(op, d, s, dst, src, mask, red, init)
	}
}

func npRun[A accum, S num](op device.ReduceOp, d []A, s []S, dst, src, mask device.Operand, red []bool, init A) {
	if op == device.Sum && mask.Buf == nil && !slices.Contains(red, false) && src.Contiguous() {
		// A small contiguous array summed whole: one run, its pieces added in order
		// (what the plan below comes to, without making it).
		if v, ok := any(s).([]A); ok && src.Size() < 2*parMin {
			if f32, ok := any(v).([]float32); ok {
				d[dst.Offset] = any(sumPieces(f32[src.Offset:src.Offset+src.Size()], float32(float64(init)))).(A)
				return
			}
			if f64, ok := any(v).([]float64); ok {
				d[dst.Offset] = any(sumPieces(f64[src.Offset:src.Offset+src.Size()], float64(init))).(A)
				return
			}
		}
	}
	e := &npRed[A, S]{
		p:    newNPPlan(dst, src, mask, red, op == device.Sum),
		src:  s,
		dst:  d,
		init: init,
		prod: op == device.Prod,
		so:   src.Offset, mo: mask.Offset, do: dst.Offset,
	}
	_, e.direct = any(s).([]A)
	if mask.Buf != nil {
		e.mask = raw(mask).([]uint8)
	}
	e.contig = e.direct && e.mask == nil && len(e.p.blk) == 1 && e.p.blk[0].s == 1
	switch any(init).(type) {
	case float32:
		e.seg = any(pairwise[float32]).(func([]A) A)
	case float64:
		e.seg = any(pairwise[float64]).(func([]A) A)
	default:
		e.seg = func(v []A) A {
			var t A
			for _, x := range v {
				t += x
			}
			return t
		}
	}
	e.run()
}

// sumPieces is init plus the pairwise sums of a's pieces of npBuf, in order.
func sumPieces[T float](a []T, init T) T {
	var buf pwScratch[T]
	for c := 0; c < len(a); c += npBuf {
		init += pairwiseIn(a[c:min(len(a), c+npBuf)], buf[:])
	}
	return init
}

// spreadRuns sets vals[i] for i in [lo, hi) to the pairwise sum of piece i%pieces of the
// run of n values at starts[i/pieces].
func spreadRuns[T float](src []T, starts []int, pieces, n, lo, hi int, vals []T) {
	var buf pwScratch[T]
	for i := lo; i < hi; i++ {
		b, c := starts[i/pieces], i%pieces*npBuf
		vals[i] = pairwiseIn(src[b+c:b+c+min(npBuf, n-c)], buf[:])
	}
}

func (e *npRed[A, S]) apply(acc, x A) A {
	if e.prod {
		return acc * x
	}
	return acc + x
}

// run computes every output.
func (e *npRed[A, S]) run() {
	outs := npSize(e.p.keep)
	if outs == 0 {
		return
	}
	per := npSize(e.p.blk) * npSize(e.p.outer)
	if e.p.innerKept {
		e.columns(per)
		return
	}
	// One output at a time, each whole on one worker, unless there are fewer outputs than
	// workers and each is long: then its block sums are spread instead.
	outer := e.p.keep
	if outs < Threads() && per >= 2*parMin && e.mask == nil && len(e.p.blk) > 0 {
		npWalk(outer, e.so, e.mo, e.do, func(s, m, d int) { e.dst[d] = e.spread(s, m) })
		return
	}
	if outs == 1 {
		buf, mb, done := e.scratch()
		e.dst[e.do] = e.one(e.so, e.mo, buf, mb)
		done()
		return
	}
	grain := max(1, parMin/max(per, 1))
	if e.contig && len(e.p.outer) == 0 && per <= npBuf {
		if _, isInt := any(e.init).(int64); !isInt {
			// Row sums stream from memory at little cost per element: worth splitting
			// only when large.
			parallelFor(outs, max(1, 4*parMin/max(per, 1)), e.rows)
			return
		}
	}
	parallelFor(outs, grain, func(lo, hi int) {
		buf, mb, done := e.scratch()
		npWalkRange(outer, lo, hi, e.so, e.mo, e.do, func(s, m, d int) { e.dst[d] = e.one(s, m, buf, mb) })
		done()
	})
}

// rows computes outputs [lo, hi) whose blocks are single contiguous runs of at most npBuf
// (row sums), their leaves batched into the kernel calls of pairwiseRuns.
func (e *npRed[A, S]) rows(lo, hi int) {
	n := npSize(e.p.blk)
	if k := e.p.keep; len(k) == 1 && k[0].s > 0 {
		// One kept axis: the rows are at a constant distance.
		vals := make([]A, hi-lo)
		switch src := any(e.src).(type) {
		case []float32:
			pairwiseRows(src, e.so+lo*k[0].s, k[0].s, n, any(vals).([]float32))
		case []float64:
			pairwiseRows(src, e.so+lo*k[0].s, k[0].s, n, any(vals).([]float64))
		}
		for i, v := range vals {
			e.dst[e.do+(lo+i)*k[0].d] = e.init + v
		}
		return
	}
	starts, dsts := make([]int, 0, hi-lo), make([]int, 0, hi-lo)
	npWalkRange(e.p.keep, lo, hi, e.so, e.mo, e.do, func(s, _, d int) {
		starts, dsts = append(starts, s), append(dsts, d)
	})
	vals := make([]A, len(starts))
	// Rows at a constant positive distance (one kept axis, or kept axes that merged) go
	// to pairwiseRows, others to pairwiseRuns.
	stride, even := 0, len(starts) > 1
	if even {
		stride = starts[1] - starts[0]
		for i := 2; i < len(starts) && even; i++ {
			even = starts[i]-starts[i-1] == stride
		}
		even = even && stride > 0
	}
	switch src := any(e.src).(type) {
	case []float32:
		if even {
			pairwiseRows(src, starts[0], stride, n, any(vals).([]float32))
		} else {
			pairwiseRuns(src, starts, n, any(vals).([]float32))
		}
	case []float64:
		if even {
			pairwiseRows(src, starts[0], stride, n, any(vals).([]float64))
		} else {
			pairwiseRuns(src, starts, n, any(vals).([]float64))
		}
	}
	for i, d := range dsts {
		e.dst[d] = e.init + vals[i]
	}
}

// scratch returns buffers for a block's piece and its mask (nil where the pieces are
// summed where they lie), and the function that gives them back.
func (e *npRed[A, S]) scratch() ([]A, []uint8, func()) {
	if len(e.p.blk) == 0 || e.contig {
		return nil, nil, func() {}
	}
	var mb []uint8
	if e.mask != nil {
		mb = make([]uint8, min(npBuf, npSize(e.p.blk)))
	}
	p := getBuf[A]()
	return *p, mb, func() { npPool[A]().Put(p) }
}

// npPools hold buffers of npBuf float32, float64 and int64 values for the pieces of
// blocks gathered from strided or converted sources.
var npPools [3]sync.Pool

func npPool[A accum]() *sync.Pool {
	var z A
	switch any(z).(type) {
	case float32:
		return &npPools[0]
	case float64:
		return &npPools[1]
	}
	return &npPools[2]
}

// getBuf returns a buffer of npBuf elements from the pool (contents undefined).
func getBuf[A accum]() *[]A {
	if p, ok := npPool[A]().Get().(*[]A); ok {
		return p
	}
	b := make([]A, npBuf)
	return &b
}

// one is the output whose elements start at source offset s and mask offset m.
func (e *npRed[A, S]) one(s, m int, buf []A, mb []uint8) A {
	acc := e.init
	if len(e.p.blk) > 0 {
		if len(e.p.outer) == 0 {
			return e.block(acc, s, m, buf, mb)
		}
		npWalk(e.p.outer, s, m, 0, func(s, m, _ int) { acc = e.block(acc, s, m, buf, mb) })
		return acc
	}
	in, rest := npAxis{n: 1}, e.p.outer
	if len(rest) > 0 {
		in, rest = rest[0], rest[1:]
	}
	npWalk(rest, s, m, 0, func(s, m, _ int) {
		for i := 0; i < in.n; i, s, m = i+1, s+in.s, m+in.m {
			if e.mask == nil || e.mask[m] != 0 {
				acc = e.apply(acc, A(e.src[s]))
			}
		}
	})
	return acc
}

// block adds to acc the block that starts at offsets s and m: its pieces of npBuf
// elements in order, each piece's runs of unmasked elements by e.seg.
func (e *npRed[A, S]) block(acc A, s, m int, buf []A, mb []uint8) A {
	n := npSize(e.p.blk)
	if e.contig {
		src := any(e.src).([]A)
		if n <= npBuf {
			return acc + e.seg(src[s:s+n])
		}
		for c := 0; c < n; c += npBuf {
			acc += e.seg(src[s+c : s+min(n, c+npBuf)])
		}
		return acc
	}
	for c := 0; c < n; c += npBuf {
		k := min(npBuf, n-c)
		e.gather(buf[:k], mb, s, m, c)
		if e.mask == nil {
			acc += e.seg(buf[:k])
			continue
		}
		for i := 0; i < k; {
			if mb[i] == 0 {
				i++
				continue
			}
			j := i + 1
			for j < k && mb[j] != 0 {
				j++
			}
			acc += e.seg(buf[i:j])
			i = j
		}
	}
	return acc
}

// gather copies elements [c, c+len(buf)) of the block at offsets s, m (flattened in
// iteration order) into buf, converted to A, and their mask bytes into mb.
func (e *npRed[A, S]) gather(buf []A, mb []uint8, s, m, c int) {
	blk := e.p.blk
	if len(blk) == 1 {
		a := blk[0]
		ss, ms := s+c*a.s, m+c*a.m
		for i := range buf {
			buf[i] = A(e.src[ss])
			ss += a.s
		}
		if e.mask != nil {
			for i := range buf {
				mb[i] = e.mask[ms]
				ms += a.m
			}
		}
		return
	}
	idx := make([]int, len(blk))
	pos := c
	for k, a := range blk {
		idx[k] = pos % a.n
		pos /= a.n
	}
	s, m = seek(blk, c, s, m)
	for i := range buf {
		buf[i] = A(e.src[s])
		if e.mask != nil {
			mb[i] = e.mask[m]
		}
		for k, a := range blk {
			idx[k]++
			s, m = s+a.s, m+a.m
			if idx[k] < a.n {
				break
			}
			idx[k] = 0
			s, m = s-a.n*a.s, m-a.n*a.m
		}
	}
}

// spread is one output with many blocks: the pieces' sums are computed in parallel, then
// added to the initial value in order.
func (e *npRed[A, S]) spread(s, m int) A {
	n := npSize(e.p.blk)
	pieces := (n + npBuf - 1) / npBuf
	var starts []int
	npWalk(e.p.outer, s, m, 0, func(s, _, _ int) { starts = append(starts, s) })
	vals := make([]A, len(starts)*pieces)
	parallelFor(len(vals), 1, func(lo, hi int) {
		if e.contig {
			// Float sums of runs in place: one scratch for every piece's leaves.
			switch src := any(e.src).(type) {
			case []float32:
				spreadRuns(src, starts, pieces, n, lo, hi, any(vals).([]float32))
				return
			case []float64:
				spreadRuns(src, starts, pieces, n, lo, hi, any(vals).([]float64))
				return
			}
		}
		var buf []A
		if !e.contig {
			p := getBuf[A]()
			defer npPool[A]().Put(p)
			buf = *p
		}
		for i := lo; i < hi; i++ {
			b, c := starts[i/pieces], i%pieces*npBuf
			k := min(npBuf, n-c)
			if e.contig {
				vals[i] = e.seg(any(e.src).([]A)[b+c : b+c+k])
				continue
			}
			e.gather(buf[:k], nil, b, 0, c)
			vals[i] = e.seg(buf[:k])
		}
	})
	acc := e.init
	for _, v := range vals {
		acc += v
	}
	return acc
}
