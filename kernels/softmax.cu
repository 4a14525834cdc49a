// softmax.cu: fused softmax and log-softmax along one axis (device.Fused), cpu.Softmax's
// steps per row: m = max(x) (NaN if any; an infinite max is replaced by 0), e = exp(x - m)
// in the element type, s = their sum in float64; softmax is e / s, log-softmax
// (x - m) - log(s). One block per row (grid-stride over rows); L maps a row number to the
// (dst, src) offsets over the other dimensions, n elements per row at strides ds and ss.
#include "loop.cuh"

// block_all combines v over the block with f (a commutative, associative merge whose
// result does not depend on the order: max with NaN winning, or a float64 sum combined in
// a fixed tree) and returns it to every thread.
template <class T, class F> DEV T block_all(T v, F f) {
	SHARED T sh[32];
	int lane = threadIdx.x & 31, w = threadIdx.x >> 5, nw = blockDim.x >> 5;
	for (int d = 1; d < 32; d <<= 1) {
		T o = shfl_down(v, d);
		if ((lane & (2 * d - 1)) == 0)
			v = f(v, o);
	}
	if (lane == 0)
		sh[w] = v;
	sync_block();
	if (w == 0) {
		v = sh[lane < nw ? lane : 0];
		for (int d = 1; d < 32; d <<= 1) {
			T o = shfl_down(v, d);
			if ((lane & (2 * d - 1)) == 0 && lane + d < nw)
				v = f(v, o);
		}
		if (lane == 0)
			sh[0] = v;
	}
	sync_block();
	v = sh[0];
	sync_block();
	return v;
}

template <class T> DEV T max_nan(T a, T b) { return (a != a || a >= b) ? a : b; }
DEV double add64(double a, double b) { return a + b; }

template <class T>
DEV void softmax_rows(T* d, const T* s, i64 nlines, i64 n, i64 ss, i64 ds, i32 log, const Lay<2>& L) {
	for (i64 row = blockIdx.x; row < nlines; row += gridDim.x) {
		i64 o[2];
		lay_offsets<2, i64>(L, row, o);
		const T* x = s + o[1];
		T* y = d + o[0];
		T m = -(T)inf64();
		for (i64 j = threadIdx.x; j < n; j += blockDim.x)
			m = max_nan(m, x[j * ss]);
		m = block_all(m, max_nan<T>);
		if (m != m) {
			for (i64 j = threadIdx.x; j < n; j += blockDim.x)
				y[j * ds] = m;
			continue;
		}
		if (isinf64((double)m))
			m = 0;
		double sum = 0;
		for (i64 j = threadIdx.x; j < n; j += blockDim.x) {
			T e = ufn_exp((T)(x[j * ss] - m));
			sum += (double)e;
			if (!log)
				y[j * ds] = e;
		}
		sum = block_all(sum, add64);
		if (log) {
			T lse = (T)log64(sum);
			for (i64 j = threadIdx.x; j < n; j += blockDim.x)
				y[j * ds] = (T)(x[j * ss] - m) - lse;
		} else {
			T t = (T)sum;
			for (i64 j = threadIdx.x; j < n; j += blockDim.x)
				y[j * ds] = y[j * ds] / t;
		}
	}
}

#define SOFTMAX(T, dt)                                                                         \
	KERNEL void softmax_##dt(T* d, const T* s, i64 nlines, i64 n, i64 ss, i64 ds, i32 log,   \
	                         Lay<2> L) {                                                       \
		softmax_rows<T>(d, s, nlines, n, ss, ds, log, L);                                    \
	}                                                                                          \
	REGISTER(softmax_##dt)

SOFTMAX(float, f32)
SOFTMAX(double, f64)
