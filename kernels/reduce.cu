// reduce.cu: reductions (device.ReduceOp), deterministic: every partial result is combined
// in a fixed order (a shuffle tree inside a block, then a serial pass over split
// partials), never with order-dependent atomics.
//
//   reduce_OP_DT      mode 0: one thread per output, reduced elements in C order (the
//                     CPU's order); mode 1: one block per output and split (gridDim.y
//                     splits of chunk elements each), writing the result, or with splits
//                     the partial state to part[o*gridDim.y + split]
//   reduce_OP_DT_fin  one thread per output: combines the ns partial states in order
//
// OP is fsum (compensated float64 sum, cpu.sumF, for every dtype: Sum of floats, and the
// mean pass of Var), isum, fprod, iprod, max, min, argmax, argmin, all, any and sqdev
// (compensated sum of (x - mean[o])**2, Var's second pass). Results are stored as
// cpu.put stores them, into a destination of any dtype (dt is a device.DType), divided by
// div (1 for plain sums: the mean and variance passes divide in-kernel as cpu.varF does).
#include "loop.cuh"

// put is cpu.put: f for float results, n for integer ones.
DEV void put(void* dst, int dt, i64 off, double f, i64 n, bool isf) {
	if (!isf)
		f = (double)n;
	switch (dt) {
	case DT_F32:
		((float*)dst)[off] = (float)f;
		break;
	case DT_F64:
		((double*)dst)[off] = f;
		break;
	case DT_I32:
		((i32*)dst)[off] = (i32)n;
		break;
	case DT_I64:
		((i64*)dst)[off] = n;
		break;
	default:
		((u8*)dst)[off] = (u8)n;
	}
}

// RLay describes a reduction: kept dimensions (one output each; src and dst strides) and
// reduced dimensions (src strides), each merged by the host. Packing: device/cuda/reduce.go.
struct RLay {
	i32 krank, rrank; // krank may be 0 (one output); rrank may be 0 (nothing reduced)
	i64 kdim[MAXR], ks[MAXR], kd[MAXR];
	i64 rdim[MAXR], rs[MAXR];
};

DEV void kept_offsets(const RLay& L, i64 o, i64* so, i64* dof) {
	i64 s = 0, d = 0;
	for (int k = L.krank - 1; k >= 0; k--) {
		i64 n = L.kdim[k];
		i64 q = o / n, r = o - q * n;
		s += r * L.ks[k];
		d += r * L.kd[k];
		o = q;
	}
	*so = s;
	*dof = d;
}

DEV i64 red_offset(const RLay& L, i64 r) {
	if (L.rrank == 1)
		return r * L.rs[0];
	if (L.rrank == 2) {
		i64 q = r / L.rdim[1];
		return q * L.rs[0] + (r - q * L.rdim[1]) * L.rs[1];
	}
	i64 off = 0;
	for (int k = L.rrank - 1; k >= 0; k--) {
		i64 q = r / L.rdim[k];
		off += (r - q * L.rdim[k]) * L.rs[k];
		r = q;
	}
	return off;
}

// Neumaier's step, as cpu.sumF.
struct KS {
	double s, c;
};
DEV void neumaier(KS& a, double f) {
	double t = a.s + f;
	if (fabs64(a.s) >= fabs64(f))
		a.c += (a.s - t) + f;
	else
		a.c += (f - t) + a.s;
	a.s = t;
}

// Each op: state S (a multiple of 4 bytes, for shuffles), init, add (element x at reduced
// index r, with the output's mean for sqdev), merge (a holds earlier elements than b),
// out (to cpu.put's arguments).
template <class T> struct RFSum {
	typedef KS S;
	MEM static S init() { return S{0, 0}; }
	MEM static void add(S& a, T x, i64, double) { neumaier(a, (double)x); }
	MEM static void merge(S& a, const S& b) {
		neumaier(a, b.s);
		a.c += b.c;
	}
	MEM static void out(const S& a, double div, double* f, i64* n, bool* isf) {
		double s = (isinf64(a.s) || a.s != a.s) ? a.s : a.s + a.c;
		*f = s / div;
		*n = 0;
		*isf = true;
	}
};
template <class T> struct RSqDev : RFSum<T> {
	typedef KS S;
	MEM static void add(S& a, T x, i64, double mean) {
		double e = (double)x - mean;
		neumaier(a, e * e);
	}
};
template <class T> struct RISum {
	struct S {
		i64 v;
	};
	MEM static S init() { return S{0}; }
	MEM static void add(S& a, T x, i64, double) { a.v = (i64)((u64)a.v + (u64)(i64)x); }
	MEM static void merge(S& a, const S& b) { a.v = (i64)((u64)a.v + (u64)b.v); }
	MEM static void out(const S& a, double, double* f, i64* n, bool* isf) {
		*f = 0;
		*n = a.v;
		*isf = false;
	}
};
template <class T> struct RFProd {
	struct S {
		double p;
	};
	MEM static S init() { return S{1}; }
	MEM static void add(S& a, T x, i64, double) { a.p *= (double)x; }
	MEM static void merge(S& a, const S& b) { a.p *= b.p; }
	MEM static void out(const S& a, double, double* f, i64* n, bool* isf) {
		*f = a.p;
		*n = 0;
		*isf = true;
	}
};
template <class T> struct RIProd {
	struct S {
		i64 v;
	};
	MEM static S init() { return S{1}; }
	MEM static void add(S& a, T x, i64, double) { a.v = (i64)((u64)a.v * (u64)(i64)x); }
	MEM static void merge(S& a, const S& b) { a.v = (i64)((u64)a.v * (u64)b.v); }
	MEM static void out(const S& a, double, double* f, i64* n, bool* isf) {
		*f = 0;
		*n = a.v;
		*isf = false;
	}
};

template <class T> struct Lowest;
template <> struct Lowest<float> { MEM static float v() { return -inf32(); } MEM static float hi() { return inf32(); } };
template <> struct Lowest<double> { MEM static double v() { return -inf64(); } MEM static double hi() { return inf64(); } };
template <> struct Lowest<i32> { MEM static i32 v() { return (i32)0x80000000u; } MEM static i32 hi() { return 0x7fffffff; } };
template <> struct Lowest<i64> { MEM static i64 v() { return (i64)0x8000000000000000ull; } MEM static i64 hi() { return 0x7fffffffffffffffll; } };
template <> struct Lowest<u8> { MEM static u8 v() { return 0; } MEM static u8 hi() { return 255; } };

// Max and Min: the first NaN wins (cpu: NaN propagates), else the extreme value. The
// identity (-Inf or the type's lowest, for Max) never shows: tensor refuses empty input.
template <class T, bool IsMax> struct RExt {
	struct S {
		T m;
		u8 pad[sizeof(T) >= 4 ? 0 : 4 - sizeof(T)];
	};
	MEM static S init() {
		S a;
		a.m = IsMax ? Lowest<T>::v() : Lowest<T>::hi();
		return a;
	}
	MEM static void take(S& a, T x) {
		if (a.m != a.m)
			return;
		if (x != x || (IsMax ? x > a.m : x < a.m))
			a.m = x;
	}
	MEM static void add(S& a, T x, i64, double) { take(a, x); }
	MEM static void merge(S& a, const S& b) { take(a, b.m); }
	MEM static void out(const S& a, double, double* f, i64* n, bool* isf) {
		*f = (double)a.m;
		*isf = (T)0.5 != 0;
		*n = *isf ? 0 : (i64)a.m;
	}
};

// ArgMax and ArgMin: (value, index); index -1 is empty. The first NaN wins, else the
// extreme value with the smallest index: the CPU's answer whatever the merge order.
template <class T, bool IsMax> struct RArg {
	struct S {
		T v;
		i64 i;
	};
	MEM static S init() {
		S a;
		a.v = 0;
		a.i = -1;
		return a;
	}
	MEM static bool better(const S& b, const S& a) { // b replaces a
		if (a.i < 0)
			return true;
		if (b.i < 0)
			return false;
		bool an = a.v != a.v, bn = b.v != b.v;
		if (an || bn)
			return bn && (!an || b.i < a.i);
		if (IsMax ? b.v > a.v : b.v < a.v)
			return true;
		if (IsMax ? a.v > b.v : a.v < b.v)
			return false;
		return b.i < a.i;
	}
	MEM static void add(S& a, T x, i64 r, double) {
		S b;
		b.v = x;
		b.i = r;
		if (better(b, a))
			a = b;
	}
	MEM static void merge(S& a, const S& b) {
		if (better(b, a))
			a = b;
	}
	MEM static void out(const S& a, double, double* f, i64* n, bool* isf) {
		*f = 0;
		*n = a.i < 0 ? 0 : a.i;
		*isf = false;
	}
};

template <class T, bool IsAll> struct RLogic {
	struct S {
		i32 b;
	};
	MEM static S init() { return S{IsAll ? 1 : 0}; }
	MEM static void add(S& a, T x, i64, double) {
		if (IsAll)
			a.b &= x != 0;
		else
			a.b |= x != 0;
	}
	MEM static void merge(S& a, const S& b) {
		if (IsAll)
			a.b &= b.b;
		else
			a.b |= b.b;
	}
	MEM static void out(const S& a, double, double* f, i64* n, bool* isf) {
		*f = 0;
		*n = a.b;
		*isf = false;
	}
};

template <class T> using RMax = RExt<T, true>;
template <class T> using RMin = RExt<T, false>;
template <class T> using RArgMax = RArg<T, true>;
template <class T> using RArgMin = RArg<T, false>;
template <class T> using RAll = RLogic<T, true>;
template <class T> using RAny = RLogic<T, false>;

// warp_reduce leaves in lane 0 the merge of the warp's states, lower lanes first.
template <class Op> DEV typename Op::S warp_reduce(typename Op::S v) {
	int lane = threadIdx.x & 31;
	for (int d = 1; d < 32; d <<= 1) {
		typename Op::S o = shfl_down(v, d);
		if ((lane & (2 * d - 1)) == 0)
			Op::merge(v, o);
	}
	return v;
}

// block_reduce returns in thread 0 the merge of every thread's state, in thread order.
// blockDim.x is a multiple of 32, at most 1024.
template <class Op> DEV typename Op::S block_reduce(typename Op::S v) {
	SHARED typename Op::S sh[32];
	int lane = threadIdx.x & 31, w = threadIdx.x >> 5, nw = blockDim.x >> 5;
	v = warp_reduce<Op>(v);
	if (lane == 0)
		sh[w] = v;
	sync_block();
	if (w == 0) {
		v = lane < nw ? sh[lane] : Op::init();
		v = warp_reduce<Op>(v);
	}
	sync_block(); // sh is reused by the next call
	return v;
}

template <class Op> DEV void store(void* dst, int dt, i64 off, const typename Op::S& a, double div) {
	double f;
	i64 n;
	bool isf;
	Op::out(a, div, &f, &n, &isf);
	put(dst, dt, off, f, n, isf);
}

// RU is the number of loads each thread keeps in flight in the reduction loops.
#define RU 8

template <class Op, class T>
DEV void reduce_main(const T* src, void* dst, i32 dt, i64 M, i64 R, i32 mode, void* part, i64 chunk,
                     const double* mean, double div, const RLay& L) {
	typedef typename Op::S S;
	if (mode == 0) {
		for (i64 o = gtid(); o < M; o += gstride()) {
			i64 so, dof;
			kept_offsets(L, o, &so, &dof);
			double mu = mean ? mean[o] : 0;
			S a = Op::init();
			i64 r = 0;
			if (L.rrank == 1) { // RU loads in flight, then added in order
				const T* p = src + so;
				i64 st = L.rs[0];
				for (; r + RU <= R; r += RU) {
					T v[RU];
#pragma unroll
					for (int k = 0; k < RU; k++)
						v[k] = p[(r + k) * st];
#pragma unroll
					for (int k = 0; k < RU; k++)
						Op::add(a, v[k], r + k, mu);
				}
			}
#pragma unroll 1
			for (; r < R; r++)
				Op::add(a, src[so + red_offset(L, r)], r, mu);
			store<Op>(dst, dt, dof, a, div);
		}
		return;
	}
	for (i64 o = blockIdx.x; o < M; o += gridDim.x) {
		i64 so, dof;
		kept_offsets(L, o, &so, &dof);
		double mu = mean ? mean[o] : 0;
		i64 r0 = (i64)blockIdx.y * chunk, r1 = r0 + chunk < R ? r0 + chunk : R;
		S a = Op::init();
		i64 r = r0 + threadIdx.x;
		if (L.rrank == 1) { // RU coalesced loads in flight per thread
			const T* p = src + so;
			i64 st = L.rs[0], B = blockDim.x;
			for (; r + (RU - 1) * B < r1; r += RU * B) {
				T v[RU];
#pragma unroll
				for (int k = 0; k < RU; k++)
					v[k] = p[(r + k * B) * st];
#pragma unroll
				for (int k = 0; k < RU; k++)
					Op::add(a, v[k], r + k * B, mu);
			}
		}
		for (; r < r1; r += blockDim.x)
			Op::add(a, src[so + red_offset(L, r)], r, mu);
		a = block_reduce<Op>(a);
		if (threadIdx.x == 0) {
			if (gridDim.y == 1)
				store<Op>(dst, dt, dof, a, div);
			else
				((S*)part)[o * gridDim.y + blockIdx.y] = a;
		}
	}
}

template <class Op> DEV void reduce_fin(const void* part, i64 ns, void* dst, i32 dt, i64 M, double div, const RLay& L) {
	typedef typename Op::S S;
	for (i64 o = gtid(); o < M; o += gstride()) {
		i64 so, dof;
		kept_offsets(L, o, &so, &dof);
		const S* p = (const S*)part + o * ns;
		S a = p[0];
#pragma unroll 1
		for (i64 s = 1; s < ns; s++)
			Op::merge(a, p[s]);
		store<Op>(dst, dt, dof, a, div);
	}
}

#define RED(name, Op, T)                                                                      \
	KERNEL void name(const T* src, void* dst, i32 dt, i64 M, i64 R, i32 mode, void* part,    \
	                 i64 chunk, const double* mean, double div, RLay L) {                    \
		reduce_main<Op, T>(src, dst, dt, M, R, mode, part, chunk, mean, div, L);            \
	}                                                                                          \
	KERNEL void name##_fin(const void* part, i64 ns, void* dst, i32 dt, i64 M, double div,   \
	                       RLay L) {                                                           \
		reduce_fin<Op>(part, ns, dst, dt, M, div, L);                                          \
	}                                                                                          \
	REGISTER(name)                                                                             \
	REGISTER(name##_fin)

#define RED_ALL(T, dt)                                                                         \
	RED(reduce_fsum_##dt, RFSum<T>, T)                                                         \
	RED(reduce_sqdev_##dt, RSqDev<T>, T)                                                       \
	RED(reduce_max_##dt, RMax<T>, T)                                                   \
	RED(reduce_min_##dt, RMin<T>, T)                                                  \
	RED(reduce_argmax_##dt, RArgMax<T>, T)                                                \
	RED(reduce_argmin_##dt, RArgMin<T>, T)                                               \
	RED(reduce_all_##dt, RAll<T>, T)                                                 \
	RED(reduce_any_##dt, RAny<T>, T)

#if KDT(f32)
RED_ALL(float, f32)
RED(reduce_fprod_f32, RFProd<float>, float)
#endif
#if KDT(f64)
RED_ALL(double, f64)
RED(reduce_fprod_f64, RFProd<double>, double)
#endif
#if KDT(i32)
RED_ALL(i32, i32)
RED(reduce_isum_i32, RISum<i32>, i32)
RED(reduce_iprod_i32, RIProd<i32>, i32)
#endif
#if KDT(i64)
RED_ALL(i64, i64)
RED(reduce_isum_i64, RISum<i64>, i64)
RED(reduce_iprod_i64, RIProd<i64>, i64)
#endif
#if KDT(u8)
RED_ALL(u8, u8)
RED(reduce_isum_u8, RISum<u8>, u8)
RED(reduce_iprod_u8, RIProd<u8>, u8)
#endif
