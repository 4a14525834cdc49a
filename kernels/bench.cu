// bench.cu: kernels that measure the device's ceilings for gpubench.
//
//   bench_fma_DT  each thread runs 8 independent chains of iters fused multiply-adds
//                 (2*8*iters flops per thread) and stores one sum, so that nothing is
//                 optimised away: the arithmetic peak.
#include "loop.cuh"

DEV float fma_t(float a, float b, float c) { return __builtin_fmaf(a, b, c); }
DEV double fma_t(double a, double b, double c) { return __builtin_fma(a, b, c); }

template <class T> DEV void bench_fma(T* out, i64 iters, T b, T c) {
	T a0 = (T)threadIdx.x, a1 = a0 + 1, a2 = a0 + 2, a3 = a0 + 3, a4 = a0 + 4, a5 = a0 + 5, a6 = a0 + 6, a7 = a0 + 7;
	for (i64 i = 0; i < iters; i++) {
		a0 = fma_t(a0, b, c);
		a1 = fma_t(a1, b, c);
		a2 = fma_t(a2, b, c);
		a3 = fma_t(a3, b, c);
		a4 = fma_t(a4, b, c);
		a5 = fma_t(a5, b, c);
		a6 = fma_t(a6, b, c);
		a7 = fma_t(a7, b, c);
	}
	out[gtid()] = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
}

KERNEL void bench_fma_f32(float* out, i64 iters, float b, float c) { bench_fma<float>(out, iters, b, c); }
KERNEL void bench_fma_f64(double* out, i64 iters, double b, double c) { bench_fma<double>(out, iters, b, c); }
REGISTER(bench_fma_f32)
REGISTER(bench_fma_f64)
