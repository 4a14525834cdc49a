package tensor

// Integer-array assignment and the index functions around it: Put, TakeAlongAxis,
// PutAlongAxis, ArgWhere, FlatNonZero. Every write goes through scatterSet, which is
// composed of the device's Sort, Take, Where and ScatterAdd, so it runs on every device
// and gives NumPy's last-write-wins answer for repeated indices on each of them.

import (
	"math"
	"slices"

	"github.com/gotensor/gotensor/device"
)

// linearIndex returns the C-order position, within the leading dimensions dims of a
// tensor, that the index arrays (one per dimension, already checked to be in range,
// negative ones counting from the end) select, broadcast to shape b and flattened to 1-D
// int64 on d.
func linearIndex(op string, d device.Device, dims []int, arrays []*Tensor, b []int) *Tensor {
	var lin *Tensor
	stride := int64(1)
	for j := len(arrays) - 1; j >= 0; j-- {
		n := int64(dims[j])
		i := onDevice(arrays[j], d).as(Int64)
		if n > 0 {
			i = Mod(i, n)
		}
		if stride != 1 {
			i = Mul(i, stride)
		}
		if lin == nil {
			lin = i
		} else {
			lin = Add(lin, i)
		}
		stride *= n
	}
	if lin == nil {
		lin = alloc(op, d, Int64, nil).Fill(0)
	}
	return lin.broadcastTo(op, b).Reshape(prod(b))
}

// scatterSet writes vals into dst at positions lin of dst's first lead dimensions seen
// flattened in C order: for every k, dst[unravel(lin[k]), ...] = vals[k, ...], the last
// k winning where positions repeat (NumPy's x[idx] = v). lin is 1-D int64 in
// [0, prod(dst.shape[:lead])); vals broadcasts to (len(lin),) + dst.shape[lead:] and is
// cast to dst's dtype. dst may have any layout; the caller has checked it is writable.
//
// It is composed of device ops, so every device gives the same answer: a stable sort of
// lin finds, for each position, the last k that writes it; those values are
// scatter-added into a buffer of -0.0 (every other term is -0.0, which adds nothing,
// so atomics in any order give the exact value, signed zeros and NaN included), a count
// of 0 or 1 per position is scatter-added beside it, and Where writes the buffer into dst
// where the count is 1.
func scatterSet(op string, dst *Tensor, lead int, lin, vals *Tensor) {
	k := lin.shape[0]
	if k == 0 || dst.Size() == 0 {
		return
	}
	d := deviceOf(op, dst)
	rest := dst.shape[lead:]
	work := dst.dtype
	if work == Bool {
		work = Uint8 // ScatterAdd has no bool kernel: 0/1 in uint8
	}
	vals = onDevice(untrack(vals), d).as(dst.dtype).as(work)
	vals = dropLeadingOnes(vals, 1+len(rest)).broadcastTo(op, append([]int{k}, rest...))
	lin = onDevice(lin, d)
	perm := ArgSort(lin)
	sl := takeAxis(op, lin, perm, 0)
	last := alloc(op, d, Bool, []int{k})
	last.view([]int{1}, []int{1}, k-1).Fill(1)
	if k > 1 {
		NotEqualInto(last.view([]int{k - 1}, []int{1}, 0), sl.view([]int{k - 1}, []int{1}, 0), sl.view([]int{k - 1}, []int{1}, 1))
	}
	ident := 0.0
	if work.IsFloat() {
		ident = math.Copysign(0, -1)
	}
	vs := takeAxis(op, vals, perm, 0) // a fresh copy: vals may view dst
	cond := last.Reshape(append([]int{k}, unitDims(len(rest))...)...).broadcastTo(op, vs.shape)
	check(op, d.Where(vs.operand(), cond.operand(), vs.operand(), device.Operand{DType: work, Shape: vs.shape, S: device.Scalar{F: ident}}))
	n := prod(dst.shape[:lead])
	buf := alloc(op, d, work, append([]int{n}, rest...)).Fill(ident)
	scatterAdd(op, buf, sl, vs, 0)
	hit := alloc(op, d, Int32, []int{n}).Fill(0)
	scatterAdd(op, hit, sl, last.as(Int32), 0)
	where := hit.as(Bool).Reshape(append(slices.Clone(dst.shape[:lead]), unitDims(len(rest))...)...).broadcastTo(op, dst.shape)
	src := buf.Reshape(dst.shape...)
	if dst.dtype == Bool {
		src = src.as(Bool)
	}
	check(op, d.Where(dst.operand(), where.operand(), src.operand(), dst.operand()))
}

// checkRange fails with an Index error when an element of the int64 tensor i is outside
// [-n, n), reading its minimum and maximum (a sync on a GPU).
func checkRange(op string, i *Tensor, n int, axis int) {
	if i.Size() == 0 {
		return
	}
	for _, v := range []int64{Min(i).Int(), Max(i).Int()} {
		if v < -int64(n) || v >= int64(n) {
			fail(Index, op, "index %d is out of bounds for axis %d with size %d", v, axis, n)
		}
	}
}

// Put writes values into x at flat positions, as np.put(x, indices, values, mode), and
// returns x: x.flat[indices[i]] = values[i % len(values)] for every i in C order, so
// values (a Go number or a tensor, flattened and cast to x's dtype) repeats when it is
// shorter than indices and is cut when longer; an empty values tensor writes nothing.
// Positions count in x's C order whatever its layout, so Put on a view writes its base.
// Where a position repeats the last write wins, as in NumPy, on every device.
//
// mode is "raise" (the default: an index outside [-size, size) is an Index error and
// nothing is written), "wrap" (indices wrap around) or "clip" (indices clip to
// [0, size-1], negative ones to 0). Writing to an empty x is an Index error in every mode
// (NumPy 1.24 crashes or hangs there with wrap and clip). indices must be an integer
// tensor; a read-only x (a broadcast view or a diagonal, see ReadOnly) is a Value error.
func Put(x, indices *Tensor, values any, mode ...string) *Tensor {
	const op = "Put"
	x.must(op)
	indices.must(op)
	checkIntIndex(op, indices)
	m := "raise"
	switch len(mode) {
	case 0:
	case 1:
		m = mode[0]
	default:
		fail(Value, op, "takes at most one mode, got %q", mode)
	}
	if m != "raise" && m != "wrap" && m != "clip" {
		fail(Value, op, "clipmode must be one of 'clip', 'raise', or 'wrap', got %q", m)
	}
	writable(op, x)
	o := asOperand(op, values)
	d := deviceOf(op, x, indices, o.t)
	k, n := indices.Size(), x.Size()
	var vals *Tensor
	if o.t != nil {
		v := flatView(untrack(o.t))
		nv := v.shape[0]
		if nv == 0 || k == 0 {
			return x
		}
		if nv != k {
			cyc := make([]int64, k)
			for i := range cyc {
				cyc[i] = int64(i % nv)
			}
			v = takeAxis(op, onDevice(v, d), FromSlice(cyc).To(d), 0)
		}
		vals = v
	} else {
		vals = assignValue(op, x.dtype, values, []int{})
	}
	if k == 0 {
		return x
	}
	if n == 0 {
		fail(Index, op, "cannot put %d values into an empty tensor of shape %s", k, shapeStr(x.shape))
	}
	idx := flatView(onDevice(untrack(indices), d)).as(Int64)
	switch m {
	case "raise":
		checkRange(op, idx, n, 0)
		idx = Mod(idx, int64(n))
	case "wrap":
		idx = Mod(idx, int64(n))
	case "clip":
		idx = Minimum(Maximum(idx, int64(0)), int64(n-1))
	}
	scatterSet(op, x, len(x.shape), idx, vals)
	return x
}

// Put writes values at flat positions in place (see the function Put) and returns t.
func (t *Tensor) Put(indices *Tensor, values any, mode ...string) *Tensor {
	return Put(t, indices, values, mode...)
}

// alongAxis validates the operands of TakeAlongAxis and PutAlongAxis and returns the
// index arrays that select, for every position of indices, x's element along axis
// (aranges over the other dimensions, as np.take_along_axis builds them), their
// broadcast shape, and the shape they index: x's, or with no axis (x flattened) its size.
func alongAxis(op string, x, indices *Tensor, axis []int) (shape []int, arrays []*Tensor, b []int) {
	x.must(op)
	indices.must(op)
	checkIntIndex(op, indices)
	d := deviceOf(op, x, indices)
	ax := 0
	shape = x.shape
	switch len(axis) {
	case 0:
		if len(indices.shape) != 1 {
			fail(Shape, op, "with no axis, indices must have a single dimension, got shape %s", shapeStr(indices.shape))
		}
		shape = []int{x.Size()}
	case 1:
		ax = normAxis(op, axis[0], len(x.shape))
	default:
		fail(Value, op, "takes at most one axis, got %v", axis)
	}
	r := len(shape)
	if len(indices.shape) != r {
		fail(Shape, op, "indices and the tensor must have the same number of dimensions: indices of shape %s, tensor of shape %s",
			shapeStr(indices.shape), shapeStr(x.shape))
	}
	arrays = make([]*Tensor, r)
	shapes := make([][]int, r)
	for k := range arrays {
		if k == ax {
			arrays[k] = onDevice(untrack(indices), d)
		} else {
			s := unitDims(r)
			s[k] = shape[k]
			arrays[k] = Arange(Int64, 0, float64(shape[k]), 1).Reshape(s...).To(d)
		}
		shapes[k] = arrays[k].shape
	}
	if err := Try(func() { b = broadcastShapes(op, shapes...) }); err != nil {
		fail(Index, op, "shape mismatch: indices of shape %s do not broadcast with the tensor's shape %s outside axis %d",
			shapeStr(indices.shape), shapeStr(shape), ax)
	}
	checkRange(op, arrays[ax].as(Int64), shape[ax], ax)
	return shape, arrays, slices.Clone(b)
}

// TakeAlongAxis picks values of x along axis at the positions indices gives for each
// position of the other dimensions, as np.take_along_axis(x, indices, axis): indices is
// an integer tensor of x's rank whose other dimensions broadcast with x's, and
// out[..., i, ...] = x[..., indices[..., i, ...], ...]. With no axis x is flattened and
// indices must be 1-D (NumPy's axis=None). Negative indices count from the end; one out
// of range is an Index error. It is IndexArrays with aranges, so autograd works through it.
func TakeAlongAxis(x, indices *Tensor, axis ...int) *Tensor {
	_, arrays, _ := alongAxis("TakeAlongAxis", x, indices, axis)
	if len(axis) == 0 {
		x = flatView(x)
	}
	return IndexArrays(x, arrays...)
}

// TakeAlongAxis picks values along axis (see the function TakeAlongAxis).
func (t *Tensor) TakeAlongAxis(indices *Tensor, axis ...int) *Tensor {
	return TakeAlongAxis(t, indices, axis...)
}

// PutAlongAxis writes values into x along axis at the positions indices gives, as
// np.put_along_axis(x, indices, values, axis), and returns x: x[..., indices[..., i,
// ...], ...] = values[..., i, ...], with indices as in TakeAlongAxis and values (a Go
// number or a tensor, cast to x's dtype) broadcasting to the shape TakeAlongAxis would
// return (a Shape error otherwise). With no axis x is seen flattened in C order, whatever
// its layout. Where a position repeats the last write in C order wins, on every device. A
// read-only x is a Value error.
func PutAlongAxis(x, indices *Tensor, values any, axis ...int) *Tensor {
	const op = "PutAlongAxis"
	x.must(op)
	writable(op, x)
	shape, arrays, b := alongAxis(op, x, indices, axis)
	vals := assignValue(op, x.dtype, values, b)
	lin := linearIndex(op, x.Device(), shape, arrays, b) // with no axis: x's C order
	if len(vals.shape) > 0 {
		vals = vals.Reshape(prod(b))
	}
	scatterSet(op, untrack(x), len(x.shape), lin, vals)
	return x
}

// PutAlongAxis writes values along axis in place (see the function PutAlongAxis) and
// returns t.
func (t *Tensor) PutAlongAxis(indices *Tensor, values any, axis ...int) *Tensor {
	return PutAlongAxis(t, indices, values, axis...)
}

// ArgWhere returns the coordinates of x's non-zero (true) elements, one row per element
// in C order, as np.argwhere: an int64 tensor of shape (count, x.NDim()). NaN counts as
// non-zero. A 0-d x gives shape (1, 0) or (0, 0), as in NumPy. The count is read back
// to size the result (a sync on a GPU).
func ArgWhere(x *Tensor) *Tensor {
	const op = "ArgWhere"
	x.must(op)
	x = untrack(x)
	if len(x.shape) == 0 {
		n := nonZero(op, x.Reshape(1)).shape[0]
		return alloc(op, x.Device(), Int64, []int{n, 0})
	}
	return nonZero(op, x)
}

// ArgWhere returns the coordinates of the non-zero elements (see the function ArgWhere).
func (t *Tensor) ArgWhere() *Tensor { return ArgWhere(t) }

// FlatNonZero returns the positions of x's non-zero (true) elements in x flattened in C
// order, as np.flatnonzero: a 1-D int64 tensor. A 0-d x counts as one element.
func FlatNonZero(x *Tensor) *Tensor {
	const op = "FlatNonZero"
	x.must(op)
	return nonZeroFlat(op, flatView(untrack(x)))
}

// FlatNonZero returns the flat positions of the non-zero elements (see the function
// FlatNonZero).
func (t *Tensor) FlatNonZero() *Tensor { return FlatNonZero(t) }
