package cuda

import (
	"sync"
	"testing"
	"unsafe"

	"github.com/gotensor/gotensor/device"
)

func unsafePointer(p *int) unsafe.Pointer { return unsafe.Pointer(p) }

func TestPinnedAndMapped(t *testing.T) {
	g := dut(t)
	h, err := g.AllocHost(4*1000, true)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Free()
	src := HostSlice[float32](h)
	for i := range src {
		src[i] = float32(i) * 0.5
	}
	// Upload from pinned memory, asynchronous copies both ways.
	b, err := g.Upload(src)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float32, 1000)
	if err := g.Download(out, b); err != nil {
		t.Fatal(err)
	}
	if out[999] != 499.5 {
		t.Errorf("Upload from pinned memory: %v", out[999])
	}
	h2, err := g.AllocHost(4*1000, false)
	if err != nil {
		t.Fatal(err)
	}
	defer h2.Free()
	if err := g.CopyToHost(h2, b.(*Buffer)); err != nil {
		t.Fatal(err)
	}
	if err := g.Sync(); err != nil {
		t.Fatal(err)
	}
	if HostSlice[float32](h2)[10] != 5 {
		t.Errorf("CopyToHost: %v", HostSlice[float32](h2)[10])
	}
	if err := g.CopyToDevice(b.(*Buffer), h2); err != nil {
		t.Fatal(err)
	}
	// Mapped memory read by a kernel in place: copy it into a device buffer, doubled.
	m, err := g.MapBuffer(h, device.Float32, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.MapBuffer(h2, device.Float32, 10); err == nil {
		t.Error("mapped a buffer over unmapped memory")
	}
	shape, st := []int{1000}, []int{1}
	dst := device.Operand{Buf: b, DType: device.Float32, Shape: shape, Strides: st}
	in := device.Operand{Buf: m, DType: device.Float32, Shape: shape, Strides: st}
	if err := g.Binary(device.Add, dst, in, in); err != nil {
		t.Fatal(err)
	}
	if err := g.Download(out, b); err != nil {
		t.Fatal(err)
	}
	if out[3] != 3 {
		t.Errorf("kernel over mapped memory: %v", out[3])
	}
}

// TestConcurrentUse runs ops from many goroutines: each call binds the context on its
// own thread (the emulator refuses calls from threads without a current context).
func TestConcurrentUse(t *testing.T) {
	g := dut(t)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			x := make([]float64, 257)
			for j := range x {
				x[j] = float64(i + j)
			}
			b, err := g.Upload(x)
			if err != nil {
				errs <- err
				return
			}
			o := device.Operand{Buf: b, DType: device.Float64, Shape: []int{257}, Strides: []int{1}}
			if err := g.Unary(device.Square, o, o, device.Params{}); err != nil {
				errs <- err
				return
			}
			if err := g.Download(x, b); err != nil {
				errs <- err
				return
			}
			if x[1] != float64((i+1)*(i+1)) {
				t.Errorf("goroutine %d: %v", i, x[1])
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
