package tensor

// The one place where ops reach a device: every op family goes through these functions,
// which pick the device of the operands, refuse mixed devices, allocate results and turn
// device errors into *Error panics.

import (
	"fmt"

	"github.com/gotensor/gotensor/device"
)

// deviceOf returns the device all tensors live on; tensors on different devices are a
// Device error naming both, as in PyTorch. 0-d CPU tensors go along with any device.
func deviceOf(op string, ts ...*Tensor) device.Device {
	var d device.Device
	chosen := false // d is the device of a tensor with dimensions, or of a GPU
	for _, t := range ts {
		if t == nil {
			continue
		}
		t.must(op)
		if td := t.buf.Device(); !chosen && (d == nil || len(t.shape) > 0 || !td.IsHost()) {
			d = td
			chosen = len(t.shape) > 0 || !td.IsHost()
		}
	}
	if d == nil {
		return device.Default()
	}
	for _, t := range ts {
		if t == nil {
			continue
		}
		if td := t.buf.Device(); td != d && !(td.IsHost() && len(t.shape) == 0) {
			fail(Device, op, "tensors are on different devices: %s and %s; move one with To", d.Name(), td.Name())
		}
	}
	return d
}

// alloc returns a new C-contiguous tensor on d.
func alloc(op string, d device.Device, dt DType, shape []int) *Tensor {
	n := checkShape(op, shape)
	var b device.Buffer
	var err error
	if s := innermost(); s != nil {
		// The scope frees it: the device need not learn of its death from the collector.
		if oa, ok := d.(device.OwnedAllocator); ok {
			b, err = oa.AllocOwned(dt, n)
		} else {
			b, err = d.Alloc(dt, n)
		}
		if err == nil {
			s.bufs = append(s.bufs, b)
		}
	} else {
		b, err = d.Alloc(dt, n)
	}
	if err != nil {
		panic(&Error{Kind: Device, Op: op, Err: err,
			Msg: fmt.Sprintf("allocating %d bytes for shape %s %v on %s: %v", n*dt.Size(), shapeStr(shape), dt, d.Name(), err)})
	}
	t := &Tensor{buf: b, dtype: dt}
	return t.setCLayout(shape)
}

// setCLayout gives t a copy of shape (which t keeps no reference to) and C-order
// strides, inline up to smallRank.
func (t *Tensor) setCLayout(shape []int) *Tensor {
	r := len(shape)
	dims := t.dims(r)
	copy(dims, shape)
	t.shape, t.strides = dims[:r:r], dims[r:2*r:2*r]
	n := 1
	for k := r - 1; k >= 0; k-- {
		t.strides[k] = n
		n *= t.shape[k]
	}
	return t
}

// onDevice moves a 0-d CPU tensor to d where an op on d needs it.
func onDevice(t *Tensor, d device.Device) *Tensor {
	if t == nil || t.Device() == d {
		return t
	}
	return t.To(d)
}

func writable(op string, t *Tensor) {
	t.must(op)
	checkLeafWrite(op, t)
	bumpVersion(t)
	if t.readOnly {
		fail(Value, op, "assignment destination is a read-only view (a broadcast or a Diagonal); Copy it first")
	}
}

// copyInto writes src (broadcast to dst's shape, cast to its dtype) into dst.
func copyInto(op string, dst, src *Tensor) {
	writable(op, dst)
	d := deviceOf(op, dst, src)
	src = onDevice(src, d)
	s := src.broadcastTo(op, dst.shape)
	if overlaps(dst, s) {
		s = s.Copy()
	}
	check(op, d.Copy(dst.operand(), s.operand()))
}

// overlaps reports whether writing dst could change src before it is read: the same
// buffer in another layout.
func overlaps(dst, src *Tensor) bool {
	if dst.buf != src.buf {
		return false
	}
	if dst.offset != src.offset || len(dst.shape) != len(src.shape) {
		return true
	}
	for k := range dst.strides {
		if dst.shape[k] != 1 && dst.strides[k] != src.strides[k] {
			return true
		}
	}
	return false
}

// Free gives t's storage back to its device now for reuse (on the CPU, memory of 64 KiB
// or more goes to a pool that later allocations take from without zeroing, smaller memory
// to free lists that later allocations take from zeroed; on a GPU, to the caching
// allocator), instead of when the garbage collector finds it unreachable, as NumPy's
// reference counting does. It is for loops that make temporaries: t, and every view of
// its storage, must not be used afterwards. Storage that is shared with a Go slice
// (FromSlice, Data) is left alone.
func (t *Tensor) Free() {
	if t == nil || t.buf == nil {
		t.must("Free")
	}
	bumpVersion(t)
	if f, ok := t.buf.(device.Freer); ok {
		f.Free()
	}
}

// Copy returns a C-contiguous copy with its own storage, on the same device.
func (t *Tensor) Copy() *Tensor {
	t.must("Copy")
	out := alloc("Copy", t.Device(), t.dtype, t.shape)
	check("Copy", t.Device().Copy(out.operand(), t.operand()))
	return record("Copy", out, nil, nil, t)
}

// Contiguous returns t if it is C-contiguous, else a C-contiguous copy.
func (t *Tensor) Contiguous() *Tensor {
	t.must("Contiguous")
	if t.IsContiguous() {
		return t
	}
	return t.Copy()
}

// AsType returns a copy converted to dt, as NumPy's astype (unsafe casting: floats to
// integers truncate toward zero, any non-zero value becomes true).
func (t *Tensor) AsType(dt DType) *Tensor {
	t.must("AsType")
	if !dt.Valid() {
		fail(Value, "AsType", "invalid dtype %v", dt)
	}
	out := alloc("AsType", t.Device(), dt, t.shape)
	check("AsType", t.Device().Copy(out.operand(), t.operand()))
	return record("AsType", out, nil, nil, t)
}

// as returns t if it already has dtype dt, else a converted copy.
func (t *Tensor) as(dt DType) *Tensor {
	if t.dtype == dt {
		return t
	}
	return t.AsType(dt)
}

// To returns t on device d: t itself if it is already there, else a copy.
func (t *Tensor) To(d device.Device) *Tensor {
	src := t.must("To").Device()
	if d == nil {
		fail(Value, "To", "nil device: use device.CPU(), device.Default() or a device.CUDA(n)")
	}
	if src == d {
		return t
	}
	c := t.Contiguous()
	var host any
	if src.IsHost() {
		host = c.Data()
	} else {
		host = makeHost(t.dtype, c.buf.Len())
		check("To", src.Download(host, c.buf))
		if c.Size() == 0 {
			host = sliceAny(host, 0, 0)
		} else {
			host = sliceAny(host, c.offset, c.offset+c.Size())
		}
	}
	b, err := d.Upload(host)
	check("To", err)
	return record("To", (&Tensor{buf: b, dtype: t.dtype}).setCLayout(t.shape), nil, nil, t)
}

// CPU returns t on the host (t itself if it is there already).
func (t *Tensor) CPU() *Tensor { return t.To(device.CPU()) }

// Data returns the elements of a contiguous CPU tensor as its backing Go slice
// ([]float32, []float64, ...), shared: writes show in t and every view of its storage,
// like NumPy's .numpy(). It panics for other tensors; use ToSlice to copy.
func (t *Tensor) Data() any {
	hb, ok := t.must("Data").buf.(device.HostBuffer)
	if t.readOnly {
		fail(Value, "Data", "tensor is a read-only view (a broadcast or a Diagonal): Copy it, or use ToSlice")
	}
	if !ok {
		fail(Value, "Data", "tensor is on %s, not host memory: call CPU() first", t.Device().Name())
	}
	if !t.IsContiguous() {
		fail(Value, "Data", "tensor of shape %s with strides %v is not contiguous: use Contiguous() or ToSlice", shapeStr(t.shape), t.strides)
	}
	device.MarkShared(t.buf) // the caller may keep the slice longer than t
	if t.Size() == 0 {
		return sliceAny(hb.Slice(), 0, 0) // an empty view's offset may lie past the end
	}
	return sliceAny(hb.Slice(), t.offset, t.offset+t.Size())
}

// DataAs is Data typed: the shared backing slice of a contiguous CPU tensor of T's dtype.
func DataAs[T Elem](t *Tensor) []T {
	t.must("DataAs")
	if want := DTypeOf[T](); want != t.dtype {
		fail(Value, "DataAs", "tensor has dtype %v, not %v", t.dtype, want)
	}
	return t.Data().([]T)
}

// ToSlice returns a new slice of t's elements in C order, converted to T.
func ToSlice[T Elem](t *Tensor) []T {
	t.must("ToSlice")
	want := DTypeOf[T]()
	c := t.CPU().as(want).Contiguous()
	if c == t || c.buf == t.buf {
		c = c.Copy()
	}
	return c.Data().([]T)
}

func makeHost(dt DType, n int) any {
	switch dt {
	case Float32:
		return make([]float32, n)
	case Float64:
		return make([]float64, n)
	case Int32:
		return make([]int32, n)
	case Int64:
		return make([]int64, n)
	case Uint8:
		return make([]uint8, n)
	}
	return make([]bool, n)
}

func sliceAny(s any, lo, hi int) any {
	switch v := s.(type) {
	case []float32:
		return v[lo:hi]
	case []float64:
		return v[lo:hi]
	case []int32:
		return v[lo:hi]
	case []int64:
		return v[lo:hi]
	case []uint8:
		return v[lo:hi]
	case []bool:
		return v[lo:hi]
	}
	panic("tensor: bad slice type")
}
