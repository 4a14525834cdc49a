package tensor

// Scatter-add: unbuffered accumulation at integer positions, NumPy's np.add.at, through
// the device's Scatterer (device.Scatterer).

import (
	"errors"

	"github.com/gotensor/gotensor/device"
)

// AddAt adds src into dst at integer positions along axis, unbuffered, as NumPy's
// np.add.at(dst, (slice(None),)*axis + (indices,), src), and returns dst, which it
// writes in place. For every position i of indices
//
//	dst[..., indices[i], ...] += src[..., i, ...]
//
// so a position that appears several times accumulates every time (unlike
// dst[indices] += src, which adds once). With no axis dst is seen flattened in C order,
// as np.add.at(dst.ravel(), indices, src) with a flat index would be if ravel were a
// view (here it always writes dst, copying through a temporary where dst is not
// contiguous enough to flatten as a view); this mirrors Take, not np.add.at's own
// default of axis 0.
//
// indices is an integer tensor of any shape (cast to int64); negative values count from
// the end and one out of range is an Index error, raised before dst is written. src is
// a Go number or a tensor that broadcasts to dst.shape[:axis] + indices.shape +
// dst.shape[axis+1:] (a Shape error otherwise); it is added in dst's dtype, and the sum's
// dtype (np.result_type, Go numbers weak as in NEP 50) must cast to dst's with NumPy's
// "same_kind" rule (a float src into an integer dst is a Value error, as is a Go integer
// outside the range of dst's dtype). A bool dst, a read-only dst (a broadcast view) and a
// leaf that requires grad are Value errors. Integer sums wrap.
//
// On the CPU the terms reach each element in indices' C order, so the result is the
// same bits on every run whatever the thread count; on a GPU float terms are added with
// atomics in no fixed order, so float results may differ in the last bits from run to
// run. AddAt is not recorded for autograd.
func AddAt(dst, indices *Tensor, src any, axis ...int) *Tensor {
	const op = "AddAt"
	dst.must(op)
	indices.must(op)
	checkIntIndex(op, indices)
	if dst.dtype == Bool {
		fail(Value, op, "bool destination: np.add.at would OR into it; use MaskAssign or LogicalOr")
	}
	v := asOperand(op, src)
	if rt := promote(operand{t: dst}, v); !device.CanCast(rt, dst.dtype) {
		fail(Value, op, "cannot cast the sum from %v to the destination's dtype %v with casting rule 'same_kind'", rt, dst.dtype)
	}
	checkScalar(op, v, dst.dtype)
	ax := 0
	switch len(axis) {
	case 0:
	case 1:
		ax = normAxis(op, axis[0], len(dst.shape))
	default:
		fail(Value, op, "takes at most one axis, got %v", axis)
	}
	writable(op, dst)
	d := deviceOf(op, dst, indices, v.t)
	var s *Tensor
	if v.t != nil {
		s = untrack(v.t)
	} else {
		s = v.tensor(dst.dtype)
	}
	target := untrack(dst)
	if len(axis) == 1 {
		scatterAdd(op, target, indices, s, ax)
		return dst
	}
	n := dst.Size()
	if st, ok := reshapeStrides(dst.shape, dst.strides, []int{n}, nil); ok {
		scatterAdd(op, target.view([]int{n}, st, dst.offset), indices, s, 0)
		return dst
	}
	tmp := alloc(op, d, dst.dtype, dst.shape)
	check(op, d.Copy(tmp.operand(), dst.operand()))
	scatterAdd(op, tmp.view([]int{n}, []int{1}, 0), indices, s, 0)
	check(op, d.Copy(dst.operand(), tmp.operand()))
	return dst
}

// AddAt adds src at integer positions in place (see the function AddAt) and returns t.
func (t *Tensor) AddAt(indices *Tensor, src any, axis ...int) *Tensor {
	return AddAt(t, indices, src, axis...)
}

// scatterAdd adds src into dst at idx's positions along axis (device.Scatterer) and
// returns dst: idx is an integer tensor (cast to int64), src a tensor that broadcasts to
// dst.shape[:axis] + idx.shape + dst.shape[axis+1:] (a Shape error otherwise), cast to
// dst's dtype without a casting check. The caller has checked that dst may be written
// (writable) and that axis is in range; nothing is recorded for autograd. src or idx
// sharing dst's storage are read before dst is written. An index out of range is an
// Index error naming the axis, and dst is left as it was.
func scatterAdd(op string, dst, idx, src *Tensor, axis int) *Tensor {
	d := deviceOf(op, dst, idx, src)
	sc, ok := d.(device.Scatterer)
	if !ok {
		fail(Device, op, "device %s has no scatter-add kernel (device.Scatterer)", d.Name())
	}
	idx = onDevice(idx.as(Int64), d)
	if idx.buf == dst.buf {
		idx = idx.Copy()
	}
	shape := append(append(append([]int{}, dst.shape[:axis]...), idx.shape...), dst.shape[axis+1:]...)
	src = dropLeadingOnes(onDevice(src, d), len(shape))
	if !broadcastsTo(src.shape, shape) {
		fail(Shape, op, "shape mismatch: src of shape %s could not be broadcast to the indexed shape %s (dst %s, indices %s, axis %d)",
			shapeStr(src.shape), shapeStr(shape), shapeStr(dst.shape), shapeStr(idx.shape), axis)
	}
	src = src.as(dst.dtype)
	if src.buf == dst.buf {
		src = src.Copy() // src is a view of dst: read it before writing, as NumPy does
	}
	src = src.broadcastTo(op, shape)
	if err := sc.ScatterAdd(dst.operand(), src.operand(), idx.operand(), axis); err != nil {
		var ie *device.IndexError
		if errors.As(err, &ie) {
			fail(Index, op, "index %d is out of bounds for axis %d with size %d", ie.Index, axis, dst.shape[axis])
		}
		check(op, err)
	}
	return dst
}
