package cpu

import (
	"math/bits"
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
	c := bits.Len(uint(n - 1))
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
	got, _ := Device{}.Alloc(device.Float32, n-7)
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
