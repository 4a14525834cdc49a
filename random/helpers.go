package random

import (
	"fmt"
	"math"

	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// fail panics with a Value-kind *tensor.Error naming the op, as NumPy raises ValueError.
func fail(op, format string, args ...any) {
	panic(&tensor.Error{Kind: tensor.Value, Op: "random." + op, Msg: fmt.Sprintf(format, args...)})
}

// size returns the number of elements of shape, checked by the one size computation of
// device.ShapeSize (a Value error for a negative dimension or an overflowing count) and
// against the memory the process may use (a Device error, as NumPy's MemoryError).
func size(op string, shape []int) int {
	n, nbytes, err := device.ShapeSize(shape, 8)
	if err != nil {
		fail(op, "%v", err)
	}
	if err := cpu.CheckMemory(nbytes); err != nil {
		panic(&tensor.Error{Kind: tensor.Device, Op: "random." + op, Msg: err.Error(), Err: err})
	}
	return n
}

// shapeOf returns shape as a non-nil slice, so no shape gives a 0-d tensor.
func shapeOf(shape []int) []int {
	if shape == nil {
		return []int{}
	}
	return append([]int{}, shape...)
}

// floats fills a new float64 tensor of the given shape with f's values.
func floats(op string, shape []int, f func() float64) *tensor.Tensor {
	out := make([]float64, size(op, shape))
	for i := range out {
		out[i] = f()
	}
	return tensor.FromSlice(out, shapeOf(shape)...)
}

func checkScale(op string, scale float64) {
	if scale < 0 {
		fail(op, "scale < 0 (got %v)", scale)
	}
}

func checkRange(op string, low, high float64) float64 {
	r := high - low
	if math.IsInf(r, 0) || math.IsNaN(r) {
		fail(op, "range exceeds valid bounds: high - low = %v (low %v, high %v)", r, low, high)
	}
	return r
}

// integers draws values in [low, high) of dtype dt, the streams of NumPy's
// _bounded_integers for each dtype; masked picks the legacy method.
func integers(b bitGen, op string, dt tensor.DType, low, high int64, masked bool, shape []int) *tensor.Tensor {
	if low >= high {
		fail(op, "low >= high (low %d, high %d)", low, high)
	}
	hi := high - 1 // closed interval [low, hi]
	n := size(op, shape)
	sh := shapeOf(shape)
	switch dt {
	case tensor.Int64:
		out := make([]uint64, n)
		fillU64(b, uint64(low), uint64(hi)-uint64(low), out, masked)
		v := make([]int64, n)
		for i, x := range out {
			v[i] = int64(x)
		}
		return tensor.FromSlice(v, sh...)
	case tensor.Int32:
		checkBounds(op, dt, low, hi, math.MinInt32, math.MaxInt32)
		out := make([]uint32, n)
		fillU32(b, uint32(low), uint32(hi)-uint32(low), out, masked)
		v := make([]int32, n)
		for i, x := range out {
			v[i] = int32(x)
		}
		return tensor.FromSlice(v, sh...)
	case tensor.Uint8:
		checkBounds(op, dt, low, hi, 0, math.MaxUint8)
		out := make([]uint8, n)
		fillU8(b, uint8(low), uint8(hi)-uint8(low), out, masked)
		return tensor.FromSlice(out, sh...)
	case tensor.Bool:
		checkBounds(op, dt, low, hi, 0, 1)
		out := make([]bool, n)
		fillBool(b, low != 0, hi != low, out)
		return tensor.FromSlice(out, sh...)
	}
	fail(op, "dtype %v is not an integer or bool dtype", dt)
	return nil
}

func checkBounds(op string, dt tensor.DType, low, hi, min, max int64) {
	if low < min {
		fail(op, "low is out of bounds for %v (low %d)", dt, low)
	}
	if hi > max {
		fail(op, "high is out of bounds for %v (high %d)", dt, hi+1)
	}
}

// shuffleIndex returns the permutation of 0..n-1 that NumPy's shuffle applies to an
// array of length n: Fisher-Yates from the end, j = random_interval(i).
func shuffleIndex(b bitGen, n int) []int64 {
	idx := make([]int64, n)
	for i := range idx {
		idx[i] = int64(i)
	}
	for i := n - 1; i >= 1; i-- {
		j := interval(b, uint64(i))
		idx[i], idx[j] = idx[j], idx[i]
	}
	return idx
}

// shuffleFunc runs NumPy's shuffle of n elements through swap.
func shuffleFunc(b bitGen, n int, swap func(i, j int)) {
	for i := n - 1; i >= 1; i-- {
		j := int(interval(b, uint64(i)))
		if i != j {
			swap(i, j)
		}
	}
}

// shuffleTensor shuffles t in place along axis 0, on whatever device holds it.
func shuffleTensor(b bitGen, op string, t *tensor.Tensor) {
	if t.NDim() == 0 {
		fail(op, "cannot shuffle a 0-d tensor")
	}
	if t.ReadOnly() {
		fail(op, "tensor is read-only (a broadcast view or a diagonal)")
	}
	n := t.Dim(0)
	if t.Size() == 0 {
		return
	}
	if _, host := t.Buffer().(device.HostBuffer); host && t.NDim() == 1 && t.IsContiguous() {
		t.MarkWritten() // the swaps write through Data: count them for autograd
		if swapHost(b, t, n) {
			return
		}
	}
	idx := tensor.FromSlice(shuffleIndex(b, n))
	t.SetSlice(t.Take(idx.To(t.Device()), 0))
}

// swapHost shuffles a contiguous 1-D host tensor in place, element by element.
func swapHost(b bitGen, t *tensor.Tensor, n int) bool {
	switch v := t.Data().(type) {
	case []float64:
		shuffleFunc(b, n, func(i, j int) { v[i], v[j] = v[j], v[i] })
	case []float32:
		shuffleFunc(b, n, func(i, j int) { v[i], v[j] = v[j], v[i] })
	case []int64:
		shuffleFunc(b, n, func(i, j int) { v[i], v[j] = v[j], v[i] })
	case []int32:
		shuffleFunc(b, n, func(i, j int) { v[i], v[j] = v[j], v[i] })
	case []uint8:
		shuffleFunc(b, n, func(i, j int) { v[i], v[j] = v[j], v[i] })
	case []bool:
		shuffleFunc(b, n, func(i, j int) { v[i], v[j] = v[j], v[i] })
	default:
		return false
	}
	return true
}

// permutationOf returns a shuffled copy of t along axis 0, as NumPy's permutation(x).
func permutationOf(b bitGen, op string, t *tensor.Tensor) *tensor.Tensor {
	if t.NDim() == 0 {
		fail(op, "x must be an integer or at least 1-dimensional")
	}
	idx := tensor.FromSlice(shuffleIndex(b, t.Dim(0)))
	return t.Take(idx.To(t.Device()), 0)
}

func arangeShuffled(b bitGen, op string, n int) *tensor.Tensor {
	if n < 0 {
		fail(op, "negative dimensions are not allowed: n = %d", n)
	}
	return tensor.FromSlice(shuffleIndex(b, n))
}
