package linalg

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// ormqrBlock is ormqr's number of reflectors per block. Larger blocks make the two
// GEMMs per block more efficient but add triangular work (three k×k triangles applied
// to k×n blocks); 32 to 64 measured alike at n = 512.
const ormqrBlock = 32

// ormqr overwrites the m×n matrix c with Q c, where Q = H(0) H(1) ⋯ H(k-1) is the
// product of the k elementary reflectors of a QR factorisation (geqrf's storage: vector
// i below the diagonal of column i of the m×k matrix a, scalar tau[i]); LAPACK's dormqr
// for side Left, no transpose. Each block of reflectors is applied as I - V T Vᵀ
// (larft, larfb) on the installed BLAS.
func ormqr(m, n, k int, a []float64, lda int, tau, c []float64, ldc int) {
	if m == 0 || n == 0 || k == 0 {
		return
	}
	nb := min(ormqrBlock, k)
	t := make([]float64, nb*nb)
	g := make([]float64, nb*nb)
	work := make([]float64, n*nb)
	// Q c = H(0) (H(1) (⋯ H(k-1) c)): the last block first.
	for i := (k - 1) / nb * nb; i >= 0; i -= nb {
		ib := min(nb, k-i)
		larft(m-i, ib, a[i*lda+i:], lda, tau[i:i+ib], t, g)
		larfb(m-i, n, ib, a[i*lda+i:], lda, t, c[i*ldc:], ldc, work)
	}
}

// larfb applies the block reflector H = I - V T Vᵀ to the m×n matrix c from the left
// (LAPACK's dlarfb for side Left, no transpose, forward, columnwise), with V (m×k) unit
// lower trapezoidal in v and T (k×k) upper triangular from larft. gonum's Dlarfb works
// on W = Cᵀ V, whose copies to and from C stride down C's columns; here W = Vᵀ C is k×n
// and every copy and update runs along rows:
//
//	W = V₁ᵀ C₁ + V₂ᵀ C₂,  W = T W,  C₂ -= V₂ W,  C₁ -= V₁ W.
func larfb(m, n, k int, v []float64, ldv int, t, c []float64, ldc int, work []float64) {
	bi := blas64.Implementation()
	w := work[:k*n]
	for j := range k {
		copy(w[j*n:(j+1)*n], c[j*ldc:j*ldc+n])
	}
	bi.Dtrmm(blas.Left, blas.Lower, blas.Trans, blas.Unit, k, n, 1, v, ldv, w, n)
	if m > k {
		bi.Dgemm(blas.Trans, blas.NoTrans, k, n, m-k, 1, v[k*ldv:], ldv, c[k*ldc:], ldc, 1, w, n)
	}
	bi.Dtrmm(blas.Left, blas.Upper, blas.NoTrans, blas.NonUnit, k, n, 1, t, k, w, n)
	if m > k {
		bi.Dgemm(blas.NoTrans, blas.NoTrans, m-k, n, k, -1, v[k*ldv:], ldv, w, n, 1, c[k*ldc:], ldc)
	}
	bi.Dtrmm(blas.Left, blas.Lower, blas.NoTrans, blas.Unit, k, n, 1, v, ldv, w, n)
	for j := range k {
		row, wr := c[j*ldc:j*ldc+n], w[j*n:(j+1)*n]
		for i := range row {
			row[i] -= wr[i]
		}
	}
}

// larft forms the k×k upper triangular factor T (leading dimension k) of the block
// reflector H(0) ⋯ H(k-1) = I - V T Vᵀ, where V (m×k) is unit lower trapezoidal with its
// vectors below the diagonal of v (LAPACK's dlarft, forward, columnwise). Column i of T
// is -tau[i] T[:i, :i] (Vᵀ V)[:i, i]; the Gram matrix Vᵀ V, where the flops are, is one
// GEMM on the installed BLAS instead of a matrix-vector product per column. g is k×k
// scratch.
func larft(m, k int, v []float64, ldv int, tau, t, g []float64) {
	t, g = t[:k*k], g[:k*k]
	// G = V₂ᵀ V₂ over the rows below the unit triangle, then the triangle's rows.
	if m > k {
		blas64.Implementation().Dgemm(blas.Trans, blas.NoTrans, k, k, m-k, 1, v[k*ldv:], ldv, v[k*ldv:], ldv, 0, g, k)
	} else {
		clear(g)
	}
	for r := 1; r < min(m, k); r++ {
		row := v[r*ldv : r*ldv+r] // V[r, :r]; V[r, r] = 1
		for q := 0; q < r; q++ {
			gq := g[q:]
			vq := row[q]
			for p := 0; p < q; p++ {
				gq[p*k] += row[p] * vq
			}
			g[q*k+r] += vq // V[r, q] V[r, r]
		}
	}
	tmp := make([]float64, k)
	for i := range k {
		ti := tau[i]
		t[i*k+i] = ti
		if ti == 0 {
			for p := 0; p < i; p++ {
				t[p*k+i] = 0
			}
			continue
		}
		for p := 0; p < i; p++ {
			tmp[p] = -ti * g[p*k+i]
		}
		// T[:i, i] = T[:i, :i] tmp, T upper triangular.
		for p := 0; p < i; p++ {
			var s float64
			row := t[p*k : p*k+i]
			for q := p; q < i; q++ {
				s += row[q] * tmp[q]
			}
			t[p*k+i] = s
		}
	}
}
