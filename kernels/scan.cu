// scan.cu: cumulative sum and product along one axis (device.ScanOp), cpu.Scan's
// accumulators: float64 for float inputs, wrapping int64 for the others; results stored
// as cpu.put does, into a destination of dtype dt.
//
//   scan_OP_DT  mode 0: one thread per line, in order (the CPU's rounding exactly);
//               mode 1: one block per line, chunks of blockDim*SCAN_IT elements: each
//               thread scans SCAN_IT consecutive elements, a block-wide exclusive scan of
//               the thread totals (warp shuffles) offsets them, a carry links chunks.
//
// Lines: L maps a line number to (dst, src) offsets over the other dimensions; n
// elements per line, ds and ss the strides along the axis.
#include "loop.cuh"

#define SCAN_IT 4

// put_scan is cpu.put for a float64 accumulator (floats) or an int64 one (the others).
DEV void put_scan(void* dst, int dt, i64 off, double f) {
	switch (dt) {
	case DT_F32:
		((float*)dst)[off] = (float)f;
		break;
	case DT_F64:
		((double*)dst)[off] = f;
		break;
	case DT_I32: // not produced by tensor: cpu.put would store its integer accumulator
		((i32*)dst)[off] = f2i32(f);
		break;
	case DT_I64:
		((i64*)dst)[off] = f2i64(f);
		break;
	default:
		((u8*)dst)[off] = (u8)f2i64(f);
	}
}
DEV void put_scan(void* dst, int dt, i64 off, i64 n) {
	switch (dt) {
	case DT_F32:
		((float*)dst)[off] = (float)(double)n;
		break;
	case DT_F64:
		((double*)dst)[off] = (double)n;
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

template <class T> struct AccOf { typedef i64 A; };
template <> struct AccOf<float> { typedef double A; };
template <> struct AccOf<double> { typedef double A; };

struct SSum {
	template <class A> MEM static A id() { return 0; }
	MEM static double op(double a, double b) { return a + b; }
	MEM static i64 op(i64 a, i64 b) { return (i64)((u64)a + (u64)b); }
};
struct SProd {
	template <class A> MEM static A id() { return 1; }
	MEM static double op(double a, double b) { return a * b; }
	MEM static i64 op(i64 a, i64 b) { return (i64)((u64)a * (u64)b); }
};

// block_exscan returns the exclusive scan of v over the block's threads and the total.
template <class Op, class A> DEV A block_exscan(A v, A* total) {
	SHARED A sh[32];
	int lane = threadIdx.x & 31, w = threadIdx.x >> 5, nw = blockDim.x >> 5;
	A inc = v;
	for (int d = 1; d < 32; d <<= 1) {
		A o = shfl_up(inc, d);
		if (lane >= d)
			inc = Op::op(o, inc);
	}
	if (lane == 31)
		sh[w] = inc;
	sync_block();
	if (w == 0) {
		A s = lane < nw ? sh[lane] : Op::template id<A>();
		for (int d = 1; d < 32; d <<= 1) {
			A o = shfl_up(s, d);
			if (lane >= d)
				s = Op::op(o, s);
		}
		sh[lane] = s; // inclusive scan of warp totals
	}
	sync_block();
	A before = w > 0 ? sh[w - 1] : Op::template id<A>();
	*total = sh[nw - 1];
	A ex = shfl_up(inc, 1);
	if (lane == 0)
		ex = Op::template id<A>();
	sync_block();
	return w > 0 ? (lane > 0 ? Op::op(before, ex) : before) : ex;
}

template <class Op, class T>
DEV void scan_main(const T* src, void* dst, i32 dt, i64 nlines, i64 n, i64 ss, i64 ds, i32 mode, const Lay<2>& L) {
	typedef typename AccOf<T>::A A;
	if (mode == 0) {
		for (i64 line = gtid(); line < nlines; line += gstride()) {
			i64 o[2];
			lay_offsets<2, i64>(L, line, o);
			A acc = Op::template id<A>();
			for (i64 j = 0; j < n; j++) {
				acc = Op::op(acc, (A)src[o[1] + j * ss]);
				put_scan(dst, dt, o[0] + j * ds, acc);
			}
		}
		return;
	}
	for (i64 line = blockIdx.x; line < nlines; line += gridDim.x) {
		i64 o[2];
		lay_offsets<2, i64>(L, line, o);
		A carry = Op::template id<A>();
		for (i64 base = 0; base < n; base += (i64)blockDim.x * SCAN_IT) {
			i64 j0 = base + (i64)threadIdx.x * SCAN_IT;
			A loc[SCAN_IT];
			A run = Op::template id<A>();
#pragma unroll
			for (int k = 0; k < SCAN_IT; k++) {
				if (j0 + k < n)
					run = Op::op(run, (A)src[o[1] + (j0 + k) * ss]);
				loc[k] = run;
			}
			A total;
			A ex = block_exscan<Op, A>(run, &total);
			A pre = Op::op(carry, ex);
#pragma unroll
			for (int k = 0; k < SCAN_IT; k++)
				if (j0 + k < n)
					put_scan(dst, dt, o[0] + (j0 + k) * ds, Op::op(pre, loc[k]));
			carry = Op::op(carry, total);
		}
	}
}

#define SCAN(name, Op, T)                                                                     \
	KERNEL void name(const T* src, void* dst, i32 dt, i64 nlines, i64 n, i64 ss, i64 ds,     \
	                 i32 mode, Lay<2> L) {                                                     \
		scan_main<Op, T>(src, dst, dt, nlines, n, ss, ds, mode, L);                          \
	}                                                                                          \
	REGISTER(name)

#define SCAN_DT(T, dt)                                                                         \
	SCAN(scan_cumsum_##dt, SSum, T)                                                            \
	SCAN(scan_cumprod_##dt, SProd, T)

SCAN_DT(float, f32)
SCAN_DT(double, f64)
SCAN_DT(i32, i32)
SCAN_DT(i64, i64)
SCAN_DT(u8, u8)
