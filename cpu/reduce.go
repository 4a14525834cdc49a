package cpu

import (
	"fmt"
	"math"

	"github.com/gotensor/gotensor/device"
)

// Reduce reduces src over axes into dst (same rank, size 1 on reduced axes). Sums and
// products follow NumPy's order of operations, so that float results are NumPy's bits
// (pairwise_order.go); Var is the compensated two-pass variance (tensor composes NumPy's
// variance of Sums instead, see ReduceWith).
func (d Device) Reduce(op device.ReduceOp, dst, src device.Operand, axes []int, prm device.Params) error {
	return d.ReduceWith(op, dst, src, axes, prm, ReduceOptions{})
}

// ReduceOptions are what a CPU reduction takes beyond the device contract: NumPy's
// where= and initial= for sums and products, and the compensated sums of earlier
// versions.
type ReduceOptions struct {
	// Where, unless its Buf is nil, is a bool operand of src's shape (zero strides where
	// broadcast): a Sum or Prod reduces only the elements it marks, as NumPy's where=.
	Where device.Operand
	// Initial, when not nil, is the value each output of a Sum or Prod starts from
	// (NumPy's initial=), in dst's dtype; nil starts sums at 0 and products at 1.
	Initial *device.Scalar
	// Compensated sums floats in float64 with Neumaier's compensation, in blocks whose
	// totals do not depend on the thread count (Sum and Var; no Where or Initial): more
	// accurate than NumPy's pairwise sums, and not its bits.
	Compensated bool
}

// ReduceWith is Reduce with options.
func (Device) ReduceWith(op device.ReduceOp, dst, src device.Operand, axes []int, prm device.Params, o ReduceOptions) error {
	defer keepAlive(dst.Buf, src.Buf, o.Where.Buf, nil)
	l := device.SplitReduction(dst, src, axes)
	npOp := (op == device.Sum || op == device.Prod) && !o.Compensated
	if (o.Where.Buf != nil || o.Initial != nil) && !npOp {
		return fmt.Errorf("cpu: where= and initial= apply to uncompensated sum and prod, not %v", op)
	}
	if npOp {
		switch dst.DType {
		case device.Float32, device.Float64, device.Int64:
			init := device.Scalar{}
			if op == device.Prod {
				init = device.Scalar{F: 1, I: 1}
			}
			if o.Initial != nil {
				init = *o.Initial
			}
			npReduce(op, dst, src, o.Where, l.Red, init)
			return nil
		}
	}
	if op == device.Sum && fastSum(dst, src, l.Red) {
		return nil
	}
	keep, keepS, keepD, sub, subS := l.Keep, l.KeepSrc, l.KeepDst, l.Reduced, l.ReducedSrc
	fake := func(st []int, off int) device.Operand {
		return device.Operand{Buf: src.Buf, Strides: st, Offset: off}
	}
	outer := newPlan(keep, fake(keepD, dst.Offset), fake(keepS, src.Offset))
	inner := newPlan(sub, fake(subS, 0))
	defer outer.release()
	defer inner.release()
	r := reducer{op: op, ddof: prm.I, inner: inner, count: 1}
	for _, n := range sub {
		r.count *= n
	}
	switch s := raw(src).(type) {
	case []float32:
		reduceRun(&r, s, dst, outer, true)
	case []float64:
		reduceRun(&r, s, dst, outer, true)
	case []int32:
		reduceRun(&r, s, dst, outer, false)
	case []int64:
		reduceRun(&r, s, dst, outer, false)
	case []uint8:
		reduceRun(&r, s, dst, outer, false)
	}
	return nil
}

type reducer struct {
	op    device.ReduceOp
	ddof  int
	inner plan
	count int
}

// each calls fn for every element of the plan with its offsets.
func (p plan) each(fn func(off []int)) {
	n, st := p.inner()
	cur := make([]int, len(p.offsets))
	p.run(func(off []int) {
		copy(cur, off)
		for j := 0; j < n; j++ {
			fn(cur)
			for i := range cur {
				cur[i] += st[i]
			}
		}
	})
}

func reduceRun[T num](r *reducer, s []T, dst device.Operand, outer plan, isFloat bool) {
	d := raw(dst)
	contig := len(r.inner.shape) == 1 && r.inner.strides[0][0] == 1
	_, st := outer.inner()
	outer.parWeighted(max(1, r.count), func(off []int, n int) {
		var buf []T
		if !contig {
			buf = make([]T, 0, r.count)
		}
		di, base := off[0], off[1]
		for j := 0; j < n; j, di, base = j+1, di+st[0], base+st[1] {
			var vals []T
			if contig {
				vals = s[base : base+r.count]
			} else {
				buf = buf[:0]
				r.inner.each(func(o []int) { buf = append(buf, s[base+o[0]]) })
				vals = buf
			}
			reduceOne(r, d, di, vals, isFloat)
		}
	})
}

// reduceOne reduces vals into element di of d.
func reduceOne[T num](r *reducer, d any, di int, vals []T, isFloat bool) {
	switch r.op {
	case device.Sum:
		if isFloat {
			put(d, di, sumF(vals), 0, true)
		} else {
			var acc int64
			for _, v := range vals {
				acc += int64(v)
			}
			put(d, di, 0, acc, false)
		}
	case device.Prod:
		if isFloat {
			acc := 1.0
			for _, v := range vals {
				acc *= float64(v)
			}
			put(d, di, acc, 0, true)
		} else {
			acc := int64(1)
			for _, v := range vals {
				acc *= int64(v)
			}
			put(d, di, 0, acc, false)
		}
	case device.Max, device.Min:
		m := extremum(vals, r.op == device.Max)
		put(d, di, float64(m), int64(m), isFloat)
	case device.ArgMax, device.ArgMin:
		put(d, di, 0, int64(argExtremum(vals, r.op == device.ArgMax)), false)
	case device.All, device.Any:
		res := r.op == device.All
		for _, v := range vals {
			if (v != 0) != res {
				res = !res
				break
			}
		}
		put(d, di, 0, int64(b2n[int64](res)), false)
	case device.Var:
		put(d, di, varF(vals, r.ddof), 0, true)
	}
}

// extremum is the largest (isMax) or smallest of vals, NaN if any is NaN; float rows of
// 32 elements or more go through the SIMD kernels.
func extremum[T num](vals []T, isMax bool) T {
	var m T
	start := 0
	if useSIMD {
		switch v := any(vals).(type) {
		case []float32:
			if k := len(v) - len(v)%32; k > 0 {
				x, nan := simdExt(v[:k], isMax, maxf32, minf32)
				if nan {
					return nanOf[T]()
				}
				m, start = T(x), k
			}
		case []float64:
			if k := len(v) - len(v)%16; k > 0 {
				x, nan := simdExt(v[:k], isMax, maxf64, minf64)
				if nan {
					return nanOf[T]()
				}
				m, start = T(x), k
			}
		}
	}
	if start == 0 {
		m, start = vals[0], 1
	}
	for _, v := range vals[start:] {
		if m != m {
			break
		}
		if v != v || (isMax && v > m) || (!isMax && v < m) {
			m = v
		}
	}
	return m
}

// argExtremum is the index of the first largest (isMax) or smallest of vals, or of its
// first NaN, as NumPy's argmax and argmin; float rows of four vectors or more go through
// the SIMD kernels.
func argExtremum[T num](vals []T, isMax bool) int {
	if useSIMD {
		switch v := any(vals).(type) {
		case []float32:
			if len(v) >= 32 && int64(len(v)) < 1<<31 {
				var best [8]float32
				var idx [8]int32
				k := len(v) - len(v)%32
				nan := simdArg(v[:k], isMax, &best, &idx, argMax32, argMin32)
				return argFinish(v, k, best[:], idx[:], nan, isMax)
			}
		case []float64:
			if len(v) >= 16 {
				var best [4]float64
				var idx [4]int64
				k := len(v) - len(v)%16
				nan := simdArg(v[:k], isMax, &best, &idx, argMax64, argMin64)
				return argFinish(v, k, best[:], idx[:], nan, isMax)
			}
		}
	}
	return argFrom(vals, 0, 0, isMax)
}

// argMax32, argMin32, argMax64 and argMin64 are the kernels argExtremum runs: the AVX2
// ones (or their pure-Go twins), or on AVX-512 CPUs wrappers of the AVX-512 kernels with
// the same contract and results (arg512_amd64.go).
var (
	argMax32, argMin32 = argmaxf32, argminf32
	argMax64, argMin64 = argmaxf64, argminf64
)

// simdArg runs the argmax (isMax) or argmin kernel.
func simdArg[F float, B, I any](v []F, isMax bool, best *B, idx *I, mx, mn func([]F, *B, *I) int) int {
	if isMax {
		return mx(v, best, idx)
	}
	return mn(v, best, idx)
}

// argFinish completes a SIMD arg search over v[:k]: from the block holding the first NaN
// when nan >= 0, else from the best of the per-lane candidates, then over v[k:].
func argFinish[F float, I int32 | int64](v []F, k int, best []F, idx []I, nan int, isMax bool) int {
	if nan >= 0 {
		for i := nan; ; i++ {
			if v[i] != v[i] {
				return i
			}
		}
	}
	b := 0
	for j := 1; j < len(best); j++ {
		if (isMax && best[j] > best[b]) || (!isMax && best[j] < best[b]) || (best[j] == best[b] && idx[j] < idx[b]) {
			b = j
		}
	}
	return argFrom(v, k, int(idx[b]), isMax)
}

// argFrom continues an arg search over vals[from:] from the best so far, vals[at]: a
// strict compare keeps the first of equal values, and a NaN ends the search.
func argFrom[T num](vals []T, from, at int, isMax bool) int {
	if len(vals) == 0 {
		return 0
	}
	m := vals[at]
	for i := from; i < len(vals) && m == m; i++ {
		if v := vals[i]; v != v || (isMax && v > m) || (!isMax && v < m) {
			at, m = i, v
		}
	}
	return at
}

func simdExt[F float](v []F, isMax bool, mx, mn func([]F) (F, bool)) (F, bool) {
	if isMax {
		return mx(v)
	}
	return mn(v)
}

// nanOf returns NaN converted to T (only called for float T).
func nanOf[T num]() T {
	var z T
	nan := math.NaN()
	switch any(z).(type) {
	case float32:
		return any(float32(nan)).(T)
	case float64:
		return any(nan).(T)
	}
	return z
}

// put stores a reduced value into dst element i, converting to dst's type.
func put(d any, i int, f float64, n int64, isFloat bool) {
	if !isFloat {
		f = float64(n)
	}
	switch s := d.(type) {
	case []float32:
		s[i] = float32(f)
	case []float64:
		s[i] = f
	case []int32:
		s[i] = int32(n)
	case []int64:
		s[i] = n
	case []uint8:
		s[i] = uint8(n)
	}
}

// sumF adds with Neumaier's compensation in float64: far more accurate than NumPy's
// pairwise float32 sums and order-independent to within an ulp of float64.
func sumF[T num](v []T) float64 {
	var s, c float64
	for _, x := range v {
		f := float64(x)
		t := s + f
		if math.Abs(s) >= math.Abs(f) {
			c += (s - t) + f
		} else {
			c += (f - t) + s
		}
		s = t
	}
	if math.IsInf(s, 0) || s != s {
		return s
	}
	return s + c
}

// varF is the two-pass variance with ddof: the mean first, then the mean squared
// deviation, both compensated.
func varF[T num](v []T, ddof int) float64 {
	n := len(v)
	mean := sumF(v) / float64(n)
	dev := make([]float64, n)
	for i, x := range v {
		e := float64(x) - mean
		dev[i] = e * e
	}
	return sumF(dev) / float64(max(n-ddof, 0)) // NumPy: max(N - ddof, 0), so inf (or NaN) past N
}
