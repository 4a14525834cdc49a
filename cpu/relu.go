package cpu

import "unsafe"

// ReLU and its gradient without a branch per element: the comparison picks an all-ones
// or all-zeros mask that is ANDed with the value's bits (the compiler turns the pick
// into a conditional move), so inputs of random sign cost no mispredicted branches.
// Branchy loops ran at about 7 ns per element on such data, these at about 1.3, and the
// AVX2 kernels (a compare and an AND per vector) at about 0.1 in cache.

// reluRow sets d[i] = a[i] unless a[i] < 0, else +0 (NaN and -0 stay): the ReLU row
// kernel of goRows. The SIMD kernels (reluf32, reluf64) do the bulk, the Go loop the tail.
func reluRow[T float](d, a []T) {
	a = a[:len(d)]
	n := 0
	if useSIMD {
		if is32[T]() {
			reluf32(f32s(d), f32s(a))
		} else {
			reluf64(f64s(d), f64s(a))
		}
		n = len(d) - len(d)%lanesOf[T]()
	}
	d, a = d[n:], a[n:]
	if unsafe.Sizeof(a[0]) == 4 {
		reluWords(asWords[T, uint32](d), asWords[T, uint32](a), a)
	} else {
		reluWords(asWords[T, uint64](d), asWords[T, uint64](a), a)
	}
}

// reluWords is reluRow on a's bits ab.
func reluWords[T float, W uint32 | uint64](d, ab []W, a []T) {
	ab, a = ab[:len(d)], a[:len(d)]
	for i, x := range a {
		keep := ^W(0)
		if x < 0 {
			keep = 0
		}
		d[i] = ab[i] & keep
	}
}

// ReLUGrad sets d[i] = g[i] where x[i] > 0, else +0 (NaN x gives 0), over contiguous
// slices of one length, spread over the threads: ReLU's gradient in one pass.
func ReLUGrad[T float](d, g, x []T) {
	g, x = g[:len(d)], x[:len(d)]
	parallelFor(len(d), parMin, func(lo, hi int) {
		reluGradRow(d[lo:hi], g[lo:hi], x[lo:hi])
	})
}

// reluGradRow is ReLUGrad on one goroutine: the SIMD kernels (reluGradf32, reluGradf64)
// do the bulk, the Go loop the tail.
func reluGradRow[T float](d, g, x []T) {
	n := 0
	if useSIMD {
		if is32[T]() {
			reluGradf32(f32s(d), f32s(g), f32s(x))
		} else {
			reluGradf64(f64s(d), f64s(g), f64s(x))
		}
		n = len(d) - len(d)%lanesOf[T]()
	}
	d, g, x = d[n:], g[n:], x[n:]
	if len(d) == 0 {
		return
	}
	if unsafe.Sizeof(x[0]) == 4 {
		reluGradWords(asWords[T, uint32](d), asWords[T, uint32](g), x)
	} else {
		reluGradWords(asWords[T, uint64](d), asWords[T, uint64](g), x)
	}
}

// reluGradWords is ReLUGrad on g's bits.
func reluGradWords[T float, W uint32 | uint64](d, g []W, x []T) {
	g, x = g[:len(d)], x[:len(d)]
	for i := range d {
		keep := W(0)
		if x[i] > 0 {
			keep = ^W(0)
		}
		d[i] = g[i] & keep
	}
}
