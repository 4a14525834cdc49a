package tensor

// Tensor products (np.tensordot, np.inner, np.kron, np.cross) and 1-D convolution
// (np.convolve, np.correlate). All are composed of views, element-wise ops, Take and
// MatMul, so they run on every device, and autograd records the ops they are made of.

import (
	"slices"
	"strings"

	"github.com/gotensor/gotensor/device"
)

// TensorDot sums products over the last n axes of a and the first n axes of b, as
// np.tensordot(a, b, axes=n): the result has shape a.shape[:-n] + b.shape[n:]. n = 0 is
// the outer product (as is a negative n, as in NumPy). The contraction is one MatMul of
// a and b transposed and reshaped to matrices (a copy only where the layout needs one);
// the dtype is np.result_type's (bool: logical). Sizes that differ are a Shape error; n
// larger than a rank is an Index error, as NumPy's IndexError.
func TensorDot(a, b *Tensor, n int) *Tensor {
	const op = "TensorDot"
	a.must(op)
	b.must(op)
	var axA, axB []int
	for k := 0; k < n; k++ {
		axA = append(axA, k-n)
		axB = append(axB, k)
	}
	return tensorDot(op, a, b, axA, axB)
}

// TensorDot sums products over t's last n axes and o's first n (see the function
// TensorDot).
func (t *Tensor) TensorDot(o *Tensor, n int) *Tensor { return TensorDot(t, o, n) }

// TensorDotAxes sums products over the axes axesA of a paired with axesB of b, as
// np.tensordot(a, b, axes=(axesA, axesB)): the result has the remaining axes of a, in
// order, then those of b. Negative axes count from the end. Lists of different lengths or
// paired axes of different sizes are a Shape error, an axis out of range an Index error
// (NumPy's IndexError), an axis listed twice a Value error.
func TensorDotAxes(a, b *Tensor, axesA, axesB []int) *Tensor {
	const op = "TensorDotAxes"
	a.must(op)
	b.must(op)
	return tensorDot(op, a, b, axesA, axesB)
}

// TensorDotAxes sums products over the paired axes (see the function TensorDotAxes).
func (t *Tensor) TensorDotAxes(o *Tensor, axesA, axesB []int) *Tensor {
	return TensorDotAxes(t, o, axesA, axesB)
}

func tensorDot(op string, a, b *Tensor, axA, axB []int) *Tensor {
	if len(axA) != len(axB) {
		fail(Shape, op, "shape-mismatch for sum: %d axes %v of a but %d axes %v of b", len(axA), axA, len(axB), axB)
	}
	ra, rb := len(a.shape), len(b.shape)
	axA, axB = slices.Clone(axA), slices.Clone(axB)
	for k := range axA {
		if axA[k] < -ra || axA[k] >= ra {
			fail(Index, op, "axis %d of a is out of range for a tensor of shape %s", axA[k], shapeStr(a.shape))
		}
		if axB[k] < -rb || axB[k] >= rb {
			fail(Index, op, "axis %d of b is out of range for a tensor of shape %s", axB[k], shapeStr(b.shape))
		}
		axA[k], axB[k] = (axA[k]+ra)%ra, (axB[k]+rb)%rb
		if a.shape[axA[k]] != b.shape[axB[k]] {
			fail(Shape, op, "shape-mismatch for sum: axis %d of a %s has size %d but axis %d of b %s has size %d",
				axA[k], shapeStr(a.shape), a.shape[axA[k]], axB[k], shapeStr(b.shape), b.shape[axB[k]])
		}
	}
	restA, restB := otherAxes(op, ra, axA), otherAxes(op, rb, axB)
	d := deviceOf(op, a, b) // a 0-d CPU operand goes along with the other's device
	a, b = onDevice(a, d), onDevice(b, d)
	x := a.Transpose(slices.Concat(restA, axA)...)
	y := b.Transpose(slices.Concat(axB, restB)...)
	oa, ob := x.shape[:len(restA)], y.shape[len(axB):]
	k := prod(x.shape[len(restA):])
	x = matrixView(x, prod(oa), k)
	y = matrixView(y, k, prod(ob))
	return MatMul(x, y).Reshape(slices.Concat(oa, ob)...)
}

// otherAxes returns the axes of a rank-r tensor not in axes, which must not repeat.
func otherAxes(op string, r int, axes []int) []int {
	seen := make([]bool, r)
	for _, a := range axes {
		if seen[a] {
			fail(Value, op, "repeated axis %d in %v", a, axes)
		}
		seen[a] = true
	}
	var rest []int
	for k := range r {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	return rest
}

// matrixView reshapes t to m×n, leaving it alone when it already has that shape.
func matrixView(t *Tensor, m, n int) *Tensor {
	if len(t.shape) == 2 && t.shape[0] == m && t.shape[1] == n {
		return t
	}
	return t.Reshape(m, n)
}

// Inner is the inner product over the last axes, as np.inner: for vectors sum(a*b), in
// general a sum product over the last axis of a and of b, with shape a.shape[:-1] +
// b.shape[:-1]. A 0-d operand multiplies the other element-wise. Last dimensions of
// different sizes are a Shape error.
func Inner(a, b *Tensor) *Tensor {
	const op = "Inner"
	a.must(op)
	b.must(op)
	ra, rb := len(a.shape), len(b.shape)
	if ra == 0 || rb == 0 {
		return Mul(a, b)
	}
	if a.shape[ra-1] != b.shape[rb-1] {
		fail(Shape, op, "shapes %s and %s not aligned: %d (dim %d) != %d (dim %d)",
			shapeStr(a.shape), shapeStr(b.shape), a.shape[ra-1], ra-1, b.shape[rb-1], rb-1)
	}
	return tensorDot(op, a, b, []int{-1}, []int{-1})
}

// Inner is the inner product of t and o over their last axes (see the function Inner).
func (t *Tensor) Inner(o *Tensor) *Tensor { return Inner(t, o) }

// Kron is the Kronecker product, as np.kron: a block tensor whose block at index i is
// a[i] * b. The operands get leading dimensions of size 1 up to the larger rank, and
// dimension k of the result is a.shape[k] * b.shape[k]; a 0-d operand multiplies the
// other. It is one broadcast Mul of interleaved views of a and b, then a Reshape.
func Kron(a, b *Tensor) *Tensor {
	const op = "Kron"
	a.must(op)
	b.must(op)
	ra, rb := len(a.shape), len(b.shape)
	if ra == 0 || rb == 0 {
		return Mul(a, b)
	}
	nd := max(ra, rb)
	as := slices.Concat(slices.Repeat([]int{1}, nd-ra), a.shape)
	bs := slices.Concat(slices.Repeat([]int{1}, nd-rb), b.shape)
	ai, bi, out := make([]int, 2*nd), make([]int, 2*nd), make([]int, nd)
	for k := range nd {
		ai[2*k], ai[2*k+1] = as[k], 1
		bi[2*k], bi[2*k+1] = 1, bs[k]
		out[k] = as[k] * bs[k]
	}
	return Mul(a.Reshape(ai...), b.Reshape(bi...)).Reshape(out...)
}

// Kron is the Kronecker product of t and o (see the function Kron).
func (t *Tensor) Kron(o *Tensor) *Tensor { return Kron(t, o) }

// Cross is the cross product of 2- or 3-component vectors, as np.cross. With no axis the
// vectors lie along the last axis of a, of b and of the result; one axis sets all three;
// three set axisa, axisb and axisc, as NumPy's keywords. The other dimensions broadcast.
// Two 3-vectors (or a 2-vector and a 3-vector, whose third component is taken as 0) give
// 3-vectors; two 2-vectors give the z component alone, without the vector axis (NumPy 1's
// behaviour, which NumPy 2 deprecates). The dtype is np.result_type's; bool operands are
// a Value error (NumPy cannot subtract bools). Vectors of another length are a Shape
// error, an axis out of range an Axis error.
func Cross(a, b *Tensor, axis ...int) *Tensor {
	const op = "Cross"
	a.must(op)
	b.must(op)
	axa, axb, axc := -1, -1, -1
	switch len(axis) {
	case 0:
	case 1:
		axa, axb, axc = axis[0], axis[0], axis[0]
	case 3:
		axa, axb, axc = axis[0], axis[1], axis[2]
	default:
		fail(Value, op, "takes no axis, one (for a, b and the result) or three (axisa, axisb, axisc), got %v", axis)
	}
	x := a.MoveAxis(normAxis(op, axa, len(a.shape)), -1)
	y := b.MoveAxis(normAxis(op, axb, len(b.shape)), -1)
	na, nb := x.shape[len(x.shape)-1], y.shape[len(y.shape)-1]
	if na < 2 || na > 3 || nb < 2 || nb > 3 {
		fail(Shape, op, "incompatible dimensions for cross product: vectors of %d and %d components (shapes %s and %s); the dimension must be 2 or 3",
			na, nb, shapeStr(a.shape), shapeStr(b.shape))
	}
	shape := broadcastShapes(op, x.shape[:len(x.shape)-1], y.shape[:len(y.shape)-1])
	if na == 3 || nb == 3 {
		axc = normAxis(op, axc, len(shape)+1)
	}
	ct := promoteTensors(a, b)
	if ct == Bool {
		fail(Value, op, "the cross product of bool tensors needs a boolean subtract, which is not supported: convert them with AsType")
	}
	x, y = x.as(ct), y.as(ct)
	comp := func(t *Tensor, i int) *Tensor { return t.Slice(Ellipsis, i) }
	a0, a1, b0, b1 := comp(x, 0), comp(x, 1), comp(y, 0), comp(y, 1)
	z := Sub(Mul(a0, b1), Mul(a1, b0))
	if na == 2 && nb == 2 {
		return z
	}
	var c0, c1 *Tensor
	switch {
	case na == 2:
		b2 := comp(y, 2)
		c0, c1 = Mul(a1, b2), Neg(Mul(a0, b2))
	case nb == 2:
		a2 := comp(x, 2)
		c0, c1 = Neg(Mul(a2, b1)), Mul(a2, b0)
	default:
		a2, b2 := comp(x, 2), comp(y, 2)
		c0, c1 = Sub(Mul(a1, b2), Mul(a2, b1)), Sub(Mul(a2, b0), Mul(a0, b2))
	}
	return Stack([]*Tensor{c0, c1, z}, -1).MoveAxis(-1, axc)
}

// Cross is the cross product of t and o (see the function Cross).
func (t *Tensor) Cross(o *Tensor, axis ...int) *Tensor { return Cross(t, o, axis...) }

// Convolution modes, as NumPy names them.
const (
	convValid = iota // only where the operands overlap completely
	convSame         // as long as the longer operand, centred
	convFull         // every overlap
)

// convMode reads a mode name: "full", "same" or "valid" (any case, or their first
// letter), "" for def.
func convMode(op, mode, def string) int {
	m := strings.ToLower(mode)
	if m == "" {
		m = def
	}
	switch m {
	case "valid", "v":
		return convValid
	case "same", "s":
		return convSame
	case "full", "f":
		return convFull
	}
	fail(Value, op, "mode %q is not one of \"full\", \"same\" and \"valid\"", mode)
	return 0
}

// Convolve is the discrete linear convolution of two 1-D tensors, as np.convolve(a, v,
// mode): out[k] = sum over j of a[j] * v[k-j]. mode is "full" (every overlap, length
// len(a)+len(v)-1; "" means it, NumPy's default), "same" (length max(len(a), len(v)),
// centred) or "valid" (where one lies wholly inside the other, length
// max-min+1). The operands are swapped when v is the longer, as in NumPy (convolution
// commutes); a 0-d operand counts as length 1. An empty operand, one with more than one
// dimension or an unknown mode is a Value error. The dtype is np.result_type's; integer
// sums wrap, bool gives the logical or of ands. It is Correlate of a and the reversed v.
func Convolve(a, v *Tensor, mode string) *Tensor {
	const op = "Convolve"
	a.must(op)
	v.must(op)
	m := convMode(op, mode, "full")
	d := deviceOf(op, a, v) // a 0-d CPU operand goes along with the other's device
	x, y := atLeast(onDevice(a, d), 1), atLeast(onDevice(v, d), 1)
	if y.shape[0] > x.shape[0] {
		x, y = y, x
	}
	switch {
	case x.shape[0] == 0:
		fail(Value, op, "a cannot be empty (shapes %s and %s)", shapeStr(a.shape), shapeStr(v.shape))
	case y.shape[0] == 0:
		fail(Value, op, "v cannot be empty (shapes %s and %s)", shapeStr(a.shape), shapeStr(v.shape))
	}
	oneD(op, a, v)
	return correlate(op, x, y.Flip(0), m)
}

// Convolve is the convolution of t and v (see the function Convolve).
func (t *Tensor) Convolve(v *Tensor, mode string) *Tensor { return Convolve(t, v, mode) }

// Correlate is the cross-correlation of two 1-D tensors, as np.correlate(a, v, mode):
// out[k] = sum over n of a[n+k] * v[n], for the shifts k that mode keeps: "valid" (""
// means it, NumPy's default; length max-min+1), "same" (length max(len(a), len(v))) or
// "full" (length len(a)+len(v)-1), k counted from the first shift that mode keeps. When
// v is longer than a the result is that of Correlate(v, a) reversed, as NumPy computes
// it. Operands must be 1-D and not empty (a Value error, as an unknown mode). The dtype
// is np.result_type's; integer sums wrap, bool gives the logical or of ands.
//
// Shifts where v lies wholly inside a are one MatMul of a strided window view of a (a
// gather by Take when a records a gradient) with v; the at most len(v)-1 shifts at each
// end are summed from gathered products, so zeros never multiply an infinity.
func Correlate(a, v *Tensor, mode string) *Tensor {
	const op = "Correlate"
	a.must(op)
	v.must(op)
	m := convMode(op, mode, "valid")
	if len(a.shape) == 0 || len(v.shape) == 0 {
		fail(Value, op, "takes 1-D tensors, got shapes %s and %s (object of too small depth)", shapeStr(a.shape), shapeStr(v.shape))
	}
	oneD(op, a, v)
	switch {
	case a.shape[0] == 0:
		fail(Value, op, "first argument cannot be empty (shapes %s and %s)", shapeStr(a.shape), shapeStr(v.shape))
	case v.shape[0] == 0:
		fail(Value, op, "second argument cannot be empty (shapes %s and %s)", shapeStr(a.shape), shapeStr(v.shape))
	}
	if v.shape[0] > a.shape[0] {
		return correlate(op, v, a, m).Flip(0)
	}
	return correlate(op, a, v, m)
}

// Correlate is the cross-correlation of t and v (see the function Correlate).
func (t *Tensor) Correlate(v *Tensor, mode string) *Tensor { return Correlate(t, v, mode) }

// oneD refuses operands with more than one dimension.
func oneD(op string, a, v *Tensor) {
	if len(a.shape) > 1 || len(v.shape) > 1 {
		fail(Value, op, "takes 1-D tensors, got shapes %s and %s (object too deep)", shapeStr(a.shape), shapeStr(v.shape))
	}
}

// correlate is Correlate of 1-D a and v with len(a) >= len(v) >= 1: out[p] = sum over j
// of a[s+j]*v[j] for s = p - left, over the terms with 0 <= s+j < len(a).
func correlate(op string, a, v *Tensor, mode int) *Tensor {
	ct := promoteTensors(a, v)
	work := sumType(ct)
	d := deviceOf(op, a, v)
	a, v = onDevice(a, d).as(work), onDevice(v, d).as(work)
	n1, n := a.shape[0], v.shape[0]
	left, right := 0, 0
	switch mode {
	case convSame:
		left = n / 2
		right = n - left - 1
	case convFull:
		left, right = n-1, n-1
	}
	inner := n1 - n + 1 // shifts where v lies inside a
	var parts []*Tensor
	if left > 0 {
		parts = append(parts, edgeCorrelate(a, v, -left, left))
	}
	var win *Tensor
	if a.TracksGrad() {
		win = Take(a, shiftIndex(d, inner, n, 0, n1, nil), 0)
	} else {
		win = a.view([]int{inner, n}, []int{a.strides[0], a.strides[0]}, a.offset)
		win.readOnly = true
	}
	parts = append(parts, MatMul(win, v))
	if right > 0 {
		parts = append(parts, edgeCorrelate(a, v, inner, right))
	}
	r := parts[0]
	if len(parts) > 1 {
		r = Concatenate(parts, 0)
	}
	if ct == Bool {
		return NotEqual(r, 0)
	}
	return r.as(ct)
}

// edgeCorrelate sums a[s+j]*v[j] for the count shifts s from first on, over the terms
// inside a: a gather of the products, zeroed outside a by Where, summed by row.
func edgeCorrelate(a, v *Tensor, first, count int) *Tensor {
	n1, n := a.shape[0], v.shape[0]
	inside := make([]bool, count*n)
	idx := shiftIndex(a.Device(), count, n, first, n1, inside)
	prods := Mul(Take(a, idx, 0), v)
	mask := FromSlice(inside, count, n).To(a.Device())
	return Sum(Where(mask, prods, 0), 1)
}

// shiftIndex is the int64 index tensor of shape (rows, n) on d holding first+i+j at
// [i, j], clamped to [0, n1); inside, when not nil, records which were in range.
func shiftIndex(d device.Device, rows, n, first, n1 int, inside []bool) *Tensor {
	idx := make([]int64, rows*n)
	for i := range rows {
		for j := range n {
			s := first + i + j
			if inside != nil {
				inside[i*n+j] = s >= 0 && s < n1
			}
			idx[i*n+j] = int64(min(max(s, 0), n1-1))
		}
	}
	return FromSlice(idx, rows, n).To(d)
}
