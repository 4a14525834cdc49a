// loop.cuh: the element-wise loop shapes. Every element-wise kernel comes in two entry
// points: NAME, the contiguous fast path (pointers already offset, grid-stride loop, 16-byte
// vector loads when every pointer allows), and NAME_s, the strided path, which receives the
// merged shape and each operand's strides in elements (0 broadcasts, negative steps back)
// in a Lay<N> and maps each linear index to offsets in 32-bit arithmetic when host says
// everything fits.
#pragma once
#include "ops.cuh"

#define MAXR 16

// Lay is the layout parameter of strided kernels: shape (rank dims) and N operands'
// strides. Host packing: device/cuda/layout.go.
template <int N> struct Lay {
	i32 rank;  // >= 1
	i32 small; // 1: every index and offset fits in int32
	i64 dim[MAXR];
	i64 st[N][MAXR];
};

template <class I> struct Unsigned;
template <> struct Unsigned<i32> { typedef u32 U; };
template <> struct Unsigned<i64> { typedef u64 U; };

// lay_offsets maps linear index i (C order over L.dim) to each operand's offset.
template <int N, class I> DEV void lay_offsets(const Lay<N>& L, I i, I (&o)[N]) {
	typedef typename Unsigned<I>::U U;
	for (int j = 0; j < N; j++)
		o[j] = 0;
	for (int k = L.rank - 1; k > 0; k--) {
		U d = (U)L.dim[k];
		U q = (U)i / d;
		I r = (I)((U)i - q * d);
		for (int j = 0; j < N; j++)
			o[j] += r * (I)L.st[j][k];
		i = (I)q;
	}
	for (int j = 0; j < N; j++)
		o[j] += i * (I)L.st[j][0];
}

// strided_each calls body(i, o) with the linear index and offsets of every element,
// grid-stride.
template <int N, class Body> DEV void strided_each(i64 n, const Lay<N>& L, Body body) {
	if (L.small) {
		for (i32 i = (i32)gtid(); i < (i32)n; i += (i32)gstride()) {
			i32 o[N];
			lay_offsets<N, i32>(L, i, o);
			i64 w[N];
			for (int j = 0; j < N; j++)
				w[j] = o[j];
			body((i64)i, w);
		}
		return;
	}
	for (i64 i = gtid(); i < n; i += gstride()) {
		i64 o[N];
		lay_offsets<N, i64>(L, i, o);
		body(i, o);
	}
}

template <class T, int V> struct __attribute__((aligned(sizeof(T) * V))) Vec {
	T v[V];
};

template <int A> DEV bool aligned(const void* p) { return ((u64)p & (A - 1)) == 0; }

// vec_width is the elements per vector access: 16 bytes of the widest operand type.
template <class T, class R> struct VW {
	enum { V = 16 / (sizeof(T) > sizeof(R) ? sizeof(T) : sizeof(R)) };
};

// contig_each runs body(i) over i in [0, n) for scalar elements, and vbody(i) over vector
// chunks [i*V, i*V+V) when ok; the tail goes element by element.
template <int V, class VBody, class Body> DEV void contig_each(i64 n, bool ok, VBody vbody, Body body) {
	i64 i0 = gtid(), st = gstride();
	i64 nv = ok ? n / V : 0;
	for (i64 i = i0; i < nv; i += st)
		vbody(i);
	for (i64 i = nv * V + i0; i < n; i += st)
		body(i);
}
