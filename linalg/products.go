package linalg

// Products of matrices: np.linalg.multi_dot and matrix_power, composed of tensor.MatMul
// (and Inv for negative powers), and the condition number np.linalg.cond, computed on
// the host as the LAPACK routines are.

import (
	"math"
	"slices"

	"github.com/gotensor/gotensor/tensor"
)

// MultiDot multiplies two or more tensors in the order that needs the fewest scalar
// multiplications, as np.linalg.multi_dot: the result is that of Dot(Dot(a, b), c) ...
// up to rounding. With two operands it is tensor.Dot (any ranks). With more, every
// operand must be 2-D except that the first may be 1-D (a row vector) and the last 1-D (a
// column vector); the result then drops those dimensions (0-d when both are 1-D). The
// order is the matrix-chain one NumPy computes (dynamic programming over the shapes,
// NumPy's tie-breaking); each product is a tensor.MatMul, so it runs on every device and
// autograd records it. Fewer than two operands is a Value error, a rank other than 2 a
// Shape error, as are sizes that do not chain.
func MultiDot(arrays ...*tensor.Tensor) *tensor.Tensor {
	const op = "linalg.MultiDot"
	n := len(arrays)
	if n < 2 {
		fail(tensor.Value, op, "expecting at least two arrays, got %d", n)
	}
	for i, a := range arrays {
		if a == nil {
			fail(tensor.Value, op, "tensor %d is nil", i)
		}
	}
	if n == 2 {
		return tensor.Dot(arrays[0], arrays[1])
	}
	ts := slices.Clone(arrays)
	rowFirst, colLast := ts[0].NDim() == 1, ts[n-1].NDim() == 1
	if rowFirst {
		ts[0] = ts[0].ExpandDims(0)
	}
	if colLast {
		ts[n-1] = ts[n-1].ExpandDims(1)
	}
	for i, t := range ts {
		if t.NDim() != 2 {
			fail(tensor.Shape, op, "%d-dimensional array given as tensor %d (shape %s): the array must be two-dimensional",
				t.NDim(), i, tensor.ShapeString(t.Shape()))
		}
	}
	split := chainOrder(ts)
	var mul func(i, j int) *tensor.Tensor
	mul = func(i, j int) *tensor.Tensor {
		if i == j {
			return ts[i]
		}
		return tensor.MatMul(mul(i, split[i][j]), mul(split[i][j]+1, j))
	}
	r := mul(0, n-1)
	switch {
	case rowFirst && colLast:
		return r.Reshape()
	case rowFirst || colLast:
		return r.Ravel()
	}
	return r
}

// chainOrder solves the matrix-chain problem for 2-D ts as NumPy's
// _multi_dot_matrix_chain_order: split[i][j] is the k at which the product of ts[i..j]
// is best split into ts[i..k] times ts[k+1..j] (the first k on ties).
func chainOrder(ts []*tensor.Tensor) [][]int {
	n := len(ts)
	p := make([]float64, n+1)
	for i, t := range ts {
		p[i] = float64(t.Dim(0))
	}
	p[n] = float64(ts[n-1].Dim(1))
	cost := make([][]float64, n)
	split := make([][]int, n)
	for i := range cost {
		cost[i], split[i] = make([]float64, n), make([]int, n)
	}
	for l := 1; l < n; l++ {
		for i := 0; i+l < n; i++ {
			j := i + l
			cost[i][j] = math.Inf(1)
			for k := i; k < j; k++ {
				if q := cost[i][k] + cost[k+1][j] + p[i]*p[k+1]*p[j+1]; q < cost[i][j] {
					cost[i][j], split[i][j] = q, k
				}
			}
		}
	}
	return split
}

// MatrixPower raises each square matrix of x (shape (..., M, M)) to the integer power n,
// as np.linalg.matrix_power: n = 0 gives identity matrices of x's dtype (a new tensor),
// n = 1 returns x itself (as NumPy does), larger n multiply by repeated squaring, and a
// negative n raises Inv(x) to -n (float64 for integer and bool x; an exactly singular
// matrix is a Singular error). Integer powers stay in x's dtype and wrap on overflow;
// bool powers are logical (tensor.MatMul's rules). The products are tensor.MatMul, so
// they run on x's device and autograd records them; only Inv makes the host round trip
// of the LAPACK routines. A tensor of rank below 2 or non-square matrices are a Shape
// error.
func MatrixPower(x *tensor.Tensor, n int) *tensor.Tensor {
	const op = "linalg.MatrixPower"
	_, m, _ := dims(op, x, true)
	if n == 0 {
		eye := tensor.Eye(x.DType(), m, m, 0).To(x.Device())
		return eye.BroadcastTo(x.Shape()...).Copy()
	}
	k := uint(n)
	if n < 0 {
		x, k = Inv(x), uint(-(n+1))+1
	}
	switch k {
	case 1:
		return x
	case 2:
		return tensor.MatMul(x, x)
	case 3:
		return tensor.MatMul(tensor.MatMul(x, x), x)
	}
	var z, result *tensor.Tensor
	for ; k > 0; k >>= 1 {
		if z == nil {
			z = x
		} else {
			z = tensor.MatMul(z, z)
		}
		if k&1 == 1 {
			if result == nil {
				result = z
			} else {
				result = tensor.MatMul(result, z)
			}
		}
	}
	return result
}

// Cond is the condition number of each matrix of x in the order p, as np.linalg.cond:
// for Default, P(2) and P(-2) the ratio of the largest to the smallest singular value
// (smallest to largest for P(-2)), any M×N matrices; for the other orders (P(1), P(-1),
// Inf, NegInf, Fro, Nuc) Norm(x, p) * Norm(Inv(x), p), square matrices only. A singular
// matrix gives +Inf, as NumPy (which turns the NaN of 0/0 or of a failed inverse into
// Inf unless the matrix holds a NaN); a matrix holding NaN gives NaN for the
// inverse-based orders and, as every SVD here, a Value error for the SVD-based ones
// (NumPy's "SVD did not converge"). The result has x's batch shape; float32 stays
// float32, other dtypes give float64. It is computed on the host and moved to x's
// device, as the LAPACK routines are, and records no gradient.
//
// Rank below 2, or non-square matrices for the inverse-based orders, is a Shape error;
// an empty matrix (NumPy: "cond is not defined on empty arrays") and an order that does
// not apply to matrices are Value errors.
func Cond(x *tensor.Tensor, p Ord) *tensor.Tensor {
	const op = "linalg.Cond"
	if x == nil {
		fail(tensor.Value, op, "nil tensor")
	}
	x = detach(x)
	if shape := x.Shape(); x.Size() == 0 && len(shape) > 0 {
		if last := shape[max(0, len(shape)-2):]; last[0] == 0 || last[len(last)-1] == 0 {
			fail(tensor.Value, op, "cond is not defined on empty matrices: shape %s", tensor.ShapeString(shape))
		}
	}
	bySVD := p == Default || p.is(2) || p.is(-2)
	st := matrices(op, x, !bySVD)
	res := make([]float64, st.count())
	if bySVD {
		k := min(st.m, st.n)
		s := st.svdVals()
		for i := range res {
			hi, lo := s[i*k], s[i*k+k-1]
			if p.is(-2) {
				hi, lo = lo, hi
			}
			res[i] = infForNaN(hi/lo, false)
		}
		return toResult(res, st.lead, st.dt, st.dev)
	}
	if p.kind == ordP && !p.is(1) && !p.is(-1) && !math.IsInf(p.p, 0) {
		fail(tensor.Value, op, "invalid norm order %v for matrices", p)
	}
	shape := append(slices.Clone(st.lead), st.n, st.n)
	xs := tensor.FromSlice(slices.Clone(st.data), shape...)
	hasNaN := make([]bool, st.count())
	n := st.n
	ipiv := make([]int, n)
	var id []float64
	for i := range hasNaN {
		a := st.mat(i)
		hasNaN[i] = slices.ContainsFunc(a.Data, math.IsNaN)
		if !getrf(n, n, a.Data, a.Stride, ipiv) {
			for j := range a.Data {
				a.Data[j] = math.NaN()
			}
			continue
		}
		id = invertLU(n, a.Data, a.Stride, ipiv, id)
	}
	inv := tensor.FromSlice(st.data, shape...)
	prod := tensor.ToSlice[float64](tensor.Mul(Norm(xs, p, -2, -1), Norm(inv, p, -2, -1)))
	for i, v := range prod {
		res[i] = infForNaN(v, hasNaN[i])
	}
	return toResult(res, st.lead, st.dt, st.dev)
}

// infForNaN is NumPy's cond convention: NaN becomes +Inf unless the matrix held a NaN.
func infForNaN(v float64, matrixHasNaN bool) float64 {
	if math.IsNaN(v) && !matrixHasNaN {
		return math.Inf(1)
	}
	return v
}
