// unary.cu: element-wise ops of one operand (device.UnaryOp), NAME_DT and NAME_DT_s.
// Float-only ops exist for f32/f64, invert for integers; predicates write u8 (bool). Bool inputs use the u8
// kernels (their square is a copy, done by copy.cu).
#include "elemmath.cuh"
#include "erf.cuh"
#include "loop.cuh"

template <class F, class T, class R> DEV void un_contig(R* d, const T* s, i64 n, const UParams& p) {
	const int V = VW<T, R>::V;
	bool ok = aligned<V * sizeof(R)>(d) && aligned<V * sizeof(T)>(s);
	contig_each<V>(
	    n, ok,
	    [&](i64 i) {
		    Vec<T, V> x = ((const Vec<T, V>*)s)[i];
		    Vec<R, V> r;
#pragma unroll
		    for (int k = 0; k < V; k++)
			    r.v[k] = F::f(x.v[k], p);
		    ((Vec<R, V>*)d)[i] = r;
	    },
	    [&](i64 i) { d[i] = F::f(s[i], p); });
}

template <class F, class T, class R>
DEV void un_strided(R* d, const T* s, i64 n, const UParams& p, const Lay<2>& L) {
	strided_each<2>(n, L, [&](i64, const i64 (&o)[2]) { d[o[0]] = F::f(s[o[1]], p); });
}

#define UN(name, F, T, R)                                                                     \
	KERNEL void name(R* d, const T* s, i64 n, UParams p) { un_contig<F, T, R>(d, s, n, p); } \
	KERNEL void name##_s(R* d, const T* s, i64 n, UParams p, Lay<2> L) {                    \
		un_strided<F, T, R>(d, s, n, p, L);                                                \
	}                                                                                          \
	REGISTER(name)                                                                             \
	REGISTER(name##_s)

#define UN_PRED(T, dt)                                                                         \
	UN(isnan_##dt, PIsNaN, T, u8)                                                              \
	UN(isfinite_##dt, PIsFinite, T, u8)                                                        \
	UN(isinf_##dt, PIsInf, T, u8)                                                              \
	UN(logical_not_##dt, PLogicalNot, T, u8)

#define UN_FLOAT(T, dt)                                                                        \
	UN(negative_##dt, UNeg, T, T)                                                              \
	UN(abs_##dt, UAbs, T, T)                                                                   \
	UN(exp_##dt, UExp, T, T)                                                                   \
	UN(log_##dt, ULog, T, T)                                                                   \
	UN(sqrt_##dt, USqrt, T, T)                                                                 \
	UN(tanh_##dt, UTanh, T, T)                                                                 \
	UN(sin_##dt, USin, T, T)                                                                   \
	UN(cos_##dt, UCos, T, T)                                                                   \
	UN(square_##dt, USquare, T, T)                                                             \
	UN(floor_##dt, UFloor, T, T)                                                               \
	UN(ceil_##dt, UCeil, T, T)                                                                 \
	UN(sign_##dt, USign, T, T)                                                                 \
	UN(log1p_##dt, ULog1p, T, T)                                                               \
	UN(expm1_##dt, UExpm1, T, T)                                                               \
	UN(sigmoid_##dt, USigmoid, T, T)                                                           \
	UN(relu_##dt, UReLU, T, T)                                                                 \
	UN(clip_##dt, UClip, T, T)                                                                 \
	UN(round_##dt, URound, T, T)                                                               \
	UN(reciprocal_##dt, UReciprocal, T, T)                                                     \
	UN(log2_##dt, ULog2, T, T)                                                                 \
	UN(log10_##dt, ULog10, T, T)                                                               \
	UN(exp2_##dt, UExp2, T, T)                                                                 \
	UN(tan_##dt, UTan, T, T)                                                                   \
	UN(arcsin_##dt, UArcsin, T, T)                                                             \
	UN(arccos_##dt, UArccos, T, T)                                                             \
	UN(arctan_##dt, UArctan, T, T)                                                             \
	UN(sinh_##dt, USinh, T, T)                                                                 \
	UN(cosh_##dt, UCosh, T, T)                                                                 \
	UN(arcsinh_##dt, UArcsinh, T, T)                                                           \
	UN(arccosh_##dt, UArccosh, T, T)                                                           \
	UN(arctanh_##dt, UArctanh, T, T)                                                           \
	UN(trunc_##dt, UTrunc, T, T)                                                               \
	UN(erf_##dt, UErf, T, T)                                                                   \
	UN(erfc_##dt, UErfc, T, T)                                                                 \
	UN_PRED(T, dt)

#define UN_INT(T, dt)                                                                          \
	UN(negative_##dt, INeg, T, T)                                                              \
	UN(abs_##dt, IAbs, T, T)                                                                   \
	UN(square_##dt, ISquare, T, T)                                                             \
	UN(floor_##dt, IIdentity, T, T)                                                            \
	UN(ceil_##dt, IIdentity, T, T)                                                             \
	UN(sign_##dt, ISign, T, T)                                                                 \
	UN(relu_##dt, IReLU, T, T)                                                                 \
	UN(clip_##dt, IClip, T, T)                                                                 \
	UN(round_##dt, IRound, T, T)                                                               \
	UN(invert_##dt, IInvert, T, T)                                                             \
	UN_PRED(T, dt)

#if KDT(f32)
UN_FLOAT(float, f32)
#endif
#if KDT(f64)
UN_FLOAT(double, f64)
#endif
#if KDT(i32)
UN_INT(i32, i32)
#endif
#if KDT(i64)
UN_INT(i64, i64)
#endif
#if KDT(u8)
UN_INT(u8, u8)
#endif
