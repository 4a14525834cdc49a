package tensor

// Diagonals, triangles, rolls, rotations and padding: NumPy's diagonal, trace, diag,
// triu, tril, roll, rot90 and pad, composed of views and recorded ops (Take, Where,
// Concatenate, Flip, Transpose), so they run on every device and autograd works through
// them.

import (
	"math"
	"slices"

	"github.com/gotensor/gotensor/device"
)

// diagAxes resolves the optional axis pair of Diagonal and Trace: (0, 1) by default.
func diagAxes(op string, x *Tensor, axes []int) (int, int) {
	r := len(x.shape)
	if r < 2 {
		fail(Value, op, "diag requires a tensor of at least two dimensions, got shape %s", shapeStr(x.shape))
	}
	a1, a2 := 0, 1
	switch len(axes) {
	case 0:
	case 2:
		a1, a2 = normAxis(op, axes[0], r), normAxis(op, axes[1], r)
	default:
		fail(Value, op, "takes two axes (axis1, axis2) or none, got %v", axes)
	}
	if a1 == a2 {
		fail(Value, op, "axis1 and axis2 cannot be the same: %d", a1)
	}
	return a1, a2
}

// Diagonal returns the diagonal at offset of the 2-D sections of x over axes (axis1,
// axis2), (0, 1) when none are given, as np.diagonal(x, offset, axis1, axis2): the two
// axes are removed and a last dimension holds the diagonal, x[..., i, i+offset] (above
// the main diagonal for offset > 0, below for offset < 0; empty where the offset is past
// the edge). As in NumPy the result is a read-only view; when x requires a gradient it
// is instead a recorded gather (a copy), so that gradients flow. x must have at least two
// dimensions (a Value error); an axis out of range is an Axis error, equal axes a Value
// error.
func Diagonal(x *Tensor, offset int, axes ...int) *Tensor {
	const op = "Diagonal"
	x.must(op)
	a1, a2 := diagAxes(op, x, axes)
	n1, n2 := x.shape[a1], x.shape[a2]
	r1, c1 := 0, offset
	if offset < 0 {
		r1, c1 = -offset, 0
	}
	l := max(0, min(n1-r1, n2-c1))
	var shape, strides, perm []int
	for k := range x.shape {
		if k != a1 && k != a2 {
			shape, strides, perm = append(shape, x.shape[k]), append(strides, x.strides[k]), append(perm, k)
		}
	}
	if tracked(x) {
		flat := x.Transpose(append(perm, a1, a2)...).Reshape(append(slices.Clone(shape), n1*n2)...)
		idx := make([]int64, l)
		for i := range idx {
			idx[i] = int64((r1+i)*n2 + c1 + i)
		}
		return Take(flat, FromSlice(idx).To(x.Device()), -1)
	}
	off := x.offset
	if l > 0 {
		off += r1*x.strides[a1] + c1*x.strides[a2]
	}
	v := x.view(append(shape, l), append(strides, x.strides[a1]+x.strides[a2]), off)
	v.readOnly = true
	return v
}

// Diagonal returns the diagonal at offset over two axes (see the function Diagonal).
func (t *Tensor) Diagonal(offset int, axes ...int) *Tensor { return Diagonal(t, offset, axes...) }

// Trace returns the sum of the diagonal at offset over axes (axis1, axis2), (0, 1) when
// none are given, as np.trace(x, offset, axis1, axis2): Sum(Diagonal(...), -1), so it has
// Sum's dtype (int64 for bool and integers; NumPy's uint64 for uint8 is int64 here).
func Trace(x *Tensor, offset int, axes ...int) *Tensor {
	x.must("Trace")
	return Sum(Diagonal(x, offset, axes...), -1)
}

// Trace returns the sum along a diagonal (see the function Trace).
func (t *Tensor) Trace(offset int, axes ...int) *Tensor { return Trace(t, offset, axes...) }

// Diag extracts or builds a diagonal, as np.diag(v, k): for a 1-D v it returns a new
// square matrix of side len(v)+|k| with v on diagonal k and zeros elsewhere; for a 2-D v
// it returns Diagonal(v, k) (a read-only view). Other ranks are a Value error.
func Diag(v *Tensor, k int) *Tensor {
	const op = "Diag"
	v.must(op)
	switch len(v.shape) {
	case 2:
		return Diagonal(v, k)
	case 1:
	default:
		fail(Value, op, "input must be 1-D or 2-D, got shape %s", shapeStr(v.shape))
	}
	d := v.Device()
	a := max(k, -k)
	n := v.shape[0] + a
	checkShape(op, []int{n, n})
	vp := v
	if a > 0 {
		vp = Concatenate([]*Tensor{v, alloc(op, d, v.dtype, []int{a}).Fill(0)}, 0)
	}
	if k >= 0 {
		vp = vp.Reshape(n, 1) // row i holds v[i] at column i+k
	}
	return Where(triMask(op, d, n, n, k, 0), vp, zeroOf(v.dtype))
}

// Diag extracts or builds a diagonal (see the function Diag).
func (t *Tensor) Diag(k int) *Tensor { return Diag(t, k) }

// zeroOf is a 0-d zero of dtype dt on the CPU (it goes along with any device).
func zeroOf(dt DType) *Tensor { return alloc("zero", device.CPU(), dt, nil).Fill(0) }

// triMask returns the (n, m) bool mask of positions (i, j) with j - i compared to k:
// equal for cmp 0, at most k for cmp -1 (tril), at least k for cmp 1 (triu).
func triMask(op string, d device.Device, n, m, k, cmp int) *Tensor {
	rows := Arange(Int64, 0, float64(n), 1).Reshape(n, 1).To(d)
	cols := Arange(Int64, 0, float64(m), 1).To(d)
	diff := Sub(cols, rows)
	kk := int64(k)
	switch cmp {
	case -1:
		return LessEqual(diff, kk)
	case 1:
		return GreaterEqual(diff, kk)
	}
	return Equal(diff, kk)
}

// tri is Triu and Tril: x with the elements outside the kept triangle of its last two
// dimensions set to zero (a 1-D x of length n is taken as n rows of itself, as NumPy does).
func tri(op string, x *Tensor, k, cmp int) *Tensor {
	x.must(op)
	r := len(x.shape)
	if r == 0 {
		fail(Value, op, "requires at least one dimension, got a 0-d tensor")
	}
	n, m := x.shape[r-1], x.shape[r-1]
	if r >= 2 {
		n = x.shape[r-2]
	}
	return Where(triMask(op, x.Device(), n, m, k, cmp), x, zeroOf(x.dtype))
}

// Triu returns a copy of x with the elements below diagonal k of its last two dimensions
// zeroed (kept where column - row >= k), as np.triu(x, k). A 1-D x of length n gives the
// (n, n) upper triangle of n copies of it, as in NumPy; a 0-d x is a Value error.
func Triu(x *Tensor, k int) *Tensor { return tri("Triu", x, k, 1) }

// Triu returns the upper triangle (see the function Triu).
func (t *Tensor) Triu(k int) *Tensor { return Triu(t, k) }

// Tril returns a copy of x with the elements above diagonal k of its last two dimensions
// zeroed (kept where column - row <= k), as np.tril(x, k); ranks as in Triu.
func Tril(x *Tensor, k int) *Tensor { return tri("Tril", x, k, -1) }

// Tril returns the lower triangle (see the function Tril).
func (t *Tensor) Tril(k int) *Tensor { return Tril(t, k) }

// rollIndex is the gather index that rolls a dimension of length n by shift.
func rollIndex(n, shift int) []int64 {
	idx := make([]int64, n)
	for i := range idx {
		idx[i] = int64(((i-shift)%n + n) % n)
	}
	return idx
}

// Roll shifts the elements of x by shift positions along each of the given axes, those
// pushed past the end coming back at the start, as np.roll(x, shift, axis); with no axis
// x is rolled flattened and keeps its shape. A repeated axis rolls again. The result is a
// new tensor (a gather with Take per axis).
func Roll(x *Tensor, shift int, axis ...int) *Tensor {
	const op = "Roll"
	x.must(op)
	d := x.Device()
	if len(axis) == 0 {
		n := x.Size()
		if n == 0 {
			return x.Copy()
		}
		return Take(x, FromSlice(rollIndex(n, shift%n)).To(d)).Reshape(x.shape...)
	}
	shifts := make([]int, len(x.shape))
	for _, a := range axis {
		a = normAxis(op, a, len(x.shape))
		if n := x.shape[a]; n > 0 {
			shifts[a] = (shifts[a] + shift%n) % n
		}
	}
	out := x
	for a, s := range shifts {
		if s != 0 {
			out = Take(out, FromSlice(rollIndex(x.shape[a], s)).To(d), a)
		}
	}
	if out == x {
		out = x.Copy()
	}
	return out
}

// Roll shifts the elements along axes (see the function Roll).
func (t *Tensor) Roll(shift int, axis ...int) *Tensor { return Roll(t, shift, axis...) }

// Rot90 rotates x by 90 degrees k times in the plane of two axes, (0, 1) when none are
// given, from the first axis towards the second, as np.rot90(x, k, axes): a view (Flip
// and Transpose). The axes must be two different dimensions of x; otherwise, and for an
// axis out of range, it is a Value error, as NumPy raises.
func Rot90(x *Tensor, k int, axes ...int) *Tensor {
	const op = "Rot90"
	x.must(op)
	if len(axes) == 0 {
		axes = []int{0, 1}
	}
	if len(axes) != 2 {
		fail(Value, op, "len(axes) must be 2, got %v", axes)
	}
	r := len(x.shape)
	a0, a1 := axes[0], axes[1]
	if a0 == a1 || a0-a1 == r || a1-a0 == r {
		fail(Value, op, "axes must be different: %v for a tensor of dimension %d", axes, r)
	}
	if a0 >= r || a0 < -r || a1 >= r || a1 < -r {
		fail(Value, op, "axes %v out of range for a tensor of dimension %d", axes, r)
	}
	a0, a1 = normAxis(op, a0, r), normAxis(op, a1, r)
	perm := make([]int, r)
	for i := range perm {
		perm[i] = i
	}
	perm[a0], perm[a1] = a1, a0
	switch ((k % 4) + 4) % 4 {
	case 1:
		return x.Flip(a1).Transpose(perm...)
	case 2:
		return x.Flip(a0, a1)
	case 3:
		return x.Transpose(perm...).Flip(a1)
	}
	return x.Slice()
}

// Rot90 rotates by 90 degrees k times (see the function Rot90).
func (t *Tensor) Rot90(k int, axes ...int) *Tensor { return Rot90(t, k, axes...) }

// padIndex is the gather index of a dimension of length n padded by before and after
// positions in mode edge, reflect, symmetric or wrap.
func padIndex(mode string, n, before, after int) []int64 {
	idx := make([]int64, before+n+after)
	for i := range idx {
		p := i - before
		var j int
		switch mode {
		case "edge":
			j = min(max(p, 0), n-1)
		case "wrap":
			j = ((p % n) + n) % n
		case "reflect":
			if n == 1 {
				break
			}
			per := 2 * (n - 1)
			q := ((p % per) + per) % per
			j = q
			if q >= n {
				j = per - q
			}
		case "symmetric":
			per := 2 * n
			q := ((p % per) + per) % per
			j = q
			if q >= n {
				j = per - 1 - q
			}
		}
		idx[i] = int64(j)
	}
	return idx
}

// Pad returns x padded along each dimension, as np.pad(x, widths, mode): widths[k] is
// the (before, after) count for dimension k, or a single pair for every dimension. mode
// is "constant" (value, a Go number or one-element tensor cast to x's dtype, 0 when not
// given), "edge" (the edge element repeated), "reflect" (mirrored without repeating the
// edge), "symmetric" (mirrored with the edge) or "wrap" (the other end's elements);
// widths larger than the dimension repeat the pattern, as in NumPy. Negative widths, an
// unknown mode, a value with a mode other than constant, and a non-constant mode on an
// empty dimension that is to be padded are Value errors; widths for a wrong number of
// dimensions are a Shape error. The result is a new tensor.
func Pad(x *Tensor, widths [][2]int, mode string, value ...any) *Tensor {
	const op = "Pad"
	x.must(op)
	r := len(x.shape)
	switch mode {
	case "constant", "edge", "reflect", "symmetric", "wrap":
	default:
		fail(Value, op, "mode %q is not supported: want constant, edge, reflect, symmetric or wrap", mode)
	}
	if len(value) > 1 || len(value) == 1 && mode != "constant" {
		fail(Value, op, "a pad value goes only with mode constant, and only one: got %d with mode %q", len(value), mode)
	}
	if len(widths) != 1 && len(widths) != r {
		fail(Shape, op, "widths for %d dimensions do not fit a tensor of shape %s: give one (before, after) pair, or one per dimension",
			len(widths), shapeStr(x.shape))
	}
	var fill any = 0
	if len(value) == 1 {
		fill = value[0]
		if t, ok := fill.(*Tensor); ok && t.must(op).Size() != 1 {
			fail(Value, op, "the pad value must be a Go number or a one-element tensor, got shape %s", shapeStr(t.shape))
		}
	}
	d := x.Device()
	out := x
	for k := 0; k < r; k++ {
		w := widths[min(k, len(widths)-1)]
		b, a := w[0], w[1]
		if b < 0 || a < 0 {
			fail(Value, op, "negative pad width %v for dimension %d", w, k)
		}
		if b == 0 && a == 0 {
			continue
		}
		n := x.shape[k]
		if b > math.MaxInt/4 || a > math.MaxInt/4 {
			fail(Value, op, "pad width %v for dimension %d is too large", w, k)
		}
		checkShape(op, []int{b + n + a})
		if mode == "constant" {
			out = Concatenate([]*Tensor{padBlock(op, out, k, b, fill), out, padBlock(op, out, k, a, fill)}, k)
			continue
		}
		if n == 0 {
			fail(Value, op, "cannot extend the empty dimension %d of shape %s with mode %q", k, shapeStr(x.shape), mode)
		}
		out = Take(out, FromSlice(padIndex(mode, n, b, a)).To(d), k)
	}
	if out == x {
		out = x.Copy()
	}
	return out
}

// Pad returns t padded (see the function Pad).
func (t *Tensor) Pad(widths [][2]int, mode string, value ...any) *Tensor {
	return Pad(t, widths, mode, value...)
}

// padBlock is a block of m copies of the pad value along dimension k of x's shape, on
// x's device, in x's dtype.
func padBlock(op string, x *Tensor, k, m int, fill any) *Tensor {
	shape := slices.Clone(x.shape)
	shape[k] = m
	checkShape(op, shape)
	out := alloc(op, x.Device(), x.dtype, shape)
	copyInto(op, out, assignValue(op, x.dtype, fill, nil))
	return out
}
