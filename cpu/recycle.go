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

// pools holds free slices per dtype and size class: class c holds slices whose capacity
// is in [2^c, 2^(c+1)), so any of them serves a request of at most 2^c elements.
var pools [6][64]sync.Pool

// recycled returns a buffer of n elements, reusing the memory of a dead buffer when the
// pool has one (its contents are whatever they were), else fresh memory.
func recycled(dt device.DType, n int) *Buffer {
	c := bits.Len(uint(n - 1)) // the smallest class whose slices all hold n
	var data any
	if v := pools[dt][c].Get(); v != nil {
		data = resliceAny(v, n)
	} else {
		data = MakeSlice(dt, n)
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
	c := bits.Len(uint(capAny(r.data))) - 1
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
