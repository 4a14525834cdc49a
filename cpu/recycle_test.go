package cpu

import (
	"runtime"
	"testing"
	"time"
	"unsafe"

	"github.com/gotensor/gotensor/device"
)

// pooled waits (collecting garbage) for a float32 slice of class c whose first element is
// at addr to reach the pool, taking whatever else is there on the way.
func pooled(c int, addr uintptr, wait time.Duration) bool {
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(time.Millisecond)
		for {
			v := pools[device.Float32][c].Get()
			if v == nil {
				break
			}
			if s := v.([]float32); uintptr(unsafe.Pointer(&s[:1][0])) == addr {
				return true
			}
		}
	}
	return false
}

func drain(c int) {
	for pools[device.Float32][c].Get() != nil {
	}
}

func TestRecycling(t *testing.T) {
	const n = 1 << 16 // 256 KiB of float32
	c, _ := classOf(n)
	drain(c)
	b, _ := Device{}.Alloc(device.Float32, n)
	addr := uintptr(unsafe.Pointer(&b.(*Buffer).data.([]float32)[0]))
	b = nil
	if !pooled(c, addr, 5*time.Second) {
		t.Fatal("a dead buffer's memory did not come back to the pool")
	}

	// The pool serves Alloc: what goes in comes out for a request of the class.
	drain(c)
	pools[device.Float32][c].Put(make([]float32, n))
	got, _ := Device{}.Alloc(device.Float32, n-7) // the same class as n
	if cap(got.(*Buffer).data.([]float32)) != n || got.Len() != n-7 {
		t.Fatalf("Alloc did not take the pooled slice: len %d cap %d", got.Len(), cap(got.(*Buffer).data.([]float32)))
	}

	// A shared buffer's slice belongs to the caller: never recycled.
	drain(c)
	s, _ := Device{}.Alloc(device.Float32, n)
	s.(*Buffer).MarkShared()
	slice := s.(*Buffer).data.([]float32)
	addr = uintptr(unsafe.Pointer(&slice[0]))
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
	addr := uintptr(unsafe.Pointer(&b.(*Buffer).data.([]float32)[0]))
	b.(*Buffer).Free()
	if b.Len() != 0 {
		t.Fatal("a freed buffer still has elements")
	}
	b.(*Buffer).Free() // twice is harmless
	again, _ := Device{}.Alloc(device.Float32, n-1)
	if uintptr(unsafe.Pointer(&again.(*Buffer).data.([]float32)[0])) != addr {
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
}
