package tensor

// NumPy's shape functions that are views or joins of views: AtLeast1D/2D/3D,
// ExpandDims with several axes, MoveAxis and SwapAxes as functions, ArraySplit,
// BroadcastArrays and Meshgrid. Each is composed of recorded views (and copies), so it
// runs on every device and autograd works through it.

// ExpandDims inserts dimensions of size 1 at the given axes, as np.expand_dims(x, axes):
// each axis counts in the result's rank len(axes) + x.NDim() (negative ones from the
// end), so ExpandDims(x, 0, -1) of shape (3,) has shape (1, 3, 1). An axis out of range
// is an Axis error, a repeated one a Value error. The result is a view.
func ExpandDims(x *Tensor, axes ...int) *Tensor {
	const op = "ExpandDims"
	x.must(op)
	r := len(x.shape) + len(axes)
	ins := make([]bool, r)
	for _, a := range axes {
		a = normAxis(op, a, r)
		if ins[a] {
			fail(Value, op, "repeated axis %d in %v", a, axes)
		}
		ins[a] = true
	}
	shape, strides := make([]int, r), make([]int, r)
	j := 0
	for k := range shape {
		if ins[k] {
			shape[k] = 1
			continue
		}
		shape[k], strides[k] = x.shape[j], x.strides[j]
		j++
	}
	checkShape(op, shape)
	return record("Reshape", x.view(shape, strides, x.offset), nil, nil, x) // ExpandDims
}

// MoveAxis moves dimension src of x to position dst, the others keeping their order, as
// np.moveaxis (a view; see the method).
func MoveAxis(x *Tensor, src, dst int) *Tensor { return x.must("MoveAxis").MoveAxis(src, dst) }

// SwapAxes exchanges dimensions a and b of x, as np.swapaxes (a view; see the method).
func SwapAxes(x *Tensor, a, b int) *Tensor { return x.must("SwapAxes").SwapAxes(a, b) }

// AtLeast1D returns x viewed with at least one dimension, as np.atleast_1d: a 0-d x
// becomes shape (1,), anything else is x itself.
func AtLeast1D(x *Tensor) *Tensor { return atLeast(x.must("AtLeast1D"), 1) }

// AtLeast1D views t with at least one dimension (see the function AtLeast1D).
func (t *Tensor) AtLeast1D() *Tensor { return AtLeast1D(t) }

// AtLeast2D returns x viewed with at least two dimensions, as np.atleast_2d: 0-d becomes
// (1, 1) and (n,) becomes (1, n); anything else is x itself.
func AtLeast2D(x *Tensor) *Tensor { return atLeast(x.must("AtLeast2D"), 2) }

// AtLeast2D views t with at least two dimensions (see the function AtLeast2D).
func (t *Tensor) AtLeast2D() *Tensor { return AtLeast2D(t) }

// AtLeast3D returns x viewed with at least three dimensions, as np.atleast_3d: 0-d
// becomes (1, 1, 1), (n,) becomes (1, n, 1) and (m, n) becomes (m, n, 1); anything else
// is x itself.
func AtLeast3D(x *Tensor) *Tensor {
	x.must("AtLeast3D")
	switch len(x.shape) {
	case 0:
		return ExpandDims(x, 0, 1, 2)
	case 1:
		return ExpandDims(x, 0, 2)
	case 2:
		return ExpandDims(x, 2)
	}
	return x
}

// AtLeast3D views t with at least three dimensions (see the function AtLeast3D).
func (t *Tensor) AtLeast3D() *Tensor { return AtLeast3D(t) }

// ArraySplit divides x into sections views along axis, as np.array_split(x, sections,
// axis): unlike Split the length need not divide evenly; the first length % sections
// pieces have one element more than the others, and pieces may be empty. sections must be
// positive (a Value error otherwise). The views share x's storage.
func ArraySplit(x *Tensor, sections, axis int) []*Tensor {
	const op = "ArraySplit"
	x.must(op)
	axis = normAxis(op, axis, len(x.shape))
	if sections <= 0 {
		fail(Value, op, "number of sections must be larger than 0, got %d", sections)
	}
	n := x.shape[axis]
	each, extra := n/sections, n%sections
	out := make([]*Tensor, sections)
	lo := 0
	for i := range out {
		m := each
		if i < extra {
			m++
		}
		out[i] = recordWindow(x, axis, lo, m)
		lo += m
	}
	return out
}

// ArraySplit divides t into sections views along axis (see the function ArraySplit).
func (t *Tensor) ArraySplit(sections, axis int) []*Tensor { return ArraySplit(t, sections, axis) }

// BroadcastArrays returns the tensors broadcast to their common shape, as
// np.broadcast_arrays: read-only views (see BroadcastTo), except that a tensor already of
// that shape is returned as it is. Shapes that do not broadcast are a Shape error.
func BroadcastArrays(ts ...*Tensor) []*Tensor {
	const op = "BroadcastArrays"
	shapes := make([][]int, len(ts))
	for i, t := range ts {
		if t == nil {
			fail(Value, op, "tensor %d is nil", i)
		}
		shapes[i] = t.must(op).shape
	}
	shape := append([]int{}, broadcastShapes(op, shapes...)...)
	out := make([]*Tensor, len(ts))
	for i, t := range ts {
		out[i] = t.BroadcastTo(shape...)
	}
	return out
}

// Meshgrid returns coordinate matrices from coordinate vectors, as np.meshgrid(*xs)
// with NumPy's default "xy" (Cartesian) indexing: for inputs of sizes n1, n2, n3, ...
// (each flattened) every result has shape (n2, n1, n3, ...), result i holding xs[i]'s
// values along its dimension. The results are new tensors (NumPy's copy=True), each on
// its input's device and of its dtype. No inputs give no results.
func Meshgrid(xs ...*Tensor) []*Tensor { return meshgrid("Meshgrid", xs, false) }

// MeshgridIJ is Meshgrid with matrix ("ij") indexing, np.meshgrid(*xs, indexing="ij"):
// every result has shape (n1, n2, n3, ...).
func MeshgridIJ(xs ...*Tensor) []*Tensor { return meshgrid("MeshgridIJ", xs, true) }

func meshgrid(op string, xs []*Tensor, ij bool) []*Tensor {
	n := len(xs)
	pos := make([]int, n) // the dimension each input runs along
	full := make([]int, n)
	for i, x := range xs {
		if x == nil {
			fail(Value, op, "tensor %d is nil", i)
		}
		pos[i] = i
		if !ij && n > 1 && i < 2 {
			pos[i] = 1 - i
		}
		full[pos[i]] = x.must(op).Size()
	}
	checkShape(op, full)
	out := make([]*Tensor, n)
	for i, x := range xs {
		s := unitDims(n)
		s[pos[i]] = -1
		out[i] = x.Reshape(s...).BroadcastTo(full...).Copy()
	}
	return out
}
