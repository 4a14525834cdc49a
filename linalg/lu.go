package linalg

import (
	"math"

	"github.com/gotensor/gotensor/tensor"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// luDet factors a in place (LU with partial pivoting) and returns the sign of the
// permutation times the signs of U's diagonal, and log|det|. A singular matrix gives
// sign 0 and log|det| -Inf.
func luDet(a blas64.General, ipiv []int) (sign, logAbs float64) {
	n := a.Rows
	getrf(n, n, a.Data, a.Stride, ipiv)
	sign = 1
	for i := 0; i < n; i++ {
		d := a.Data[i*a.Stride+i]
		if ipiv[i] != i {
			sign = -sign
		}
		if d < 0 {
			sign = -sign
		}
		logAbs += math.Log(math.Abs(d))
	}
	if math.IsInf(logAbs, -1) {
		sign = 0
	}
	return sign, logAbs
}

// Det is the determinant of each square matrix in x (shape (..., M, M) gives (...)),
// computed from an LU factorisation with partial pivoting, as np.linalg.det. A singular
// matrix gives 0, not an error; an empty matrix (M = 0) gives 1.
//
// Gradient (autograd): g·det(A)·A⁻ᵀ, computed with Solve (differentiable again); for a
// matrix whose determinant is exactly 0 the cofactor matrix from an SVD, first order only.
func Det(x *tensor.Tensor) *tensor.Tensor {
	return tensor.Record("linalg.Det", det(detach(x)), nil, nil, x)
}

func det(x *tensor.Tensor) *tensor.Tensor {
	s := matrices("linalg.Det", x, true)
	out := make([]float64, s.count())
	ipiv := make([]int, s.n)
	for i := range out {
		a := s.mat(i)
		getrf(s.n, s.n, a.Data, a.Stride, ipiv)
		det := 1.0
		for k := 0; k < s.n; k++ {
			det *= a.Data[k*a.Stride+k]
			if ipiv[k] != k {
				det = -det
			}
		}
		out[i] = det
	}
	return s.out(out)
}

// SlogDet returns the sign (1, -1, or 0 for a singular matrix) and the natural log of
// the absolute determinant of each square matrix in x, as np.linalg.slogdet: det =
// sign * exp(logabsdet), without the overflow or underflow of Det on large matrices.
func SlogDet(x *tensor.Tensor) (sign, logAbsDet *tensor.Tensor) {
	s := matrices("linalg.SlogDet", x, true)
	sg, ld := make([]float64, s.count()), make([]float64, s.count())
	ipiv := make([]int, s.n)
	for i := range sg {
		sg[i], ld[i] = luDet(s.mat(i), ipiv)
	}
	return s.out(sg), s.out(ld)
}

// Inv is the inverse of each square matrix in x (shape (..., M, M)), as np.linalg.inv:
// an LU factorisation with partial pivoting (getrf) then getri. A matrix with an exactly
// zero pivot is a Singular error; a non-square one a Shape error.
//
// Gradient (autograd): -A⁻ᵀ g A⁻ᵀ.
func Inv(x *tensor.Tensor) *tensor.Tensor {
	return tensor.Record("linalg.Inv", inv(detach(x)), nil, nil, x)
}

func inv(x *tensor.Tensor) *tensor.Tensor {
	const op = "linalg.Inv"
	s := matrices(op, x, true)
	n := s.n
	if n == 0 || s.count() == 0 {
		return s.out(s.data, n, n)
	}
	ipiv := make([]int, n)
	var id []float64
	for i := 0; i < s.count(); i++ {
		a := s.mat(i)
		if !getrf(n, n, a.Data, a.Stride, ipiv) {
			singular(op, s, i)
		}
		id = invertLU(n, a.Data, a.Stride, ipiv, id)
	}
	return s.out(s.data, n, n)
}

// invertLU replaces the LU factorisation of an n×n matrix computed by getrf (a, ipiv)
// with the inverse of the original matrix. Below order luSmall it solves for the identity
// (getrs) as NumPy's inv does (gesv), so that the numbers, and the signs of the zeros,
// are NumPy's (getri's inv(U) gives -0 off a diagonal matrix's diagonal); from luSmall up
// it runs the blocked getri. id is scratch for the identity, grown as needed and returned
// for the next matrix of a batch.
func invertLU(n int, a []float64, lda int, ipiv []int, id []float64) []float64 {
	if n >= luSmall {
		getri(n, a, lda, ipiv, nil)
		return id
	}
	if cap(id) < n*n {
		id = make([]float64, n*n)
	}
	id = id[:n*n]
	clear(id)
	for j := 0; j < n; j++ {
		id[j*n+j] = 1
	}
	lapackImpl.Dgetrs(blas.NoTrans, n, n, a, lda, ipiv, id, n)
	for j := 0; j < n; j++ {
		copy(a[j*lda:j*lda+n], id[j*n:j*n+n])
	}
	return id
}

// singular panics with the Singular error for matrix i of s.
func singular(op string, s *stack, i int) {
	if len(s.lead) == 0 {
		fail(tensor.Singular, op, "singular matrix: the %d×%d matrix has a zero pivot in its LU factorisation", s.n, s.n)
	}
	fail(tensor.Singular, op, "singular matrix: matrix %d of the batch of shape %s has a zero pivot in its LU factorisation", i, tensor.ShapeString(s.lead))
}

// Solve returns X with A X = B for each square matrix A in a, as np.linalg.solve (getrf
// then getrs). b is a vector of shape (M,), giving X of shape (..., M), or a stack of
// matrices (..., M, K), giving (..., M, K); the batch dimensions of a and b broadcast.
// As in NumPy 2, b is a vector only when it is 1-D (NumPy 1 also took b of shape (..., M)
// with a of shape (..., M, M) as a stack of vectors: write b.ExpandDims(-1) for that).
// An exactly singular A is a Singular error; mismatched shapes are a Shape error.
//
// Gradient (autograd): gB = Solve(Aᵀ, g) and gA = -gB Xᵀ (a 1-D b as a column), summed
// over the batch dimensions each operand was broadcast along.
func Solve(a, b *tensor.Tensor) *tensor.Tensor {
	return tensor.Record("linalg.Solve", solve(detach(a), detach(b)), nil, nil, a, b)
}

func solve(a, b *tensor.Tensor) *tensor.Tensor {
	const op = "linalg.Solve"
	alead, n, _ := dims(op, a, true)
	if b == nil {
		fail(tensor.Value, op, "nil tensor")
	}
	sameDevice(op, a, b)
	given := b.Shape()
	vector := len(given) == 1
	if vector {
		b = b.ExpandDims(-1)
	}
	bshape := b.Shape()
	if len(bshape) < 2 || bshape[len(bshape)-2] != n {
		fail(tensor.Shape, op, "a of shape %s and b of shape %s do not fit: want b of shape (%d,) or (..., %d, K)",
			tensor.ShapeString(a.Shape()), tensor.ShapeString(given), n, n)
	}
	k := bshape[len(bshape)-1]
	lead := broadcastLead(op, alead, bshape[:len(bshape)-2])
	sa := broadcastStack(op, a, lead)
	sb := broadcastStack(op, b, lead)
	if n > 0 && k > 0 {
		ipiv := make([]int, n)
		for i := 0; i < sa.count(); i++ {
			m := sa.mat(i)
			if !getrf(n, n, m.Data, m.Stride, ipiv) {
				singular(op, sa, i)
			}
			lapack64.Getrs(blas.NoTrans, m, sb.mat(i), ipiv)
		}
	}
	sb.dt = tensor.Float64
	if resultType(a.DType()) == tensor.Float32 && resultType(b.DType()) == tensor.Float32 {
		sb.dt = tensor.Float32
	}
	if vector {
		return sb.out(sb.data, n)
	}
	return sb.out(sb.data, n, k)
}

// broadcastStack is matrices(op, x, false) with x's batch dimensions broadcast to lead.
func broadcastStack(op string, x *tensor.Tensor, lead []int) *stack {
	shape := x.Shape()
	r := len(shape)
	want := append(append([]int{}, lead...), shape[r-2:]...)
	return matrices(op, x.BroadcastTo(want...), false)
}

// broadcastLead broadcasts two batch shapes as NumPy does, or panics with a Shape error.
func broadcastLead(op string, a, b []int) []int {
	if len(a) < len(b) {
		a, b = b, a
	}
	out := append([]int{}, a...)
	off := len(a) - len(b)
	for i, d := range b {
		switch o := out[off+i]; {
		case o == d || d == 1:
		case o == 1:
			out[off+i] = d
		default:
			fail(tensor.Shape, op, "batch shapes %s and %s do not broadcast: dimension %d is %d vs %d",
				tensor.ShapeString(a), tensor.ShapeString(b), off+i, o, d)
		}
	}
	return out
}
