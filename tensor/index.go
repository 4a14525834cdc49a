package tensor

// Advanced indexing: boolean masks, integer arrays, slice assignment. Every op runs
// through the device's Take, NonZero, Scan, Where and Copy, so data stays on its device;
// only counts (the size of a result) are read back to the host.

import (
	"errors"

	"github.com/gotensor/gotensor/device"
)

// takeAxis gathers x along axis at int64 (or castable integer) positions idx, negative
// ones counting from the end: the result has shape x.shape[:axis] + idx.shape +
// x.shape[axis+1:]. A position out of range is an Index error naming the axis.
func takeAxis(op string, x, idx *Tensor, axis int) *Tensor {
	d := deviceOf(op, x, idx)
	idx = onDevice(idx.as(Int64), d)
	shape := append(append(append([]int{}, x.shape[:axis]...), idx.shape...), x.shape[axis+1:]...)
	out := alloc(op, d, x.dtype, shape)
	if out.Size() == 0 && idx.Size() == 0 {
		return out
	}
	if err := d.Take(out.operand(), x.operand(), idx.operand(), axis); err != nil {
		var ie *device.IndexError
		if errors.As(err, &ie) {
			fail(Index, op, "index %d is out of bounds for axis %d with size %d", ie.Index, axis, x.shape[axis])
		}
		check(op, err)
	}
	return out
}

// checkIntIndex rejects index tensors that are not integers.
func checkIntIndex(op string, idx *Tensor) {
	if idx == nil {
		fail(Value, op, "nil index tensor")
	}
	if !idx.dtype.IsInt() {
		fail(Index, op, "arrays used as indices must be of integer type, got %v of shape %s", idx.dtype, shapeStr(idx.shape))
	}
}

// TakeParams are what Take records for autograd: the index tensor, the axis, and whether
// x was flattened first (no axis given).
type TakeParams struct {
	Indices *Tensor
	Axis    int
	Flat    bool
}

// Take gathers elements of x at integer positions along axis, as np.take(x, indices,
// axis); with no axis x is flattened first. Negative indices count from the end; one out
// of range is an Index error. The result has shape x.shape[:axis] + indices.shape +
// x.shape[axis+1:].
func Take(x, indices *Tensor, axis ...int) *Tensor {
	x.must("Take")
	indices.must("Take")
	const op = "Take"
	if x == nil {
		fail(Value, op, "nil tensor")
	}
	checkIntIndex(op, indices)
	in := x
	x = untrack(x)
	switch len(axis) {
	case 0:
		return record(op, takeAxis(op, flatView(x), indices, 0), TakeParams{Indices: indices.Detach(), Flat: true}, nil, in, nil)
	case 1:
		ax := normAxis(op, axis[0], len(x.shape))
		return record(op, takeAxis(op, x, indices, ax), TakeParams{Indices: indices.Detach(), Axis: ax}, nil, in, nil)
	}
	fail(Value, op, "takes at most one axis, got %v", axis)
	return nil
}

// Take gathers elements at integer positions (see the function Take).
func (t *Tensor) Take(indices *Tensor, axis ...int) *Tensor { return Take(t, indices, axis...) }

// checkMask validates a boolean mask for x: bool dtype, shape equal to x's leading
// dimensions (NumPy's IndexError otherwise).
func checkMask(op string, x, mask *Tensor) {
	if x == nil || mask == nil {
		fail(Value, op, "nil tensor")
	}
	if mask.dtype != Bool {
		fail(Index, op, "mask must be bool, got %v (use Take or IndexArrays for integer indices)", mask.dtype)
	}
	if len(mask.shape) > len(x.shape) {
		fail(Index, op, "too many indices: mask of shape %s for a tensor of shape %s", shapeStr(mask.shape), shapeStr(x.shape))
	}
	for k, n := range mask.shape {
		if n != x.shape[k] {
			fail(Index, op, "boolean index did not match indexed tensor along dimension %d; dimension is %d but corresponding boolean dimension is %d (mask shape %s, tensor shape %s)",
				k, x.shape[k], n, shapeStr(mask.shape), shapeStr(x.shape))
		}
	}
}

// MaskSelect returns the elements of x where mask is true, as x[mask] in NumPy: mask is
// bool with the shape of x's leading dimensions, and the result has shape
// (count,) + x.shape[mask.NDim():], in C order. It reads the count back to size the
// result (a sync on a GPU).
func MaskSelect(x, mask *Tensor) (res *Tensor) {
	x.must("MaskSelect")
	mask.must("MaskSelect")
	const op = "MaskSelect"
	checkMask(op, x, mask)
	in := x
	x = untrack(x)
	defer func() {
		if res != nil {
			record(op, res, mask.Detach(), nil, in)
		}
	}()
	deviceOf(op, x, mask)
	k := len(mask.shape)
	m := flatView(mask)
	pos := nonZeroFlat(op, m)
	lead := append([]int{m.shape[0]}, x.shape[k:]...)
	return takeAxis(op, x.Reshape(lead...), pos, 0)
}

// nonZeroFlat returns the positions of the true elements of the 1-D tensor m as int64.
func nonZeroFlat(op string, m *Tensor) *Tensor {
	nz := nonZero(op, m)
	return nz.view([]int{nz.shape[0]}, []int{nz.strides[0]}, nz.offset)
}

// nonZero returns the coordinates of x's non-zero elements as a (count, rank) int64
// tensor laid out rank-major, so that each coordinate column is contiguous.
func nonZero(op string, x *Tensor) *Tensor {
	d := deviceOf(op, x)
	var cnt *Tensor
	if x.dtype == Bool {
		cnt = Sum(x)
	} else {
		cnt = Sum(NotEqual(x, 0))
	}
	n, r := int(cnt.Int()), len(x.shape)
	buf := alloc(op, d, Int64, []int{r, n})
	out := buf.view([]int{n, r}, []int{1, n}, 0)
	if n > 0 && r > 0 {
		check(op, d.NonZero(out.operand(), x.operand()))
	}
	return out
}

// NonZero returns the indices of the non-zero (true) elements of x, one int64 tensor per
// dimension, as np.nonzero: element i of each tensor is a coordinate of the i-th non-zero
// element in C order. NaN counts as non-zero. The tensors are contiguous views of one
// buffer. A 0-d x is a Value error (np.atleast_1d it first, as NumPy 2 requires).
func NonZero(x *Tensor) []*Tensor {
	x.must("NonZero")
	const op = "NonZero"
	if x == nil {
		fail(Value, op, "nil tensor")
	}
	if len(x.shape) == 0 {
		fail(Value, op, "calling NonZero on a 0-d tensor is not allowed: use x.Reshape(1)")
	}
	nz := nonZero(op, x)
	n := nz.shape[0]
	out := make([]*Tensor, len(x.shape))
	for k := range out {
		out[k] = nz.view([]int{n}, []int{1}, k*n)
	}
	return out
}

// NonZero returns the coordinates of the non-zero elements (see the function NonZero).
func (t *Tensor) NonZero() []*Tensor { return NonZero(t) }

// MaskAssign writes value into x where mask is true, as x[mask] = value in NumPy, and
// returns x. mask is bool with the shape of x's leading dimensions; value is a Go number
// or a tensor that broadcasts to the selected shape (count,) + x.shape[mask.NDim():],
// cast to x's dtype. A Go number that x's integer dtype cannot hold (300 for uint8, NaN,
// ±Inf) is a Value error, as in Fill; so is a read-only x (a broadcast or a Diagonal).
func MaskAssign(x, mask *Tensor, value any) *Tensor {
	x.must("MaskAssign")
	mask.must("MaskAssign")
	const op = "MaskAssign"
	checkMask(op, x, mask)
	writable(op, x)
	v := asOperand(op, value)
	d := deviceOf(op, x, mask, v.t)
	if v.t != nil && v.t.buf == x.buf {
		v.t = v.t.Copy() // the value aliases x: read it before writing
	}
	k := len(x.shape) - len(mask.shape)
	// cond: mask with trailing size-1 dimensions, broadcast over x.
	cshape := append(append([]int{}, mask.shape...), unitDims(k)...)
	cond := onDevice(mask, d).Reshape(cshape...).broadcastTo(op, x.shape)
	if overlaps(x, cond) {
		cond = cond.Copy() // a bool x masked by a view of itself in another layout
	}
	var src device.Operand
	if v.t == nil {
		checkStore(op, v, x.dtype)
		s := v.s
		if x.dtype == Bool && (s.F != 0 || s.I != 0) {
			s = device.Scalar{F: 1, I: 1}
		}
		src = device.Operand{DType: x.dtype, Shape: x.shape, S: s}
	} else {
		src = maskValue(op, d, x, mask, v.t).operand()
	}
	check(op, d.Where(x.operand(), cond.operand(), src, x.operand()))
	return x
}

// checkStore refuses a Go number that an existing tensor of dtype dt cannot hold, as
// Fill does: a float that is NaN, infinite or out of an integer dtype's range once
// truncated (checkFillValue), or an integer outside it (checkScalar, NEP 50), each a
// Value error. Bools, and any number for a float or bool dtype, pass.
func checkStore(op string, o operand, dt DType) {
	if o.isFloat {
		checkFillValue(op, o.s.F, dt)
	} else {
		checkScalar(op, o, dt)
	}
}

// maskValue returns the value of x[mask] = value spread over x's shape: element i of the
// selection lands at the i-th true position of mask (positions where mask is false hold
// anything). The i-th true position gets value[cumsum(mask)-1], gathered with Take.
func maskValue(op string, d device.Device, x, mask, value *Tensor) *Tensor {
	k := len(mask.shape)
	rest := x.shape[k:]
	value = onDevice(value, d).as(x.dtype)
	m := flatView(mask)
	if len(value.shape) > len(rest)+1 {
		sel := append([]int{int(Sum(m).Int())}, rest...)
		fail(Shape, op, "shape mismatch: value of shape %s could not be broadcast to the indexing result of shape %s",
			shapeStr(value.shape), shapeStr(sel))
	}
	if len(value.shape) <= len(rest) || value.shape[0] == 1 {
		// one value per selected row: no gather needed
		vb := value
		if len(value.shape) > len(rest) {
			vb = value.Squeeze(0)
		}
		full := append(append([]int{}, unitDims(k)...), rest...)
		return vb.broadcastTo(op, rest).Reshape(full...).broadcastTo(op, x.shape)
	}
	count := int(Sum(m).Int())
	sel := append([]int{count}, rest...)
	if !broadcastsTo(value.shape, sel) {
		if len(value.shape) == 1 && len(rest) == 0 {
			fail(Value, op, "cannot assign %d input values to the %d output values where the mask is true", value.shape[0], count)
		}
		fail(Shape, op, "shape mismatch: value of shape %s could not be broadcast to the indexing result of shape %s",
			shapeStr(value.shape), shapeStr(sel))
	}
	vb := value.broadcastTo(op, sel)
	if count == 0 {
		return alloc(op, d, x.dtype, x.shape)
	}
	pos := CumSum(m).SubInPlace(1) // -1 before the first true wraps to count-1: harmless
	spread := takeAxis(op, vb, pos, 0)
	return spread.Reshape(x.shape...)
}

// broadcastsTo reports whether shape s broadcasts to shape to.
func broadcastsTo(s, to []int) bool {
	if len(s) > len(to) {
		return false
	}
	for i, n := range s {
		if m := to[len(to)-len(s)+i]; n != m && n != 1 {
			return false
		}
	}
	return true
}

// unitDims returns n dimensions of size 1.
func unitDims(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = 1
	}
	return s
}

// IndexArrays is NumPy's x[i0, i1, ...] with integer index tensors: the indices
// broadcast together (a Shape error otherwise) and the result has shape
// broadcast(indices) + x.shape[len(indices):]. Negative indices count from the end; one
// out of range is an Index error. Bounds are checked by reading each index tensor's
// minimum and maximum (a sync on a GPU).
func IndexArrays(x *Tensor, idx ...*Tensor) (res *Tensor) {
	x.must("IndexArrays")
	const op = "IndexArrays"
	if in := x; x.ag != nil {
		x = untrack(x)
		defer func() {
			if res != nil {
				ix := make([]*Tensor, len(idx))
				for i, t := range idx {
					ix[i] = t.Detach()
				}
				record(op, res, ix, nil, in)
			}
		}()
	}
	if len(idx) == 0 {
		fail(Value, op, "no index tensors given")
	}
	if len(idx) > len(x.shape) {
		fail(Index, op, "too many indices for tensor: tensor is %d-dimensional, but %d were indexed", len(x.shape), len(idx))
	}
	shapes := make([][]int, len(idx))
	for j, i := range idx {
		checkIntIndex(op, i)
		shapes[j] = i.shape
	}
	if err := Try(func() { broadcastShapes(op, shapes...) }); err != nil {
		parts := ""
		for _, s := range shapes {
			parts += " " + shapeStr(s)
		}
		fail(Index, op, "shape mismatch: indexing tensors could not be broadcast together with shapes%s", parts)
	}
	bshape := broadcastShapes(op, shapes...)
	d := deviceOf(op, append([]*Tensor{x}, idx...)...)
	var lin *Tensor
	stride := 1
	for j := len(idx) - 1; j >= 0; j-- {
		n := x.shape[j]
		i := onDevice(idx[j].as(Int64), d)
		if i.Size() > 0 {
			lo, hi := Min(i).Int(), Max(i).Int()
			for _, v := range []int64{lo, hi} {
				if v < -int64(n) || v >= int64(n) {
					fail(Index, op, "index %d is out of bounds for axis %d with size %d", v, j, n)
				}
			}
		}
		if n > 0 {
			i = Mod(i, int64(n)) // [-n, n) -> [0, n)
		}
		if stride != 1 {
			i = Mul(i, int64(stride))
		}
		if lin == nil {
			lin = i
		} else {
			lin = Add(lin, i)
		}
		stride *= n
	}
	lin = lin.broadcastTo(op, bshape)
	lead := append([]int{stride}, x.shape[len(idx):]...)
	return takeAxis(op, x.Reshape(lead...), lin, 0)
}

// SetSlice writes value into the view x.Slice(specs...) and returns x, as NumPy's
// x[specs] = value: value is a Go number or a tensor that broadcasts to the view's shape,
// cast to x's dtype. A value that overlaps x is read before it is written, as in NumPy.
// A Go number that x's integer dtype cannot hold (300 for uint8, NaN, ±Inf) and a
// read-only x (a broadcast or a Diagonal) are Value errors.
//
// With index arrays among specs (see Slice) it is NumPy's advanced assignment, x[idx] = v
// or x[:, mask] = v: value broadcasts to the shape x.Slice(specs...) would have, and
// where an element is selected more than once the last assignment in C order wins, as in
// NumPy, on every device.
func SetSlice(x *Tensor, value any, specs ...any) *Tensor {
	x.must("SetSlice")
	const op = "SetSlice"
	if x == nil {
		fail(Value, op, "nil tensor")
	}
	if hasArraySpec(specs) {
		return advancedSet(op, x, value, specs)
	}
	writable(op, x)
	dst := x.sliceView(op, specs)
	v := asOperand(op, value)
	if v.t != nil {
		v.t = dropLeadingOnes(v.t, len(dst.shape))
		if !broadcastsTo(v.t.shape, dst.shape) {
			fail(Shape, op, "could not broadcast input of shape %s into the slice of shape %s", shapeStr(v.t.shape), shapeStr(dst.shape))
		}
		copyInto(op, dst, v.t)
		return x
	}
	dt := Int64
	if v.isFloat || v.isBool {
		dt = Float64
	}
	checkStore(op, v, x.dtype)
	check(op, x.Device().Copy(dst.operand(), device.Operand{DType: dt, Shape: dst.shape, S: v.s}))
	return x
}

// SetSlice writes value into t.Slice(specs...) (see the function SetSlice).
func (t *Tensor) SetSlice(value any, specs ...any) *Tensor { return SetSlice(t, value, specs...) }

// dropLeadingOnes removes leading dimensions of size 1 from v until it has at most rank
// dimensions, as NumPy does with the value of an assignment (zeros((3, 2))[...] =
// ones((1, 3, 2)) works).
func dropLeadingOnes(v *Tensor, rank int) *Tensor {
	k := 0
	for len(v.shape)-k > rank && v.shape[k] == 1 {
		k++
	}
	if k == 0 {
		return v
	}
	return v.view(v.shape[k:], v.strides[k:], v.offset)
}

// OneHot returns labels one-hot encoded as float32, as np.eye(classes, dtype=float32)
// [labels]: shape labels.shape + (classes,). As in that NumPy expression a negative label
// counts from the end; a label outside [-classes, classes) is an Index error.
func OneHot(labels *Tensor, classes int) *Tensor {
	labels.must("OneHot")
	const op = "OneHot"
	if labels == nil {
		fail(Value, op, "nil tensor")
	}
	checkIntIndex(op, labels)
	if classes < 0 {
		fail(Value, op, "negative number of classes %d", classes)
	}
	shape := append(labels.Shape(), classes)
	checkShape(op, shape)
	l := labels.as(Int64)
	if l.Size() > 0 {
		lo, hi := Min(l).Int(), Max(l).Int()
		for _, v := range []int64{lo, hi} {
			if v < -int64(classes) || v >= int64(classes) {
				fail(Index, op, "index %d is out of bounds for axis 0 with size %d", v, classes)
			}
		}
	}
	if classes == 0 || l.Size() == 0 {
		return alloc(op, labels.Device(), Float32, shape).Fill(0)
	}
	l = Mod(l, int64(classes)).ExpandDims(-1)
	cls := Arange(Int64, 0, float64(classes), 1).To(labels.Device())
	return Equal(l, cls).AsType(Float32)
}
