package cpu

import (
	"runtime"
	"testing"
	"time"
	"unsafe"

	"github.com/gotensor/gotensor/device"
)

// dataPtr is the address of a float32 buffer's first element.
func dataPtr(b device.Buffer) uintptr {
	return uintptr(unsafe.Pointer(&b.(*Buffer).data.([]float32)[0]))
}

// reused allocates n float32 until one comes back at addr, collecting garbage between
// tries so that dead buffers reach the pool.
func reused(n int, addr uintptr) bool {
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(time.Millisecond)
		var keep []device.Buffer
		for i := 0; i < 8; i++ {
			b, _ := Device{}.Alloc(device.Float32, n)
			if dataPtr(b) == addr {
				return true
			}
			keep = append(keep, b)
		}
		runtime.KeepAlive(keep)
	}
	return false
}

func TestRecycling(t *testing.T) {
	const n = 1 << 16 // 256 KiB of float32
	b, _ := Device{}.Alloc(device.Float32, n)
	addr := dataPtr(b)
	b = nil
	if !reused(n-5, addr) {
		t.Fatal("a dead buffer's memory was not reused")
	}

	// A shared buffer's slice belongs to the caller: never reused.
	s, _ := Device{}.Alloc(device.Float32, n)
	s.(*Buffer).MarkShared()
	addr = dataPtr(s)
	slice := s.(*Buffer).data.([]float32)
	s = nil
	if reused(n, addr) {
		t.Fatal("a shared buffer's memory was reused")
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
