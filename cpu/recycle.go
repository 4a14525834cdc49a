package cpu

import (
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/gotensor/gotensor/device"
)

// recycleMin is the size in bytes from which buffers are recycled. Below it Go's
// allocator is fast and zeroing is cheap; above it a fresh allocation costs zeroing the
// memory (and page faults and GC work), which is what made an allocating a+b on 1e6
// float32 several times slower than NumPy's, whose malloc reuses freed blocks as they are.
const recycleMin = 1 << 16

// ticket follows one recycled slice: when its buffer becomes unreachable the slice goes
// back to the pool unless it was shared.
type ticket struct {
	shared atomic.Bool
}

// pools holds free slices per dtype and size class (see classOf): every slice of a class
// has the class's capacity, so any of them serves any request of the class. Unlike a
// sync.Pool it keeps its slices across garbage collections (a GC is what fills it), up
// to CacheLimit bytes in all.
var pools [6][4*64 + 5]freeList

// freeList is a stack of free slices of one class.
type freeList struct {
	mu sync.Mutex
	s  []any
}

// Get pops a slice, or returns nil.
func (l *freeList) Get() any {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.s) == 0 {
		return nil
	}
	v := l.s[len(l.s)-1]
	l.s[len(l.s)-1] = nil
	l.s = l.s[:len(l.s)-1]
	cached.Add(-int64(bytesOf(v)))
	return v
}

// Put pushes a slice unless the cache is full.
func (l *freeList) Put(v any) {
	n := int64(bytesOf(v))
	if cached.Add(n) > CacheLimit.Load() {
		cached.Add(-n) // full: the garbage collector gets it
		return
	}
	l.mu.Lock()
	l.s = append(l.s, v)
	l.mu.Unlock()
}

var cached atomic.Int64

// CacheLimit is the most bytes of dead buffers the CPU device keeps for reuse (64 MiB
// unless changed); EmptyCache gives them all back.
var CacheLimit = func() *atomic.Int64 { var v atomic.Int64; v.Store(1 << 26); return &v }()

// Cached reports how many bytes of dead buffers are kept for reuse.
func Cached() int64 { return cached.Load() }

// EmptyCache drops every kept buffer, so the garbage collector can return the memory.
func EmptyCache() {
	for dt := range pools {
		for c := range pools[dt] {
			for pools[dt][c].Get() != nil {
			}
		}
	}
}

func bytesOf(s any) int {
	n := capAny(s)
	switch s.(type) {
	case []float32, []int32:
		return 4 * n
	case []float64, []int64:
		return 8 * n
	}
	return n
}

// classOf returns the size class of a request for n elements (n > 4) and its capacity:
// four classes per power of two, capacities 2^e + m*2^(e-2) for m = 1..4, so rounding a
// request up wastes at most a quarter of it.
func classOf(n int) (class, capacity int) {
	e := bits.Len(uint(n-1)) - 1 // 2^e < n <= 2^(e+1)
	step := 1 << (e - 2)
	m := (n - 1<<e + step - 1) / step
	return 4*e + m, 1<<e + m*step
}

// recycled returns a buffer of n elements, reusing the memory of a dead buffer of the
// same size class when the pool has one (its contents are whatever they were), else
// fresh memory of the class's capacity, so that it can serve the class again.
func recycled(dt device.DType, n int) *Buffer {
	c, capacity := classOf(n)
	var data any
	if v := pools[dt][c].Get(); v != nil {
		data = resliceAny(v, n)
	} else {
		data = resliceAny(MakeSlice(dt, capacity), n)
	}
	b := &Buffer{data: data, dt: dt, n: n, ticket: new(ticket)}
	runtime.AddCleanup(b, release, recycledSlice{dt: dt, data: data, t: b.ticket})
	return b
}

// recycledSlice is what a buffer's cleanup needs: not the buffer itself, which must be
// unreachable for the cleanup to run.
type recycledSlice struct {
	dt   device.DType
	data any
	t    *ticket
}

// release returns a dead buffer's slice to its pool unless the slice was shared.
func release(r recycledSlice) {
	if r.t.shared.Load() {
		return
	}
	c, _ := classOf(capAny(r.data))
	pools[r.dt][c].Put(r.data)
}

func capAny(s any) int {
	switch v := s.(type) {
	case []float32:
		return cap(v)
	case []float64:
		return cap(v)
	case []int32:
		return cap(v)
	case []int64:
		return cap(v)
	case []uint8:
		return cap(v)
	case []bool:
		return cap(v)
	}
	return 0
}

func resliceAny(s any, n int) any {
	switch v := s.(type) {
	case []float32:
		return v[:n]
	case []float64:
		return v[:n]
	case []int32:
		return v[:n]
	case []int64:
		return v[:n]
	case []uint8:
		return v[:n]
	case []bool:
		return v[:n]
	}
	return s
}

// Free gives a recycled buffer's memory back to the pool now, without waiting for the
// garbage collector; the buffer must not be used afterwards (its slice is emptied, so a
// use panics instead of reading memory that another buffer owns). Wrapped and shared
// buffers are left alone: their memory belongs to the caller.
func (b *Buffer) Free() {
	if b.ticket == nil || b.ticket.shared.Swap(true) { // the cleanup now leaves it alone
		return
	}
	c, _ := classOf(capAny(b.data))
	pools[b.dt][c].Put(b.data)
	b.data = MakeSlice(b.dt, 0)
	b.n = 0
}
