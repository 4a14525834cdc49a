package cuda

import (
	"fmt"
	"runtime"
	"unsafe"

	"github.com/gotensor/gotensor/device"
)

// HostMem is page-locked (pinned) host memory from cuMemHostAlloc. Copies from and to it
// run at the link's full speed and truly asynchronously; mapped memory can also be read
// and written by kernels in place (MapBuffer), with no copy at all. Freed by Free or by
// the garbage collector; errors met while freeing are reported by the device's next Sync.
type HostMem struct {
	dev     *Device
	p       unsafe.Pointer
	n       int
	mapped  uintptr // device address, for mapped memory
	cleanup runtime.Cleanup
}

// AllocHost returns n bytes of pinned host memory; mapped also makes it addressable by
// kernels (MapBuffer).
func (d *Device) AllocHost(n int, mapped bool) (*HostMem, error) {
	if n <= 0 {
		return nil, fmt.Errorf("%s: AllocHost: size %d", d.name, n)
	}
	if err := d.enter(); err != nil {
		return nil, err
	}
	defer d.leave()
	flags := hostAllocPortable
	if mapped {
		flags |= hostAllocDevicemap
	}
	p, err := d.lib.memHostAlloc(n, flags)
	if err != nil {
		return nil, fmt.Errorf("%s: AllocHost(%d): %w", d.name, n, err)
	}
	h := &HostMem{dev: d, p: p, n: n}
	if mapped {
		if h.mapped, err = d.lib.memHostGetDevicePointer(p); err != nil {
			_ = d.lib.memFreeHost(p)
			return nil, fmt.Errorf("%s: AllocHost(%d): %w", d.name, n, err)
		}
	}
	d.pinned[uintptr(p)] = n
	h.cleanup = runtime.AddCleanup(h, func(p unsafe.Pointer) { d.freeHost(p) }, p)
	return h, nil
}

// Bytes is the memory as a byte slice (valid until Free).
func (h *HostMem) Bytes() []byte { return unsafe.Slice((*byte)(h.p), h.n) }

// Len is the size in bytes.
func (h *HostMem) Len() int { return h.n }

// HostSlice views pinned memory as a slice of T (float32, float64, int32, int64, uint8 or
// bool), as many elements as fit.
func HostSlice[T float32 | float64 | int32 | int64 | uint8 | bool](h *HostMem) []T {
	var z T
	return unsafe.Slice((*T)(h.p), h.n/int(unsafe.Sizeof(z)))
}

// Free releases the memory now; the slices from Bytes and HostSlice become invalid.
func (h *HostMem) Free() {
	if h.p == nil {
		return
	}
	h.cleanup.Stop()
	h.dev.freeHost(h.p)
	h.p = nil
}

// freeHost frees pinned memory from any goroutine; errors wait for the next Sync.
func (d *Device) freeHost(p unsafe.Pointer) {
	if err := d.enter(); err != nil {
		d.deferErr(err)
		return
	}
	defer d.leave()
	delete(d.pinned, uintptr(p))
	if err := d.lib.memFreeHost(p); err != nil {
		d.deferErr(fmt.Errorf("freeing pinned host memory: %w", err))
	}
}

// isPinned reports whether [p, p+n) lies in live pinned memory; the device is locked.
func (d *Device) isPinned(p unsafe.Pointer, n int) bool {
	a := uintptr(p)
	for b, size := range d.pinned {
		if a >= b && a+uintptr(n) <= b+uintptr(size) {
			return true
		}
	}
	return false
}

// MapBuffer makes a buffer of n elements of dt over mapped pinned memory: kernels read and
// write the host memory in place. The buffer keeps h alive; h must outlive no use of it.
func (d *Device) MapBuffer(h *HostMem, dt device.DType, n int) (*Buffer, error) {
	if h.mapped == 0 {
		return nil, fmt.Errorf("%s: MapBuffer: host memory was not allocated mapped", d.name)
	}
	if n*dt.Size() > h.n {
		return nil, fmt.Errorf("%s: MapBuffer: %d %v need %d bytes, host memory has %d", d.name, n, dt, n*dt.Size(), h.n)
	}
	return &Buffer{dev: d, blk: block{ptr: h.mapped}, dt: dt, n: n, host: h}, nil
}

// CopyToDevice queues a copy of src's first bytes into dst. It returns at once: src must
// not change until the next Sync (or Download).
func (d *Device) CopyToDevice(dst *Buffer, src *HostMem) error {
	n := dst.n * dst.dt.Size()
	if n > src.n {
		return fmt.Errorf("%s: CopyToDevice: buffer of %d bytes from %d bytes of host memory", d.name, n, src.n)
	}
	if n == 0 {
		return nil
	}
	if err := d.enter(); err != nil {
		return err
	}
	defer d.leave()
	return d.lib.memcpyHtoDAsync(dst.blk.ptr, src.p, n, d.stream)
}

// CopyToHost queues a copy of src into dst's first bytes. It returns at once: dst holds
// the data after the next Sync.
func (d *Device) CopyToHost(dst *HostMem, src *Buffer) error {
	n := src.n * src.dt.Size()
	if n > dst.n {
		return fmt.Errorf("%s: CopyToHost: buffer of %d bytes into %d bytes of host memory", d.name, n, dst.n)
	}
	if n == 0 {
		return nil
	}
	if err := d.enter(); err != nil {
		return err
	}
	defer d.leave()
	return d.lib.memcpyDtoHAsync(dst.p, src.blk.ptr, n, d.stream)
}
