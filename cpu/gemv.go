package cpu

import "math"

// Matrix-vector products (one output row or column) run on the dot and fused
// multiply-add kernels instead of the GEMM, whose packing would cost more than the
// product: each output element is either one dot product of contiguous rows or a running
// sum of scaled contiguous rows (AXPY), with the same order of operations whatever the
// thread count.

// dotChunk is how many elements of a long dot product one task adds; the chunks' sums are
// then added in order, so the result does not depend on the thread count.
const dotChunk = 1 << 15

// scalarKernels are one float type's fused multiply-add, rounded once, and its dot
// kernel over lengths rounded down to block (the SIMD one, or its Go twin).
type scalarKernels[T float] struct {
	fma   func(x, y, z T) T
	dot   func(a, b []T) T
	block int
}

var (
	scalar32 = scalarKernels[float32]{fma32, pick(useSIMD, dotf32, func(a, b []float32) float32 { return dotTwin(a, b, 8, fma32) }), 32}
	scalar64 = scalarKernels[float64]{math.FMA, pick(useSIMD, dotf64, func(a, b []float64) float64 { return dotTwin(a, b, 4, math.FMA) }), 16}
)

// pick returns a if c, else b.
func pick[F any](c bool, a, b F) F {
	if c {
		return a
	}
	return b
}

// scalarFor returns T's scalarKernels.
func scalarFor[T float]() *scalarKernels[T] {
	var k any = &scalar64
	var z T
	if _, ok := any(z).(float32); ok {
		k = &scalar32
	}
	return k.(*scalarKernels[T])
}

// dot returns the sum of a[i]*b[i], its vector part in the kernel's order and the tail in
// index order, each product added with one rounding.
func dot[T float](a, b []T) T {
	k := scalarFor[T]()
	m := len(a) - len(a)%k.block
	s := k.dot(a[:m], b[:m])
	for i := m; i < len(a); i++ {
		s = k.fma(a[i], b[i], s)
	}
	return s
}

// longDot is dot over fixed chunks spread over the workers.
func longDot[T float](a, b []T) T {
	n := (len(a) + dotChunk - 1) / dotChunk
	if n <= 1 {
		return dot(a, b)
	}
	part := make([]T, n)
	parallelChunks(n, func(i int) {
		lo, hi := i*dotChunk, min((i+1)*dotChunk, len(a))
		part[i] = dot(a[lo:hi], b[lo:hi])
	})
	var s T
	for _, v := range part {
		s += v
	}
	return s
}

// axpyRows sets d[j] = sum over q < k of x[xo+q*xs] * m[mo+q*ms+j] for j < len(d), in
// order of q, column blocks spread over the workers.
func axpyRows[T float](d, x []T, xo, xs int, m []T, mo, ms, k int) {
	const blockCols = 2048
	blocks := (len(d) + blockCols - 1) / blockCols
	work := func(lo, hi int) {
		for bl := lo; bl < hi; bl++ {
			j0, j1 := bl*blockCols, min((bl+1)*blockCols, len(d))
			dd := d[j0:j1]
			clear(dd)
			for q := 0; q < k; q++ {
				row := mo + q*ms
				axpy(dd, x[xo+q*xs], m[row+j0:row+j1])
			}
		}
	}
	if len(d)*k < parMin*4 {
		work(0, blocks)
		return
	}
	parallelFor(blocks, 1, work)
}

// axpy sets d[i] = s*r[i] + d[i], rounded once.
func axpy[T float](d []T, s T, r []T) {
	if k := fmaKernelsFor[T](); k != nil {
		m := len(d) - len(d)%k.lanes
		k.vsv(d[:m], r[:m], s, d[:m])
		d, r = d[m:], r[m:]
	}
	fma := scalarFor[T]().fma
	for i := range d {
		d[i] = fma(r[i], s, d[i])
	}
}

// dotRows sets d[do+i*ds] = dot(m[mo+i*ms : +k], v[vo : vo+k]) for i < cnt.
func dotRows[T float](d []T, do, ds int, m []T, mo, ms int, v []T, vo, k, cnt int) {
	vec := v[vo : vo+k]
	if cnt == 1 {
		d[do] = longDot(m[mo:mo+k], vec)
		return
	}
	work := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			r := mo + i*ms
			d[do+i*ds] = dot(m[r:r+k], vec)
		}
	}
	if cnt*k < parMin*4 {
		work(0, cnt)
		return
	}
	parallelFor(cnt, max(1, parMin/max(k, 1)), work)
}

// gemv computes the product when it has one output column or row and the operands let
// it run on contiguous rows, and reports whether it did.
func gemv[T float](g gemm, d, a, b []T, p plan) bool {
	var do func(o [3]int)
	switch {
	case g.n == 1 && g.ac == 1 && g.br == 1: // d[i] = a[i,:] · b[:,0]
		do = func(o [3]int) { dotRows(d, o[0], g.dr, a, o[1], g.ar, b, o[2], g.k, g.m) }
	case g.m == 1 && g.br == 1 && g.ac == 1: // d[j] = a[0,:] · b[:,j]
		do = func(o [3]int) { dotRows(d, o[0], g.dc, b, o[2], g.bc, a, o[1], g.k, g.n) }
	case g.n == 1 && g.dr == 1 && g.ar == 1: // d[:,0] = sum_q b[q,0] * a[:,q]
		do = func(o [3]int) { axpyRows(d[o[0]:o[0]+g.m], b, o[2], g.br, a, o[1], g.ac, g.k) }
	case g.m == 1 && g.dc == 1 && g.bc == 1: // d[0,:] = sum_q a[0,q] * b[q,:]
		do = func(o [3]int) { axpyRows(d[o[0]:o[0]+g.n], a, o[1], g.ac, b, o[2], g.br, g.k) }
	default:
		return false
	}
	p.each(func(off []int) { do([3]int{off[0], off[1], off[2]}) })
	return true
}
