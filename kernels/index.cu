// index.cu: gathers and mask compaction (device.Take, device.NonZero).
//
//   take_xB      dst[i] = src[o1 + j*step] with j = idx[o2] (negative from the end); L has
//                the strides of dst, src (0 on the index dimensions) and idx (0 outside
//                them), as cpu.Take builds them. A j out of range writes nothing and records
//                the smallest such linear index in *err (host reads it back).
//   nz_count_DT  per block of chunk elements (C order of src), the number of non-zeros
//   nz_scan      exclusive scan of those counts in place, total in counts[nb]
//   nz_write_DT  the coordinates of each non-zero, in C order, at row counts[block] + rank
//                in the block (a block-wide scan of flags)
#include "loop.cuh"

#define TAKE(B, T)                                                                             \
	KERNEL void take_x##B(T* d, const T* s, const i64* idx, i64 n, i64 size, i64 step, u64* err, \
	                      Lay<3> L) {                                                          \
		strided_each<3>(n, L, [&](i64 i, const i64 (&o)[3]) {                              \
			i64 j = idx[o[2]];                                                             \
			if (j < 0)                                                                     \
				j += size;                                                                 \
			if (j < 0 || j >= size) {                                                      \
				atomic_min_u64(err, (u64)i);                                               \
				return;                                                                    \
			}                                                                              \
			d[o[0]] = s[o[1] + j * step];                                                  \
		});                                                                                \
	}                                                                                          \
	REGISTER(take_x##B)

TAKE(8, u8)
TAKE(32, u32)
TAKE(64, u64)

// Exclusive block scan of an int64 per thread; blockDim.x a multiple of 32.
DEV i64 block_exscan_i64(i64 v, i64* total) {
	SHARED i64 sh[32];
	int lane = threadIdx.x & 31, w = threadIdx.x >> 5, nw = blockDim.x >> 5;
	i64 inc = v;
	for (int d = 1; d < 32; d <<= 1) {
		i64 o = shfl_up(inc, d);
		if (lane >= d)
			inc += o;
	}
	if (lane == 31)
		sh[w] = inc;
	sync_block();
	if (w == 0) {
		i64 s = lane < nw ? sh[lane] : 0;
		for (int d = 1; d < 32; d <<= 1) {
			i64 o = shfl_up(s, d);
			if (lane >= d)
				s += o;
		}
		sh[lane] = s;
	}
	sync_block();
	i64 r = (w > 0 ? sh[w - 1] : 0) + inc - v;
	*total = sh[nw - 1];
	sync_block();
	return r;
}

// nz_offset returns src's offset of linear element i and, when coord is set, its
// coordinates; L.rank >= 1 (a 0-d source comes as shape (1,)).
DEV i64 nz_offset(const Lay<1>& L, i64 i, i64* coord) {
	i64 off = 0;
	for (int k = L.rank - 1; k >= 0; k--) {
		i64 q = i / L.dim[k], r = i - q * L.dim[k];
		off += r * L.st[0][k];
		if (coord)
			coord[k] = r;
		i = q;
	}
	return off;
}

template <class T> DEV void nz_count(const T* src, i64 N, i64 chunk, const Lay<1>& L, i64* counts) {
	i64 b0 = (i64)blockIdx.x * chunk, b1 = b0 + chunk < N ? b0 + chunk : N;
	i64 c = 0;
	for (i64 i = b0 + threadIdx.x; i < b1; i += blockDim.x)
		c += src[nz_offset(L, i, 0)] != 0;
	i64 total;
	block_exscan_i64(c, &total);
	if (threadIdx.x == 0)
		counts[blockIdx.x] = total;
}

template <class T>
DEV void nz_write(const T* src, i64 N, i64 chunk, const Lay<1>& L, i32 ncoord, const i64* counts, i64* dst,
                  i64 ds0, i64 ds1) {
	i64 b0 = (i64)blockIdx.x * chunk, b1 = b0 + chunk < N ? b0 + chunk : N;
	i64 row = counts[blockIdx.x];
	for (i64 base = b0; base < b1; base += blockDim.x) {
		i64 i = base + threadIdx.x;
		i64 coord[MAXR];
		i64 f = 0;
		if (i < b1)
			f = src[nz_offset(L, i, coord)] != 0;
		i64 total;
		i64 r = row + block_exscan_i64(f, &total);
		if (f)
			for (int k = 0; k < ncoord; k++)
				dst[r * ds0 + k * ds1] = coord[k];
		row += total;
	}
}

KERNEL void nz_scan(i64* counts, i64 nb) {
	i64 carry = 0;
	for (i64 base = 0; base < nb; base += blockDim.x) {
		i64 i = base + threadIdx.x;
		i64 v = i < nb ? counts[i] : 0;
		i64 total;
		i64 ex = block_exscan_i64(v, &total);
		if (i < nb)
			counts[i] = carry + ex;
		carry += total;
	}
	if (threadIdx.x == 0)
		counts[nb] = carry;
}
REGISTER(nz_scan)

#define NZ(T, dt)                                                                              \
	KERNEL void nz_count_##dt(const T* src, i64 N, i64 chunk, Lay<1> L, i64* counts) {       \
		nz_count<T>(src, N, chunk, L, counts);                                               \
	}                                                                                          \
	KERNEL void nz_write_##dt(const T* src, i64 N, i64 chunk, Lay<1> L, i32 ncoord,          \
	                          const i64* counts, i64* dst, i64 ds0, i64 ds1) {                 \
		nz_write<T>(src, N, chunk, L, ncoord, counts, dst, ds0, ds1);                        \
	}                                                                                          \
	REGISTER(nz_count_##dt)                                                                    \
	REGISTER(nz_write_##dt)

NZ(float, f32)
NZ(double, f64)
NZ(i32, i32)
NZ(i64, i64)
NZ(u8, u8)
