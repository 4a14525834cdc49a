package cpu

import (
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
	"weak"

	"github.com/gotensor/gotensor/device"
)

// recycleMin is the size in bytes from which buffers are recycled. Below it Go's
// allocator is fast and zeroing is cheap; above it a fresh allocation costs zeroing or
// page-faulting the memory, and the garbage collector's pacing by heap growth makes
// collections more frequent the more results a loop allocates: an allocating a+b on
// float32 ran at 0.15-0.6x NumPy from 1e3 to 1e6 elements, whose malloc reuses a freed
// block at once. Below 16 KiB, the weak pointer each loan needs (a few hundred ns) costs
// more than Go's allocation and zeroing (measured on 1e3 float32: 1.5-2.0 us an
// allocating add against 2.4 us with 2 KiB; docs/PERF.md).
const recycleMin = 1 << 14

// The recycler is a caching allocator, like PyTorch's for CUDA memory: it owns the slices
// it lends (up to CacheLimit bytes in all, free or lent) and learns that a buffer died
// from a weak pointer, once a garbage collection has found the buffer unreachable. The
// slices stay reachable from the pool the whole time, so the garbage collector never sees
// dead memory come back to life (a cleanup that resurrected each dead buffer's slice made
// the collector count them as live and grew the heap to gigabytes). Because the pool's
// slices count as live heap, the collector's own pacing would collect ever more rarely as
// the pool grows; so every loan counts towards a device.GCPacer, which starts a
// collection on a background goroutine once a window (8 MiB, or 16 requests of the
// size asked, up to 256 MiB) has been lent since the last one. Dead buffers thus come
// back after a bounded amount of allocation, and the memory a loop cycles through stays
// a few windows large, in the caches where it can be, instead of filling CacheLimit.
// (The window is at most a quarter of CacheLimit, so that collections find dead buffers
// before the pool is full.) Free gives memory back at once and takes its bytes off the
// window. If a whole window has been lent while a collection is under way, allocation
// waits for it rather than outrun it with new slabs; if the pool is full, Alloc runs
// one itself.

// The race detector. Memory passes from one buffer to the next in two ways, and each
// hand-over must be a happens-before edge the detector sees, or it reports the new
// owner's first writes as racing with the old owner's last ones:
//
//   - Free (here for slabs, in small.go for the small free lists). The old owner's last
//     uses come before its Free in its goroutine, or are joined to it (as an op's
//     workers are); Free does raceReleaseMerge on the memory's first element, and the
//     allocation that takes the memory from the free list does raceAcquire on it. (Both
//     also lock the class's mutex, which gives the detector the same edge; the
//     annotations state the edge rather than rely on that.)
//   - Death, found through a weak pointer after a garbage collection. Nothing the old
//     owner did is ordered, for the detector, with anything the new owner does: only
//     the collector orders them, and the detector does not model it. So under -race
//     each loan also puts a cleanup on its buffer (runtime.AddCleanup; none in other
//     builds). The runtime runs cleanups on a goroutine that first acquires every
//     goroutine's clock (racefingo, tsan's AcquireGlobal: its model of "the collector
//     found this unreachable"), so everything that happened before the collection
//     happens before the cleanup. The cleanup does raceReleaseMerge on the memory and
//     then marks the loan dead; reclaim takes a dead buffer's slab back only once its
//     loan is marked (not as soon as the weak pointer is nil, which comes first), and
//     the next lend's raceAcquire completes the edge. A use of the memory after the
//     collection, through a slice kept past its buffer without runtime.KeepAlive or
//     MarkShared, is a real bug and stays reported.
//
// Free and MarkShared stop their loan's cleanup: a buffer reachable at Free has not
// been found dead, so the cleanup cannot have been queued, and a stale cleanup never
// releases on memory that a later buffer owns. With raceNoEdges set (race builds, tests
// only) none of this happens, to show that the detector then reports the hand-overs.

// slab is one slice owned by the pool.
type slab struct {
	data  any                  // the slice, at its class's full capacity
	p     unsafe.Pointer       // its first element: the detector's sync address for it
	owner weak.Pointer[Buffer] // the buffer it is lent to; zero while free
	// holder is the buffer it is lent to by AllocOwned, held until Free or Disown (owner
	// is then zero): a loan that no collection can end.
	holder *Buffer
	at     int // index in its class's lent list while lent
	// Under the race detector only: the current loan and its cleanup (see above).
	loan    *loan
	cleanup runtime.Cleanup
}

// loan is the race detector's record of one loan of a slab: dead once the cleanup on
// the borrowing buffer has run, after the release that hands the memory on.
type loan struct {
	p    unsafe.Pointer
	dead atomic.Bool
}

// loanDied is the cleanup of a buffer that holds a slab under the race detector.
func loanDied(lo *loan) {
	raceReleaseMerge(lo.p)
	lo.dead.Store(true)
	gcEpoch.Add(1) // reclaim looks again, in case it ran before this cleanup
}

func newSlab(dt device.DType, capacity int) *slab {
	d := MakeSlice(dt, capacity)
	return &slab{data: d, p: dataPtr(d)}
}

// dead reports whether the buffer s is lent to has died, so that its memory can be lent
// again: under the race detector, only once the loan's cleanup has run. The caller holds
// the class's mutex.
func (s *slab) dead() bool {
	if s.holder != nil || s.owner.Value() != nil {
		return false
	}
	return !raceEnabled || s.loan == nil || s.loan.dead.Load()
}

// class holds the slabs of one dtype and size class (see classOf): every slab of a class
// has the class's capacity, so any of them serves any request of the class.
type class struct {
	dt      device.DType
	mu      sync.Mutex
	free    []*slab
	lent    []*slab
	scanned uint64 // gcEpoch at the last reclaim: no lent slab can have died since
}

// gcEpoch counts garbage collections, so that the recycler looks for dead buffers only
// when a collection may have found some: a sentinel's cleanup runs after each cycle and
// sets up the next sentinel.
var gcEpoch, scannedAll atomic.Uint64

type sentinel struct{ _ *int } // holds a pointer so that the tiny allocator leaves it alone

func armSentinel() {
	runtime.AddCleanup(new(sentinel), func(struct{}) {
		if raceNoEdges {
			// This cleanup, too, acquires every goroutine's clock (see "The race
			// detector" below), and its atomic add would hand that to whoever
			// reclaims next: an edge by chance, hidden for the test that shows the
			// detector reports a hand-over without the loans' edges.
			raceDisable()
			defer raceEnable()
		}
		gcEpoch.Add(1)
		armSentinel()
	}, struct{}{})
}

func init() {
	armSentinel()
	for dt := range pools {
		for c := range pools[dt] {
			pools[dt][c].dt = device.DType(dt)
		}
	}
}

var (
	pools [6][4*64 + 5]class
	owned atomic.Int64 // bytes of all slabs, free or lent
	freed atomic.Int64 // bytes of free slabs
)

// CacheLimit is the most bytes of memory the CPU device's recycler owns, lent to live
// buffers or kept free for reuse (256 MiB unless changed); requests beyond it get fresh
// memory that the garbage collector frees as usual. EmptyCache gives the free part back.
var CacheLimit = func() *atomic.Int64 { var v atomic.Int64; v.Store(1 << 28); return &v }()

// Cached reports how many bytes of free memory the recycler keeps for reuse.
func Cached() int64 { return freed.Load() }

// EmptyCache drops every free slab, so the garbage collector can return the memory;
// memory lent to live buffers stays theirs.
func EmptyCache() {
	for dt := range pools {
		for c := range pools[dt] {
			pools[dt][c].drop(-1)
		}
	}
}

// drop forgets up to k free slabs of the class (all for k < 0) and reports the bytes
// dropped.
func (l *class) drop(k int) int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if k < 0 {
		k = len(l.free)
	}
	var n int64
	for ; k > 0 && len(l.free) > 0; k-- {
		s := l.free[len(l.free)-1]
		l.free[len(l.free)-1] = nil
		l.free = l.free[:len(l.free)-1]
		n += int64(bytesOf(s.data))
	}
	owned.Add(-n)
	freed.Add(-n)
	return n
}

// reclaim moves the slabs of dead buffers to the free list, unless no garbage
// collection has run since it last looked. The caller holds l.mu.
func (l *class) reclaim() {
	epoch := gcEpoch.Load()
	if epoch == l.scanned {
		return
	}
	l.scanned = epoch
	for i := 0; i < len(l.lent); {
		if s := l.lent[i]; s.dead() {
			l.unlend(s)
			l.free = append(l.free, s)
			freed.Add(int64(bytesOf(s.data)))
			continue // l.lent[i] is now another slab
		}
		i++
	}
}

// take pops a free slab, first reclaiming the slabs of dead buffers when there is none.
// The caller holds l.mu.
func (l *class) take() *slab {
	if len(l.free) == 0 {
		l.reclaim()
	}
	if len(l.free) == 0 {
		return nil
	}
	s := l.free[len(l.free)-1]
	l.free[len(l.free)-1] = nil
	l.free = l.free[:len(l.free)-1]
	freed.Add(-int64(bytesOf(s.data)))
	raceAcquire(s.p) // after the last owner's Free or cleanup released it
	return s
}

// lend records s as lent to b, held (an owned loan) or for the collector to end. The
// caller holds l.mu.
func (l *class) lend(s *slab, b *Buffer, held bool) {
	s.at = len(l.lent)
	l.lent = append(l.lent, s)
	if held {
		s.holder = b
		return
	}
	s.watch(b)
}

// watch lets the collector end s's loan to b: a weak pointer, and under the race
// detector the loan's cleanup. The caller holds the class's mutex.
func (s *slab) watch(b *Buffer) {
	s.owner = weak.Make(b)
	if raceEnabled && !raceNoEdges {
		s.loan = &loan{p: s.p}
		s.cleanup = runtime.AddCleanup(b, loanDied, s.loan)
	}
}

// Disown hands a buffer from AllocOwned to the garbage collector's care, as if Alloc had
// made it: its memory comes back once it is unreachable (or at Free). Other buffers are
// left as they are.
func (b *Buffer) Disown() {
	s := b.slot
	if s == nil {
		return
	}
	l := classOfSlab(b.dt, s)
	l.mu.Lock()
	defer l.mu.Unlock()
	if b.slot == s && s.holder == b {
		s.holder = nil
		s.watch(b)
	}
}

// unlend removes s from the lent list. The caller holds l.mu.
func (l *class) unlend(s *slab) {
	last := l.lent[len(l.lent)-1]
	l.lent[s.at] = last
	last.at = s.at
	l.lent[len(l.lent)-1] = nil
	l.lent = l.lent[:len(l.lent)-1]
	s.owner, s.holder = weak.Pointer[Buffer]{}, nil
	s.loan, s.cleanup = nil, runtime.Cleanup{}
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

// pacer starts the collections that find dead buffers (see device.GCPacer); each one
// moves the epoch on, so that the classes look at their lent slabs again.
var pacer = &device.GCPacer{Done: func() { gcEpoch.Add(1) }}

// GCCycles is the number of garbage collections the CPU recycler has started, to find
// the dead buffers whose memory it reuses.
func GCCycles() uint64 { return pacer.Cycles() }

// window is the pacer's window for requests of size bytes: device.Window, at most a
// quarter of CacheLimit, so that dead buffers are found before the pool is full.
func window(size int64) int64 { return max(min(device.Window(size), CacheLimit.Load()/4), 1) }

// recycled returns a buffer of n elements whose contents are whatever they were: the
// memory of a dead or freed buffer of the same size class when there is one, else a new
// slab while the pool owns less than CacheLimit (dropping free slabs of other classes to
// make room), else, after a garbage collection, a slab it freed, else fresh memory
// outside the pool. Every loan counts towards the pacer's window, so that dead buffers
// are found after a bounded amount of allocation.
func recycled(dt device.DType, n int, held bool) *Buffer {
	c, capacity := classOf(n)
	l := &pools[dt][c]
	size := int64(capacity * dt.Size())
	b := &Buffer{dt: dt, n: n}
	win := window(size)
	pacer.Allocated(size, win)
	if l.lendTo(b, nil, held) {
		return b
	}
	if pacer.Running() && pacer.Since() > win {
		// A window lent since the collection under way began: let it find the
		// dead buffers rather than outrun it with new slabs.
		pacer.Wait()
		if l.lendTo(b, nil, held) {
			return b
		}
	}
	var s *slab
	if reserve(size) {
		s = newSlab(dt, capacity)
	} else {
		s = collect(l, size)
	}
	if s == nil {
		b.box(MakeSlice(dt, n), n) // the pool is full of live buffers
		b.own = true               // so that Free empties it (small.go leaves it to the collector)
		return b
	}
	l.lendTo(b, s, held)
	return b
}

// lendTo lends s, or a free slab of the class if s is nil, to b, and reports whether
// there was one.
func (l *class) lendTo(b *Buffer, s *slab, held bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s == nil {
		if s = l.take(); s == nil {
			return false
		}
	}
	b.box(s.data, b.n)
	b.slot = s
	l.lend(s, b, held)
	return true
}

// reserve makes a new slab of size bytes for l if that keeps the pool within
// CacheLimit, first reclaiming dead buffers' slabs everywhere and dropping free slabs of
// other classes to make room.
func reserve(size int64) bool {
	limit := CacheLimit.Load()
	if size > limit {
		return false
	}
	if owned.Load()+size > limit && (freed.Load() > 0 || gcEpoch.Load() != scannedAll.Load()) {
		scannedAll.Store(gcEpoch.Load())
		for dt := range pools {
			for c := range pools[dt] {
				if owned.Load()+size <= limit {
					break
				}
				l := &pools[dt][c]
				l.mu.Lock()
				l.reclaim()
				l.mu.Unlock()
				l.drop(-1)
			}
		}
	}
	if owned.Add(size) > limit {
		owned.Add(-size)
		return false
	}
	return true
}

// collect runs a garbage collection when the pool is full, unless less than a window
// has been lent since the last one (then most of the pool is live and fresh memory is
// cheaper), and takes a slab of l that it freed or makes room for a new one.
func collect(l *class, size int64) *slab {
	if pacer.Since() < window(size) {
		return nil
	}
	pacer.Collect()
	l.mu.Lock()
	s := l.take()
	l.mu.Unlock()
	if s == nil && reserve(size) {
		s = newSlab(l.dt, int(size)/l.dt.Size())
	}
	return s
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

// classOfSlab returns the pool class a lent slab belongs to.
func classOfSlab(dt device.DType, s *slab) *class {
	c, _ := classOf(capAny(s.data))
	return &pools[dt][c]
}

// MarkShared stops the buffer's memory from being recycled: its slice has been handed
// out and may outlive it, so the pool lets go of it and the garbage collector frees it
// when nothing refers to it any more.
func (b *Buffer) MarkShared() { b.leave(false) }

// Free gives a recycled buffer's memory back to the pool now, without waiting for the
// garbage collector, and marks the buffer freed (see Freed): it, and every tensor viewing
// it, must not be used afterwards. Its slice is emptied, so that a use that does not
// check Freed panics instead of reading memory that another buffer owns. Wrapped and
// shared buffers keep their memory, which belongs to the caller, but are marked freed
// all the same. Free twice is harmless. Free must not run concurrently with another use
// of the buffer (the race detector reports that).
func (b *Buffer) Free() { b.leave(true) }

// Freed reports whether Free has been called on the buffer. An op on a freed buffer is a
// use after free: its memory may already belong to another buffer. Callers that validate
// operands (package tensor) check it on their own goroutine, before an op starts, to
// report the misuse as an error rather than let a kernel panic or read another buffer's
// memory.
func (b *Buffer) Freed() bool { return b.freed }

// leave ends the buffer's loan of its slab: the slab goes back to the free list (free) or
// leaves the pool for good (the buffer keeps its memory).
func (b *Buffer) leave(free bool) {
	if free {
		b.freed = true
	}
	s := b.slot
	if s == nil {
		if b.own && free {
			smallFree(b.dt, b.data)
			b.data, b.n, b.hdr = empty[b.dt], 0, sliceHeader{}
		}
		b.own = false
		return
	}
	b.own = false
	l := classOfSlab(b.dt, s)
	l.mu.Lock()
	defer l.mu.Unlock()
	if b.slot == s && (s.holder == b || s.owner.Value() == b) {
		if s.loan != nil {
			s.cleanup.Stop() // b is reachable: its cleanup has not been queued
		}
		l.unlend(s)
		if free {
			raceReleaseMerge(s.p) // b's uses, before this, happen before the next lend's
			l.free = append(l.free, s)
			freed.Add(int64(bytesOf(s.data)))
			pacer.Freed(int64(bytesOf(s.data)))
		} else {
			owned.Add(-int64(bytesOf(s.data)))
		}
	}
	b.slot = nil
	if free {
		b.data, b.n, b.hdr = empty[b.dt], 0, sliceHeader{}
	}
}

// empty holds an empty slice of each dtype, boxed once, for freed buffers.
var empty = func() (e [6]any) {
	for dt := range e {
		e[dt] = MakeSlice(device.DType(dt), 0)
	}
	return e
}()

// dataPtr is the address of a slice's first element (of its backing array).
func dataPtr(s any) unsafe.Pointer {
	switch v := s.(type) {
	case []float32:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []float64:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []int32:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []int64:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []uint8:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []bool:
		return unsafe.Pointer(unsafe.SliceData(v))
	}
	return nil
}

// slabAddr is the address of a slab's first element, for tests.
func slabAddr(s any) uintptr { return uintptr(dataPtr(s)) }

// Owned reports how many bytes of memory the recycler owns, lent to live buffers or
// kept free for reuse.
func Owned() int64 { return owned.Load() }
