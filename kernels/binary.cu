// binary.cu: element-wise ops of two broadcasting operands (device.BinaryOp), one kernel
// per op and dtype: NAME_DT (contiguous) and NAME_DT_s (strided). An operand pointer of 0
// means the scalar whose bits follow (a Go scalar, cpu.scalarAs already applied).
#include "elemmath.cuh"
#include "loop.cuh"

template <class F, class T, class R>
DEV void bin_contig(R* d, const T* a, const T* b, u64 as, u64 bs, i64 n) {
	const int V = VW<T, R>::V;
	T sa = from_bits<T>(as), sb = from_bits<T>(bs);
	bool ok = aligned<V * sizeof(R)>(d) && aligned<V * sizeof(T)>(a) && aligned<V * sizeof(T)>(b);
	contig_each<V>(
	    n, ok,
	    [&](i64 i) {
		    Vec<T, V> x, y;
		    Vec<R, V> r;
		    if (a)
			    x = ((const Vec<T, V>*)a)[i];
		    else
#pragma unroll
			    for (int k = 0; k < V; k++)
				    x.v[k] = sa;
		    if (b)
			    y = ((const Vec<T, V>*)b)[i];
		    else
#pragma unroll
			    for (int k = 0; k < V; k++)
				    y.v[k] = sb;
#pragma unroll
		    for (int k = 0; k < V; k++)
			    r.v[k] = F::f(x.v[k], y.v[k]);
		    ((Vec<R, V>*)d)[i] = r;
	    },
	    [&](i64 i) { d[i] = F::f(a ? a[i] : sa, b ? b[i] : sb); });
}

template <class F, class T, class R>
DEV void bin_strided(R* d, const T* a, const T* b, u64 as, u64 bs, i64 n, const Lay<3>& L) {
	T sa = from_bits<T>(as), sb = from_bits<T>(bs);
	strided_each<3>(n, L, [&](i64, const i64 (&o)[3]) { d[o[0]] = F::f(a ? a[o[1]] : sa, b ? b[o[2]] : sb); });
}

#define BIN(name, F, T, R)                                                                    \
	KERNEL void name(R* d, const T* a, const T* b, u64 as, u64 bs, i64 n) {                \
		bin_contig<F, T, R>(d, a, b, as, bs, n);                                           \
	}                                                                                          \
	KERNEL void name##_s(R* d, const T* a, const T* b, u64 as, u64 bs, i64 n, Lay<3> L) {  \
		bin_strided<F, T, R>(d, a, b, as, bs, n, L);                                       \
	}                                                                                          \
	REGISTER(name)                                                                             \
	REGISTER(name##_s)

// Ops every dtype has: arithmetic, comparisons, logical, fmod, fmax, fmin.
#define BIN_COMMON(T, dt, P)                                                                   \
	BIN(add_##dt, P##Add, T, T)                                                                \
	BIN(subtract_##dt, P##Sub, T, T)                                                           \
	BIN(multiply_##dt, P##Mul, T, T)                                                           \
	BIN(floor_divide_##dt, P##FloorDiv, T, T)                                                  \
	BIN(mod_##dt, P##Mod, T, T)                                                                \
	BIN(power_##dt, P##Pow, T, T)                                                              \
	BIN(maximum_##dt, P##Maximum, T, T)                                                        \
	BIN(minimum_##dt, P##Minimum, T, T)                                                        \
	BIN(greater_##dt, CGreater, T, u8)                                                         \
	BIN(greater_equal_##dt, CGreaterEqual, T, u8)                                              \
	BIN(less_##dt, CLess, T, u8)                                                               \
	BIN(less_equal_##dt, CLessEqual, T, u8)                                                    \
	BIN(equal_##dt, CEqual, T, u8)                                                             \
	BIN(not_equal_##dt, CNotEqual, T, u8)                                                      \
	BIN(logical_and_##dt, CAnd, T, u8)                                                         \
	BIN(logical_or_##dt, COr, T, u8)                                                           \
	BIN(logical_xor_##dt, CXor, T, u8)                                                         \
	BIN(fmod_##dt, P##Fmod, T, T)                                                              \
	BIN(fmax_##dt, P##Fmax, T, T)                                                              \
	BIN(fmin_##dt, P##Fmin, T, T)

// Float-only ops (and divide).
#define BIN_FLOAT(T, dt)                                                                       \
	BIN(divide_##dt, FDiv, T, T)                                                               \
	BIN(arctan2_##dt, FArctan2, T, T)                                                          \
	BIN(hypot_##dt, FHypot, T, T)

// Integer-only ops: bitwise and shifts (bool uses the u8 kernels).
#define BIN_INT(T, dt)                                                                         \
	BIN(bitwise_and_##dt, IAnd, T, T)                                                          \
	BIN(bitwise_or_##dt, IOr, T, T)                                                            \
	BIN(bitwise_xor_##dt, IXor, T, T)                                                          \
	BIN(left_shift_##dt, IShl, T, T)                                                           \
	BIN(right_shift_##dt, IShr, T, T)

#if KDT(f32)
BIN_COMMON(float, f32, F)
BIN_FLOAT(float, f32)
#endif
#if KDT(f64)
BIN_COMMON(double, f64, F)
BIN_FLOAT(double, f64)
#endif
#if KDT(i32)
BIN_COMMON(i32, i32, I)
BIN_INT(i32, i32)
#endif
#if KDT(i64)
BIN_COMMON(i64, i64, I)
BIN_INT(i64, i64)
#endif
#if KDT(u8)
BIN_COMMON(u8, u8, I)
BIN_INT(u8, u8)
#endif
