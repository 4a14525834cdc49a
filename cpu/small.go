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
	smallBytes atomic.Int64
)

// smallList is the free list of one dtype and size class of small buffers.
type smallList struct {
	mu sync.Mutex
	p  []unsafe.Pointer // first elements of released slices of the class's capacity
}

// smallAlloc returns a buffer of n elements under recycleMin bytes: a released slice of
// its class when there is one, with whatever it held, else a new zeroed one.
func smallAlloc(dt device.DType, n int) *Buffer {
	if n <= 4 {
		b := &Buffer{dt: dt, n: n, own: true}
		b.box(MakeSlice(dt, n), n)
		return b
	}
	c, capacity := classOf(n)
	l := &small[dt][c]
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
	capacity := capAny(s)
	if capacity <= 4 {
		return
	}
	size := int64(bytesOf(s))
	if size >= recycleMin {
		return // memory that recycled lent from outside its pool: the collector's
	}
	c, want := classOf(capacity)
	if want != capacity || c >= len(small[dt]) {
		return // not a slice smallAlloc made
	}
	if smallBytes.Add(size) > smallLimit {
		smallBytes.Add(-size)
		return
	}
	if raceEnabled {
		raceReleaseMerge(dataPtr(s)) // the owner's uses happen before the next one's
	}
	l := &small[dt][c]
	l.mu.Lock()
	l.p = append(l.p, dataPtr(s)) // smallAlloc takes it at the length it is asked for
	l.mu.Unlock()
}
