package linalg

import (
	"github.com/gotensor/gotensor/tensor"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// eps64 and eps32 are the machine epsilons of float64 and float32 (np.finfo(...).eps).
const (
	eps64 = 0x1p-52
	eps32 = 0x1p-23
)

// thinSVD holds the reduced SVD of one m×n matrix: u m×k, s k, vt k×n.
type thinSVD struct {
	u, vt blas64.General
	s     []float64
}

// svdThin computes the reduced SVD of a (destroyed), k = min(m, n) > 0.
func svdThin(op string, a blas64.General, i int) thinSVD {
	m, n := a.Rows, a.Cols
	k := min(m, n)
	r := thinSVD{u: general(m, k), vt: general(k, n), s: make([]float64, k)}
	job := lapack.SVDStore
	work := workLen(func(w []float64, l int) { lapack64.Gesvd(job, job, a, r.u, r.vt, r.s, w, l) })
	if !lapack64.Gesvd(job, job, a, r.u, r.vt, r.s, work, len(work)) {
		noConvergence(op, "SVD", i)
	}
	return r
}

// applyPinv returns Vᵀᵀ diag(sinv) Uᵀ c for c with m rows: the pseudo-inverse of the
// factored matrix applied to c (n×c.Cols).
func (r thinSVD) applyPinv(sinv []float64, c blas64.General) blas64.General {
	k, n := len(r.s), r.vt.Cols
	t := general(k, c.Cols)
	out := general(n, c.Cols)
	if c.Cols == 0 {
		return out
	}
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, r.u, c, 0, t)
	for i := 0; i < k; i++ {
		row := t.Data[i*t.Stride : i*t.Stride+c.Cols]
		for j := range row {
			row[j] *= sinv[i]
		}
	}
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, r.vt, t, 0, out)
	return out
}

// invertAbove returns 1/s for singular values above cutoff and 0 for the rest, and how
// many were above.
func invertAbove(s []float64, cutoff float64) ([]float64, int) {
	inv := make([]float64, len(s))
	rank := 0
	for i, v := range s {
		if v > cutoff {
			inv[i] = 1 / v
			rank++
		}
	}
	return inv, rank
}

// DefaultRcond, passed as rcond to Lstsq or Pinv, selects NumPy's default cutoff.
const DefaultRcond = -1

// Lstsq returns the least-squares solution x minimising ||b - a x||₂ for a 2-D a (M, N)
// and b of shape (M,) or (M, K), as np.linalg.lstsq: x is (N,) or (N, K); residuals
// holds the squared 2-norm of each column of b - a x when rank == N < M, else it is
// empty (shape (0,)); rank is a's effective rank; s holds a's singular values,
// descending. Singular values at most rcond × the largest count as zero (the minimum-norm
// solution); rcond < 0 (DefaultRcond) means NumPy 2's default, eps × max(M, N). It is
// computed from the SVD (NumPy uses gelsd, the same solution). Results are float32 only
// when a and b both are.
func Lstsq(a, b *tensor.Tensor, rcond float64) (x, residuals *tensor.Tensor, rank int, s *tensor.Tensor) {
	const op = "linalg.Lstsq"
	if a == nil || b == nil {
		fail(tensor.Value, op, "nil tensor")
	}
	sameDevice(op, a, b)
	if a.NDim() != 2 {
		fail(tensor.Shape, op, "a of shape %s: want a 2-D matrix (M, N)", tensor.ShapeString(a.Shape()))
	}
	m, n := a.Dim(0), a.Dim(1)
	if b.NDim() < 1 || b.NDim() > 2 || b.Dim(0) != m {
		fail(tensor.Shape, op, "a of shape %s and b of shape %s do not fit: want b of shape (%d,) or (%d, K)",
			tensor.ShapeString(a.Shape()), tensor.ShapeString(b.Shape()), m, m)
	}
	vector := b.NDim() == 1
	if vector {
		b = b.ExpandDims(-1)
	}
	sa, sb := matrices(op, a, false), matrices(op, b, false)
	if !(a.DType() == tensor.Float32 && b.DType() == tensor.Float32) {
		sa.dt = tensor.Float64
	}
	sa.requireFinite("SVD")
	nrhs, k := sb.n, min(m, n)
	if rcond < 0 {
		rcond = eps64 * float64(max(m, n))
	}
	var sol blas64.General
	var sv []float64
	if k == 0 {
		sol = general(n, nrhs)
	} else {
		r := svdThin(op, sa.mat(0), 0)
		var sinv []float64
		sinv, rank = invertAbove(r.s, rcond*r.s[0])
		sol, sv = r.applyPinv(sinv, sb.mat(0)), r.s
	}
	var res []float64
	if rank == n && m > n {
		res = residualSquares(a, b, sol)
	}
	xs := []int{n, nrhs}
	if vector {
		xs = xs[:1]
	}
	return toResult(sol.Data, xs, sa.dt, sa.dev), toResult(res, []int{len(res)}, sa.dt, sa.dev),
		rank, toResult(sv, []int{k}, sa.dt, sa.dev)
}

// residualSquares returns the squared 2-norm of each column of b - a x (in float64).
func residualSquares(a, b *tensor.Tensor, x blas64.General) []float64 {
	ag := matrices("linalg.Lstsq", a, false).mat(0)
	rg := matrices("linalg.Lstsq", b, false).mat(0)
	if ag.Cols > 0 && rg.Cols > 0 {
		blas64.Gemm(blas.NoTrans, blas.NoTrans, -1, ag, x, 1, rg)
	}
	res := make([]float64, rg.Cols)
	for i := 0; i < rg.Rows; i++ {
		for j := range res {
			v := rg.Data[i*rg.Stride+j]
			res[j] += v * v
		}
	}
	return res
}

// Pinv is the Moore-Penrose pseudo-inverse of each matrix in x (shape (..., M, N) gives
// (..., N, M)), from its SVD, as np.linalg.pinv: singular values at most rcond × the
// largest are treated as zero. rcond < 0 (DefaultRcond) means NumPy's default, 1e-15.
func Pinv(x *tensor.Tensor, rcond float64) *tensor.Tensor {
	const op = "linalg.Pinv"
	st := matrices(op, x, false)
	m, n := st.m, st.n
	if rcond < 0 {
		rcond = 1e-15
	}
	st.requireFinite("SVD")
	out := make([]float64, st.count()*n*m)
	if min(m, n) > 0 {
		id := general(m, m)
		eye(id.Data, m, m)
		for i := 0; i < st.count(); i++ {
			r := svdThin(op, st.mat(i), i)
			sinv, _ := invertAbove(r.s, rcond*r.s[0])
			copy(out[i*n*m:(i+1)*n*m], r.applyPinv(sinv, id).Data)
		}
	}
	return st.out(out, n, m)
}

// MatrixRank is the rank of each matrix in x (shape (..., M, N) gives (...)), as
// np.linalg.matrix_rank: the number of singular values above tol, an int64 tensor. tol
// < 0 means NumPy's default, S.max() × max(M, N) × eps, with eps float32's for float32
// input and float64's otherwise. A vector or scalar has rank 1 unless it is all zero; an
// empty matrix has rank 0 (NumPy raises for it).
func MatrixRank(x *tensor.Tensor, tol float64) *tensor.Tensor {
	const op = "linalg.MatrixRank"
	if x == nil {
		fail(tensor.Value, op, "nil tensor")
	}
	if x.NDim() < 2 {
		return tensor.Any(tensor.NotEqual(x, 0)).AsType(tensor.Int64)
	}
	st := matrices(op, x, false)
	k := min(st.m, st.n)
	sv := st.svdVals()
	eps := eps64
	if x.DType() == tensor.Float32 {
		eps = eps32
	}
	ranks := make([]int64, st.count())
	for i := range ranks {
		s := sv[i*k : (i+1)*k]
		t := tol
		if t < 0 {
			t = 0
			if k > 0 {
				t = s[0] * float64(max(st.m, st.n)) * eps
			}
		}
		for _, v := range s {
			if v > t {
				ranks[i]++
			}
		}
	}
	return tensor.FromSlice(ranks, st.lead...).To(st.dev)
}
