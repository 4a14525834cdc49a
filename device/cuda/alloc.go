package cuda

import (
	"errors"
	"math/bits"
	"sort"
	"sync"

	"github.com/gotensor/gotensor/device"
)

// memBackend is where the caching allocator gets and returns device memory: the driver,
// or a fake in tests.
type memBackend interface {
	alloc(bytes int) (uintptr, error)
	free(ptr uintptr) error
	memInfo() (free, total int, err error)
	// idle waits until no queued work can use a cached block, before they are freed.
	idle() error
}

// Stats describes a device's memory as the caching allocator sees it. Sizes are in bytes
// of size classes (what a buffer actually holds on the device).
type Stats struct {
	Allocated int64 // in live buffers
	Cached    int64 // freed buffers kept for reuse
	Peak      int64 // the most Allocated has been
	Allocs    int64 // buffers handed out
	Reuses    int64 // of which from the cache
	Driver    int64 // cuMemAlloc calls
}

// sizeClass is the number of bytes the allocator reserves for a request of n bytes: powers
// of two from 512 bytes to 1 MiB; quarter steps between powers of two up to 64 MiB (at most
// 25% slack); multiples of 2 MiB above. Blocks are reused only for requests of the same
// class, so classes trade slack against reuse.
func sizeClass(n int) int {
	const (
		minBlock  = 512
		small     = 1 << 20
		large     = 64 << 20
		largeStep = 2 << 20
	)
	switch {
	case n <= 0:
		return 0
	case n <= minBlock:
		return minBlock
	case n <= small:
		return 1 << bits.Len(uint(n-1))
	case n <= large:
		step := 1 << (bits.Len(uint(n-1)) - 3) // a quarter of the power of two below
		return (n + step - 1) / step * step
	}
	return (n + largeStep - 1) / largeStep * largeStep
}

// block is device memory handed out by the allocator.
type block struct {
	ptr  uintptr
	size int // the size class
}

// allocator is a caching allocator: freed blocks go to per-class free lists and are
// handed out again without a driver call. All work runs on one stream, so a block freed
// while kernels still use it is only reused by work queued after them. Safe for
// concurrent use (finalizers free from their own goroutine).
type allocator struct {
	mu    sync.Mutex
	be    memBackend
	class func(int) int
	free  map[int][]uintptr
	st    Stats
	name  string // device name, for errors
	// pacer starts a garbage collection once a window of bytes has been handed out
	// since the last one, so that the blocks of dead buffers (given back by their
	// cleanups) come back after a bounded amount of allocation: the Go heap sees only
	// each buffer's few dozen bytes and would otherwise collect too rarely.
	pacer device.GCPacer
}

func newAllocator(be memBackend, name string) *allocator {
	return &allocator{be: be, class: sizeClass, free: map[int][]uintptr{}, name: name}
}

// get returns a block for n > 0 bytes: from the cache, else from the backend; on an
// out-of-memory error it empties the cache and tries once more.
func (a *allocator) get(n int) (block, error) {
	c := a.class(n)
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st.Allocs++
	if l := a.free[c]; len(l) > 0 {
		p := l[len(l)-1]
		a.free[c] = l[:len(l)-1]
		a.st.Cached -= int64(c)
		a.st.Reuses++
		a.grow(c)
		a.pacer.Allocated(int64(c), device.Window(int64(c)))
		return block{p, c}, nil
	}
	p, err := a.be.alloc(c)
	if err != nil && isOOM(err) && a.st.Cached > 0 {
		if ierr := a.be.idle(); ierr != nil {
			return block{}, ierr
		}
		if ferr := a.emptyLocked(); ferr != nil {
			return block{}, ferr
		}
		p, err = a.be.alloc(c)
	}
	if err != nil {
		a.st.Allocs--
		if !isOOM(err) {
			return block{}, err
		}
		free, total, ierr := a.be.memInfo()
		if ierr != nil {
			free, total = -1, -1
		}
		return block{}, &OOMError{Device: a.name, Asked: n, Class: c, Free: free, Total: total,
			Cached: int(a.st.Cached), Err: err}
	}
	a.st.Driver++
	a.grow(c)
	a.pacer.Allocated(int64(c), device.Window(int64(c)))
	return block{p, c}, nil
}

func (a *allocator) grow(c int) {
	a.st.Allocated += int64(c)
	if a.st.Allocated > a.st.Peak {
		a.st.Peak = a.st.Allocated
	}
}

// put caches a block for reuse.
func (a *allocator) put(b block) {
	if b.size == 0 {
		return
	}
	a.mu.Lock()
	a.free[b.size] = append(a.free[b.size], b.ptr)
	a.st.Allocated -= int64(b.size)
	a.st.Cached += int64(b.size)
	a.mu.Unlock()
}

// emptyCache returns every cached block to the backend once it is idle; errors are joined.
func (a *allocator) emptyCache() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.be.idle(); err != nil {
		return err
	}
	return a.emptyLocked()
}

func (a *allocator) emptyLocked() error {
	var errs []error
	classes := make([]int, 0, len(a.free))
	for c := range a.free {
		classes = append(classes, c)
	}
	sort.Ints(classes)
	for _, c := range classes {
		for _, p := range a.free[c] {
			if err := a.be.free(p); err != nil {
				errs = append(errs, err)
			}
			a.st.Cached -= int64(c)
		}
		delete(a.free, c)
	}
	return errors.Join(errs...)
}

func (a *allocator) stats() Stats {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.st
}

func isOOM(err error) bool { return code(err) == errOutOfMemory }
