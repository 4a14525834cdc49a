// cuda.cuh: the few CUDA language pieces the kernels use, defined by hand so that clang
// compiles them with -nocudainc -nocudalib (no CUDA toolkit), and again as plain C++ for
// the host emulator (emu/), which runs every kernel on the CPU in tests.
//
// Kernels use only: KERNEL / DEV / SHARED, threadIdx / blockIdx / blockDim / gridDim,
// sync_block(), the warp shuffles below, and atomic_min_u64.
#pragma once

typedef unsigned char u8;
typedef int i32;
typedef unsigned int u32;
typedef long long i64;
typedef unsigned long long u64;

#if defined(__CUDA__)

#include <__clang_cuda_builtin_vars.h>

#define KERNEL extern "C" __attribute__((global))
#define DEV static inline __attribute__((device))
#define MEM __attribute__((device)) // on member functions
#define SHARED __attribute__((shared))
#define REGISTER(name)

DEV void sync_block() { __syncthreads(); }
DEV void sync_warp() { __nvvm_bar_warp_sync(0xffffffffu); }
DEV i32 shfl_down_i32(i32 v, int d) { return __nvvm_shfl_sync_down_i32(0xffffffffu, v, d, 0x1f); }
DEV i32 shfl_up_i32(i32 v, int d) { return __nvvm_shfl_sync_up_i32(0xffffffffu, v, d, 0); }
DEV void atomic_min_u64(u64* p, u64 v) { __atomic_fetch_min(p, v, __ATOMIC_RELAXED); }
DEV u64 mulhi_u64(u64 a, u64 b) {
	u64 h;
	asm("mul.hi.u64 %0, %1, %2;" : "=l"(h) : "l"(a), "l"(b));
	return h;
}

#else // host emulator: see emu/emu.cpp

struct kemu_dim3 {
	unsigned x, y, z;
};
extern "C" {
extern kemu_dim3 kemu_threadIdx, kemu_blockIdx, kemu_blockDim, kemu_gridDim;
void kemu_sync_block(void);
void kemu_sync_warp(void);
i32 kemu_shfl(i32 v, int lane);
}
#define threadIdx kemu_threadIdx
#define blockIdx kemu_blockIdx
#define blockDim kemu_blockDim
#define gridDim kemu_gridDim

#define KERNEL extern "C"
#define DEV static inline
#define MEM
#define SHARED static // blocks run one at a time, so a static is per-block shared memory
#define REGISTER(name)                                                                     \
	static kemu_reg kemu_reg_##name(#name, [](void** p) { kemu_invoke(name, p); },          \
	                                kemu_sizes(name));

DEV void sync_block() { kemu_sync_block(); }
DEV void sync_warp() { kemu_sync_warp(); }
DEV i32 shfl_down_i32(i32 v, int d) {
	int lane = threadIdx.x % 32;
	return kemu_shfl(v, lane + d < 32 ? lane + d : lane);
}
DEV i32 shfl_up_i32(i32 v, int d) {
	int lane = threadIdx.x % 32;
	return kemu_shfl(v, lane >= d ? lane - d : lane);
}
DEV void atomic_min_u64(u64* p, u64 v) { __atomic_fetch_min(p, v, __ATOMIC_RELAXED); }
DEV u64 mulhi_u64(u64 a, u64 b) { return (u64)(((unsigned __int128)a * b) >> 64); }

// Registration: each kernel is listed with a trampoline that unpacks cuLaunchKernel's
// kernelParams (an array of pointers to the argument values) into a call.
template <int...> struct kemu_seq {};
template <int N, int... I> struct kemu_mkseq : kemu_mkseq<N - 1, N - 1, I...> {};
template <int... I> struct kemu_mkseq<0, I...> {
	typedef kemu_seq<I...> type;
};
template <class... A, int... I> static void kemu_call(void (*f)(A...), void** p, kemu_seq<I...>) {
	f(*(A*)p[I]...);
}
template <class... A> static void kemu_invoke(void (*f)(A...), void** p) {
	kemu_call(f, p, typename kemu_mkseq<sizeof...(A)>::type());
}
// kemu_sizes lists the sizes of a kernel's parameters, -1 terminated, for the check
// against the PTX's .param declarations.
template <class... A> static const int* kemu_sizes(void (*)(A...)) {
	static const int s[] = {(int)sizeof(A)..., -1};
	return s;
}
extern "C" void kemu_register(const char* name, void (*tramp)(void**), const int* sizes);
struct kemu_reg {
	kemu_reg(const char* name, void (*tramp)(void**), const int* sizes) { kemu_register(name, tramp, sizes); }
};

#endif

// Module selection: gen.sh compiles binary.cu, unary.cu and reduce.cu once per dtype with
// -DKDT_<dt>=1, one PTX module each, so that a first use JIT-compiles a fifth of the family;
// without any KDT_* everything is compiled (the emulator).
#if !defined(KDT_f32) && !defined(KDT_f64) && !defined(KDT_i32) && !defined(KDT_i64) && !defined(KDT_u8)
#define KDT_ALL 1
#else
#define KDT_ALL 0
#endif
#ifndef KDT_f32
#define KDT_f32 0
#endif
#ifndef KDT_f64
#define KDT_f64 0
#endif
#ifndef KDT_i32
#define KDT_i32 0
#endif
#ifndef KDT_i64
#define KDT_i64 0
#endif
#ifndef KDT_u8
#define KDT_u8 0
#endif
#define KDT(dt) (KDT_ALL || KDT_##dt)

// Shuffles of any trivially copyable value of a multiple of 4 bytes.
template <class S> DEV S shfl_down(S v, int d) {
	static_assert(sizeof(S) % 4 == 0, "shuffled state must be a multiple of 4 bytes");
	union {
		S s;
		i32 w[sizeof(S) / 4];
	} a, b;
	a.s = v;
	for (int k = 0; k < (int)(sizeof(S) / 4); k++)
		b.w[k] = shfl_down_i32(a.w[k], d);
	return b.s;
}
template <class S> DEV S shfl_up(S v, int d) {
	union {
		S s;
		i32 w[sizeof(S) / 4];
	} a, b;
	a.s = v;
	for (int k = 0; k < (int)(sizeof(S) / 4); k++)
		b.w[k] = shfl_up_i32(a.w[k], d);
	return b.s;
}

// Grid-stride helpers.
DEV i64 gtid() { return (i64)blockIdx.x * blockDim.x + threadIdx.x; }
DEV i64 gstride() { return (i64)blockDim.x * gridDim.x; }
