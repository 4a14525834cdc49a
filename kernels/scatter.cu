// scatter.cu: unbuffered accumulation at integer positions (device.Scatterer, np.add.at).
//
//   scatter_check       for idx (int64, Lay<1> over idx's shape, n elements): records in
//                       *err the smallest linear index i whose value is out of [-size, size)
//                       (host reads it back before adding, so an error leaves dst as it was)
//   scatter_add_DT      d[o0 + j*step] += s[o1] with j = idx[o2] (negative from the end),
//                       for every element of src: L has the strides of dst (0 on the index
//                       dimensions), src and idx (0 outside them) over src's shape, as
//                       device.TakeStrides(src, dst, idx, axis) builds them. The add is an
//                       atomic read-modify-write, so repeated indices accumulate; floats are
//                       summed in whatever order the threads arrive (not bit-reproducible
//                       run to run), integers exactly (wrapping).
//
// Atomics: red/atom.add for f32, f64 (sm_60+; gen.sh targets sm_80), u32 (i32) and u64
// (i64, two's complement); u8 as a compare-and-swap on its aligned 32-bit word (the
// allocator's blocks are multiples of 512 bytes, so the word lies inside the allocation).
#include "loop.cuh"

#if defined(__CUDA__)
DEV void atomic_add(float* p, float v) { __nvvm_atom_add_gen_f(p, v); }
DEV void atomic_add(double* p, double v) { __nvvm_atom_add_gen_d(p, v); }
DEV void atomic_add(i32* p, i32 v) { __nvvm_atom_add_gen_i((int*)p, v); }
DEV void atomic_add(i64* p, i64 v) { __nvvm_atom_add_gen_ll((long long*)p, v); }
DEV void atomic_add(u8* p, u8 v) {
	u32* w = (u32*)((u64)p & ~(u64)3);
	u32 sh = ((u32)(u64)p & 3) * 8;
	u32 old = *(volatile u32*)w, seen;
	do {
		seen = old;
		u32 b = ((seen >> sh) + v) & 0xff;
		old = __nvvm_atom_cas_gen_i((int*)w, (int)seen, (int)((seen & ~(0xffu << sh)) | (b << sh)));
	} while (old != seen);
}
#else // the emulator runs a block's threads as fibers on one OS thread
template <class T> DEV void atomic_add(T* p, T v) { *p = (T)(*p + v); }
#endif

KERNEL void scatter_check(const i64* idx, i64 n, i64 size, u64* err, Lay<1> L) {
	strided_each<1>(n, L, [&](i64 i, const i64 (&o)[1]) {
		i64 j = idx[o[0]];
		if (j < -size || j >= size)
			atomic_min_u64(err, (u64)i);
	});
}
REGISTER(scatter_check)

#define SCATTER(T, dt)                                                                         \
	KERNEL void scatter_add_##dt(T* d, const T* s, const i64* idx, i64 n, i64 size, i64 step, \
	                             Lay<3> L) {                                                   \
		strided_each<3>(n, L, [&](i64 i, const i64 (&o)[3]) {                              \
			i64 j = idx[o[2]];                                                             \
			if (j < 0)                                                                     \
				j += size;                                                                 \
			if (j < 0 || j >= size)                                                        \
				return; /* scatter_check has refused it */                                 \
			atomic_add(d + o[0] + j * step, s[o[1]]);                                      \
		});                                                                                \
	}                                                                                          \
	REGISTER(scatter_add_##dt)

SCATTER(float, f32)
SCATTER(double, f64)
SCATTER(i32, i32)
SCATTER(i64, i64)
SCATTER(u8, u8)
