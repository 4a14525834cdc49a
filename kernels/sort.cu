// sort.cu: sort along one axis (device.Sort), stable, NaN last, with the positions
// (argsort). Elements carry (value, position); the order compares values with NaN after
// every number and breaks ties by position, a strict total order, so every stage may run
// in any parallel order and the result is still the stable sort.
//
//   sort_tile_DT   one block per (line, tile of ts elements, ts a power of two at most
//                  SORT_TILE): bitonic sort in shared memory, written to the work arrays
//                  (line-major, n per line)
//   sort_merge_DT  merges pairs of sorted runs of width w into runs of 2w: each element
//                  finds its rank in the partner run by binary search
//   sort_out_DT    writes the work arrays to dst (values) and idx (positions), either
//                  may be absent, through their strides
#include "loop.cuh"

#define SORT_TILE 1024

template <class T> DEV bool key_lt(T a, T b) { return a < b || (b != b && a == a); }

// before reports whether (a, ia) sorts before (b, ib); position -1 is padding, last.
template <class T> DEV bool before(T a, i64 ia, T b, i64 ib) {
	if (ia < 0)
		return false;
	if (ib < 0)
		return true;
	if (key_lt(a, b))
		return true;
	if (key_lt(b, a))
		return false;
	return ia < ib;
}

template <class T>
DEV void sort_tile(const T* src, i64 nlines, i64 n, i64 ss, i32 ts, const Lay<1>& L, T* wv, i64* wi) {
	SHARED T kv[SORT_TILE];
	SHARED i64 ki[SORT_TILE];
	i64 ntiles = (n + ts - 1) / ts;
	for (i64 b = blockIdx.x; b < nlines * ntiles; b += gridDim.x) {
		i64 line = b / ntiles, tile = b - line * ntiles;
		i64 o[1];
		lay_offsets<1, i64>(L, line, o);
		i64 p0 = tile * ts;
		for (int t = threadIdx.x; t < ts; t += blockDim.x) {
			i64 p = p0 + t;
			if (p < n) {
				kv[t] = src[o[0] + p * ss];
				ki[t] = p;
			} else {
				kv[t] = 0;
				ki[t] = -1;
			}
		}
		sync_block();
		for (int k = 2; k <= ts; k <<= 1) {
			for (int j = k >> 1; j > 0; j >>= 1) {
				for (int t = threadIdx.x; t < ts; t += blockDim.x) {
					int u = t ^ j;
					if (u > t) {
						bool up = (t & k) == 0;
						bool sw = up ? before(kv[u], ki[u], kv[t], ki[t]) : before(kv[t], ki[t], kv[u], ki[u]);
						if (sw) {
							T v = kv[t];
							kv[t] = kv[u];
							kv[u] = v;
							i64 x = ki[t];
							ki[t] = ki[u];
							ki[u] = x;
						}
					}
				}
				sync_block();
			}
		}
		for (int t = threadIdx.x; t < ts; t += blockDim.x) {
			i64 p = p0 + t;
			if (p < n) {
				wv[line * n + p] = kv[t];
				wi[line * n + p] = ki[t];
			}
		}
		sync_block();
	}
}

template <class T>
DEV void sort_merge(const T* iv, const i64* ii, T* ov, i64* oi, i64 nlines, i64 n, i64 w) {
	for (i64 e = gtid(); e < nlines * n; e += gstride()) {
		i64 line = e / n, p = e - line * n;
		const T* lv = iv + line * n;
		const i64* li = ii + line * n;
		i64 ps = (p / (2 * w)) * (2 * w); // start of the pair of runs
		bool left = p < ps + w;
		i64 lo = left ? ps + w : ps, hi = left ? ps + 2 * w : ps + w;
		if (hi > n)
			hi = n;
		if (lo > n)
			lo = n;
		T v = lv[p];
		i64 vi = li[p];
		i64 a = lo, b = hi; // count partner elements before (v, vi)
		while (a < b) {
			i64 m = (a + b) >> 1;
			if (before(lv[m], li[m], v, vi))
				a = m + 1;
			else
				b = m;
		}
		i64 q = left ? p + (a - lo) : (p - w) + (a - lo);
		ov[line * n + q] = v;
		oi[line * n + q] = vi;
	}
}

template <class T>
DEV void sort_out(const T* wv, const i64* wi, T* dv, i64* di, i64 nlines, i64 n, i64 dstep, i64 istep,
                  const Lay<2>& L) {
	for (i64 e = gtid(); e < nlines * n; e += gstride()) {
		i64 line = e / n, p = e - line * n;
		i64 o[2];
		lay_offsets<2, i64>(L, line, o);
		if (dv)
			dv[o[0] + p * dstep] = wv[e];
		if (di)
			di[o[1] + p * istep] = wi[e];
	}
}

#define SORT(T, dt)                                                                            \
	KERNEL void sort_tile_##dt(const T* src, i64 nlines, i64 n, i64 ss, i32 ts, Lay<1> L, T* wv, \
	                           i64* wi) {                                                      \
		sort_tile<T>(src, nlines, n, ss, ts, L, wv, wi);                                     \
	}                                                                                          \
	KERNEL void sort_merge_##dt(const T* iv, const i64* ii, T* ov, i64* oi, i64 nlines, i64 n, \
	                            i64 w) {                                                       \
		sort_merge<T>(iv, ii, ov, oi, nlines, n, w);                                         \
	}                                                                                          \
	KERNEL void sort_out_##dt(const T* wv, const i64* wi, T* dv, i64* di, i64 nlines, i64 n,  \
	                          i64 dstep, i64 istep, Lay<2> L) {                                \
		sort_out<T>(wv, wi, dv, di, nlines, n, dstep, istep, L);                             \
	}                                                                                          \
	REGISTER(sort_tile_##dt)                                                                   \
	REGISTER(sort_merge_##dt)                                                                  \
	REGISTER(sort_out_##dt)

SORT(float, f32)
SORT(double, f64)
SORT(i32, i32)
SORT(i64, i64)
SORT(u8, u8)
