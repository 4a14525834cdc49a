package device

import (
	"errors"
	"fmt"
	"sync"
)

// MaxRank is the largest number of dimensions an operand may have.
const MaxRank = 16

// Buffer is storage owned by a device. Its contents are reached only through the device,
// unless the buffer is a HostBuffer.
type Buffer interface {
	Device() Device
	DType() DType
	Len() int // in elements
	// Freed reports whether the buffer's storage was given back with Free (see Freer):
	// the tensor package refuses every later use of it.
	Freed() bool
}

// HostBuffer is a buffer in host memory whose elements a Go slice ([]float32, []bool, ...)
// can read and write directly.
type HostBuffer interface {
	Buffer
	Slice() any
}

// Scalar is a value that travels as a kernel parameter rather than in a buffer.
type Scalar struct {
	F float64 // the value for float dtypes and bool (0 or 1)
	I int64   // the value for integer dtypes, exact
}

// Operand describes a strided view of a buffer: element (i0, i1, ...) lives at
// Offset + sum(i_k * Strides[k]), in elements. Strides may be 0 (broadcast) or negative.
// Where Buf is nil the operand is the scalar S, broadcast to Shape.
type Operand struct {
	Buf     Buffer
	DType   DType
	Shape   []int
	Strides []int
	Offset  int
	S       Scalar
}

// Size is the number of elements the operand spans.
func (o Operand) Size() int {
	n := 1
	for _, d := range o.Shape {
		n *= d
	}
	return n
}

// Contiguous reports whether the operand is C-contiguous, so that its elements are
// Buf[Offset : Offset+Size()] in order.
func (o Operand) Contiguous() bool {
	if o.Buf == nil {
		return false
	}
	want := 1
	for k := len(o.Shape) - 1; k >= 0; k-- {
		if o.Shape[k] != 1 && o.Strides[k] != want {
			return false
		}
		want *= o.Shape[k]
	}
	return true
}

// Device runs the op families on operands that live in its buffers. Every method checks
// nothing a caller could have checked: tensor validates shapes, dtypes and axes first, so
// an error from a device is a device failure (out of memory, a driver error) or a data
// dependent one (an index out of range, see IndexError).
//
// Operands of one call share the destination's shape except where a method says otherwise;
// broadcasting arrives as zero strides.
type Device interface {
	// Name is "cpu" or "cuda:N".
	Name() string
	// IsHost reports whether the device's buffers are HostBuffers.
	IsHost() bool
	// Alloc returns an uninitialised buffer of n elements.
	Alloc(dt DType, n int) (Buffer, error)
	// Upload copies a host slice ([]float32, ...) into a new buffer.
	Upload(src any) (Buffer, error)
	// Download copies a buffer into the host slice dst, which has Len elements.
	Download(dst any, src Buffer) error
	// Sync waits for queued work and reports errors met since the last Sync.
	Sync() error

	// Copy writes src into dst element by element, casting when dtypes differ.
	Copy(dst, src Operand) error
	// Unary writes op(src) into dst. src has one dtype; dst has src's dtype or bool for
	// predicates.
	Unary(op UnaryOp, dst, src Operand, p Params) error
	// Binary writes op(a, b) into dst. a and b share one dtype; dst has it, or bool for
	// predicates.
	Binary(op BinaryOp, dst, a, b Operand) error
	// Where writes cond ? a : b into dst; cond is bool, a and b have dst's dtype.
	Where(dst, cond, a, b Operand) error
	// Reduce reduces src into dst, which has src's rank with size 1 on each reduced axis
	// (axes lists them). ArgMax and ArgMin take exactly one axis.
	Reduce(op ReduceOp, dst, src Operand, axes []int, p Params) error
	// Scan writes the running op of src along axis into dst (same shape).
	Scan(op ScanOp, dst, src Operand, axis int) error
	// Sort sorts src along axis (NaN last, stably) into dst (values, may have Buf nil)
	// and idx (int64 positions, may have Buf nil).
	Sort(dst, idx, src Operand, axis int) error
	// MatMul writes a @ b into dst: shapes (..., M, K), (..., K, N), (..., M, N) with the
	// batch dimensions already broadcast to dst's.
	MatMul(dst, a, b Operand) error
	// Take gathers along axis: dst has shape src.Shape[:axis] + idx.Shape +
	// src.Shape[axis+1:]; idx is int64, negative values count from the end, and any value
	// out of range is an IndexError.
	Take(dst, src, idx Operand, axis int) error
	// NonZero writes the coordinates of the true (non-zero) elements of src, in C order,
	// into dst of shape (count, rank) int64.
	NonZero(dst, src Operand) error
}

// IndexError is the error a device returns for an index out of range.
type IndexError struct {
	Index int64
	Size  int
}

func (e *IndexError) Error() string {
	return fmt.Sprintf("index %d is out of bounds for size %d", e.Index, e.Size)
}

// ErrNoDevice is wrapped by the errors of device constructors when no such device exists.
var ErrNoDevice = errors.New("no such device")

var (
	mu       sync.RWMutex
	cpu      Device
	cudaOpen func(n int) (Device, error)
	def      Device
)

// RegisterCPU installs the CPU backend; the cpu package calls it from init.
func RegisterCPU(d Device) {
	mu.Lock()
	cpu = d
	mu.Unlock()
}

// RegisterCUDA installs the function that opens CUDA device n; the cuda package calls it
// from init.
func RegisterCUDA(open func(n int) (Device, error)) {
	mu.Lock()
	cudaOpen = open
	mu.Unlock()
}

// CPU returns the host device. It panics if no CPU backend was linked in, which importing
// gotensor/tensor guarantees.
func CPU() Device {
	mu.RLock()
	defer mu.RUnlock()
	if cpu == nil {
		panic("gotensor/device: no CPU backend registered (import gotensor/cpu)")
	}
	return cpu
}

// CUDA opens CUDA device n. Without a driver, a GPU or a CUDA backend linked in it returns
// an error saying which, never a crash.
func CUDA(n int) (Device, error) {
	mu.RLock()
	open := cudaOpen
	mu.RUnlock()
	if open == nil {
		return nil, fmt.Errorf("device.CUDA(%d): %w: no CUDA backend linked in (import gotensor/device/cuda)", n, ErrNoDevice)
	}
	return open(n)
}

// Default returns the device new tensors go to: the one set by SetDefault, else the CPU.
func Default() Device {
	mu.RLock()
	d := def
	mu.RUnlock()
	if d != nil {
		return d
	}
	return CPU()
}

// SetDefault makes d the device new tensors are created on; nil restores the CPU.
func SetDefault(d Device) {
	mu.Lock()
	def = d
	mu.Unlock()
}

// Fused is implemented by devices that run softmax rows as one fused kernel (one pass
// for the max, one for exp and sum, one to scale) instead of the five element-wise ops
// and reductions tensor composes it from otherwise.
type Fused interface {
	// Softmax writes softmax (or log-softmax when log is true) of src along axis into
	// dst, of src's shape and float dtype. A row whose maximum is infinite is shifted by
	// 0 instead, as scipy's logsumexp does.
	Softmax(dst, src Operand, axis int, log bool) error
}

// FusedMulAdd is implemented by devices with a fused multiply-add kernel.
type FusedMulAdd interface {
	// FMA writes a*b + c into dst, rounding each element once (as math.FMA). All four
	// operands have dst's float dtype; a, b and c have dst's shape (broadcast ones with
	// stride 0) or are scalars.
	FMA(dst, a, b, c Operand) error
}

// FusedGrad is implemented by devices with fused backward kernels for the ops whose
// forward they fuse (autograd uses them when it does not record the backward pass). All
// operands are C-contiguous (rows, C) in one float dtype; the reduction runs along C.
type FusedGrad interface {
	// CrossEntropyGrad writes into dst the gradient of the mean cross-entropy:
	// dst[r, j] = (softmax(logits[r])[j] - (j == labels[r])) * scale, labels (rows,)
	// int64 in [0, C).
	CrossEntropyGrad(dst, logits, labels Operand, scale float64) error
	// SoftmaxGrad writes into dst the gradient through y = Softmax (log false):
	// y * (g - sum(g*y)), or through y = LogSoftmax (log true): g - exp(y) * sum(g).
	SoftmaxGrad(dst, y, g Operand, log bool) error
}

// FusedLoss is implemented by devices that compute cross-entropy rows in one kernel (per
// row, one pass for the max and one for the sum of exponentials) instead of the log-softmax,
// one-hot mask, select and sum tensor composes CrossEntropy from otherwise.
type FusedLoss interface {
	// CrossEntropyRows writes into dst, of shape (rows,) and logits' float dtype, the
	// negative log-likelihood of each row r of logits, of shape (rows, C) with any strides:
	//
	//	dst[r] = log(sum_j exp(logits[r, j] - m)) - (logits[r, labels[r]] - m)
	//
	// where m is the row's maximum, or 0 where that maximum is infinite (as scipy's
	// logsumexp and Fused.Softmax do). labels, of shape (rows,), is int64 with values in
	// [0, C), which tensor has checked; a value outside is an IndexError. Non-finite
	// logits give what -LogSoftmax(logits)[r, labels[r]] gives: NaN for a row holding a
	// NaN, for a row of -inf only, and for a +inf label in a row whose maximum is +inf;
	// +inf for a -inf label in a row with a larger logit, and for a finite label in a row
	// holding +inf. Accuracy is at least that of the composed form, whose log-softmax
	// rounds twice in the logits' dtype.
	CrossEntropyRows(dst, logits, labels Operand) error
}

// Scatterer is implemented by devices that accumulate into an output at integer
// positions, NumPy's unbuffered np.add.at along one axis. Both backends implement it.
type Scatterer interface {
	// ScatterAdd adds src into dst at idx's positions along axis, the mirror of Take:
	// src has shape dst.Shape[:axis] + idx.Shape + dst.Shape[axis+1:] and dst's dtype
	// (float32, float64, int32, int64 or uint8; integers wrap), and for every position i
	// of idx (int64, negative values count from the end)
	//
	//	dst[..., idx[i], ...] += src[..., i, ...]
	//
	// Repeated indices accumulate. Every index is checked before dst is written: one out
	// of range is an IndexError naming the first in C order, and dst is left as it was.
	// dst may be any writable view; src and idx any views that do not overlap dst. A
	// backend says in which order it adds (the CPU in idx's C order for every element,
	// so bit for bit the same on every run; a GPU with atomics, in no fixed order).
	// TakeStrides(src, dst, idx, axis) lays dst and idx out over src's shape.
	ScatterAdd(dst, src, idx Operand, axis int) error
}

// Shared is implemented by host buffers whose memory the device recycles once the buffer
// is unreachable. MarkShared stops that for a buffer whose backing slice has been handed
// to code that may outlive it (Tensor.Data, interop with other libraries).
type Shared interface {
	MarkShared()
}

// MarkShared marks b as shared if its device recycles memory; see Shared.
func MarkShared(b Buffer) {
	if s, ok := b.(Shared); ok {
		s.MarkShared()
	}
}

// Reduction lays a reduction of src over some axes out for a backend: the sizes of the
// kept axes with their src and dst strides, and the sizes of the reduced axes with their
// src strides, each in src's axis order. Backends share it.
type Reduction struct {
	Red                    []bool // per src axis, whether it is reduced
	Keep, KeepSrc, KeepDst []int
	Reduced, ReducedSrc    []int
}

// SplitReduction lays out the reduction of src over axes into dst (src's rank, reduced
// axes of size 1).
func SplitReduction(dst, src Operand, axes []int) Reduction {
	r := Reduction{Red: make([]bool, len(src.Shape))}
	for _, a := range axes {
		r.Red[a] = true
	}
	for k, n := range src.Shape {
		if r.Red[k] {
			r.Reduced, r.ReducedSrc = append(r.Reduced, n), append(r.ReducedSrc, src.Strides[k])
		} else {
			r.Keep, r.KeepSrc, r.KeepDst = append(r.Keep, n), append(r.KeepSrc, src.Strides[k]), append(r.KeepDst, dst.Strides[k])
		}
	}
	return r
}

// TakeStrides lays src and idx of a Take out over dst's dimensions (src.Shape[:axis] +
// idx.Shape + src.Shape[axis+1:]): src's strides are 0 on idx's dimensions and idx's are
// 0 elsewhere, so one loop over dst walks both. Backends share it.
func TakeStrides(dst, src, idx Operand, axis int) (srcStrides, idxStrides []int) {
	ni := len(idx.Shape)
	rank := len(dst.Shape)
	srcStrides, idxStrides = make([]int, rank), make([]int, rank)
	for k := 0; k < rank; k++ {
		switch {
		case k < axis:
			srcStrides[k] = src.Strides[k]
		case k < axis+ni:
			idxStrides[k] = idx.Strides[k-axis]
		default:
			srcStrides[k] = src.Strides[k-ni+1]
		}
	}
	return srcStrides, idxStrides
}

// Freer is implemented by buffers that can give their memory back before the garbage
// collector finds them unreachable.
type Freer interface {
	// Free returns the memory to the device for reuse. The buffer, and every tensor
	// viewing it, must not be used afterwards.
	Free()
}

// OwnedAllocator is implemented by devices that can allocate a buffer for a caller that
// frees it itself (tensor.Scope frees what a block made): AllocOwned skips the
// bookkeeping by which the device learns from the garbage collector that a buffer died.
// Such a buffer must be freed, or handed to the collector's care with Disown.
type OwnedAllocator interface {
	AllocOwned(dt DType, n int) (Buffer, error)
}

// Disowner is implemented by buffers from AllocOwned: Disown makes the buffer one that
// the device reclaims once the garbage collector finds it unreachable, as Alloc's are.
type Disowner interface {
	Disown()
}
