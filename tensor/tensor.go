package tensor

import (
	"slices"

	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/device"

	// The CUDA backend registers device.CUDA; without a driver it answers with an error.
	_ "github.com/gotensor/gotensor/device/cuda"
)

// DType is an element type; the constants are re-exported from device.
type DType = device.DType

// The dtypes, with NumPy's names.
const (
	Bool    = device.Bool
	Uint8   = device.Uint8
	Int32   = device.Int32
	Int64   = device.Int64
	Float32 = device.Float32
	Float64 = device.Float64
)

// Elem is the set of Go element types a tensor can hold.
type Elem interface {
	~float32 | ~float64 | ~int32 | ~int64 | ~uint8 | ~bool
}

// Tensor is an n-dimensional strided view of a device buffer.
type Tensor struct {
	buf      device.Buffer
	dtype    DType
	shape    []int
	strides  []int     // in elements
	offset   int       // in elements
	readOnly bool      // broadcast views
	ag       *gradMeta // autograd state; nil outside any graph (see grad.go)
	// lay holds shape and strides up to rank smallRank, in the tensor's own allocation
	// (setLayout): results and views of small rank cost one allocation, not two.
	lay [2 * smallRank]int
}

// dims returns room for shape and strides of rank r: t's own up to smallRank.
func (t *Tensor) dims(r int) []int {
	if r <= smallRank {
		return t.lay[:2*r]
	}
	return make([]int, 2*r)
}

// smallRank is the highest rank whose layout a Tensor holds inline.
const smallRank = 4

// setLayout gives t its own copy of shape and strides, inline up to smallRank (shape
// and strides may be t's own, or scratch the caller reuses).
func (t *Tensor) setLayout(shape, strides []int) *Tensor {
	r := len(shape)
	dims := t.dims(r)
	copy(dims[r:], strides)
	copy(dims, shape)
	t.shape, t.strides = dims[:r:r], dims[r:2*r:2*r]
	return t
}

// DTypeOf returns the dtype that holds Go values of type T.
func DTypeOf[T Elem]() DType {
	var z T
	switch any(z).(type) {
	case float32:
		return Float32
	case float64:
		return Float64
	case int32:
		return Int32
	case int64:
		return Int64
	case uint8:
		return Uint8
	}
	return Bool
}

// FromSlice wraps data as a CPU tensor of the given shape without copying: writes
// through either side show in the other, as with torch.from_numpy. With no shape the
// tensor is 1-D. The product of shape must equal len(data). An []int makes an int64
// tensor, as NumPy makes Python ints int64: it shares the slice where int has 64 bits
// and is copied on 32-bit platforms (386, arm, ...). A slice of a named type (type
// Celsius float64) is shared as its base type's. Array copies nested slices of any Go
// number.
func FromSlice[T Elem | ~int](data []T, shape ...int) *Tensor {
	if shape == nil {
		shape = []int{len(data)}
	}
	if n := checkShape("FromSlice", shape); n != len(data) {
		fail(Shape, "FromSlice", "cannot make shape %s from %d elements: want %d", shapeStr(shape), len(data), n)
	}
	b, err := cpu.Wrap(baseSlice(data))
	check("FromSlice", err)
	t := &Tensor{buf: b, dtype: b.DType()}
	return t.setCLayout(shape)
}

// Scalar returns a 0-d tensor holding v (an int makes an int64 tensor).
func Scalar[T Elem | ~int](v T) *Tensor { return FromSlice([]T{v}, []int{}...) }

// checkShape validates a shape for op and returns its element count: the rank must not
// exceed device.MaxRank, no dimension may be negative, and the element count and the byte
// count of its largest element type (8 bytes) must fit in an int (device.ShapeSize, the one
// checked size computation), else a Value error, as NumPy's "array is too big".
func checkShape(op string, shape []int) int {
	if len(shape) > device.MaxRank {
		fail(Value, op, "rank %d exceeds the maximum %d", len(shape), device.MaxRank)
	}
	n, _, err := device.ShapeSize(shape, 8)
	if err != nil {
		fail(Value, op, "shape %s: %v", shapeStr(shape), err)
	}
	return n
}

func prod(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// cStrides returns C-order (row-major) strides in elements.
func cStrides(shape []int) []int {
	st := make([]int, len(shape))
	n := 1
	for k := len(shape) - 1; k >= 0; k-- {
		st[k] = n
		n *= shape[k]
	}
	return st
}

// Shape returns a copy of the dimensions.
func (t *Tensor) Shape() []int { return append([]int{}, t.must("Shape").shape...) }

// SameShape reports whether t and u have the same shape, without copying either (as
// slices.Equal(t.Shape(), u.Shape()) would).
func (t *Tensor) SameShape(u *Tensor) bool {
	return slices.Equal(t.must("SameShape").shape, u.must("SameShape").shape)
}

// Dim returns the size of dimension k (negative counts from the end).
func (t *Tensor) Dim(k int) int { return t.shape[normAxis("Dim", k, len(t.must("Dim").shape))] }

// NDim is the number of dimensions.
func (t *Tensor) NDim() int { return len(t.must("NDim").shape) }

// Size is the number of elements.
func (t *Tensor) Size() int { return prod(t.must("Size").shape) }

// DType is the element type.
func (t *Tensor) DType() DType { return t.must("DType").dtype }

// ItemSize is the size of one element in bytes.
func (t *Tensor) ItemSize() int { return t.must("ItemSize").dtype.Size() }

// NBytes is Size()*ItemSize(), as NumPy's nbytes.
func (t *Tensor) NBytes() int { return t.Size() * t.ItemSize() }

// Strides returns the strides in bytes, as NumPy's a.strides.
func (t *Tensor) Strides() []int {
	s := make([]int, len(t.must("Strides").strides))
	for i, v := range t.strides {
		s[i] = v * t.dtype.Size()
	}
	return s
}

// ElemStrides returns the strides in elements.
func (t *Tensor) ElemStrides() []int { return append([]int{}, t.must("ElemStrides").strides...) }

// Offset is the position of the first element in the buffer, in elements.
func (t *Tensor) Offset() int { return t.must("Offset").offset }

// Device is the device holding the storage.
func (t *Tensor) Device() device.Device { return t.must("Device").buf.Device() }

// Buffer is the storage, shared with every view of it.
func (t *Tensor) Buffer() device.Buffer { return t.must("Buffer").buf }

// ReadOnly reports whether writes through this tensor are refused: broadcast views
// (BroadcastTo, BroadcastArrays) and diagonals (Diagonal), as NumPy makes them read-only.
func (t *Tensor) ReadOnly() bool { return t.must("ReadOnly").readOnly }

// IsContiguous reports C-contiguity (NumPy's flags.c_contiguous).
func (t *Tensor) IsContiguous() bool {
	return t.must("IsContiguous").operand().Contiguous() || t.Size() == 0
}

// IsFortran reports Fortran-contiguity (NumPy's flags.f_contiguous).
func (t *Tensor) IsFortran() bool {
	t.must("IsFortran")
	want := 1
	for k, n := range t.must("IsFortran").shape {
		if n != 1 && t.strides[k] != want {
			return false
		}
		want *= n
	}
	return true
}

// SharesMemory reports whether t and u view the same storage, as np.shares_memory does
// for views of one base (it compares buffers, not element ranges).
func (t *Tensor) SharesMemory(u *Tensor) bool {
	return t.must("SharesMemory").buf == u.must("SharesMemory").buf
}

// operand describes t for a device call.
func (t *Tensor) operand() device.Operand {
	return device.Operand{Buf: t.buf, DType: t.dtype, Shape: t.shape, Strides: t.strides, Offset: t.offset}
}

// view returns a tensor over t's storage with a new layout.
func (t *Tensor) view(shape, strides []int, offset int) *Tensor {
	t.must("view")
	v := &Tensor{buf: t.buf, dtype: t.dtype, offset: offset, readOnly: t.readOnly}
	return v.setLayout(shape, strides)
}

// must returns t if it can be used, else panics with a Value error naming op: a nil
// *Tensor, a zero Tensor{} (no storage), and a tensor whose storage was given back with
// Free (Free ends the tensor and every view of its storage) are all refused. It is on
// every op's path, so it inlines to a few compares for CPU tensors.
func (t *Tensor) must(op string) *Tensor {
	if t == nil || t.buf == nil || t.buf.Freed() {
		t.refuse(op)
	}
	return t
}

// refuse panics with must's error for t.
func (t *Tensor) refuse(op string) {
	switch {
	case t == nil:
		fail(Value, op, "nil *Tensor")
	case t.buf == nil:
		fail(Value, op, "zero Tensor{} has no storage: make tensors with Zeros, FromSlice, ...")
	default:
		fail(Value, op, "tensor used after Free, or after the Scope that made it ended (Keep it to use it after): either ends the tensor and every view of its storage")
	}
}
