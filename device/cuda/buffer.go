package cuda

import (
	"errors"
	"fmt"
	"runtime"
	"unsafe"

	"github.com/gotensor/gotensor/device"
)

// Buffer is device memory holding Len elements of a dtype. It goes back to the device's
// caching allocator when Free is called or, failing that, when the garbage collector
// finds it unreachable.
type Buffer struct {
	dev                   *Device
	blk                   block
	dt                    device.DType
	n                     int
	cleanup               runtime.Cleanup
	host                  *HostMem // for buffers over mapped host memory: kept alive, not freed
	freed                 bool     // set by Free
	device.VersionCounter          // writes counted for autograd (device.Versioned)
}

// Device is the device the buffer lives on.
func (b *Buffer) Device() device.Device { return b.dev }

// DType is the element type.
func (b *Buffer) DType() device.DType { return b.dt }

// Len is the number of elements.
func (b *Buffer) Len() int { return b.n }

// Ptr is the device address of element 0 (0 for an empty or nil buffer).
func (b *Buffer) Ptr() uintptr {
	if b == nil {
		return 0
	}
	return b.blk.ptr
}

// Free returns the memory to the device's cache now and marks the buffer freed: the
// tensor package refuses every later use of it, and of every view of it, with an error.
// A buffer over mapped host memory is marked but its memory stays with its HostMem.
func (b *Buffer) Free() {
	b.freed = true
	if b.blk.ptr == 0 || b.host != nil {
		return
	}
	b.cleanup.Stop()
	b.dev.mem.put(b.blk)
	b.dev.mem.pacer.Freed(int64(b.blk.size))
	b.blk = block{}
}

// Freed reports whether Free has been called on the buffer.
func (b *Buffer) Freed() bool { return b.freed }

// alloc makes a buffer of n elements; the device is locked and bound.
func (d *Device) alloc(dt device.DType, n int) (*Buffer, error) {
	nbytes, err := device.AllocBytes(dt, n)
	if err != nil {
		return nil, fmt.Errorf("%s: Alloc of %d %v elements: %w", d.name, n, dt, err)
	}
	b := &Buffer{dev: d, dt: dt, n: n}
	if n == 0 {
		return b, nil
	}
	blk, err := d.mem.get(nbytes)
	var oom *OOMError
	if errors.As(err, &oom) {
		// Dead buffers not yet collected may hold the memory: collect them, let their
		// cleanups give it back, and try once more.
		d.mem.pacer.CollectCleanups()
		blk, err = d.mem.get(nbytes)
	}
	if err != nil {
		return nil, err
	}
	b.blk = blk
	mem := d.mem
	b.cleanup = runtime.AddCleanup(b, func(blk block) { mem.put(blk) }, blk)
	return b, nil
}

// scratch allocates a workspace buffer of n bytes, freed by the caller with Free (the
// stream orders its reuse after the work that uses it).
func (d *Device) scratch(n int) (*Buffer, error) { return d.alloc(device.Uint8, n) }

// Alloc returns an uninitialised buffer of n elements.
func (d *Device) Alloc(dt device.DType, n int) (device.Buffer, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	defer d.leave()
	b, err := d.alloc(dt, n)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// hostSlice returns the dtype, length and address of a host slice ([]float32, ...).
func hostSlice(s any) (device.DType, int, unsafe.Pointer, error) {
	switch v := s.(type) {
	case []float32:
		return device.Float32, len(v), unsafe.Pointer(unsafe.SliceData(v)), nil
	case []float64:
		return device.Float64, len(v), unsafe.Pointer(unsafe.SliceData(v)), nil
	case []int32:
		return device.Int32, len(v), unsafe.Pointer(unsafe.SliceData(v)), nil
	case []int64:
		return device.Int64, len(v), unsafe.Pointer(unsafe.SliceData(v)), nil
	case []uint8:
		return device.Uint8, len(v), unsafe.Pointer(unsafe.SliceData(v)), nil
	case []bool:
		return device.Bool, len(v), unsafe.Pointer(unsafe.SliceData(v)), nil
	}
	return 0, 0, nil, fmt.Errorf("unsupported host slice type %T", s)
}

// Upload copies a host slice into a new buffer. The slice may be reused as soon as Upload
// returns: the driver stages pageable memory before returning, and a source in pinned
// memory (HostMem) is waited for.
func (d *Device) Upload(src any) (device.Buffer, error) {
	dt, n, p, err := hostSlice(src)
	if err != nil {
		return nil, fmt.Errorf("%s: Upload: %w", d.name, err)
	}
	if err := d.enter(); err != nil {
		return nil, err
	}
	defer d.leave()
	b, err := d.alloc(dt, n)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return b, nil
	}
	bytes := n * dt.Size()
	if err := d.lib.memcpyHtoDAsync(b.blk.ptr, p, bytes, d.stream); err != nil {
		return nil, fmt.Errorf("%s: Upload: %w", d.name, err)
	}
	if d.isPinned(p, bytes) {
		if err := d.lib.streamSynchronize(d.stream); err != nil {
			return nil, fmt.Errorf("%s: Upload: %w", d.name, err)
		}
	}
	runtime.KeepAlive(src)
	return b, nil
}

// Download copies a buffer into the host slice dst (Len elements), after the work queued
// before it: a synchronisation point.
func (d *Device) Download(dst any, src device.Buffer) error {
	dt, n, p, err := hostSlice(dst)
	if err != nil {
		return fmt.Errorf("%s: Download: %w", d.name, err)
	}
	b, err := d.own(src)
	if err != nil {
		return fmt.Errorf("Download: %w", err)
	}
	if n != b.n || dt.Size() != b.dt.Size() {
		return fmt.Errorf("%s: Download: buffer of %d %v into %T of length %d", d.name, b.n, b.dt, dst, n)
	}
	if n == 0 {
		return nil
	}
	if err := d.enter(); err != nil {
		return err
	}
	defer d.leave()
	// Into pageable memory the copy is complete when the call returns; the stream sync
	// makes that true for pinned destinations too.
	if err := d.lib.memcpyDtoHAsync(p, b.blk.ptr, n*dt.Size(), d.stream); err != nil {
		return fmt.Errorf("%s: Download: %w", d.name, err)
	}
	if err := d.lib.streamSynchronize(d.stream); err != nil {
		return fmt.Errorf("%s: Download: %w", d.name, err)
	}
	runtime.KeepAlive(dst)
	return nil
}

// own returns b as a buffer of this device.
func (d *Device) own(b device.Buffer) (*Buffer, error) {
	cb, ok := b.(*Buffer)
	if !ok || cb.dev != d {
		name := "nil"
		if b != nil {
			name = b.Device().Name()
		}
		return nil, fmt.Errorf("%s: buffer on %s", d.name, name)
	}
	return cb, nil
}

// addr3 resolves the device addresses of three operands, as the launches of take,
// scatter-add, scans and matrix products pass them.
func (d *Device) addr3(x, y, z device.Operand) (ptr [3]uintptr, err error) {
	for i, o := range [3]device.Operand{x, y, z} {
		if ptr[i], err = d.addr(o); err != nil {
			return ptr, err
		}
	}
	return ptr, nil
}

// addr is the device address of an operand's element 0, or 0 for a scalar operand.
func (d *Device) addr(o device.Operand) (uintptr, error) {
	if o.Buf == nil {
		return 0, nil
	}
	b, err := d.own(o.Buf)
	if err != nil {
		return 0, err
	}
	return b.blk.ptr + uintptr(o.Offset*o.Buf.DType().Size()), nil
}
