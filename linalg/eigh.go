package linalg

import (
	"math"

	"github.com/gotensor/gotensor/linalg/internal/stedc"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/lapack"
)

// syevd computes the eigenvalues and eigenvectors of every symmetric matrix of st (lower
// triangle) the way LAPACK's dsyevd does: reduce to tridiagonal form (Dsytrd, on the
// installed BLAS), solve the tridiagonal problem by divide and conquer (package stedc),
// and apply the reduction's orthogonal matrix to the eigenvectors (dormtr, which for the
// lower form is ormqr on the reflectors below the subdiagonal). Matrices of order up to
// syevdSmall go to gonum's Dsyev. It returns the eigenvalues (ascending) and the
// eigenvectors as columns, for the whole stack.
func (st *stack) syevd() (w, v []float64) {
	st.requireFinite("eigenvalue computation")
	n, cnt := st.n, st.count()
	w, v = make([]float64, cnt*n), make([]float64, cnt*n*n)
	if n == 0 {
		return w, v
	}
	var e, tau, z []float64
	if n > syevdSmall {
		e, tau, z = make([]float64, n), make([]float64, n), make([]float64, n*n)
	}
	m := st.mat(0)
	work := workLen(func(wk []float64, l int) {
		if n <= syevdSmall {
			lapackImpl.Dsyev(lapack.EVCompute, blas.Lower, n, m.Data, m.Stride, w[:n], wk, l)
		} else {
			lapackImpl.Dsytrd(blas.Lower, n, m.Data, m.Stride, w[:n], e, tau, wk, l)
		}
	})
	for i := 0; i < cnt; i++ {
		a := st.mat(i)
		d, c := w[i*n:(i+1)*n], v[i*n*n:(i+1)*n*n]
		if n <= syevdSmall {
			// QR iteration on the explicitly formed Q (gonum's Dsyev) has less
			// overhead for small matrices.
			if !lapackImpl.Dsyev(lapack.EVCompute, blas.Lower, n, a.Data, a.Stride, d, work, len(work)) {
				noConvergence(st.op, "the eigenvalue computation", i)
			}
			copy(c, a.Data[:n*n])
			continue
		}
		sigma := scaleSymmetric(n, a.Data, a.Stride)
		lapackImpl.Dsytrd(blas.Lower, n, a.Data, a.Stride, d, e, tau, work, len(work))
		if !stedc.Stedc(n, d, e, z, n) {
			noConvergence(st.op, "the eigenvalue computation", i)
		}
		transpose(n, z, c)
		// Q's first row and column are e₁ (Dsytrd's lower form), so Q c is the
		// reflectors stored below the subdiagonal applied to c's rows 1:.
		ormqr(n-1, n, n-1, a.Data[a.Stride:], a.Stride, tau, c[n:], n)
		if sigma != 1 {
			for j := range d {
				d[j] /= sigma
			}
		}
	}
	return w, v
}

// syevdSmall is the order up to which syevd calls gonum's Dsyev (measured crossover:
// between 30 and 60).
const syevdSmall = 40

// scaleSymmetric scales the lower triangle of a into the range where the reduction
// neither overflows nor loses accuracy to underflow, as dsyev and dsyevd do, and returns
// the factor (1 when a is left alone).
func scaleSymmetric(n int, a []float64, lda int) float64 {
	const (
		smlnum = 0x1p-1022 / 0x1p-53
		bignum = 1 / smlnum
	)
	rmin, rmax := math.Sqrt(smlnum), math.Sqrt(bignum)
	var anrm float64
	for i := range n {
		for _, x := range a[i*lda : i*lda+i+1] {
			anrm = math.Max(anrm, math.Abs(x))
		}
	}
	sigma := 1.0
	switch {
	case anrm > 0 && anrm < rmin:
		sigma = rmin / anrm
	case anrm > rmax:
		sigma = rmax / anrm
	default:
		return 1
	}
	lapackImpl.Dlascl(lapack.LowerTri, 0, 0, 1, sigma, n, n, a, lda)
	return sigma
}

// transpose writes the transpose of the n×n row-major src to dst, in cache-sized tiles.
func transpose(n int, src, dst []float64) {
	const tile = 8 // eight rows of each side stay within a cache set's ways at power-of-two n
	for i0 := 0; i0 < n; i0 += tile {
		for j0 := 0; j0 < n; j0 += tile {
			for i := i0; i < min(i0+tile, n); i++ {
				row := src[i*n : i*n+n]
				for j := j0; j < min(j0+tile, n); j++ {
					dst[j*n+i] = row[j]
				}
			}
		}
	}
}
