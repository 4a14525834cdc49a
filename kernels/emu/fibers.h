// fibers.h: the threads of an emulated block as fibers on the calling thread, with the
// cooperative barriers behind sync_block, sync_warp and the shuffles. Part of emu.cpp.
#pragma once
#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>

// ---- fibers ----
//
// On x86-64 a fiber switch is a few instructions (kemu_switch below: callee-saved
// registers and the stack pointer); elsewhere ucontext, which also saves the signal mask
// with a system call per switch.

extern "C" {
kemu_dim3 kemu_threadIdx, kemu_blockIdx, kemu_blockDim, kemu_gridDim;
}

enum { F_RUN, F_BLOCK, F_WARP, F_DONE };
static const size_t kStack = 128 << 10;

#if defined(__x86_64__)
extern "C" void kemu_switch(void** save_sp, void* to_sp);
__asm__(".text\n"
        ".globl kemu_switch\n"
        ".hidden kemu_switch\n"
        ".type kemu_switch,@function\n"
        "kemu_switch:\n"
        "  pushq %rbp\n  pushq %rbx\n  pushq %r12\n  pushq %r13\n  pushq %r14\n  pushq %r15\n"
        "  movq %rsp, (%rdi)\n"
        "  movq %rsi, %rsp\n"
        "  popq %r15\n  popq %r14\n  popq %r13\n  popq %r12\n  popq %rbx\n  popq %rbp\n"
        "  ret\n"
        ".size kemu_switch, .-kemu_switch\n");
struct Ctx {
	void* sp;
};
static void ctx_init(Ctx* c, char* stack, size_t size, void (*entry)()) {
	u64 top = ((u64)(stack + size)) & ~(u64)15;
	void** sp = (void**)top;
	*--sp = 0;              // fake return address of entry: entry runs with rsp = 8 mod 16
	*--sp = (void*)entry;   // kemu_switch returns here
	for (int i = 0; i < 6; i++)
		*--sp = 0;          // rbp rbx r12..r15
	c->sp = sp;
}
static void ctx_swap(Ctx* save, Ctx* to) { kemu_switch(&save->sp, to->sp); }
#else
struct Ctx {
	ucontext_t uc;
};
static Ctx g_sched;
static void ctx_init(Ctx* c, char* stack, size_t size, void (*entry)()) {
	getcontext(&c->uc);
	c->uc.uc_stack.ss_sp = stack;
	c->uc.uc_stack.ss_size = size;
	c->uc.uc_link = &g_sched.uc;
	makecontext(&c->uc, entry, 0);
}
static void ctx_swap(Ctx* save, Ctx* to) { swapcontext(&save->uc, &to->uc); }
#endif

struct Fiber {
	Ctx ctx;
	int state;
	char* stack;
};
static Fiber g_fibers[1024];
#if defined(__x86_64__)
static Ctx g_sched;
#endif
static int g_cur, g_nthreads;
static i32 g_slots[1024];
static void (*g_tramp)(void**);
static void** g_params;

static void set_tid(int t) {
	g_cur = t;
	kemu_threadIdx.x = t % kemu_blockDim.x;
	kemu_threadIdx.y = (t / kemu_blockDim.x) % kemu_blockDim.y;
	kemu_threadIdx.z = t / (kemu_blockDim.x * kemu_blockDim.y);
}

static void fiber_main() {
	g_tramp(g_params);
	g_fibers[g_cur].state = F_DONE;
	ctx_swap(&g_fibers[g_cur].ctx, &g_sched); // never resumed
	__builtin_trap();
}

static void yield_as(int state) {
	g_fibers[g_cur].state = state;
	ctx_swap(&g_fibers[g_cur].ctx, &g_sched);
}

extern "C" void kemu_sync_block(void) { yield_as(F_BLOCK); }
extern "C" void kemu_sync_warp(void) { yield_as(F_WARP); }
extern "C" i32 kemu_shfl(i32 v, int lane) {
	int me = g_cur, w = me & ~31;
	g_slots[me] = v;
	kemu_sync_warp();
	int src = w + lane < g_nthreads ? w + lane : me;
	i32 r = g_slots[src];
	kemu_sync_warp();
	return r;
}

// run_block runs the block's threads to completion; false on a barrier deadlock.
static bool run_block(int round0) {
	for (int t = 0; t < g_nthreads; t++) {
		Fiber* f = &g_fibers[t];
		if (!f->stack)
			f->stack = (char*)malloc(kStack);
		ctx_init(&f->ctx, f->stack, kStack, fiber_main);
		f->state = F_RUN;
	}
	for (int round = round0;; round++) {
		for (int k = 0; k < g_nthreads; k++) {
			int t = (round & 1) ? g_nthreads - 1 - k : k;
			if (g_fibers[t].state != F_RUN)
				continue;
			set_tid(t);
			ctx_swap(&g_sched, &g_fibers[t].ctx);
		}
		int done = 0, atblock = 0;
		for (int t = 0; t < g_nthreads; t++) {
			done += g_fibers[t].state == F_DONE;
			atblock += g_fibers[t].state == F_BLOCK;
		}
		if (done == g_nthreads)
			return true;
		bool released = false;
		for (int w = 0; w < g_nthreads; w += 32) {
			int end = w + 32 < g_nthreads ? w + 32 : g_nthreads, waiting = 0, live = 0;
			for (int t = w; t < end; t++) {
				live += g_fibers[t].state != F_DONE;
				waiting += g_fibers[t].state == F_WARP;
			}
			if (waiting > 0 && waiting == live) {
				for (int t = w; t < end; t++)
					if (g_fibers[t].state == F_WARP)
						g_fibers[t].state = F_RUN;
				released = true;
			}
		}
		if (!released && atblock == g_nthreads - done) {
			for (int t = 0; t < g_nthreads; t++)
				if (g_fibers[t].state == F_BLOCK)
					g_fibers[t].state = F_RUN;
			released = true;
		}
		if (!released)
			return false;
	}
}

