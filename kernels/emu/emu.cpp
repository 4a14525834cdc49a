// emu.cpp: a CPU emulator of the CUDA driver API subset device/cuda uses, with every
// kernel of ../*.cu compiled for the host. Built as a shared library, it stands in for
// libcuda.so.1 in device/cuda's tests, so that the whole backend (binding, error layer,
// allocator, parameter packing, launches) and every kernel run without a GPU and are
// compared with the CPU reference.
//
// Threads of a block are fibers on the calling thread: sync_block and the warp
// shuffles are cooperative barriers, run alternately forwards and backwards so that a
// missing barrier shows. Blocks run one after another. Device memory is host memory with
// a PROT_NONE page right after each allocation, so writing past the end faults. The
// current context is per OS thread, as the driver's is: a call from a thread where
// cuCtxSetCurrent was not called fails with CUDA_ERROR_INVALID_CONTEXT. Modules are
// checked to be PTX and only give the functions their PTX declares, with parameter sizes
// that must match the host build's.
//
// Build (the tests do it): clang-16 -std=c++17 -O1 -fPIC -shared -fno-exceptions -fno-rtti
// -fno-threadsafe-statics -nostdlib++ -ffp-contract=off -o libkemu.so emu.cpp -lm
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "../cuda.cuh"

// ---- kernel registry ----

struct KernelEntry {
	const char* name;
	void (*tramp)(void**);
	const int* sizes;
};
static KernelEntry g_kernels[4096];
static int g_nkernels;

extern "C" void kemu_register(const char* name, void (*tramp)(void**), const int* sizes) {
	if (g_nkernels < 4096)
		g_kernels[g_nkernels++] = KernelEntry{name, tramp, sizes};
}

// ptx_param_sizes_match checks the host build's parameter sizes against the .param
// declarations of the entry in the PTX text (which starts at the entry's name).
static bool ptx_param_sizes_match(const char* entry, const int* sizes) {
	const char* end = strchr(entry, ')');
	const char* p = entry;
	int i = 0;
	while ((p = strstr(p, ".param")) && p < end) {
		p += 6;
		int n = 0;
		const char* br = strchr(p, '[');
		const char* nl = strchr(p, '\n');
		if (br && br < nl) {
			n = atoi(br + 1);
		} else if (strstr(p, ".u64") == p + 1 || strstr(p, ".b64") == p + 1 || strstr(p, ".f64") == p + 1 || strstr(p, ".s64") == p + 1) {
			n = 8;
		} else if (strstr(p, ".u32") == p + 1 || strstr(p, ".b32") == p + 1 || strstr(p, ".f32") == p + 1 || strstr(p, ".s32") == p + 1) {
			n = 4;
		} else if (strstr(p, ".u8") == p + 1 || strstr(p, ".b8") == p + 1 || strstr(p, ".s8") == p + 1) {
			n = 1;
		}
		if (sizes[i] < 0 || sizes[i] != n)
			return false;
		i++;
	}
	return sizes[i] < 0;
}

static KernelEntry* find_kernel(const char* name) {
	for (int i = 0; i < g_nkernels; i++)
		if (strcmp(g_kernels[i].name, name) == 0)
			return &g_kernels[i];
	return 0;
}

#include "../bench.cu"
#include "../binary.cu"
#include "../copy.cu"
#include "../index.cu"
#include "../matmul.cu"
#include "../reduce.cu"
#include "../scan.cu"
#include "../scatter.cu"
#include "../softmax.cu"
#include "../sort.cu"
#include "../unary.cu"

#include "fibers.h"

// ---- driver API ----

typedef int CUresult;
enum {
	CUDA_SUCCESS = 0,
	CUDA_ERROR_INVALID_VALUE = 1,
	CUDA_ERROR_OUT_OF_MEMORY = 2,
	CUDA_ERROR_NOT_INITIALIZED = 3,
	CUDA_ERROR_NO_DEVICE = 100,
	CUDA_ERROR_INVALID_DEVICE = 101,
	CUDA_ERROR_INVALID_IMAGE = 200,
	CUDA_ERROR_INVALID_PTX = 218,
	CUDA_ERROR_INVALID_CONTEXT = 201,
	CUDA_ERROR_INVALID_HANDLE = 400,
	CUDA_ERROR_NOT_FOUND = 500,
	CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES = 701,
	CUDA_ERROR_LAUNCH_FAILED = 719,
};

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
struct Lock {
	Lock() { pthread_mutex_lock(&g_mu); }
	~Lock() { pthread_mutex_unlock(&g_mu); }
};

static bool g_init;
static int g_ctx_token; // the one primary context is &g_ctx_token
static __thread void* t_current;
static size_t g_limit = (size_t)1 << 30, g_used;
static int g_devices = 1, g_launches, g_driver = 13000;

extern "C" void kemu_set_mem_limit(u64 bytes) {
	Lock l;
	g_limit = bytes;
}
extern "C" void kemu_set_devices(int n) { g_devices = n; }
extern "C" void kemu_set_driver_version(int v) { g_driver = v; }
extern "C" int kemu_launches(void) { return g_launches; }
extern "C" u64 kemu_mem_used(void) { return g_used; }

static CUresult need_ctx() {
	if (!g_init)
		return CUDA_ERROR_NOT_INITIALIZED;
	if (t_current != &g_ctx_token)
		return CUDA_ERROR_INVALID_CONTEXT;
	return CUDA_SUCCESS;
}

// Allocations: [base, base+map) mapped, the last page PROT_NONE, the buffer ending at it.
struct Alloc {
	char* base;
	size_t map;
	char* p;
	size_t n;
	bool host;
};
static Alloc g_allocs[65536];
static int g_nallocs;

static Alloc* find_alloc(const void* p, size_t n) {
	for (int i = 0; i < g_nallocs; i++) {
		Alloc* a = &g_allocs[i];
		if ((const char*)p >= a->p && (const char*)p + n <= a->p + a->n)
			return a;
	}
	return 0;
}

static CUresult do_alloc(void** out, size_t n, bool host) {
	if (n == 0)
		return CUDA_ERROR_INVALID_VALUE;
	if (!host && g_used + n > g_limit)
		return CUDA_ERROR_OUT_OF_MEMORY;
	if (g_nallocs == 65536)
		return CUDA_ERROR_OUT_OF_MEMORY;
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t body = (n + 255) / 256 * 256;
	size_t map = (body + pg - 1) / pg * pg + pg;
	char* base = (char*)mmap(0, map, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return CUDA_ERROR_OUT_OF_MEMORY;
	mprotect(base + map - pg, pg, PROT_NONE);
	char* p = base + map - pg - body;
	memset(p, 0xA5, body); // garbage, as uninitialised device memory is
	g_allocs[g_nallocs++] = Alloc{base, map, p, n, host};
	if (!host)
		g_used += n;
	*out = p;
	return CUDA_SUCCESS;
}

static CUresult do_free(void* p, bool host) {
	for (int i = 0; i < g_nallocs; i++) {
		if (g_allocs[i].p == p && g_allocs[i].host == host) {
			if (!host)
				g_used -= g_allocs[i].n;
			munmap(g_allocs[i].base, g_allocs[i].map);
			g_allocs[i] = g_allocs[--g_nallocs];
			return CUDA_SUCCESS;
		}
	}
	return CUDA_ERROR_INVALID_VALUE;
}

static CUresult check_range(const void* p, size_t n) {
	if (n == 0)
		return CUDA_SUCCESS;
	return find_alloc(p, n) ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

extern "C" {

CUresult cuInit(unsigned flags) {
	if (flags != 0)
		return CUDA_ERROR_INVALID_VALUE;
	if (g_devices == 0)
		return CUDA_ERROR_NO_DEVICE;
	g_init = true;
	return CUDA_SUCCESS;
}
CUresult cuDriverGetVersion(int* v) {
	*v = g_driver;
	return CUDA_SUCCESS;
}
CUresult cuDeviceGetCount(int* n) {
	if (!g_init)
		return CUDA_ERROR_NOT_INITIALIZED;
	*n = g_devices;
	return CUDA_SUCCESS;
}
CUresult cuDeviceGet(int* dev, int ordinal) {
	if (!g_init)
		return CUDA_ERROR_NOT_INITIALIZED;
	if (ordinal < 0 || ordinal >= g_devices)
		return CUDA_ERROR_INVALID_DEVICE;
	*dev = ordinal;
	return CUDA_SUCCESS;
}
CUresult cuDeviceGetName(char* name, int len, int dev) {
	if (dev != 0)
		return CUDA_ERROR_INVALID_DEVICE;
	snprintf(name, (size_t)len, "kemu CPU emulator");
	return CUDA_SUCCESS;
}
CUresult cuDeviceTotalMem_v2(size_t* bytes, int dev) {
	if (dev != 0)
		return CUDA_ERROR_INVALID_DEVICE;
	*bytes = g_limit;
	return CUDA_SUCCESS;
}
CUresult cuDeviceGetAttribute(int* v, int attr, int dev) {
	if (dev != 0)
		return CUDA_ERROR_INVALID_DEVICE;
	switch (attr) {
	case 1: // max threads per block
		*v = 1024;
		break;
	case 5: // max grid x
		*v = 2147483647;
		break;
	case 6:
	case 7:
		*v = 65535;
		break;
	case 8: // shared memory per block
		*v = 49152;
		break;
	case 10: // warp size
		*v = 32;
		break;
	case 16: // multiprocessors: few, so that emulated grids stay small
		*v = 2;
		break;
	case 19: // can map host memory
	case 41: // unified addressing
		*v = 1;
		break;
	case 75:
		*v = 8;
		break;
	case 76:
		*v = 0;
		break;
	default:
		*v = 0;
	}
	return CUDA_SUCCESS;
}
CUresult cuDevicePrimaryCtxRetain(void** ctx, int dev) {
	if (!g_init)
		return CUDA_ERROR_NOT_INITIALIZED;
	if (dev != 0)
		return CUDA_ERROR_INVALID_DEVICE;
	*ctx = &g_ctx_token;
	return CUDA_SUCCESS;
}
CUresult cuDevicePrimaryCtxRelease_v2(int dev) { return dev == 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_DEVICE; }
CUresult cuCtxSetCurrent(void* ctx) {
	if (ctx != 0 && ctx != &g_ctx_token)
		return CUDA_ERROR_INVALID_CONTEXT;
	t_current = ctx;
	return CUDA_SUCCESS;
}

CUresult cuMemGetInfo_v2(size_t* free_, size_t* total) {
	Lock l;
	if (CUresult r = need_ctx())
		return r;
	*free_ = g_limit > g_used ? g_limit - g_used : 0;
	*total = g_limit;
	return CUDA_SUCCESS;
}
CUresult cuMemAlloc_v2(u64* dptr, size_t n) {
	Lock l;
	if (CUresult r = need_ctx())
		return r;
	void* p;
	CUresult r = do_alloc(&p, n, false);
	if (r == CUDA_SUCCESS)
		*dptr = (u64)p;
	return r;
}
CUresult cuMemFree_v2(u64 dptr) {
	Lock l;
	if (CUresult r = need_ctx())
		return r;
	return do_free((void*)dptr, false);
}
CUresult cuMemHostAlloc(void** pp, size_t n, unsigned flags) {
	Lock l;
	if (CUresult r = need_ctx())
		return r;
	(void)flags;
	return do_alloc(pp, n, true);
}
CUresult cuMemFreeHost(void* p) {
	Lock l;
	return do_free(p, true);
}
CUresult cuMemHostGetDevicePointer_v2(u64* d, void* p, unsigned flags) {
	Lock l;
	if (CUresult r = need_ctx())
		return r;
	if (flags != 0 || !find_alloc(p, 1))
		return CUDA_ERROR_INVALID_VALUE;
	*d = (u64)p;
	return CUDA_SUCCESS;
}

static CUresult copy(void* dst, const void* src, size_t n) {
	Lock l;
	if (CUresult r = need_ctx())
		return r;
	if (check_range(dst, n) && check_range(src, n))
		return CUDA_ERROR_INVALID_VALUE;
	memmove(dst, src, n);
	return CUDA_SUCCESS;
}
static CUresult copy_h2d(u64 dst, const void* src, size_t n) {
	if (check_range((void*)dst, n))
		return CUDA_ERROR_INVALID_VALUE;
	return copy((void*)dst, src, n);
}
static CUresult copy_d2h(void* dst, u64 src, size_t n) {
	if (check_range((void*)src, n))
		return CUDA_ERROR_INVALID_VALUE;
	return copy(dst, (void*)src, n);
}
CUresult cuMemcpyHtoD_v2(u64 dst, const void* src, size_t n) { return copy_h2d(dst, src, n); }
CUresult cuMemcpyDtoH_v2(void* dst, u64 src, size_t n) { return copy_d2h(dst, src, n); }
CUresult cuMemcpyHtoDAsync_v2(u64 dst, const void* src, size_t n, void*) { return copy_h2d(dst, src, n); }
CUresult cuMemcpyDtoHAsync_v2(void* dst, u64 src, size_t n, void*) { return copy_d2h(dst, src, n); }
CUresult cuMemcpyDtoDAsync_v2(u64 dst, u64 src, size_t n, void*) {
	if (check_range((void*)dst, n) || check_range((void*)src, n))
		return CUDA_ERROR_INVALID_VALUE;
	return copy((void*)dst, (void*)src, n);
}

static int g_stream_token, g_event_token;
CUresult cuStreamCreate(void** s, unsigned) {
	if (CUresult r = need_ctx())
		return r;
	*s = &g_stream_token;
	return CUDA_SUCCESS;
}
CUresult cuStreamDestroy_v2(void*) { return CUDA_SUCCESS; }
CUresult cuStreamSynchronize(void*) { return need_ctx(); }

struct Event {
	double t;
};
CUresult cuEventCreate(void** e, unsigned) {
	if (CUresult r = need_ctx())
		return r;
	*e = calloc(1, sizeof(Event));
	return CUDA_SUCCESS;
}
CUresult cuEventRecord(void* e, void*) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	((Event*)e)->t = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
	return CUDA_SUCCESS;
}
CUresult cuEventSynchronize(void*) { return CUDA_SUCCESS; }
CUresult cuEventElapsedTime(float* ms, void* a, void* b) {
	*ms = (float)(((Event*)b)->t - ((Event*)a)->t);
	return CUDA_SUCCESS;
}
CUresult cuEventDestroy_v2(void* e) {
	free(e);
	return CUDA_SUCCESS;
}

// Modules keep their PTX text; functions are looked up in it and in the registry.
struct Module {
	char* ptx;
};
struct Function {
	KernelEntry* k;
	Module* m;
};
static Function g_funcs[4096];
static int g_nfuncs;

CUresult cuModuleLoadData(void** mod, const void* image) {
	if (CUresult r = need_ctx())
		return r;
	const char* s = (const char*)image;
	if (!strstr(s, ".version") || !strstr(s, ".target") || !strstr(s, ".address_size 64"))
		return CUDA_ERROR_INVALID_IMAGE;
	Module* m = (Module*)malloc(sizeof(Module));
	m->ptx = strdup(s);
	*mod = m;
	return CUDA_SUCCESS;
}
// cuModuleLoadDataEx honours the options device/cuda passes: the wall time (reported as
// 0.25 ms) and the error log, which gets a message for an image that is not PTX.
CUresult cuModuleLoadDataEx(void** mod, const void* image, unsigned n, int* opts, void** vals) {
	CUresult r = cuModuleLoadData(mod, image);
	char* log = 0;
	size_t size = 0;
	for (unsigned i = 0; i < n; i++) {
		switch (opts[i]) {
		case 2: { // CU_JIT_WALL_TIME
			float ms = 0.25f;
			memcpy(&vals[i], &ms, sizeof ms);
			break;
		}
		case 5: // CU_JIT_ERROR_LOG_BUFFER
			log = (char*)vals[i];
			break;
		case 6: // CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES
			size = (size_t)vals[i];
			break;
		}
	}
	if (log && size > 0) {
		snprintf(log, size, "%s", r == CUDA_SUCCESS ? "" : "kemu: the image is not PTX text");
	}
	return r == CUDA_ERROR_INVALID_IMAGE ? CUDA_ERROR_INVALID_PTX : r;
}
CUresult cuModuleUnload(void* mod) {
	Module* m = (Module*)mod;
	free(m->ptx);
	free(m);
	return CUDA_SUCCESS;
}
CUresult cuModuleGetFunction(void** f, void* mod, const char* name) {
	Lock l;
	if (CUresult r = need_ctx())
		return r;
	Module* m = (Module*)mod;
	char pat[256];
	snprintf(pat, sizeof pat, ".entry %s(", name);
	KernelEntry* k = find_kernel(name);
	const char* entry = strstr(m->ptx, pat);
	if (!k || !entry)
		return CUDA_ERROR_NOT_FOUND;
	if (!ptx_param_sizes_match(entry, k->sizes)) {
		fprintf(stderr, "kemu: %s: host and PTX parameter sizes differ\n", name);
		return CUDA_ERROR_INVALID_IMAGE;
	}
	if (g_nfuncs == 4096)
		return CUDA_ERROR_OUT_OF_MEMORY;
	g_funcs[g_nfuncs] = Function{k, m};
	*f = &g_funcs[g_nfuncs++];
	return CUDA_SUCCESS;
}

CUresult cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned shmem, void* stream, void** params, void** extra) {
	Lock l;
	if (CUresult r = need_ctx())
		return r;
	(void)stream;
	if (!f || extra || shmem > 49152)
		return CUDA_ERROR_INVALID_VALUE;
	if (gx == 0 || gy == 0 || gz == 0 || bx == 0 || by == 0 || bz == 0 || gy > 65535 || gz > 65535 ||
	    bx * by * bz > 1024 || bz > 64)
		return CUDA_ERROR_INVALID_VALUE;
	Function* fn = (Function*)f;
	g_launches++;
	g_tramp = fn->k->tramp;
	g_params = params;
	kemu_gridDim = kemu_dim3{gx, gy, gz};
	kemu_blockDim = kemu_dim3{bx, by, bz};
	g_nthreads = (int)(bx * by * bz);
	int round = 0;
	for (unsigned z = 0; z < gz; z++)
		for (unsigned y = 0; y < gy; y++)
			for (unsigned x = 0; x < gx; x++) {
				kemu_blockIdx = kemu_dim3{x, y, z};
				if (!run_block(round++)) {
					fprintf(stderr, "kemu: %s: barrier deadlock in block (%u,%u,%u)\n", fn->k->name, x, y, z);
					return CUDA_ERROR_LAUNCH_FAILED;
				}
			}
	return CUDA_SUCCESS;
}

CUresult cuGetErrorName(CUresult e, const char** s) {
	switch (e) {
	case CUDA_SUCCESS:
		*s = "CUDA_SUCCESS";
		break;
	case CUDA_ERROR_INVALID_VALUE:
		*s = "CUDA_ERROR_INVALID_VALUE";
		break;
	case CUDA_ERROR_OUT_OF_MEMORY:
		*s = "CUDA_ERROR_OUT_OF_MEMORY";
		break;
	case CUDA_ERROR_NOT_INITIALIZED:
		*s = "CUDA_ERROR_NOT_INITIALIZED";
		break;
	case CUDA_ERROR_NO_DEVICE:
		*s = "CUDA_ERROR_NO_DEVICE";
		break;
	case CUDA_ERROR_INVALID_DEVICE:
		*s = "CUDA_ERROR_INVALID_DEVICE";
		break;
	case CUDA_ERROR_INVALID_IMAGE:
		*s = "CUDA_ERROR_INVALID_IMAGE";
		break;
	case CUDA_ERROR_INVALID_CONTEXT:
		*s = "CUDA_ERROR_INVALID_CONTEXT";
		break;
	case CUDA_ERROR_INVALID_PTX:
		*s = "CUDA_ERROR_INVALID_PTX";
		break;
	case CUDA_ERROR_NOT_FOUND:
		*s = "CUDA_ERROR_NOT_FOUND";
		break;
	case CUDA_ERROR_LAUNCH_FAILED:
		*s = "CUDA_ERROR_LAUNCH_FAILED";
		break;
	default:
		*s = 0;
		return CUDA_ERROR_INVALID_VALUE;
	}
	return CUDA_SUCCESS;
}
CUresult cuGetErrorString(CUresult e, const char** s) {
	const char* n;
	if (cuGetErrorName(e, &n))
		return CUDA_ERROR_INVALID_VALUE;
	switch (e) {
	case CUDA_ERROR_OUT_OF_MEMORY:
		*s = "out of memory";
		break;
	case CUDA_ERROR_INVALID_CONTEXT:
		*s = "invalid device context";
		break;
	case CUDA_ERROR_NOT_FOUND:
		*s = "named symbol not found";
		break;
	case CUDA_ERROR_NO_DEVICE:
		*s = "no CUDA-capable device is detected";
		break;
	case CUDA_ERROR_INVALID_PTX:
		*s = "a PTX JIT compilation failed";
		break;
	default:
		*s = n;
	}
	return CUDA_SUCCESS;
}

} // extern "C"
