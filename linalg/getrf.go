package linalg

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack/gonum"
)

// lapackImpl is gonum's LAPACK, for the routines called directly rather than through
// lapack64 (the unblocked kernels the recursions end in, the pieces of syevd).
var lapackImpl gonum.Implementation

// getrfLeaf is the panel width at which getrf's recursion stops and the row-oriented
// unblocked factorisation runs.
const getrfLeaf = 16

// getrf computes the LU factorisation with partial pivoting A = P L U of the row-major
// m×n matrix a (leading dimension lda) in place, as LAPACK's dgetrf with gonum's
// conventions: L (unit diagonal) below the diagonal, U on and above it, and row i
// swapped with row ipiv[i] (0-based, in order). It reports false when U has an exactly
// zero diagonal element, and completes the factorisation anyway.
//
// It is the recursive variant (LAPACK's dgetrf2, Toledo's algorithm): factor the left
// half of the columns, apply its swaps and L to the right half (trsm), update the
// trailing matrix (gemm) and factor it. Nearly all flops land in Dgemm and Dtrsm of the
// installed BLAS, on the fast kernel; gonum's Dgetrf spends most of its time in its
// column-oriented panel factorisation (strided scaling and rank-one updates), which is
// slow on row-major storage.
//
// Below order luSmall gonum's Dgetrf is faster (its unblocked panel factorisation has
// less overhead, and small strides do not alias in the cache), and getrf calls it.
func getrf(m, n int, a []float64, lda int, ipiv []int) bool {
	if max(m, n) < luSmall {
		return lapackImpl.Dgetrf(m, n, a, lda, ipiv)
	}
	return recursiveGetrf(m, n, a, lda, ipiv)
}

// luSmall is the order below which getrf and getri call gonum's routines (measured
// crossover: about 200 for both at GOMAXPROCS 1 and 2).
const luSmall = 224

// recursiveGetrf is getrf without the small-matrix dispatch.
func recursiveGetrf(m, n int, a []float64, lda int, ipiv []int) bool {
	buf := make([]float64, m*min(n, getrfLeaf))
	return getrf2(blas64.Implementation(), m, n, a, lda, ipiv, buf)
}

// getrf2 is getrf's recursion; buf is getf2's scratch.
func getrf2(bi blas.Float64, m, n int, a []float64, lda int, ipiv []int, buf []float64) bool {
	k := min(m, n)
	if k == 0 {
		return true
	}
	if n <= getrfLeaf {
		return getf2(m, n, a, lda, ipiv, buf)
	}
	if m < n {
		// Wide: factor the left m×m block, then U₂ = L⁻¹ P A₂.
		ok := getrf2(bi, m, m, a, lda, ipiv, buf)
		swapRows(a[m:], lda, n-m, ipiv, 0)
		bi.Dtrsm(blas.Left, blas.Lower, blas.NoTrans, blas.Unit, m, n-m, 1, a, lda, a[m:], lda)
		return ok
	}
	n1 := k / 2
	if n1 > 8 {
		n1 -= n1 % 8
	}
	n2 := n - n1
	ok := getrf2(bi, m, n1, a, lda, ipiv[:n1], buf)
	// Apply the left half's swaps and L11⁻¹ to the right half, then update the rest.
	swapRows(a[n1:], lda, n2, ipiv[:n1], 0)
	bi.Dtrsm(blas.Left, blas.Lower, blas.NoTrans, blas.Unit, n1, n2, 1, a, lda, a[n1:], lda)
	if m > n1 {
		bi.Dgemm(blas.NoTrans, blas.NoTrans, m-n1, n2, n1, -1, a[n1*lda:], lda, a[n1:], lda, 1, a[n1*lda+n1:], lda)
		ok = getrf2(bi, m-n1, n2, a[n1*lda+n1:], lda, ipiv[n1:k], buf) && ok
		for i := n1; i < k; i++ {
			ipiv[i] += n1
		}
		// The right half's swaps, on the left half's rows.
		swapRows(a, lda, n1, ipiv[n1:k], n1)
	}
	return ok
}

// swapRows swaps rows off+i and ipiv[off+i] of the cols-wide matrix a for each i, in
// order (LAPACK's dlaswp with unit increment); ipiv holds the entries from off on.
func swapRows(a []float64, lda, cols int, ipiv []int, off int) {
	for i, p := range ipiv {
		if r := off + i; p != r {
			x, y := a[r*lda:r*lda+cols], a[p*lda:p*lda+cols]
			for j := range x {
				x[j], y[j] = y[j], x[j]
			}
		}
	}
}

// getf2 is the unblocked LU factorisation of an m×n panel (n ≤ getrfLeaf), as LAPACK's
// dgetf2, on a column-major copy in buf (m·n elements): in row-major storage the
// panel's columns are strided (and with a power-of-two leading dimension its rows fall
// in the same few cache sets), so the pivot searches, the scaling of the multipliers
// and the rank-one updates all run on contiguous columns instead.
func getf2(m, n int, a []float64, lda int, ipiv []int, buf []float64) bool {
	c := buf[:m*n] // column j is c[j*m : (j+1)*m]
	for i := range m {
		for j, v := range a[i*lda : i*lda+n] {
			c[j*m+i] = v
		}
	}
	ok := true
	for j := range min(m, n) {
		col := c[j*m : (j+1)*m]
		p, best := j, -1.0
		for i := j; i < m; i++ {
			if v := math.Abs(col[i]); v > best {
				p, best = i, v
			}
		}
		ipiv[j] = p
		if p != j {
			for k := range n {
				c[k*m+j], c[k*m+p] = c[k*m+p], c[k*m+j]
			}
		}
		l := col[j+1:]
		switch piv := col[j]; {
		case piv == 0:
			ok = false
		case math.Abs(piv) >= 0x1p-1022:
			floats.Scale(1/piv, l)
		default:
			for i := range l {
				l[i] /= piv
			}
		}
		// The rank-one update of the columns to the right, four at a time so that each
		// multiplier is loaded once per four updates. A column whose U element is zero
		// is skipped, as LAPACK's dger does (0·Inf would make NaN).
		k := j + 1
		for ; k+4 <= n; k += 4 {
			u0, u1, u2, u3 := c[k*m+j], c[(k+1)*m+j], c[(k+2)*m+j], c[(k+3)*m+j]
			if u0 == 0 || u1 == 0 || u2 == 0 || u3 == 0 {
				for q := k; q < k+4; q++ {
					axpyCol(c[q*m+j], l, c[q*m+j+1:(q+1)*m])
				}
				continue
			}
			c0, c1 := c[k*m+j+1 : (k+1)*m][:len(l)], c[(k+1)*m+j+1 : (k+2)*m][:len(l)]
			c2, c3 := c[(k+2)*m+j+1 : (k+3)*m][:len(l)], c[(k+3)*m+j+1 : (k+4)*m][:len(l)]
			for i, x := range l {
				c0[i] -= u0 * x
				c1[i] -= u1 * x
				c2[i] -= u2 * x
				c3[i] -= u3 * x
			}
		}
		for ; k < n; k++ {
			axpyCol(c[k*m+j], l, c[k*m+j+1:(k+1)*m])
		}
	}
	for i := range m {
		row := a[i*lda : i*lda+n]
		for j := range row {
			row[j] = c[j*m+i]
		}
	}
	return ok
}

// axpyCol subtracts u·l from dst, unless u is zero.
func axpyCol(u float64, l, dst []float64) {
	if u == 0 {
		return
	}
	dst = dst[:len(l)]
	for i, x := range l {
		dst[i] -= u * x
	}
}

// getri replaces the LU factorisation of an n×n matrix computed by getrf (a, ipiv) with
// the inverse of the original matrix, as LAPACK's dgetri: inv(A) = inv(U) inv(L) P.
// It inverts U in place (trtri), then solves X L = inv(U) for X with one triangular
// solve on the installed BLAS's Dtrsm, and undoes the row interchanges as column
// interchanges. U must have no zero on its diagonal.
//
// Below order luSmall it calls gonum's Dgetri, with work as its workspace when that
// holds at least n·64 elements (a batch can share one).
func getri(n int, a []float64, lda int, ipiv []int, work []float64) {
	if n == 0 {
		return
	}
	if n < luSmall {
		if len(work) < n*64 {
			work = make([]float64, n*64)
		}
		lapackImpl.Dgetri(n, a, lda, ipiv, work, len(work))
		return
	}
	recursiveGetri(n, a, lda, ipiv)
}

// recursiveGetri is getri without the small-matrix dispatch.
func recursiveGetri(n int, a []float64, lda int, ipiv []int) {
	bi := blas64.Implementation()
	trtri(bi, n, a, lda)
	// Move L's strict lower triangle out, leaving inv(U) alone in a.
	l := make([]float64, n*n)
	for i := 1; i < n; i++ {
		copy(l[i*n:i*n+i], a[i*lda:i*lda+i])
		clear(a[i*lda : i*lda+i])
	}
	bi.Dtrsm(blas.Right, blas.Lower, blas.NoTrans, blas.Unit, n, n, 1, l, n, a, lda)
	// inv(A) = X P: the interchanges in reverse order, on the columns, row by row.
	for i := 0; i < n; i++ {
		row := a[i*lda : i*lda+n]
		for j := n - 1; j >= 0; j-- {
			if p := ipiv[j]; p != j {
				row[j], row[p] = row[p], row[j]
			}
		}
	}
}

// trtriLeaf is the order at which trtri's recursion stops and gonum's Dtrti2 runs.
const trtriLeaf = 32

// trtri inverts the n×n upper triangular matrix a (non-unit diagonal) in place: with
// U = [U11 U12; 0 U22], inv(U) = [inv(U11) -inv(U11) U12 inv(U22); 0 inv(U22)], the
// off-diagonal block by two triangular solves before the diagonal blocks are inverted.
func trtri(bi blas.Float64, n int, a []float64, lda int) {
	if n <= trtriLeaf {
		lapackImpl.Dtrti2(blas.Upper, blas.NonUnit, n, a, lda)
		return
	}
	n1 := n / 2
	if n1 > 8 {
		n1 -= n1 % 8
	}
	n2 := n - n1
	a22 := a[n1*lda+n1:]
	bi.Dtrsm(blas.Right, blas.Upper, blas.NoTrans, blas.NonUnit, n1, n2, -1, a22, lda, a[n1:], lda)
	bi.Dtrsm(blas.Left, blas.Upper, blas.NoTrans, blas.NonUnit, n1, n2, 1, a, lda, a[n1:], lda)
	trtri(bi, n1, a, lda)
	trtri(bi, n2, a22, lda)
}
