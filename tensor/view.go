package tensor

import (
	"fmt"
	"math"
	"slices"
)

// None marks an omitted start or stop in S, as Python's a[::-1].
const None = math.MinInt

// Range is a slice spec start:stop:step; build it with S.
type Range struct{ Start, Stop, Step int }

// S makes a slice spec like Python's start:stop:step. S() is ":", S(2) is "2:",
// S(1, 5) is "1:5", S(None, None, -1) is "::-1". Pass None for an omitted bound.
func S(args ...int) Range {
	r := Range{None, None, 1}
	switch len(args) {
	case 0:
	case 1:
		r.Start = args[0]
	case 2:
		r.Start, r.Stop = args[0], args[1]
	case 3:
		r.Start, r.Stop, r.Step = args[0], args[1], args[2]
	default:
		fail(Value, "S", "a slice takes at most 3 values (start, stop, step), got %d", len(args))
	}
	return r
}

type newAxis struct{}
type ellipsis struct{}

// NewAxis inserts a dimension of size 1, as np.newaxis.
var NewAxis = newAxis{}

// Ellipsis stands for as many ":" as needed, as Python's "...".
var Ellipsis = ellipsis{}

// indices returns the first index, the count and the step that r selects from n, as
// Python's slice.indices.
func (r Range) indices(op string, n int) (start, count, step int) {
	step = r.Step
	if step == 0 {
		fail(Value, op, "slice step cannot be zero")
	}
	clamp := func(v, def, lo, hi int) int {
		if v == None {
			return def
		}
		if v < 0 {
			v += n
		}
		return max(lo, min(v, hi))
	}
	if step > 0 {
		start, stop := clamp(r.Start, 0, 0, n), clamp(r.Stop, n, 0, n)
		return start, max(0, (stop-start+step-1)/step), step
	}
	start, stop := clamp(r.Start, n-1, -1, n-1), clamp(r.Stop, -1, -1, n-1)
	return start, max(0, (start-stop-step-1)/(-step)), step
}

// Slice returns the view that NumPy's basic indexing x[specs...] gives: each spec is an
// int (drops the dimension; negative counts from the end), a Range from S (keeps it),
// NewAxis or Ellipsis. Missing trailing specs mean ":".
//
// A spec may also be an index array, NumPy's advanced indexing: an integer *Tensor or
// []int (picks positions along its dimension; the arrays broadcast together), or a bool
// *Tensor or []bool (a mask over as many dimensions as it has, x[None, mask],
// x[:, mask]). Then the result is a new tensor, not a view, shaped as NumPy shapes it:
// the broadcast index dimensions replace the indexed ones where the advanced indices
// (ints among them count as 0-d arrays) are adjacent, and come first otherwise. An
// index out of range is an Index error, as is a mask whose shape does not match.
func (t *Tensor) Slice(specs ...any) *Tensor {
	t.must("Slice")
	if hasArraySpec(specs) {
		return advancedGet("Slice", t, specs)
	}
	return record("Slice", t.sliceView("Slice", specs), specs, nil, t)
}

func (t *Tensor) sliceView(op string, specs []any) *Tensor {
	consumed, ell := 0, -1
	for i, s := range specs {
		switch s.(type) {
		case int, Range:
			consumed++
		case newAxis:
		case ellipsis:
			if ell >= 0 {
				fail(Index, op, "an index can only have a single ellipsis")
			}
			ell = i
		default:
			fail(Index, op, "index %d has type %T: want int, Range (tensor.S), NewAxis or Ellipsis", i, s)
		}
	}
	if consumed > len(t.shape) {
		fail(Index, op, "too many indices for tensor: tensor is %d-dimensional, but %d were indexed", len(t.shape), consumed)
	}
	var shape, strides []int
	off, k := t.offset, 0
	for i, s := range specs {
		switch v := s.(type) {
		case int:
			n := t.shape[k]
			j := v
			if j < 0 {
				j += n
			}
			if j < 0 || j >= n {
				fail(Index, op, "index %d is out of bounds for axis %d with size %d", v, k, n)
			}
			off += j * t.strides[k]
			k++
		case Range:
			start, count, step := v.indices(op, t.shape[k])
			if count > 0 {
				off += start * t.strides[k]
			}
			shape = append(shape, count)
			strides = append(strides, t.strides[k]*step)
			k++
		case newAxis:
			shape = append(shape, 1)
			strides = append(strides, 0)
		case ellipsis:
			_ = i
			for rest := len(t.shape) - consumed; rest > 0; rest-- {
				shape = append(shape, t.shape[k])
				strides = append(strides, t.strides[k])
				k++
			}
		}
	}
	shape = append(shape, t.shape[k:]...)
	strides = append(strides, t.strides[k:]...)
	checkShape(op, shape)
	return t.view(shape, strides, off)
}

// normAxis turns a possibly negative axis into [0, rank) or panics with an Axis error.
func normAxis(op string, axis, rank int) int {
	if axis < -rank || axis >= rank {
		fail(Axis, op, "axis %d is out of bounds for a tensor of dimension %d", axis, rank)
	}
	if axis < 0 {
		axis += rank
	}
	return axis
}

// Transpose reverses the dimensions, or permutes them by axes when given (a view).
func (t *Tensor) Transpose(axes ...int) *Tensor {
	t.must("Transpose")
	r := len(t.shape)
	if len(axes) != 0 && len(axes) != r {
		badAxes(axes, r)
	}
	var buf [2 * smallRank]int // the view copies them (setLayout)
	dims := upTo(buf[:], 2*r)
	shape, strides := dims[:r:r], dims[r:]
	var seenBuf [16]bool
	seen := upTo(seenBuf[:], r)
	axis := func(i int) int {
		if len(axes) == 0 {
			return r - 1 - i
		}
		return normAxis("Transpose", axes[i], r)
	}
	for i := range r {
		a := axis(i)
		if seen[a] {
			fail(Value, "Transpose", "repeated axis %d in %v", a, slices.Clone(axes))
		}
		seen[a] = true
		shape[i], strides[i] = t.shape[a], t.strides[a]
	}
	out := t.view(shape, strides, t.offset)
	if !tracked(t) {
		return out
	}
	perm := make([]int, r)
	for i := range perm {
		perm[i] = axis(i)
	}
	return record("Transpose", out, perm, nil, t)
}

// upTo returns buf[:n] (a caller's array, so that small ranks allocate nothing) or, when
// n is longer, a new slice of n.
func upTo[E any](buf []E, n int) []E {
	if n <= len(buf) {
		return buf[:n]
	}
	return make([]E, n)
}

// badAxes fails Transpose's call with axes that are not one per dimension of r. It
// formats a copy, so that the caller's axes need not live on the heap.
func badAxes(axes []int, r int) {
	fail(Value, "Transpose", "axes %v don't match a tensor of dimension %d", slices.Clone(axes), r)
}

// Permute is Transpose with explicit axes, as torch's permute.
func (t *Tensor) Permute(axes ...int) *Tensor { return t.must("Permute").Transpose(axes...) }

// T is Transpose(): the reversed dimensions, as NumPy's a.T.
func (t *Tensor) T() *Tensor { return t.must("T").Transpose() }

// SwapAxes exchanges two dimensions (a view).
func (t *Tensor) SwapAxes(a, b int) *Tensor {
	t.must("SwapAxes")
	r := len(t.shape)
	a, b = normAxis("SwapAxes", a, r), normAxis("SwapAxes", b, r)
	var buf [8]int
	axes := upTo(buf[:], r)
	for i := range axes {
		axes[i] = i
	}
	axes[a], axes[b] = b, a
	return t.Transpose(axes...)
}

// MoveAxis moves dimension src to position dst (a view).
func (t *Tensor) MoveAxis(src, dst int) *Tensor {
	t.must("MoveAxis")
	r := len(t.shape)
	src, dst = normAxis("MoveAxis", src, r), normAxis("MoveAxis", dst, r)
	var axes []int
	for i := 0; i < r; i++ {
		if i != src {
			axes = append(axes, i)
		}
	}
	axes = append(axes[:dst], append([]int{src}, axes[dst:]...)...)
	return t.Transpose(axes...)
}

// Reshape returns t with a new shape (one dimension may be -1): a view when NumPy gives
// one (the strides allow it), a copy otherwise.
func (t *Tensor) Reshape(shape ...int) *Tensor {
	t.must("Reshape")
	var sbuf, stbuf [smallRank]int
	shape = resolveShape("Reshape", t.shape, shape, sbuf[:0])
	if st, ok := reshapeStrides(t.shape, t.strides, shape, stbuf[:0]); ok {
		return record("Reshape", t.view(shape, st, t.offset), nil, nil, t)
	}
	c := t.Copy()
	return record("Reshape", c.Detach().view(shape, cStrides(shape), 0), nil, nil, t)
}

func resolveShape(op string, old, shape, buf []int) []int {
	shape = append(buf, shape...)
	n, free := 1, -1
	for i, d := range shape {
		switch {
		case d == -1 && free < 0:
			free = i
		case d == -1:
			fail(Shape, op, "can only specify one unknown dimension in %s", shapeStr(shape))
		case d < 0:
			fail(Value, op, "negative dimension %d in %s", d, shapeStr(shape))
		}
	}
	if free >= 0 {
		known := append([]int{}, shape...)
		known[free] = 1
		n = checkShape(op, known)
	} else {
		n = checkShape(op, shape)
	}
	size := prod(old)
	if free >= 0 {
		if n == 0 || size%n != 0 {
			fail(Shape, op, "cannot reshape tensor of size %d (shape %s) into shape %s", size, shapeStr(old), shapeStr(shape))
		}
		shape[free] = size / n
		n = size
	}
	if n != size {
		fail(Shape, op, "cannot reshape tensor of size %d (shape %s) into shape %s", size, shapeStr(old), shapeStr(shape))
	}
	checkShape(op, shape)
	return shape
}

// reshapeStrides finds strides that give shape over the same elements without a copy
// (NumPy's attempt_nocopy_reshape), or reports that none exist.
func reshapeStrides(old, oldSt, shape, buf []int) ([]int, bool) {
	var os, ost []int
	for k, d := range old {
		if d != 1 {
			os, ost = append(os, d), append(ost, oldSt[k])
		}
	}
	if prod(old) == 0 {
		return cStrides(shape), true
	}
	st := append(buf[:0], make([]int, len(shape))...)
	oi, ni := 0, 0
	for ni < len(shape) && oi < len(os) {
		if shape[ni] == 1 {
			st[ni] = 0
			ni++
			continue
		}
		oj, nj := oi+1, ni+1
		np, op := shape[ni], os[oi]
		for np != op {
			if np < op {
				for nj < len(shape) && shape[nj] == 1 {
					nj++
				}
				if nj == len(shape) {
					return nil, false
				}
				np *= shape[nj]
				nj++
			} else {
				op *= os[oj]
				oj++
			}
		}
		for k := oi; k < oj-1; k++ {
			if ost[k] != ost[k+1]*os[k+1] {
				return nil, false
			}
		}
		st[nj-1] = ost[oj-1]
		for k := nj - 1; k > ni; k-- {
			st[k-1] = st[k] * shape[k]
		}
		oi, ni = oj, nj
	}
	for ; ni < len(shape); ni++ {
		st[ni] = 0
	}
	return st, true
}

// Ravel returns the elements as 1-D: a view when possible, else a copy (np.ravel).
func (t *Tensor) Ravel() *Tensor { return t.must("Ravel").Reshape(-1) }

// Flatten returns a 1-D copy, always (np.ndarray.flatten).
func (t *Tensor) Flatten() *Tensor { return t.Copy().Reshape(-1) }

// Squeeze removes the given dimensions of size 1, or all of them when none are given.
func (t *Tensor) Squeeze(axes ...int) *Tensor {
	t.must("Squeeze")
	drop := make([]bool, len(t.shape))
	if len(axes) == 0 {
		for k, d := range t.shape {
			drop[k] = d == 1
		}
	}
	for _, a := range axes {
		a = normAxis("Squeeze", a, len(t.shape))
		if t.shape[a] != 1 {
			fail(Shape, "Squeeze", "cannot select an axis to squeeze out which has size not equal to one: axis %d of shape %s", a, shapeStr(t.shape))
		}
		drop[a] = true
	}
	var shape, strides []int
	for k := range t.shape {
		if !drop[k] {
			shape, strides = append(shape, t.shape[k]), append(strides, t.strides[k])
		}
	}
	return record("Reshape", t.view(shape, strides, t.offset), nil, nil, t) // Squeeze
}

// ExpandDims inserts dimensions of size 1 at the given axes, counted in the result's
// rank (a view; see the function ExpandDims).
func (t *Tensor) ExpandDims(axes ...int) *Tensor { return ExpandDims(t, axes...) }

// BroadcastTo returns a read-only view of t broadcast to shape (np.broadcast_to).
func (t *Tensor) BroadcastTo(shape ...int) *Tensor {
	t.must("BroadcastTo")
	v := t.broadcastTo("BroadcastTo", shape)
	if v == t {
		return t
	}
	v.readOnly = true
	return record("BroadcastTo", v, nil, nil, t)
}

func (t *Tensor) broadcastTo(op string, shape []int) *Tensor {
	if slices.Equal(t.shape, shape) {
		return t
	}
	r := len(shape)
	if len(t.shape) > r {
		fail(Shape, op, "cannot broadcast shape %s to %s", shapeStr(t.shape), shapeStr(shape))
	}
	strides := make([]int, r)
	for k := 0; k < r; k++ {
		j := k - (r - len(t.shape))
		if j < 0 {
			continue
		}
		switch t.shape[j] {
		case shape[k]:
			strides[k] = t.strides[j]
		case 1:
		default:
			fail(Shape, op, "cannot broadcast shape %s to %s: dimension %d is %d vs %d", shapeStr(t.shape), shapeStr(shape), k, t.shape[j], shape[k])
		}
	}
	checkShape(op, shape)
	return t.view(append([]int{}, shape...), strides, t.offset)
}

// BroadcastShapes returns the shape that shapes broadcast to, or panics with a Shape
// error naming the first dimension that does not fit.
func BroadcastShapes(shapes ...[]int) []int { return broadcastShapes("BroadcastShapes", shapes...) }

func broadcastShapes(op string, shapes ...[]int) []int {
	if len(shapes) == 2 && slices.Equal(shapes[0], shapes[1]) {
		return shapes[0] // callers copy before keeping it
	}
	r := 0
	for _, s := range shapes {
		r = max(r, len(s))
	}
	out := make([]int, r)
	for i := range out {
		out[i] = 1
	}
	for _, s := range shapes {
		for j, d := range s {
			k := j + r - len(s)
			switch {
			case d == out[k] || d == 1:
			case out[k] == 1:
				out[k] = d
			default:
				parts := make([]string, len(shapes))
				for i, s := range shapes {
					parts[i] = shapeStr(s)
				}
				fail(Shape, op, "shapes %s do not broadcast: dimension %d is %d vs %d", joinAnd(parts), k, out[k], d)
			}
		}
	}
	return out
}

func joinAnd(p []string) string {
	if len(p) == 2 {
		return p[0] + " and " + p[1]
	}
	return fmt.Sprint(p)
}

// Flip reverses the order of elements along the given axes, or all of them (a view with
// negative strides, as np.flip).
func (t *Tensor) Flip(axes ...int) *Tensor {
	t.must("Flip")
	if len(axes) == 0 {
		for k := range t.shape {
			axes = append(axes, k)
		}
	}
	strides := append([]int{}, t.strides...)
	off := t.offset
	seen := make([]bool, len(t.shape))
	for _, a := range axes {
		a = normAxis("Flip", a, len(t.shape))
		if seen[a] {
			fail(Value, "Flip", "repeated axis %d", a)
		}
		seen[a] = true
		if t.shape[a] > 0 {
			off += (t.shape[a] - 1) * strides[a]
		}
		strides[a] = -strides[a]
	}
	return record("Flip", t.view(append([]int{}, t.shape...), strides, off), axes, nil, t)
}
