package interop

import (
	"fmt"
	"slices"
	"unsafe"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// A strided layout (shape, strides and offset in elements) can be shared between
// libraries only through each library's own view operations, since neither gotensor nor
// gorgonia has a constructor that takes arbitrary strides. Both can cut a view out of a
// C-contiguous block: reshape a flat run of elements, slice each dimension (with a step)
// and permute the dimensions. plan finds that block for a layout, when there is one.

// block is a C-contiguous parent from which a strided layout is cut by slicing each of
// the parent's dimensions (start:start+(count-1)*step+1:step) and then permuting them.
type block struct {
	order  []int // the layout's dimensions of size > 1, by decreasing stride
	shape  []int // the parent's shape: one dimension per entry of order
	start  []int // first index taken in each parent dimension
	step   []int // slice step in each parent dimension
	count  []int // indices taken in each parent dimension (the layout's sizes)
	origin int   // position of the parent's first element in the data
	size   int   // number of elements in the parent
}

// plan returns the block that holds the layout inside data[0:avail], or false when the
// layout has a zero or negative stride on a dimension of size > 1, overlapping or
// non-nesting strides, or needs elements outside data[0:avail]. The layout must have at
// least one element.
//
// Dimension i of the parent (by decreasing stride) has C stride pi[i], a divisor of the
// layout's stride, and is sliced with step stride/pi[i]; see parentStrides. The block
// has (count[0]-1)*stride[0] + pi[0] elements.
func plan(shape, strides []int, offset, avail int) (block, bool) {
	var b block
	for k, n := range shape {
		if n > 1 {
			if strides[k] <= 0 {
				return b, false
			}
			b.order = append(b.order, k)
		}
	}
	slices.SortStableFunc(b.order, func(i, j int) int { return strides[j] - strides[i] })
	m := len(b.order)
	if m == 0 {
		b.origin, b.size = offset, 1
		return b, offset >= 0 && offset+1 <= avail
	}
	sigma := make([]int, m)
	b.count = make([]int, m)
	for i, k := range b.order {
		sigma[i], b.count[i] = strides[k], shape[k]
	}
	pi, ok := parentStrides(sigma, b.count)
	if !ok {
		return b, false
	}
	b.shape, b.start, b.step = make([]int, m), make([]int, m), make([]int, m)
	slack := make([]int, m)
	for i := range pi {
		b.step[i] = sigma[i] / pi[i]
		ext := (b.count[i]-1)*b.step[i] + 1
		b.shape[i] = ext
		if i > 0 {
			b.shape[i] = pi[i-1] / pi[i]
		}
		slack[i] = b.shape[i] - ext
	}
	b.size = b.shape[0] * pi[0]
	// When the block would run past avail, the parent may start before the layout's
	// first element (nonzero starts), as far as the slack in each dimension allows.
	if !b.shift(pi, slack, max(0, offset+b.size-avail), offset) {
		return b, false
	}
	b.origin = offset
	for i := range pi {
		b.origin -= b.start[i] * pi[i]
	}
	return b, true
}

// shift sets the parent's starts so that it begins c elements before the layout, with
// lo <= c <= hi and start[i] <= slack[i]: greedily from the outermost dimension, then,
// if the innermost slack is too small, one more step in the innermost dimension that
// has slack left.
func (b block) shift(pi, slack []int, lo, hi int) bool {
	if lo > hi {
		return false
	}
	rest := lo
	for i := range pi {
		b.start[i] = min(slack[i], rest/pi[i])
		rest -= b.start[i] * pi[i]
	}
	if rest == 0 {
		return true
	}
	for i := len(pi) - 2; i >= 0; i-- {
		if b.start[i] < slack[i] {
			b.start[i]++
			c := 0
			for j := range pi {
				if j > i {
					b.start[j] = 0
				}
				c += b.start[j] * pi[j]
			}
			return c <= hi
		}
	}
	return false
}

// parentStrides chooses the parent's C strides pi for a layout with strides sigma
// (decreasing) and sizes count: pi[m-1] = 1, each pi[i+1] a divisor of pi[i] and of
// sigma[i+1], with room for dimension i+1 inside dimension i:
// (count[i+1]-1)*sigma[i+1] + pi[i+1] <= pi[i]. pi[0] is the smallest that admits
// such inner strides (the block grows with it); the search backtracks over divisors,
// remembering dead ends. false means no such strides exist (overlapping or non-nesting
// strides).
func parentStrides(sigma, count []int) ([]int, bool) {
	m := len(sigma)
	pi := make([]int, m)
	dead := map[[2]int]bool{}
	// fill chooses pi[i..m-1] given pi[i-1].
	var fill func(i int) bool
	fill = func(i int) bool {
		if i == m {
			return true
		}
		key := [2]int{i, pi[i-1]}
		if dead[key] {
			return false
		}
		room := pi[i-1] - (count[i]-1)*sigma[i]
		ds := divisors(gcd(pi[i-1], sigma[i]))
		for j := len(ds) - 1; j >= 0; j-- { // largest first: most room inside
			if d := ds[j]; d <= room && (i < m-1 || d == 1) {
				pi[i] = d
				if fill(i + 1) {
					return true
				}
			}
		}
		dead[key] = true
		return false
	}
	for _, d := range divisors(sigma[0]) {
		if pi[0] = d; m == 1 && d == 1 || m > 1 && fill(1) {
			return pi, true
		}
	}
	return pi, false
}

// divisors returns the divisors of n > 0 in increasing order.
func divisors(n int) []int {
	var lo, hi []int
	for d := 1; d*d <= n; d++ {
		if n%d == 0 {
			lo = append(lo, d)
			if d*d != n {
				hi = append(hi, n/d)
			}
		}
	}
	for i := len(hi) - 1; i >= 0; i-- {
		lo = append(lo, hi[i])
	}
	return lo
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// end is the (exclusive) end of the slice of parent dimension i.
func (b block) end(i int) int { return b.start[i] + (b.count[i]-1)*b.step[i] + 1 }

// axes returns the permutation that puts the parent's dimensions (order) back in the
// layout's order.
func (b block) axes() ([]int, bool) {
	axes := make([]int, len(b.order))
	for i := range axes {
		axes[i] = i
	}
	slices.SortFunc(axes, func(i, j int) int { return b.order[i] - b.order[j] })
	for i, a := range axes {
		if a != i {
			return axes, true
		}
	}
	return axes, false
}

// viewTensor returns a CPU tensor of the given shape over data that shares its memory:
// element idx is data[offset + sum(idx[k]*strides[k])]. It returns nil when the layout
// is not one plan accepts within data[0:cap(data)]; data beyond len(data) is used only
// when needed (the padding after the last row of a sliced matrix).
func viewTensor[T tensor.Elem](data []T, shape, strides []int, offset int) *tensor.Tensor {
	if prod(shape) == 0 {
		return tensor.FromSlice([]T{}, shape...)
	}
	b, ok := plan(shape, strides, offset, len(data))
	if !ok {
		if b, ok = plan(shape, strides, offset, cap(data)); !ok {
			return nil
		}
	}
	data = data[b.origin : b.origin+b.size : b.origin+b.size]
	var x *tensor.Tensor
	if len(b.order) == 0 {
		x = tensor.FromSlice(data, []int{}...)
	} else {
		specs := make([]any, len(b.order))
		for i := range specs {
			specs[i] = tensor.S(b.start[i], b.end(i), b.step[i])
		}
		x = tensor.FromSlice(data).Reshape(b.shape...).Slice(specs...)
		if axes, perm := b.axes(); perm {
			x = x.Transpose(axes...)
		}
	}
	for k, n := range shape {
		if n == 1 {
			x = x.ExpandDims(k)
		}
	}
	return x
}

// hostView returns the backing slice, strides and offset of t when t is a writable
// tensor in host memory with element type T, so that another library may share it.
func hostView[T tensor.Elem](t *tensor.Tensor) (base []T, strides []int, offset int, ok bool) {
	if t.ReadOnly() || t.DType() != tensor.DTypeOf[T]() {
		return nil, nil, 0, false
	}
	hb, isHost := t.Buffer().(device.HostBuffer)
	if !isHost {
		return nil, nil, 0, false
	}
	base, ok = hb.Slice().([]T)
	if ok {
		device.MarkShared(hb) // the other library may keep the memory longer than t
	}
	return base, t.ElemStrides(), t.Offset(), ok
}

// inBounds reports whether every element of the layout lies in data[0:n].
func inBounds(n int, shape, strides []int, offset int) bool {
	if prod(shape) == 0 {
		return true
	}
	lo, hi := offset, offset
	for k, d := range shape {
		if s := strides[k] * (d - 1); s < 0 {
			lo += s
		} else {
			hi += s
		}
	}
	return lo >= 0 && hi < n
}

// gather copies the elements of a strided layout over src in C order, converted by conv.
// The caller checks the bounds (inBounds).
func gather[T, U any](src []T, shape, strides []int, offset int, conv func(T) U) []U {
	out := make([]U, prod(shape))
	if len(out) == 0 {
		return out
	}
	idx := make([]int, len(shape))
	p := offset
	for i := range out {
		out[i] = conv(src[p])
		for k := len(shape) - 1; k >= 0; k-- {
			idx[k]++
			p += strides[k]
			if idx[k] < shape[k] {
				break
			}
			p -= strides[k] * shape[k]
			idx[k] = 0
		}
	}
	return out
}

func same[T any](v T) T { return v }

// rawAs reinterprets a byte slice that holds elements of type T (gorgonia's storage) as
// []T, keeping its capacity.
func rawAs[T any](raw []byte) []T {
	var z T
	size := int(unsafe.Sizeof(z))
	if cap(raw) < size {
		return nil
	}
	s := unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(raw))), cap(raw)/size)
	return s[:len(raw)/size]
}

func prod(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// fail panics with a *tensor.Error for op (named "interop.<op>").
func fail(kind tensor.Kind, op, format string, args ...any) {
	panic(&tensor.Error{Kind: kind, Op: "interop." + op, Msg: fmt.Sprintf(format, args...)})
}
