// matmul.cu: batched matrix products (device.MatMul), d = a @ b per batch element, any
// strides (transposed and broadcast operands need no copy).
//
//   matmul_DT  block tile BM x BN, k-slabs of BK staged in shared memory (A stored
//              k-major), each of the 256 threads owning a TM x TN register tile; the next
//              slab is loaded into registers while the current one is multiplied.
//              Batches run on gridDim.z (grid-stride); L maps a batch number to the
//              offsets of d, a and b over the batch dimensions.
//
// Floats accumulate with fma in the element type, k ascending (the CPU reference rounds
// each multiply and add separately: results agree within the conformance tolerances, not
// bit for bit). Integers wrap, as the CPU's do.
#include "loop.cuh"

struct MM {
	i64 M, N, K;
	i64 dr, dc, ar, ac, br, bc; // row and column strides of d, a, b
};

template <class T> struct MAcc {
	MEM static T mad(T acc, T x, T y) { return acc + x * y; }
};
template <> struct MAcc<float> {
	MEM static float mad(float acc, float x, float y) { return __builtin_fmaf(x, y, acc); }
};
template <> struct MAcc<double> {
	MEM static double mad(double acc, double x, double y) { return __builtin_fma(x, y, acc); }
};
template <> struct MAcc<i32> {
	MEM static i32 mad(i32 acc, i32 x, i32 y) { return (i32)((u32)acc + (u32)x * (u32)y); }
};
template <> struct MAcc<i64> {
	MEM static i64 mad(i64 acc, i64 x, i64 y) { return (i64)((u64)acc + (u64)x * (u64)y); }
};
template <> struct MAcc<u8> {
	MEM static u8 mad(u8 acc, u8 x, u8 y) { return (u8)(acc + x * y); }
};

// lds reads N consecutive elements of 16-byte aligned shared memory, in 16-byte vectors
// when N allows.
template <class T, int N> DEV void lds(T (&x)[N], const T* p) {
	const int V = 16 / sizeof(T);
	if constexpr (N % V == 0 && V > 1) {
#pragma unroll
		for (int i = 0; i < N / V; i++) {
			Vec<T, V> v = ((const Vec<T, V>*)p)[i];
#pragma unroll
			for (int k = 0; k < V; k++)
				x[i * V + k] = v.v[k];
		}
	} else {
#pragma unroll
		for (int i = 0; i < N; i++)
			x[i] = p[i];
	}
}

template <class T, int BM, int BN, int BK, int TM, int TN>
DEV void matmul(T* d, const T* a, const T* b, const MM& P, i64 nbatch, const Lay<3>& L) {
	static_assert((BM / TM) * (BN / TN) == 256, "256 threads");
	static_assert(BM * BK % 256 == 0 && BN * BK % 256 == 0, "whole loads per thread");
	const int LA = BM * BK / 256, LB = BN * BK / 256;
	SHARED T As[BK][BM] __attribute__((aligned(16)));
	SHARED T Bs[BK][BN] __attribute__((aligned(16)));
	const int tx = threadIdx.x % (BN / TN), ty = threadIdx.x / (BN / TN);
	const i64 m0 = (i64)blockIdx.y * BM, n0 = (i64)blockIdx.x * BN;
	// Each thread stages the same tile elements every slab: A's (row, k) and B's (k, col),
	// consecutive threads along the unit-stride dimension when there is one.
	int am[LA], ak[LA], bk[LB], bn[LB];
#pragma unroll
	for (int i = 0; i < LA; i++) {
		int e = threadIdx.x + i * 256;
		am[i] = P.ac == 1 ? e / BK : e % BM;
		ak[i] = P.ac == 1 ? e % BK : e / BM;
	}
#pragma unroll
	for (int i = 0; i < LB; i++) {
		int e = threadIdx.x + i * 256;
		bn[i] = P.bc == 1 ? e % BN : e / BK;
		bk[i] = P.bc == 1 ? e / BN : e % BK;
	}
	for (i64 z = blockIdx.z; z < nbatch; z += gridDim.z) {
		i64 o[3];
		lay_offsets<3, i64>(L, z, o);
		const T* A = a + o[1];
		const T* B = b + o[2];
		T ra[LA], rb[LB]; // the next slab, loaded while the current one is used
		auto load = [&](i64 k0) {
#pragma unroll
			for (int i = 0; i < LA; i++) {
				i64 gm = m0 + am[i], gk = k0 + ak[i];
				ra[i] = (gm < P.M && gk < P.K) ? A[gm * P.ar + gk * P.ac] : (T)0;
			}
#pragma unroll
			for (int i = 0; i < LB; i++) {
				i64 gn = n0 + bn[i], gk = k0 + bk[i];
				rb[i] = (gn < P.N && gk < P.K) ? B[gk * P.br + gn * P.bc] : (T)0;
			}
		};
		T acc[TM][TN];
#pragma unroll
		for (int i = 0; i < TM; i++)
#pragma unroll
			for (int j = 0; j < TN; j++)
				acc[i][j] = 0;
		if (P.K > 0)
			load(0);
		for (i64 k0 = 0; k0 < P.K; k0 += BK) {
#pragma unroll
			for (int i = 0; i < LA; i++)
				As[ak[i]][am[i]] = ra[i];
#pragma unroll
			for (int i = 0; i < LB; i++)
				Bs[bk[i]][bn[i]] = rb[i];
			sync_block();
			if (k0 + BK < P.K)
				load(k0 + BK);
#pragma unroll
			for (int kk = 0; kk < BK; kk++) {
				T x[TM], y[TN];
				lds(x, &As[kk][ty * TM]);
				lds(y, &Bs[kk][tx * TN]);
#pragma unroll
				for (int i = 0; i < TM; i++)
#pragma unroll
					for (int j = 0; j < TN; j++)
						acc[i][j] = MAcc<T>::mad(acc[i][j], x[i], y[j]);
			}
			sync_block();
		}
		T* D = d + o[0];
#pragma unroll
		for (int i = 0; i < TM; i++) {
			i64 gm = m0 + ty * TM + i;
#pragma unroll
			for (int j = 0; j < TN; j++) {
				i64 gn = n0 + tx * TN + j;
				if (gm < P.M && gn < P.N)
					D[gm * P.dr + gn * P.dc] = acc[i][j];
			}
		}
	}
}

// Tile shapes, also used by device/cuda/matmul.go for the grid: BM, BN.
#define MATMUL(T, dt, BM, BN, BK, TM, TN)                                                      \
	KERNEL void matmul_##dt(T* d, const T* a, const T* b, MM P, i64 nbatch, Lay<3> L) {      \
		matmul<T, BM, BN, BK, TM, TN>(d, a, b, P, nbatch, L);                                \
	}                                                                                          \
	REGISTER(matmul_##dt)

MATMUL(float, f32, 128, 128, 8, 8, 8)
MATMUL(double, f64, 64, 64, 8, 4, 4)
MATMUL(i32, i32, 64, 64, 8, 4, 4)
MATMUL(i64, i64, 64, 64, 8, 4, 4)
MATMUL(u8, u8, 64, 64, 8, 4, 4)
