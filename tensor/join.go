package tensor

// Joining, splitting and tiling: every result is allocated once and filled by copies into
// views of it, so the ops run on any device without touching its memory from Go.

import (
	"slices"

	"github.com/gotensor/gotensor/device"
)

// axisWindow returns the view of t that keeps n elements of dimension axis from lo,
// taking every step-th one (step 1 for a plain window).
func axisWindow(t *Tensor, axis, lo, n, step int) *Tensor {
	shape := append([]int{}, t.shape...)
	strides := append([]int{}, t.strides...)
	shape[axis] = n
	off := t.offset
	if n > 0 {
		off += lo * t.strides[axis]
	}
	strides[axis] *= step
	return t.view(shape, strides, off)
}

// recordWindow is axisWindow(t, axis, lo, n, 1) returned to the user: it records as the
// Slice t[:, ..., lo:lo+n] that it is.
func recordWindow(t *Tensor, axis, lo, n int) *Tensor {
	w := axisWindow(t, axis, lo, n, 1)
	if t.ag == nil {
		return w
	}
	specs := make([]any, axis+1)
	for k := range axis {
		specs[k] = S()
	}
	specs[axis] = S(lo, lo+n)
	return record("Slice", w, specs, nil, t)
}

// checkJoinInputs rejects an empty list and nil tensors.
func checkJoinInputs(op string, ts []*Tensor) {
	if len(ts) == 0 {
		fail(Value, op, "need at least one tensor to join")
	}
	for i, t := range ts {
		if t == nil {
			fail(Value, op, "tensor %d is nil", i)
		}
	}
}

// Concatenate joins tensors along an existing axis, as np.concatenate. The result's dtype
// is np.result_type of the inputs; every dimension but axis must match. With axis None
// (tensor.None) every input is flattened first and the result is 1-D, as axis=None.
func Concatenate(ts []*Tensor, axis int) *Tensor { return concatenate("Concatenate", ts, axis) }

func concatenate(op string, ts []*Tensor, axis int) *Tensor {
	checkJoinInputs(op, ts)
	if axis == None {
		flat := make([]*Tensor, len(ts))
		for i, t := range ts {
			flat[i] = t.must(op).Reshape(-1)
		}
		ts, axis = flat, 0
	}
	first := ts[0]
	r := len(first.shape)
	if r == 0 {
		fail(Value, op, "zero-dimensional tensors cannot be concatenated: tensor 0 has shape ()")
	}
	axis = normAxis(op, axis, r)
	shape := append([]int{}, first.shape...)
	shape[axis] = 0
	for i, t := range ts {
		if len(t.shape) != r {
			fail(Shape, op, "all inputs must have the same number of dimensions: tensor 0 has shape %s and tensor %d has shape %s",
				shapeStr(first.shape), i, shapeStr(t.shape))
		}
		for k, n := range t.shape {
			if k != axis && n != first.shape[k] {
				fail(Shape, op, "all input dimensions except axis %d must match: %s vs %s (dimension %d is %d vs %d)",
					axis, shapeStr(first.shape), shapeStr(t.shape), k, first.shape[k], n)
			}
		}
		shape[axis] += t.shape[axis]
	}
	d := deviceOf(op, ts...)
	out := alloc(op, d, promoteTensors(ts...), shape)
	lo := 0
	for _, t := range ts {
		n := t.shape[axis]
		if n > 0 {
			copyInto(op, axisWindow(out, axis, lo, n, 1), t)
		}
		lo += n
	}
	return record("Concatenate", out, axis, nil, ts...)
}

// Stack joins tensors of one shape along a new axis, as np.stack: axis counts in the
// result's rank, so it may be -1 or equal the inputs' rank.
func Stack(ts []*Tensor, axis int) *Tensor {
	const op = "Stack"
	checkJoinInputs(op, ts)
	axis = normAxis(op, axis, len(ts[0].shape)+1)
	ex := make([]*Tensor, len(ts))
	for i, t := range ts {
		if !slices.Equal(t.shape, ts[0].shape) {
			fail(Shape, op, "all input tensors must have the same shape: tensor 0 has shape %s and tensor %d has shape %s",
				shapeStr(ts[0].shape), i, shapeStr(t.shape))
		}
		ex[i] = t.ExpandDims(axis)
	}
	return concatenate(op, ex, axis)
}

// HStack joins tensors horizontally, as np.hstack: along axis 0 when they are 1-D (0-d
// tensors count as 1-D), along axis 1 otherwise.
func HStack(ts []*Tensor) *Tensor {
	const op = "HStack"
	checkJoinInputs(op, ts)
	ex := make([]*Tensor, len(ts))
	for i, t := range ts {
		ex[i] = atLeast(t, 1)
	}
	if len(ex[0].shape) == 1 {
		return concatenate(op, ex, 0)
	}
	return concatenate(op, ex, 1)
}

// VStack joins tensors vertically, as np.vstack: 1-D tensors of length n become rows of
// shape (1, n), then everything joins along axis 0.
func VStack(ts []*Tensor) *Tensor {
	const op = "VStack"
	checkJoinInputs(op, ts)
	ex := make([]*Tensor, len(ts))
	for i, t := range ts {
		ex[i] = atLeast(t, 2)
	}
	return concatenate(op, ex, 0)
}

// atLeast views t with leading dimensions of size 1 added up to rank r, as
// np.atleast_1d and np.atleast_2d.
func atLeast(t *Tensor, r int) *Tensor {
	for len(t.shape) < r {
		t = t.ExpandDims(0)
	}
	return t
}

// Split divides t into sections equal views along axis, as np.split(t, sections, axis).
// A length that sections does not divide is a Value error, as in NumPy; the views share
// t's storage.
func Split(t *Tensor, sections, axis int) []*Tensor {
	t.must("Split")
	const op = "Split"
	if t == nil {
		fail(Value, op, "nil tensor")
	}
	axis = normAxis(op, axis, len(t.shape))
	n := t.shape[axis]
	if sections <= 0 {
		fail(Value, op, "number of sections must be larger than 0, got %d", sections)
	}
	if n%sections != 0 {
		fail(Value, op, "tensor split does not result in an equal division: axis %d of shape %s has length %d, not a multiple of %d sections",
			axis, shapeStr(t.shape), n, sections)
	}
	out := make([]*Tensor, sections)
	m := n / sections
	for i := range out {
		out[i] = recordWindow(t, axis, i*m, m)
	}
	return out
}

// SplitAt divides t along axis at the given indices, as np.split(t, indices, axis):
// the pieces are t[:i0], t[i0:i1], ..., t[ik:] along axis, with Python's slice rules
// (negative indices count from the end, out-of-range ones clamp, so pieces may be empty).
// The pieces are views sharing t's storage.
func SplitAt(t *Tensor, indices []int, axis int) []*Tensor {
	t.must("SplitAt")
	const op = "SplitAt"
	if t == nil {
		fail(Value, op, "nil tensor")
	}
	axis = normAxis(op, axis, len(t.shape))
	bounds := append(append([]int{0}, indices...), None)
	out := make([]*Tensor, len(bounds)-1)
	for i := range out {
		start, count, _ := S(bounds[i], bounds[i+1]).indices(op, t.shape[axis])
		out[i] = recordWindow(t, axis, start, count)
	}
	return out
}

// Tile repeats t reps[k] times along each dimension, as np.tile: when reps is shorter than
// t's rank it is padded with leading 1s, when longer t gets leading dimensions of size 1.
func Tile(t *Tensor, reps ...int) (res *Tensor) {
	t.must("Tile")
	const op = "Tile"
	if in := t; t.ag != nil {
		t = untrack(t)
		defer func() {
			if res != nil {
				record(op, res, append([]int{}, reps...), nil, in)
			}
		}()
	}
	for _, r := range reps {
		if r < 0 {
			fail(Value, op, "negative dimensions are not allowed: reps %v", reps)
		}
	}
	src := atLeast(t, len(reps))
	full := make([]int, len(src.shape))
	for i := range full {
		full[i] = 1
	}
	copy(full[len(full)-len(reps):], reps)
	shape := make([]int, len(full))
	extra := 0
	for k, r := range full {
		shape[k] = src.shape[k] * r
		if r > 1 {
			extra++
		}
	}
	out := alloc(op, deviceOf(op, t), t.dtype, shape)
	if out.Size() == 0 {
		return out
	}
	if len(shape)+extra <= device.MaxRank {
		// One copy: view out as (r0, n0, r1, n1, ...) over the dimensions with r > 1 and
		// read src through stride 0 on each r.
		var os, ost, ss, sst []int
		ostr := out.strides
		for k, r := range full {
			n := src.shape[k]
			if r > 1 {
				os, ost = append(os, r), append(ost, n*ostr[k])
				ss, sst = append(ss, 1), append(sst, 0)
			}
			os, ost = append(os, n), append(ost, ostr[k])
			ss, sst = append(ss, n), append(sst, src.strides[k])
		}
		copyInto(op, out.view(os, ost, 0), src.view(ss, sst, src.offset))
		return out
	}
	// Too many dimensions for the interleaved view: fill each block separately,
	// repeating the filled part along one axis at a time.
	copyInto(op, out.view(src.shape, out.strides, 0), src)
	for k, r := range full {
		n := src.shape[k]
		done := out.view(append([]int{}, out.shape...), out.strides, 0)
		for j := k + 1; j < len(full); j++ {
			done.shape[j] = src.shape[j]
		}
		for j := 0; j < k; j++ {
			done.shape[j] = shape[j]
		}
		block := axisWindow(done, k, 0, n, 1)
		for i := 1; i < r; i++ {
			copyInto(op, axisWindow(done, k, i*n, n, 1), block)
		}
	}
	return out
}

// Repeat repeats each element repeats times along axis, as np.repeat(t, repeats, axis);
// with no axis t is flattened first and the result is 1-D.
func Repeat(t *Tensor, repeats int, axis ...int) (res *Tensor) {
	t.must("Repeat")
	const op = "Repeat"
	if in := t; t.ag != nil {
		t = untrack(t)
		defer func() {
			if res != nil {
				record(op, res, RepeatParams{Repeats: repeats, Axis: append([]int{}, axis...)}, nil, in)
			}
		}()
	}
	src, ax := repeatAxis(op, t, axis)
	if repeats < 0 {
		fail(Value, op, "negative dimensions are not allowed: repeats %d", repeats)
	}
	shape := append([]int{}, src.shape...)
	shape[ax] *= repeats
	out := alloc(op, deviceOf(op, t), t.dtype, shape)
	if out.Size() == 0 {
		return out
	}
	if len(shape) < device.MaxRank {
		// View out as (..., n, repeats, ...) and read src with stride 0 on repeats.
		ins := func(s []int, v int) []int {
			return append(append(append([]int{}, s[:ax+1]...), v), s[ax+1:]...)
		}
		ov := out.view(ins(src.shape, repeats), ins(out.strides, out.strides[ax]), 0)
		ov.strides[ax] = out.strides[ax] * repeats
		copyInto(op, ov, src.view(ins(src.shape, repeats), ins(src.strides, 0), src.offset))
		return out
	}
	for i := 0; i < repeats; i++ {
		copyInto(op, axisWindow(out, ax, i, src.shape[ax], repeats), src)
	}
	return out
}

// repeatAxis resolves Repeat's optional axis: none means the flattened tensor, axis 0.
func repeatAxis(op string, t *Tensor, axis []int) (*Tensor, int) {
	switch len(axis) {
	case 0:
		return flatView(t), 0
	case 1:
		return t, normAxis(op, axis[0], len(t.shape))
	}
	fail(Value, op, "takes at most one axis, got %v", axis)
	return nil, 0
}

// RepeatEach repeats element i along axis repeats[i] times, as np.repeat with an array
// of counts. len(repeats) must equal the length of axis, or be 1 (then it is Repeat).
func RepeatEach(t *Tensor, repeats []int, axis int) *Tensor {
	t.must("RepeatEach")
	const op = "RepeatEach"
	if t == nil {
		fail(Value, op, "nil tensor")
	}
	axis = normAxis(op, axis, len(t.shape))
	n := t.shape[axis]
	for _, r := range repeats {
		if r < 0 {
			fail(Value, op, "negative dimensions are not allowed: repeats %v", repeats)
		}
	}
	if len(repeats) == 1 {
		return Repeat(t, repeats[0], axis)
	}
	if len(repeats) != n {
		fail(Shape, op, "repeats of shape (%d,) do not broadcast to axis %d of shape %s (length %d)",
			len(repeats), axis, shapeStr(t.shape), n)
	}
	var idx []int64
	for i, r := range repeats {
		for j := 0; j < r; j++ {
			idx = append(idx, int64(i))
		}
	}
	if idx == nil {
		idx = []int64{}
	}
	ix := FromSlice(idx).To(t.Device())
	return record("Take", takeAxis(op, t, ix, axis), TakeParams{Indices: ix, Axis: axis}, nil, t)
}

// RepeatParams are what Repeat records for autograd: the count and the axis as given
// (none: the flattened tensor).
type RepeatParams struct {
	Repeats int
	Axis    []int
}

// Concatenate joins t and others along axis (see the function Concatenate).
func (t *Tensor) Concatenate(axis int, others ...*Tensor) *Tensor {
	t.must("Concatenate")
	return Concatenate(append([]*Tensor{t}, others...), axis)
}

// Split divides t into equal views along axis (see the function Split).
func (t *Tensor) Split(sections, axis int) []*Tensor { return Split(t, sections, axis) }

// Tile repeats t along each dimension (see the function Tile).
func (t *Tensor) Tile(reps ...int) *Tensor { return Tile(t, reps...) }

// Repeat repeats each element along axis, or of the flattened tensor (see the function
// Repeat).
func (t *Tensor) Repeat(repeats int, axis ...int) *Tensor { return Repeat(t, repeats, axis...) }

// flatView is t as 1-D, a view where the strides allow (Ravel, spelled with the explicit
// size so that empty tensors work too).
func flatView(t *Tensor) *Tensor { return t.Reshape(t.Size()) }
