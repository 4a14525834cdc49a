// Package stedc is a divide-and-conquer eigensolver for symmetric tridiagonal matrices:
// the algorithm of LAPACK's dstedc (Cuppen's method with the stable secular equation
// solver of dlaed4, deflation, and Gu and Eisenstat's eigenvector computation), written
// for gonum's row-major conventions. The eigenvector updates are matrix products on the
// installed gonum BLAS (blas64), so with gotensor's BLAS they run on the fast GEMM;
// gonum's own dsteqr (QR iteration) spends O(n³) time in plane rotations that no BLAS
// speeds up.
package stedc

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"

	"github.com/gotensor/gotensor/cpu"
)

// smallSize is the order at and below which a problem is solved by QR iteration
// (LAPACK's SMLSIZ, 25).
const smallSize = 25

// Stedc computes all eigenvalues and eigenvectors of the n×n symmetric tridiagonal
// matrix with diagonal d and off-diagonal e (length n-1, destroyed). On return d holds
// the eigenvalues in ascending order and row j of z (n×n, leading dimension ldz) the
// unit eigenvector of d[j]: z holds the eigenvectors as rows, the transpose of LAPACK's
// column layout, which is what the merges work on and what a caller wanting them as
// columns transposes once. It reports false if an iteration did not converge (which
// finite input does not provoke in practice).
func Stedc(n int, d, e, z []float64, ldz int) bool {
	if n == 0 {
		return true
	}
	for i := range n {
		row := z[i*ldz : i*ldz+n]
		clear(row)
		row[i] = 1
	}
	if n == 1 {
		return true
	}
	if n <= smallSize {
		return steqr(n, d, e, z, ldz)
	}
	if math.Max(maxAbs(d[:n]), maxAbs(e[:n-1])) == 0 {
		return true
	}
	ws := newWorkspace(n, blas64.Implementation())
	// Split where an off-diagonal element is negligible and solve the blocks apart.
	for start := 0; start < n; {
		end := start
		for end < n-1 && math.Abs(e[end]) > eps*math.Sqrt(math.Abs(d[end]))*math.Sqrt(math.Abs(d[end+1])) {
			end++
		}
		m := end - start + 1
		blk := z[start*ldz+start:]
		switch {
		case m == 1:
		case m <= smallSize:
			if !steqr(m, d[start:], e[start:], blk, ldz) {
				return false
			}
		default:
			// Scale the block to unit norm, as dstedc does, so that the secular
			// equation's tolerances are absolute.
			ds, es := d[start:start+m], e[start:start+m-1]
			nrm := math.Max(maxAbs(ds), maxAbs(es))
			for i := range ds {
				ds[i] /= nrm
			}
			for i := range es {
				es[i] /= nrm
			}
			ok := ws.divide(m, ds, es, blk, ldz)
			for i := range ds {
				ds[i] *= nrm
			}
			if !ok {
				return false
			}
		}
		start = end + 1
	}
	sortPairs(n, d, z, ldz)
	return true
}

// sortPairs sorts d ascending, moving z's rows with it (selection sort, as dstedc:
// after the blocks are solved, only the blocks' orders interleave).
func sortPairs(n int, d, z []float64, ldz int) {
	for i := 0; i < n-1; i++ {
		k := i
		for j := i + 1; j < n; j++ {
			if d[j] < d[k] {
				k = j
			}
		}
		if k != i {
			d[i], d[k] = d[k], d[i]
			x, y := z[i*ldz:i*ldz+n], z[k*ldz:k*ldz+n]
			for c := range x {
				x[c], y[c] = y[c], x[c]
			}
		}
	}
}

// divide is LAPACK's dlaed0 for an unreduced block of order n > smallSize, whose
// eigenvector rows in q start as the identity: it halves the block recursively down to
// subproblems of at most smallSize, tearing each pair apart with a rank-one correction
// (Cuppen), solves the subproblems by QR iteration, merges pairs bottom-up, and finally
// sorts.
func (ws *workspace) divide(n int, d, e, q []float64, ldq int) bool {
	// Subproblem sizes: halve every subproblem until the largest is small enough.
	sizes := []int{n}
	for sizes[len(sizes)-1] > smallSize {
		next := make([]int, 0, 2*len(sizes))
		for _, s := range sizes {
			next = append(next, s/2, (s+1)/2)
		}
		sizes = next
	}
	ends := make([]int, len(sizes)) // ends[i]: one past subproblem i's last row
	for i, s := range sizes {
		ends[i] = s
		if i > 0 {
			ends[i] += ends[i-1]
		}
	}
	// Tear: T = diag(T₁, T₂) + |e| v vᵀ with v's two nonzeros at the seam.
	for _, sub := range ends[:len(ends)-1] {
		a := math.Abs(e[sub-1])
		d[sub-1] -= a
		d[sub] -= a
	}
	indxq := make([]int, n)
	for i := range ends {
		start := 0
		if i > 0 {
			start = ends[i-1]
		}
		m := ends[i] - start
		if !steqr(m, d[start:], e[start:], q[start*ldq+start:], ldq) {
			return false
		}
		for j := range m {
			indxq[start+j] = j
		}
	}
	// Merge neighbouring pairs, level by level.
	for len(ends) > 1 {
		next := ends[:0:0]
		for i := 0; i+1 < len(ends); i += 2 {
			start := 0
			if i > 0 {
				start = ends[i-1]
			}
			size, cut := ends[i+1]-start, ends[i]-start
			if !ws.merge(size, d[start:], q[start*ldq+start:], ldq, indxq[start:], e[start+cut-1], cut) {
				return false
			}
			next = append(next, ends[i+1])
		}
		ends = next
	}
	// Apply the final order.
	dd := ws.dlamda[:n]
	tmp := ws.q2[:n*n]
	for i, j := range indxq {
		dd[i] = d[j]
		copy(tmp[i*n:(i+1)*n], q[j*ldq:j*ldq+n])
	}
	copy(d[:n], dd)
	for i := range n {
		copy(q[i*ldq:i*ldq+n], tmp[i*n:(i+1)*n])
	}
	return true
}

// steqr solves a small tridiagonal block with gonum's implicit QL/QR iteration and
// writes its eigenvectors as rows of q's top-left m×m block (which it overwrites).
func steqr(m int, d, e, q []float64, ldq int) bool {
	zz := make([]float64, m*m)
	work := make([]float64, max(1, 2*m-2))
	if !lapackImpl.Dsteqr(lapack.EVTridiag, m, d, e, zz, m, work) {
		return false
	}
	for j := range m {
		row := q[j*ldq : j*ldq+m]
		for i := range row {
			row[i] = zz[i*m+j]
		}
	}
	return true
}

// lapackImpl is gonum's LAPACK, for the QR iteration at the leaves.
var lapackImpl gonum.Implementation

// parallel runs fn over [0, n) split into at most cpu.Threads() chunks of at least
// grain items, the caller taking the first.
func parallel(n, grain int, fn func(lo, hi int)) {
	parts := max(1, min(cpu.Threads(), n/max(grain, 1)))
	if parts == 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	for p := 1; p < parts; p++ {
		wg.Go(func() { fn(n*p/parts, n*(p+1)/parts) })
	}
	fn(0, n/parts)
	wg.Wait()
}
