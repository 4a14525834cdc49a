// copy.cu: copies, casts, fills and where (device.Copy, device.Where).
//   cast_S_D    convert S to D as cpu.convert (D = b8: != 0), S != D
//   copy_xB     same-dtype copy of B-bit elements
//   fill_xB     write one value (its bits, computed on the host by cpu.scalarAs rules)
//   where_xB    cond ? a : b, a or b possibly scalars
// each with its strided twin NAME_s.
#include "loop.cuh"

struct B8 {}; // bool destination marker: stored as u8 0/1

template <class D> struct Store {
	typedef D T;
	template <class S> static MEM D conv(S v) { return cvt<D>(v); }
};
template <> struct Store<B8> {
	typedef u8 T;
	template <class S> static MEM u8 conv(S v) { return v != 0 ? 1 : 0; }
};

template <class S, class D> DEV void cast_contig(typename Store<D>::T* d, const S* s, i64 n) {
	typedef typename Store<D>::T R;
	const int V = VW<S, R>::V;
	bool ok = aligned<V * sizeof(R)>(d) && aligned<V * sizeof(S)>(s);
	contig_each<V>(
	    n, ok,
	    [&](i64 i) {
		    Vec<S, V> x = ((const Vec<S, V>*)s)[i];
		    Vec<R, V> r;
#pragma unroll
		    for (int k = 0; k < V; k++)
			    r.v[k] = Store<D>::conv(x.v[k]);
		    ((Vec<R, V>*)d)[i] = r;
	    },
	    [&](i64 i) { d[i] = Store<D>::conv(s[i]); });
}

template <class S, class D> DEV void cast_strided(typename Store<D>::T* d, const S* s, i64 n, const Lay<2>& L) {
	strided_each<2>(n, L, [&](i64, const i64 (&o)[2]) { d[o[0]] = Store<D>::conv(s[o[1]]); });
}

#define CAST(name, S, D)                                                                      \
	KERNEL void name(Store<D>::T* d, const S* s, i64 n) { cast_contig<S, D>(d, s, n); }     \
	KERNEL void name##_s(Store<D>::T* d, const S* s, i64 n, Lay<2> L) {                     \
		cast_strided<S, D>(d, s, n, L);                                                    \
	}                                                                                          \
	REGISTER(name)                                                                             \
	REGISTER(name##_s)

CAST(cast_f32_f64, float, double)
CAST(cast_f32_i32, float, i32)
CAST(cast_f32_i64, float, i64)
CAST(cast_f32_u8, float, u8)
CAST(cast_f32_b8, float, B8)
CAST(cast_f64_f32, double, float)
CAST(cast_f64_i32, double, i32)
CAST(cast_f64_i64, double, i64)
CAST(cast_f64_u8, double, u8)
CAST(cast_f64_b8, double, B8)
CAST(cast_i32_f32, i32, float)
CAST(cast_i32_f64, i32, double)
CAST(cast_i32_i64, i32, i64)
CAST(cast_i32_u8, i32, u8)
CAST(cast_i32_b8, i32, B8)
CAST(cast_i64_f32, i64, float)
CAST(cast_i64_f64, i64, double)
CAST(cast_i64_i32, i64, i32)
CAST(cast_i64_u8, i64, u8)
CAST(cast_i64_b8, i64, B8)
CAST(cast_u8_f32, u8, float)
CAST(cast_u8_f64, u8, double)
CAST(cast_u8_i32, u8, i32)
CAST(cast_u8_i64, u8, i64)
CAST(cast_u8_b8, u8, B8)

#define COPY(B, T)                                                                             \
	KERNEL void copy_x##B(T* d, const T* s, i64 n) { cast_contig<T, T>(d, s, n); }          \
	KERNEL void copy_x##B##_s(T* d, const T* s, i64 n, Lay<2> L) {                          \
		strided_each<2>(n, L, [&](i64, const i64 (&o)[2]) { d[o[0]] = s[o[1]]; });             \
	}                                                                                          \
	KERNEL void fill_x##B(T* d, u64 v, i64 n) {                                             \
		T x = from_bits<T>(v);                                                             \
		for (i64 i = gtid(); i < n; i += gstride())                                        \
			d[i] = x;                                                                      \
	}                                                                                          \
	KERNEL void fill_x##B##_s(T* d, u64 v, i64 n, Lay<1> L) {                               \
		T x = from_bits<T>(v);                                                             \
		strided_each<1>(n, L, [&](i64, const i64 (&o)[1]) { d[o[0]] = x; });                   \
	}                                                                                          \
	KERNEL void where_x##B(T* d, const u8* c, const T* a, const T* b, u64 as, u64 bs, i64 n) { \
		T sa = from_bits<T>(as), sb = from_bits<T>(bs);                                    \
		for (i64 i = gtid(); i < n; i += gstride())                                        \
			d[i] = c[i] ? (a ? a[i] : sa) : (b ? b[i] : sb);                               \
	}                                                                                          \
	KERNEL void where_x##B##_s(T* d, const u8* c, const T* a, const T* b, u64 as, u64 bs, i64 n, \
	                           Lay<4> L) {                                                     \
		T sa = from_bits<T>(as), sb = from_bits<T>(bs);                                    \
		strided_each<4>(n, L, [&](i64, const i64 (&o)[4]) {                                     \
			d[o[0]] = c[o[1]] ? (a ? a[o[2]] : sa) : (b ? b[o[3]] : sb);                   \
		});                                                                                \
	}                                                                                          \
	REGISTER(copy_x##B)                                                                        \
	REGISTER(copy_x##B##_s)                                                                    \
	REGISTER(fill_x##B)                                                                        \
	REGISTER(fill_x##B##_s)                                                                    \
	REGISTER(where_x##B)                                                                       \
	REGISTER(where_x##B##_s)

COPY(8, u8)
COPY(32, u32)
COPY(64, u64)
