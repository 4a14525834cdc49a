package cpu

import (
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/gotensor/gotensor/device"
)

// Buffers under recycleMin come from Go's allocator, zeroed, and the garbage collector
// frees them: watching them die through weak pointers would cost more than zeroing them.
// But a caller that is done with a result can say so with Tensor.Free (or Buffer.Free),
// as NumPy's reference counting does for it: the slice then goes to a free list of its
// size class and serves the next allocation of the class as it is (Alloc's memory is
// uninitialised; every op writes all of its output), without allocating or adding
// garbage. Free's raceReleaseMerge and the next allocation's raceAcquire on the slice's
// first element tell the race detector about the hand-over (see recycle.go).

// smallLimit is the most bytes the small free lists keep.
const smallLimit = 8 << 20

var (
	small      [6][4*16 + 5]smallList
	tiny       [6]smallList // slices of tinyCap elements, for buffers of at most that many
	smallBytes atomic.Int64
)

// tinyCap is the capacity of the slices of the smallest buffers (0-d results, a few
// elements): below classOf's classes, in one list of their own.
const tinyCap = 4

// smallList is the free list of one dtype and size class of small buffers.
type smallList struct {
	mu sync.Mutex
	p  []unsafe.Pointer // first elements of released slices of the class's capacity
}

// smallAlloc returns a buffer of n elements under recycleMin bytes: a released slice of
// its class when there is one, with whatever it held, else a new zeroed one.
func smallAlloc(dt device.DType, n int) *Buffer {
	if n <= tinyCap {
		return smallTake(dt, &tiny[dt], n, tinyCap)
	}
	c, capacity := classOf(n)
	return smallTake(dt, &small[dt][c], n, capacity)
}

// smallTake returns a buffer of n elements from l, a list of slices of capacity
// elements, or a new zeroed slice of that capacity.
func smallTake(dt device.DType, l *smallList, n, capacity int) *Buffer {
	l.mu.Lock()
	var p unsafe.Pointer
	if k := len(l.p); k > 0 {
		p, l.p[k-1] = l.p[k-1], nil
		l.p = l.p[:k-1]
	}
	l.mu.Unlock()
	b := &Buffer{dt: dt, n: n, own: true}
	if p == nil {
		b.box(MakeSlice(dt, capacity), n)
		return b
	}
	smallBytes.Add(-int64(capacity * dt.Size()))
	if raceEnabled {
		raceAcquire(p) // after the Free that released it
	}
	b.boxAt(sliceType[dt], p, n, capacity)
	return b
}

// smallFree puts a released small buffer's slice on its free list, if there is room.
func smallFree(dt device.DType, s any) {
	capacity, size := capAny(s), int64(bytesOf(s))
	l := &tiny[dt]
	switch {
	case capacity < tinyCap:
		return // not a slice smallAlloc made
	case capacity > tinyCap:
		if size >= recycleMin {
			return // memory that recycled lent from outside its pool: the collector's
		}
		c, want := classOf(capacity)
		if want != capacity || c >= len(small[dt]) {
			return // not a slice smallAlloc made
		}
		l = &small[dt][c]
	}
	if smallBytes.Add(size) > smallLimit {
		smallBytes.Add(-size)
		return
	}
	if raceEnabled {
		raceReleaseMerge(dataPtr(s)) // the owner's uses happen before the next one's
	}
	l.mu.Lock()
	l.p = append(l.p, dataPtr(s)) // smallAlloc takes it at the length it is asked for
	l.mu.Unlock()
}
