package cpu

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/gotensor/gotensor/device"
)

// pooled collects garbage until the float32 class c has a free slab whose first element is
// at addr, taking whatever else is free on the way.
func pooled(c int, addr uintptr, wait time.Duration) bool {
	l := &pools[device.Float32][c]
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		gc()
		for {
			l.mu.Lock()
			s := l.take()
			l.mu.Unlock()
			if s == nil {
				break
			}
			owned.Add(-int64(bytesOf(s.data))) // taken out of the pool for good
			if slabAddr(s.data) == addr {
				return true
			}
		}
	}
	return false
}

// gc collects garbage and lets the recycler look for dead buffers at once, without
// waiting for its sentinel's cleanup; under the race detector it waits (up to a second)
// for the cleanups of the loans that the collection ended (recycle.go).
func gc() {
	runtime.GC()
	gcEpoch.Add(1)
	if raceEnabled {
		deadline := time.Now().Add(time.Second)
		for pendingLoans() > 0 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
	}
}

// pendingLoans counts the slabs whose buffer is dead but whose loan's cleanup has not
// run yet.
func pendingLoans() int {
	n := 0
	for dt := range pools {
		for c := range pools[dt] {
			l := &pools[dt][c]
			l.mu.Lock()
			for _, s := range l.lent {
				if s.holder == nil && s.owner.Value() == nil && !s.dead() {
					n++
				}
			}
			l.mu.Unlock()
		}
	}
	return n
}

// drain empties the free list of float32 class c.
func drain(c int) { pools[device.Float32][c].drop(-1) }

func addrOf(b device.Buffer) uintptr { return slabAddr(b.(*Buffer).data) }

func TestRecycling(t *testing.T) {
	const n = 1 << 16 // 256 KiB of float32
	c, _ := classOf(n)
	drain(c)
	b, _ := Device{}.Alloc(device.Float32, n)
	addr := addrOf(b)
	b = nil
	if !pooled(c, addr, 5*time.Second) {
		t.Fatal("a dead buffer's memory did not come back to the pool")
	}

	// A dead buffer's slab serves the next request of its class, and a live one's never.
	drain(c)
	live, _ := Device{}.Alloc(device.Float32, n)
	dead, _ := Device{}.Alloc(device.Float32, n)
	deadAddr := addrOf(dead)
	dead = nil
	gc()
	got, _ := Device{}.Alloc(device.Float32, n-7) // the same class as n
	if addrOf(got) != deadAddr || got.Len() != n-7 || cap(got.(*Buffer).data.([]float32)) != n {
		t.Fatalf("Alloc did not reuse the dead buffer's slab: len %d cap %d", got.Len(), cap(got.(*Buffer).data.([]float32)))
	}
	if addrOf(got) == addrOf(live) {
		t.Fatal("a live buffer's memory was lent again")
	}
	runtime.KeepAlive(live)

	// A shared buffer's slice belongs to the caller: never recycled.
	drain(c)
	s, _ := Device{}.Alloc(device.Float32, n)
	s.(*Buffer).MarkShared()
	slice := s.(*Buffer).data.([]float32)
	addr = slabAddr(slice)
	s = nil
	if pooled(c, addr, 300*time.Millisecond) {
		t.Fatal("a shared buffer's memory was recycled")
	}
	runtime.KeepAlive(slice)

	// Small buffers come zeroed from Go.
	z, _ := Device{}.Alloc(device.Float64, 100)
	for _, v := range z.(*Buffer).data.([]float64) {
		if v != 0 {
			t.Fatal("small buffer not zeroed")
		}
	}
}

// TestRecyclerBounded allocates 1e6-element results in a loop, as c := a.Add(b) does,
// and checks that the pool stays within CacheLimit, reuses memory (no new slabs after
// the first fill) and keeps the Go heap small.
func TestRecyclerBounded(t *testing.T) {
	EmptyCache()
	var ms runtime.MemStats
	const n = 1 << 20
	c, capacity := classOf(n)
	for i := 0; i < 400; i++ {
		b, _ := Device{}.Alloc(device.Float32, n)
		b.(*Buffer).data.([]float32)[0] = 1
		if got := owned.Load(); got > CacheLimit.Load() {
			t.Fatalf("the pool owns %d bytes, over CacheLimit %d", got, CacheLimit.Load())
		}
	}
	l := &pools[device.Float32][c]
	l.mu.Lock()
	slabs := len(l.free) + len(l.lent)
	l.mu.Unlock()
	if max := int(CacheLimit.Load()) / (4 * capacity); slabs > max || slabs == 0 {
		t.Fatalf("%d slabs of %d bytes: want 1..%d", slabs, 4*capacity, max)
	}
	runtime.ReadMemStats(&ms)
	if ms.HeapAlloc > uint64(3*CacheLimit.Load()) {
		t.Fatalf("heap grew to %d MiB allocating 400 results of 4 MiB", ms.HeapAlloc>>20)
	}
	EmptyCache()
}

func TestSizeClasses(t *testing.T) {
	prev := 0
	for n := 5; n < 1<<22; n += 1 + n/7 {
		c, capacity := classOf(n)
		if capacity < n || capacity > n+n/4+1 {
			t.Fatalf("classOf(%d) capacity %d: want >= n and at most a quarter more", n, capacity)
		}
		if c2, cap2 := classOf(capacity); c2 != c || cap2 != capacity {
			t.Fatalf("a slice of capacity %d goes back to class %d, not %d", capacity, c2, c)
		}
		if c < prev {
			t.Fatalf("classes not monotonic at %d", n)
		}
		prev = c
	}
}

func TestFree(t *testing.T) {
	const n = 1 << 16
	c, _ := classOf(n)
	drain(c)
	b, _ := Device{}.Alloc(device.Float32, n)
	addr := addrOf(b)
	b.(*Buffer).Free()
	if b.Len() != 0 {
		t.Fatal("a freed buffer still has elements")
	}
	b.(*Buffer).Free() // twice is harmless
	again, _ := Device{}.Alloc(device.Float32, n-1)
	if addrOf(again) != addr {
		t.Fatal("the next allocation of the class did not reuse the freed memory")
	}
	// Wrapped and shared memory is the caller's: Free leaves it.
	w, _ := Wrap(make([]float32, n))
	w.Free()
	s, _ := Device{}.Alloc(device.Float32, n)
	s.(*Buffer).MarkShared()
	s.(*Buffer).Free()
	if w.Len() != n || s.Len() != n {
		t.Fatal("Free took memory that belongs to the caller")
	}
	if !b.(*Buffer).Freed() || !w.Freed() || !s.(*Buffer).Freed() || again.(*Buffer).Freed() {
		t.Fatal("Freed does not report which buffers were freed")
	}
}

// TestAllocOwned checks the loans that tensor.Scope takes: no collection ends them while
// their buffer is unreachable (the owner frees it), Free gives the memory straight to the
// next allocation of the class, and after Disown a collection finds the buffer dead as it
// finds Alloc's.
func TestAllocOwned(t *testing.T) {
	const n = 1 << 15
	c, _ := classOf(n)
	drain(c)
	b, _ := Device{}.AllocOwned(device.Float32, n)
	held := addrOf(b)
	b = nil // unreachable but for the pool's hold
	if pooled(c, held, 20*time.Millisecond) {
		t.Fatal("a collection ended an owned loan")
	}
	l := &pools[device.Float32][c]
	l.mu.Lock()
	var h *Buffer
	for _, s := range l.lent {
		if slabAddr(s.data) == held {
			h = s.holder
		}
	}
	l.mu.Unlock()
	if h == nil {
		t.Fatal("the owned loan is not held")
	}
	h.Free()
	if again, _ := (Device{}).Alloc(device.Float32, n); addrOf(again) != held {
		t.Fatal("Free of an owned buffer did not hand its memory to the next allocation")
	}
	d, _ := Device{}.AllocOwned(device.Float32, n)
	disowned := addrOf(d)
	d.(device.Disowner).Disown()
	d.(*Buffer).Disown() // twice is harmless
	d = nil
	if !pooled(c, disowned, 2*time.Second) {
		t.Fatal("a disowned buffer's memory did not come back after it died")
	}
	// Small owned buffers are Go's allocator's, as small Alloc's are.
	s, _ := Device{}.AllocOwned(device.Float32, 5)
	s.(device.Disowner).Disown()
	if s.Len() != 5 || s.(*Buffer).slot != nil {
		t.Fatal("a small owned buffer")
	}
}

// TestRecyclerConcurrent has goroutines allocate, fill and check buffers while others'
// die and collections run: a live buffer's memory must never be lent again.
func TestRecyclerConcurrent(t *testing.T) {
	defer CacheLimit.Store(CacheLimit.Load())
	CacheLimit.Store(8 << 20) // a small pool, so that slabs are reused often
	done := make(chan error)
	for g := 0; g < 4; g++ {
		go func(g int) {
			var keep []*Buffer
			for i := 0; i < 300; i++ {
				n := 1<<14 + (i*977+g*131)%(1<<16)
				b, _ := Device{}.Alloc(device.Float32, n)
				v := float32(g*1000 + i)
				d := b.(*Buffer).data.([]float32)
				for j := range d {
					d[j] = v
				}
				if i%7 == 0 {
					keep = append(keep, b.(*Buffer))
				}
				if i%50 == 0 {
					runtime.GC()
				}
				for _, k := range keep {
					d := k.data.([]float32)
					if d[0] != d[len(d)-1] || d[len(d)/2] != d[0] {
						done <- fmt.Errorf("goroutine %d: a live buffer was overwritten", g)
						return
					}
				}
				if i%3 == 0 && i%7 != 0 {
					b.(*Buffer).Free()
				}
			}
			done <- nil
		}(g)
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if o := owned.Load(); o > CacheLimit.Load() {
		t.Fatalf("the pool owns %d bytes, over its limit %d", o, CacheLimit.Load())
	}
}

// TestGCEpoch checks that the sentinel counts collections on its own.
func TestGCEpoch(t *testing.T) {
	before := gcEpoch.Load()
	deadline := time.Now().Add(5 * time.Second)
	for gcEpoch.Load() == before && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if gcEpoch.Load() == before {
		t.Fatal("no garbage collection was counted")
	}
}

// TestSmallFree checks that a small buffer released with Free serves the next request of
// its class, and that shared ones are never reused.
func TestSmallFree(t *testing.T) {
	b, _ := Device{}.Alloc(device.Float32, 1000)
	d := b.(*Buffer).data.([]float32)
	for i := range d {
		d[i] = 7
	}
	addr := addrOf(b)
	b.(*Buffer).Free()
	if b.Len() != 0 {
		t.Fatal("a freed small buffer still has elements")
	}
	again, _ := Device{}.Alloc(device.Float32, 990) // the same class as 1000
	if addrOf(again) != addr {
		t.Fatal("the next small allocation of the class did not reuse the freed memory")
	}
	if again.Len() != 990 || cap(again.(*Buffer).data.([]float32)) != 1024 {
		t.Fatalf("reused small buffer: len %d cap %d", again.Len(), cap(again.(*Buffer).data.([]float32)))
	}
	// Shared: the caller keeps the slice, so Free must leave it.
	s, _ := Device{}.Alloc(device.Float32, 1000)
	s.(*Buffer).MarkShared()
	sAddr := addrOf(s)
	s.(*Buffer).Free()
	if s.Len() != 1000 {
		t.Fatal("Free emptied a shared small buffer")
	}
	if n, _ := (Device{}).Alloc(device.Float32, 1000); addrOf(n) == sAddr {
		t.Fatal("a shared small buffer's memory was reused")
	}
	// Tiny buffers (0-d results and a few elements) share one list of their own.
	tiny, _ := Device{}.Alloc(device.Float64, 3)
	tAddr := addrOf(tiny)
	tiny.(*Buffer).Free()
	got, _ := (Device{}).Alloc(device.Float64, 1)
	if got.Len() != 1 || cap(got.(*Buffer).data.([]float64)) != tinyCap {
		t.Fatalf("tiny allocation after a free: len %d cap %d", got.Len(), cap(got.(*Buffer).data.([]float64)))
	}
	if addrOf(got) != tAddr {
		t.Fatal("the next tiny allocation did not reuse the freed tiny buffer's memory")
	}
	if zero, _ := (Device{}).Alloc(device.Float64, 0); zero.Len() != 0 {
		t.Fatal("a 0-element allocation has elements")
	}
}
