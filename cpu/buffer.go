// Package cpu is the host backend: buffers are Go slices and every op family runs as Go
// loops, the pure-Go reference that faster kernels are tested against. Importing the
// package registers it as device.CPU().
package cpu

import (
	"fmt"
	"runtime"
	"unsafe"

	"github.com/gotensor/gotensor/device"
)

func init() { device.RegisterCPU(Device{}) }

// Device is the CPU backend. It has no state; its zero value is ready.
type Device struct{}

// Buffer is host memory: a Go slice of the dtype's element type.
type Buffer struct {
	data  any
	dt    device.DType
	n     int
	slot  *slab       // the recycler's slab it uses (recycle.go); nil for wrapped, small or shared memory
	own   bool        // memory from Alloc outside the pool, unshared: Free empties it and may put it on a free list (small.go)
	freed bool        // set by Free: see Freed
	hdr   sliceHeader // the slice data holds, for buffers of the pools (see box)

	device.VersionCounter // writes counted for autograd (device.Versioned)
}

// Wrap makes a buffer that shares a Go slice ([]float32, []float64, []int32, []int64,
// []uint8 or []bool), without copying.
func Wrap(s any) (*Buffer, error) {
	switch v := s.(type) {
	case []float32:
		return &Buffer{data: v, dt: device.Float32, n: len(v)}, nil
	case []float64:
		return &Buffer{data: v, dt: device.Float64, n: len(v)}, nil
	case []int32:
		return &Buffer{data: v, dt: device.Int32, n: len(v)}, nil
	case []int64:
		return &Buffer{data: v, dt: device.Int64, n: len(v)}, nil
	case []uint8:
		return &Buffer{data: v, dt: device.Uint8, n: len(v)}, nil
	case []bool:
		return &Buffer{data: v, dt: device.Bool, n: len(v)}, nil
	}
	return nil, fmt.Errorf("cpu.Wrap: unsupported slice type %T", s)
}

// sliceHeader is the layout of a Go slice; eface that of an interface value holding a
// non-pointer type (a slice, here): its type and a pointer to the value.
type (
	sliceHeader struct {
		p        unsafe.Pointer
		len, cap int
	}
	eface struct{ typ, data unsafe.Pointer }
)

// box sets b.data to s[:n] (s a slice of one of the element types, n <= cap(s)) without
// allocating: where an assignment would copy the slice's header into a new heap box, the
// interface's data word points at b.hdr, in b's own allocation. The layout of interfaces
// and slices that this relies on is the one reflect and the runtime share; TestBox checks
// it against plain assignment for every dtype.
func (b *Buffer) box(s any, n int) {
	e := (*eface)(unsafe.Pointer(&s))
	h := (*sliceHeader)(e.data)
	if n < 0 || n > h.cap {
		panic(fmt.Sprintf("cpu: box of %d elements from a slice of capacity %d", n, h.cap))
	}
	b.boxAt(e.typ, h.p, n, h.cap)
}

// boxAt sets b.data to the slice of type typ (an eface's type word) of n elements and
// capacity c at p. Nothing else may point at b.hdr: leave clears it.
func (b *Buffer) boxAt(typ, p unsafe.Pointer, n, c int) {
	b.hdr = sliceHeader{p: p, len: n, cap: c}
	*(*eface)(unsafe.Pointer(&b.data)) = eface{typ: typ, data: unsafe.Pointer(&b.hdr)}
}

// sliceType is the type word of an interface holding a slice of each dtype.
var sliceType = func() (t [6]unsafe.Pointer) {
	for dt, e := range empty {
		t[dt] = (*eface)(unsafe.Pointer(&e)).typ
	}
	return t
}()

// Device returns the CPU device.
func (b *Buffer) Device() device.Device { return Device{} }

// DType is the element type.
func (b *Buffer) DType() device.DType { return b.dt }

// Len is the number of elements.
func (b *Buffer) Len() int { return b.n }

// Slice returns the backing Go slice, shared.
func (b *Buffer) Slice() any { return b.data }

// MakeSlice returns a new zeroed Go slice of n elements of dtype dt.
func MakeSlice(dt device.DType, n int) any {
	switch dt {
	case device.Float32:
		return make([]float32, n)
	case device.Float64:
		return make([]float64, n)
	case device.Int32:
		return make([]int32, n)
	case device.Int64:
		return make([]int64, n)
	case device.Uint8:
		return make([]uint8, n)
	case device.Bool:
		return make([]bool, n)
	}
	panic(fmt.Sprintf("cpu: bad dtype %v", dt))
}

// Name is "cpu".
func (Device) Name() string { return "cpu" }

// IsHost is true: CPU buffers are Go slices.
func (Device) IsHost() bool { return true }

// Alloc returns an uninitialised buffer: memory of dead buffers of 64 KiB or more, and of
// smaller buffers released with Free (small.go), is reused without zeroing, as malloc
// does for NumPy; other small ones come zeroed from Go.
func (Device) Alloc(dt device.DType, n int) (device.Buffer, error) { return alloc(dt, n, false) }

// AllocOwned is Alloc for a caller that frees the buffer itself (tensor.Scope): the
// recycler does not register it for the garbage collector to find dead (a weak pointer
// costs about 0.5 us, a seventh of an allocating add of 1e4 float32), and holds it
// until Free, or until Disown hands it to the collector's care as Alloc's buffers are.
func (Device) AllocOwned(dt device.DType, n int) (device.Buffer, error) { return alloc(dt, n, true) }

// alloc is Alloc, or AllocOwned when held.
func alloc(dt device.DType, n int, held bool) (device.Buffer, error) {
	nbytes, err := device.AllocBytes(dt, n)
	if err != nil {
		return nil, fmt.Errorf("cpu.Alloc of %d %v elements: %w", n, dt, err)
	}
	if err := CheckMemory(nbytes); err != nil {
		return nil, err
	}
	if n*dt.Size() < recycleMin {
		return smallAlloc(dt, n), nil
	}
	return recycled(dt, n, held), nil
}

// Upload copies a host slice into a new buffer.
func (d Device) Upload(src any) (device.Buffer, error) {
	b, err := Wrap(src)
	if err != nil {
		return nil, err
	}
	out, err := d.Alloc(b.dt, b.n)
	if err != nil {
		return nil, err
	}
	copyAny(out.(*Buffer).data, src)
	return out, nil
}

// Download copies a buffer into dst, a host slice of the same type and length.
func (Device) Download(dst any, src device.Buffer) error {
	copyAny(dst, src.(device.HostBuffer).Slice())
	return nil
}

// Sync does nothing: CPU ops finish before they return.
func (Device) Sync() error { return nil }

func copyAny(dst, src any) {
	switch d := dst.(type) {
	case []float32:
		copy(d, src.([]float32))
	case []float64:
		copy(d, src.([]float64))
	case []int32:
		copy(d, src.([]int32))
	case []int64:
		copy(d, src.([]int64))
	case []uint8:
		copy(d, src.([]uint8))
	case []bool:
		copy(d, src.([]bool))
	}
}

// boolBytes views a bool slice as bytes (Go stores false/true as 0/1).
func boolBytes(b []bool) []uint8 {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*uint8)(unsafe.Pointer(&b[0])), len(b))
}

// raw returns an operand's storage as a typed slice, with bool seen as uint8.
func raw(o device.Operand) any {
	if o.Buf == nil {
		return nil
	}
	s := o.Buf.(device.HostBuffer).Slice()
	if b, ok := s.([]bool); ok {
		return boolBytes(b)
	}
	return s
}

// keepAlive keeps the operands' buffers reachable until the op returns: kernels work on
// their slices, and a buffer found dead during an op would have its memory lent again by
// the recycler while the op still reads or writes it.
func keepAlive(a, b, c, d device.Buffer) {
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
	runtime.KeepAlive(c)
	runtime.KeepAlive(d)
}
