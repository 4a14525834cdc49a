package tensor

import "github.com/gotensor/gotensor/device"

// MatMul is the matrix product a @ b with NumPy's rules: the last two dimensions multiply,
// leading (batch) dimensions broadcast, and a 1-D operand is promoted to a matrix (a row
// on the left, a column on the right) whose added dimension is removed from the result.
func MatMul(a, b *Tensor) *Tensor {
	a.must("MatMul")
	b.must("MatMul")
	const op = "MatMul"
	if a == nil || b == nil {
		fail(Value, op, "nil tensor")
	}
	if len(a.shape) == 0 || len(b.shape) == 0 {
		fail(Value, op, "operands must have at least one dimension, got shapes %s and %s", shapeStr(a.shape), shapeStr(b.shape))
	}
	if a.ag != nil || b.ag != nil {
		return record(op, MatMul(untrack(a), untrack(b)), nil, nil, a, b)
	}
	ct := promoteTensors(a, b)
	if ct == Bool {
		return NotEqual(MatMul(a.as(Int64), b.as(Int64)), 0)
	}
	x, y := a.as(ct), b.as(ct)
	if len(x.shape) == 1 {
		x = x.ExpandDims(0)
	}
	if len(y.shape) == 1 {
		y = y.ExpandDims(1)
	}
	rx, ry := len(x.shape), len(y.shape)
	m, k, k2, n := x.shape[rx-2], x.shape[rx-1], y.shape[ry-2], y.shape[ry-1]
	if k != k2 {
		fail(Shape, op, "shapes %s and %s do not align: contracted dimensions are %d vs %d", shapeStr(a.shape), shapeStr(b.shape), k, k2)
	}
	d := deviceOf(op, x, y)
	var batch []int
	xs, ys, shape := x, y, []int{m, n}
	if rx > 2 || ry > 2 { // batches broadcast; two matrices need no views
		batch = broadcastShapes(op, x.shape[:rx-2], y.shape[:ry-2])
		shape = append(append([]int{}, batch...), m, n)
		xs = x.broadcastTo(op, append(append([]int{}, batch...), m, k))
		ys = y.broadcastTo(op, append(append([]int{}, batch...), k, n))
	}
	out := alloc(op, d, ct, shape)
	check(op, d.MatMul(out.operand(), onDevice(xs, d).operand(), onDevice(ys, d).operand()))
	switch {
	case len(a.shape) == 1 && len(b.shape) == 1:
		return out.Reshape(batch...)
	case len(a.shape) == 1:
		return out.Squeeze(-2)
	case len(b.shape) == 1:
		return out.Squeeze(-1)
	}
	return out
}

func promoteTensors(ts ...*Tensor) DType {
	dt := ts[0].dtype
	for _, t := range ts[1:] {
		dt = device.ResultType(dt, t.dtype)
	}
	return dt
}

// MatMul returns t @ o.
func (t *Tensor) MatMul(o *Tensor) *Tensor { return MatMul(t, o) }

// Dot is np.dot: the inner product of two vectors, the matrix product of matrices, and
// for N-D operands a sum product over the last axis of a and the second-to-last of b.
func Dot(a, b *Tensor) *Tensor {
	a.must("Dot")
	b.must("Dot")
	switch {
	case len(a.shape) == 0 || len(b.shape) == 0:
		return Mul(a, b)
	case len(b.shape) <= 2:
		return MatMul(a, b)
	}
	k := a.shape[len(a.shape)-1]
	if k != b.shape[len(b.shape)-2] {
		fail(Shape, "Dot", "shapes %s and %s not aligned: %d (dim %d) != %d (dim %d)",
			shapeStr(a.shape), shapeStr(b.shape), k, len(a.shape)-1, b.shape[len(b.shape)-2], len(b.shape)-2)
	}
	bm := b.MoveAxis(-2, 0)
	r := MatMul(a.Reshape(-1, k), bm.Reshape(k, -1))
	shape := append(append(append([]int{}, a.shape[:len(a.shape)-1]...), b.shape[:len(b.shape)-2]...), b.shape[len(b.shape)-1])
	return r.Reshape(shape...)
}

// Outer is the outer product of the flattened a and b: out[i, j] = a[i] * b[j].
func Outer(a, b *Tensor) *Tensor {
	a.must("Outer")
	b.must("Outer")
	return Mul(a.Ravel().ExpandDims(1), b.Ravel().ExpandDims(0))
}
