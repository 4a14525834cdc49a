// Package blas hands gotensor's packed AVX2/FMA GEMM to gonum: Implementation is gonum's
// pure-Go BLAS with Dgemm and Sgemm replaced, so gonum's LAPACK (LU, QR, Cholesky, the
// tridiagonal reductions) and gonum/mat run their level-3 updates on the fast kernel.
// The other float64 level-3 routines LAPACK leans on (Dtrsm, Dtrmm, Dsyrk, Dsyr2k) are
// replaced by recursive versions that do their off-diagonal work with that Dgemm, and
// Dsymv (most of the symmetric tridiagonal reduction) by one that reads the matrix once.
// Each gives gonum's results to rounding and sends arguments it does not handle (bad
// ones included, for gonum's panics) to gonum's routine.
//
//	blas64.Use(blas.Implementation{}) // or blas.Install()
//
// Package linalg calls Install on first use; nothing is installed from init.
package blas

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/gotensor/gotensor/cpu"
)

// Implementation is gonum's BLAS with the GEMMs on gotensor's kernel.
type Implementation struct {
	gonum.Implementation
}

var (
	_ blas.Float64 = Implementation{}
	_ blas.Float32 = Implementation{}
)

// Install makes Implementation gonum's float64 and float32 BLAS unless the program has
// already chosen a BLAS other than gonum's default, and reports whether it did.
func Install() bool {
	installed := false
	if _, def := blas64.Implementation().(gonum.Implementation); def {
		blas64.Use(Implementation{})
		installed = true
	}
	if _, def := blas32.Implementation().(gonum.Implementation); def {
		blas32.Use(Implementation{})
	}
	return installed
}

// valid reports whether gemm's arguments are ones the fast kernel can take; anything
// else goes to gonum's own routine, which panics with gonum's message where they are
// wrong.
func valid(tA, tB blas.Transpose, m, n, k, lda, ldb, ldc, la, lb, lc int) bool {
	if tA != blas.NoTrans && tA != blas.Trans && tA != blas.ConjTrans ||
		tB != blas.NoTrans && tB != blas.Trans && tB != blas.ConjTrans ||
		m < 0 || n < 0 || k < 0 {
		return false
	}
	rowsA, colsA := m, k
	if tA != blas.NoTrans {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if tB != blas.NoTrans {
		rowsB, colsB = n, k
	}
	if lda < max(1, colsA) || ldb < max(1, colsB) || ldc < max(1, n) {
		return false
	}
	need := func(rows, cols, ld, have int) bool {
		return rows == 0 || cols == 0 || have >= (rows-1)*ld+cols
	}
	return need(rowsA, colsA, lda, la) && need(rowsB, colsB, ldb, lb) && need(m, n, ldc, lc)
}

// Dgemm computes c = alpha*op(a)*op(b) + beta*c.
func (impl Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if !valid(tA, tB, m, n, k, lda, ldb, ldc, len(a), len(b), len(c)) {
		impl.Implementation.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	cpu.Gemm(tA != blas.NoTrans, tB != blas.NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Sgemm computes c = alpha*op(a)*op(b) + beta*c in float32.
func (impl Implementation) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if !valid(tA, tB, m, n, k, lda, ldb, ldc, len(a), len(b), len(c)) {
		impl.Implementation.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	cpu.Gemm(tA != blas.NoTrans, tB != blas.NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
