// Package linalg is NumPy's np.linalg for gotensor tensors: norms, determinants,
// inverses, linear solves, Cholesky, QR, SVD, symmetric and general eigenproblems, least
// squares, the pseudo-inverse and the matrix rank, on gonum's LAPACK
// (gonum.org/v1/gonum/lapack/lapack64).
//
// Conventions, as in NumPy:
//
//   - Matrices are the last two dimensions; leading dimensions are a batch, and for
//     ops with two operands (Solve) they broadcast.
//   - Integer and bool inputs are computed in float64 and give float64. float32 input is
//     computed in float64 and the results are converted back to float32, so float32 users
//     get float64 accuracy rounded once.
//   - A matrix of the wrong rank or a non-square matrix where a square one is needed is a
//     *tensor.Error of kind Shape; an exactly singular matrix (Inv, Solve) or a matrix
//     that is not positive definite (Cholesky) is kind Singular; a decomposition that
//     does not converge (inputs with NaN or Inf) is kind Value. Like the tensor package,
//     these panic; tensor.Try turns them into errors.
//
// Device: the LAPACK routines run on the CPU. Tensors on another device are copied to
// the host (x.CPU()), computed there, and the results are copied back to x's device
// (To), so each call costs a round trip. Norm's element-wise orders (None, "fro", 1, inf,
// vector p-norms) compose tensor ops and stay on the device; only its SVD-based orders
// (matrix 2, -2 and nuclear) make the round trip.
//
// Results never share memory with the input: LAPACK works on a float64 copy.
//
// Gradients: Det, Inv, Solve, Cholesky, EigvalsH, Eigh and Norm (every order) record
// themselves for package autograd when an input requires a gradient (batched as the
// functions are), with PyTorch's formulas; each function's doc gives its rule. They are
// differentiable twice except where the rule needs an SVD (Det of an exactly singular
// matrix, Norm's P(2), P(-2) and Nuc): first order only there. The other functions
// record nothing.
//
// Performance: gonum's LAPACK runs its level-3 updates on gotensor's packed AVX2/FMA GEMM
// (package blas, which also replaces gonum's Dtrsm, Dtrmm, Dsyrk, Dsyr2k and Dsymv with
// versions built on it): the first linalg call that reaches LAPACK installs it with
// blas.Install, unless the program has already chosen a BLAS other than gonum's default
// (blas64.Use). Nothing is installed from init. A few LAPACK routines are written here
// rather than taken from gonum, where gonum's are slow on row-major data or missing:
// the LU factorisation is recursive (LAPACK's dgetrf2) with a column-major panel, the
// inverse inverts U recursively and solves once with L, and Eigh follows LAPACK's
// dsyevd: gonum's tridiagonal reduction, a divide-and-conquer tridiagonal eigensolver
// (dstedc, in internal/stedc) instead of gonum's QR iteration, and a back-transformation
// whose block reflectors are applied along rows. The results agree with gonum's to
// rounding.
package linalg

import (
	"fmt"
	"math"
	"sync"

	"github.com/gotensor/gotensor/blas"
	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
	"gonum.org/v1/gonum/blas/blas64"
)

// installBLAS puts gonum's LAPACK on the fast GEMM at the first call that needs it.
var installBLAS sync.Once

// fail panics with a *tensor.Error of the given kind for op ("linalg.Inv", ...).
func fail(kind tensor.Kind, op, format string, args ...any) {
	panic(&tensor.Error{Kind: kind, Op: op, Msg: fmt.Sprintf(format, args...)})
}

// resultType is the dtype an op returns for input dtype dt: float32 stays float32,
// everything else gives float64.
func resultType(dt tensor.DType) tensor.DType {
	if dt == tensor.Float32 {
		return tensor.Float32
	}
	return tensor.Float64
}

// stack is a stack of m×n matrices copied to host memory as row-major float64, with
// what is needed to return results where and as the input was.
type stack struct {
	op   string
	data []float64 // count() matrices of m*n elements, C order
	lead []int     // the batch shape
	m, n int
	dt   tensor.DType  // dtype of results
	dev  device.Device // device of the input
}

// matrices copies x (rank >= 2) to the host as a stack of float64 matrices. With square
// set, the last two dimensions must be equal.
func matrices(op string, x *tensor.Tensor, square bool) *stack {
	installBLAS.Do(func() { blas.Install() })
	lead, m, n := dims(op, x, square)
	return &stack{op: op, data: tensor.ToSlice[float64](x), lead: lead, m: m, n: n,
		dt: resultType(x.DType()), dev: x.Device()}
}

// dims checks that x is a stack of matrices (square ones when square is set) and
// returns its batch shape and matrix size.
func dims(op string, x *tensor.Tensor, square bool) (lead []int, m, n int) {
	if x == nil {
		fail(tensor.Value, op, "nil tensor")
	}
	shape := x.Shape()
	r := len(shape)
	if r < 2 {
		fail(tensor.Shape, op, "%d-dimensional array given: the array must be at least two-dimensional (..., M, N)", r)
	}
	m, n = shape[r-2], shape[r-1]
	if square && m != n {
		fail(tensor.Shape, op, "last two dimensions of the array must be square: shape %s has %d×%d matrices", tensor.ShapeString(shape), m, n)
	}
	return shape[:r-2], m, n
}

// sameDevice refuses operands on different devices, as the tensor ops do.
func sameDevice(op string, a, b *tensor.Tensor) {
	if a.Device() != b.Device() {
		fail(tensor.Device, op, "tensors are on different devices: %s and %s; move one with To", a.Device().Name(), b.Device().Name())
	}
}

// count is the number of matrices in the stack.
func (s *stack) count() int {
	c := 1
	for _, d := range s.lead {
		c *= d
	}
	return c
}

// mat returns matrix i of the stack as a gonum general matrix sharing s.data.
func (s *stack) mat(i int) blas64.General {
	sz := s.m * s.n
	return blas64.General{Rows: s.m, Cols: s.n, Stride: max(1, s.n), Data: s.data[i*sz : (i+1)*sz]}
}

// out wraps data as a result of shape lead + dims, in the stack's result dtype and on
// the input's device.
func (s *stack) out(data []float64, dims ...int) *tensor.Tensor {
	shape := append(append([]int{}, s.lead...), dims...)
	return toResult(data, shape, s.dt, s.dev)
}

// toResult wraps host float64 data as a tensor of dtype dt on dev.
func toResult(data []float64, shape []int, dt tensor.DType, dev device.Device) *tensor.Tensor {
	t := tensor.FromSlice(data, shape...)
	if dt != tensor.Float64 {
		t = t.AsType(dt)
	}
	return t.To(dev)
}

// general returns a new r×c row-major matrix.
func general(r, c int) blas64.General {
	return blas64.General{Rows: r, Cols: c, Stride: max(1, c), Data: make([]float64, r*c)}
}

// workLen asks a LAPACK routine for its optimal work length (the lwork == -1 query).
func workLen(query func(work []float64, lwork int)) []float64 {
	w := make([]float64, 1)
	query(w, -1)
	return make([]float64, max(1, int(w[0])))
}

// requireFinite rejects NaN and Inf before the iterative solvers (SVD, eigenvalues),
// which would not converge on them (NumPy raises LinAlgError; gonum would panic).
func (s *stack) requireFinite(what string) {
	for i, v := range s.data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			sz := max(1, s.m*s.n)
			fail(tensor.Value, s.op, "matrix %d holds %v at (%d, %d): the %s does not converge on NaN or Inf",
				i/sz, v, i%sz/max(1, s.n), i%max(1, s.n), what)
		}
	}
}
