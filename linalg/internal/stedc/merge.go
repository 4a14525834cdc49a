package stedc

import (
	"math"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
)

// workspace holds the scratch of the merges, sized once for the largest (the whole
// matrix).
type workspace struct {
	bi                         blas.Float64
	z, dlamda, w, wn, signs    []float64
	q2, delta                  []float64 // n×n each
	indx, indxc, indxp, coltyp []int
}

func newWorkspace(n int, bi blas.Float64) *workspace {
	return &workspace{
		bi: bi,
		z:  make([]float64, n), dlamda: make([]float64, n), w: make([]float64, n),
		wn: make([]float64, n), signs: make([]float64, n),
		q2: make([]float64, n*n), delta: make([]float64, n*n),
		indx: make([]int, n), indxc: make([]int, n), indxp: make([]int, n), coltyp: make([]int, n),
	}
}

// Column types of the deflation (LAPACK's coltyp): an eigenvector of the merged problem
// that is nonzero only in the first block's rows, in both, only in the second's, or
// deflated.
const (
	typeTop = iota
	typeDense
	typeBottom
	typeDeflated
)

// merge combines the eigensystems of the two halves of an n×n block (LAPACK's dlaed1):
// on entry d holds the eigenvalues of the first n1 rows and the last n-n1, q's rows the
// corresponding eigenvectors (row j is eigenvector j, nonzero only within its half),
// and indxq each half's ascending order; rho is the off-diagonal element torn out
// between the halves (the halves' end diagonal elements were reduced by |rho|). On
// return d and q hold the eigensystem of the merged block and indxq its ascending order.
func (ws *workspace) merge(n int, d, q []float64, ldq int, indxq []int, rho float64, n1 int) bool {
	// z = Qᵀ v for the tear v: the last row of the first half's eigenvector matrix and
	// the first row of the second half's.
	z := ws.z[:n]
	for j := 0; j < n1; j++ {
		z[j] = q[j*ldq+n1-1]
	}
	for j := n1; j < n; j++ {
		z[j] = q[j*ldq+n1]
	}
	k, ctot, rho := ws.deflate(n, n1, d, q, ldq, indxq, rho)
	if k == 0 {
		for i := range n {
			indxq[i] = i
		}
		return true
	}
	if !ws.update(k, n, n1, d, q, ldq, rho, ctot) {
		return false
	}
	// The new eigenvalues d[:k] ascend; the deflated d[k:] descend.
	mergeIndex(k, n-k, d, 1, -1, indxq)
	return true
}

// deflate is LAPACK's dlaed2. It normalises the rank-one update diag(d) + ρ z zᵀ,
// sorts it, and deflates: an eigenpair whose z component is negligible is already an
// eigenpair of the merged matrix, and of two eigenvalues closer than the tolerance one
// is made to deflate by a Givens rotation of their eigenvectors. The k remaining
// eigenvalues go to ws.dlamda and their z components to ws.w (ascending); the deflated
// eigenvalues and eigenvectors go to d[k:] and q's rows k: (descending). The eigenvector
// rows of the non-deflated problem are gathered into ws.q2 in three groups by where they
// are nonzero (ctot counts each type), so that update multiplies only the nonzero
// blocks; ws.indxc maps a group position to its position in dlamda.
func (ws *workspace) deflate(n, n1 int, d, q []float64, ldq int, indxq []int, rho float64) (k int, ctot [4]int, rhoOut float64) {
	n2 := n - n1
	z := ws.z[:n]
	if rho < 0 {
		for i := n1; i < n; i++ {
			z[i] = -z[i]
		}
	}
	// z is two unit vectors stacked: ‖z‖² = 2.
	for i := range z {
		z[i] *= 1 / math.Sqrt2
	}
	rho = math.Abs(2 * rho)

	for i := n1; i < n; i++ {
		indxq[i] += n1
	}
	dlamda, indx, indxc, indxp, coltyp := ws.dlamda[:n], ws.indx[:n], ws.indxc[:n], ws.indxp[:n], ws.coltyp[:n]
	for i := range n {
		dlamda[i] = d[indxq[i]]
	}
	mergeIndex(n1, n2, dlamda, 1, 1, indxc)
	for i := range n {
		indx[i] = indxq[indxc[i]]
	}
	zmax, dmax := maxAbs(z), maxAbs(d[:n])
	tol := 8 * eps * math.Max(dmax, zmax)
	if rho*zmax <= tol {
		// Everything deflates: only sort.
		q2 := ws.q2[:n*n]
		for j, i := range indx {
			copy(q2[j*n:(j+1)*n], q[i*ldq:i*ldq+n])
			dlamda[j] = d[i]
		}
		for j := range n {
			copy(q[j*ldq:j*ldq+n], q2[j*n:(j+1)*n])
		}
		copy(d[:n], dlamda)
		return 0, ctot, rho
	}

	for i := range n {
		coltyp[i] = typeTop
		if i >= n1 {
			coltyp[i] = typeBottom
		}
	}
	w := ws.w[:n]
	k2 := n // the deflated fill indxp from the end
	pj := -1
	for _, nj := range indx {
		if rho*math.Abs(z[nj]) <= tol {
			k2--
			coltyp[nj] = typeDeflated
			indxp[k2] = nj
			continue
		}
		if pj < 0 {
			pj = nj
			continue
		}
		// Can the pair (pj, nj) of neighbouring eigenvalues be deflated?
		s, c := z[pj], z[nj]
		tau := math.Hypot(c, s)
		t := d[nj] - d[pj]
		c /= tau
		s = -s / tau
		if math.Abs(t*c*s) > tol {
			dlamda[k], w[k], indxp[k] = d[pj], z[pj], pj
			k++
			pj = nj
			continue
		}
		// Rotate so that z[pj] becomes zero.
		z[nj], z[pj] = tau, 0
		if coltyp[nj] != coltyp[pj] {
			coltyp[nj] = typeDense
		}
		coltyp[pj] = typeDeflated
		x, y := q[pj*ldq:pj*ldq+n], q[nj*ldq:nj*ldq+n]
		for r := range x {
			xr, yr := x[r], y[r]
			x[r] = c*xr + s*yr
			y[r] = c*yr - s*xr
		}
		t = d[pj]*c*c + d[nj]*s*s
		d[nj] = d[pj]*s*s + d[nj]*c*c
		d[pj] = t
		// Insert pj into the deflated list, which descends.
		k2--
		p := k2
		for p+1 < n && d[pj] < d[indxp[p+1]] {
			indxp[p] = indxp[p+1]
			p++
		}
		indxp[p] = pj
		pj = nj
	}
	dlamda[k], w[k], indxp[k] = d[pj], z[pj], pj
	k++

	// Group the columns by type: top, dense, bottom, deflated.
	for _, ct := range coltyp {
		ctot[ct]++
	}
	psm := [4]int{0, ctot[0], ctot[0] + ctot[1], ctot[0] + ctot[1] + ctot[2]}
	k = n - ctot[typeDeflated]
	for j, js := range indxp {
		ct := coltyp[js]
		indx[psm[ct]] = js
		indxc[psm[ct]] = j
		psm[ct]++
	}
	// Gather the eigenvector rows: the top parts of the top and dense ones, the bottom
	// parts of the dense and bottom ones, the deflated ones whole. z keeps the
	// eigenvalues in the same order.
	n12, n23 := ctot[0]+ctot[1], ctot[1]+ctot[2]
	top, bot := ws.q2[:n12*n1], ws.q2[n12*n1:n12*n1+n23*n2]
	def := ws.q2[n12*n1+n23*n2:]
	for i, js := range indx {
		row := q[js*ldq : js*ldq+n]
		z[i] = d[js]
		switch ct := coltyp[js]; {
		case i >= k:
			copy(def[(i-k)*n:(i-k+1)*n], row)
		default:
			if ct != typeBottom {
				copy(top[i*n1:(i+1)*n1], row[:n1])
			}
			if ct != typeTop {
				copy(bot[(i-ctot[0])*n2:(i-ctot[0]+1)*n2], row[n1:])
			}
		}
	}
	for j := 0; j < n-k; j++ {
		copy(q[(k+j)*ldq:(k+j)*ldq+n], def[j*n:(j+1)*n])
	}
	copy(d[k:n], z[k:n])
	return k, ctot, rho
}

// update is LAPACK's dlaed3: it finds the k roots of the secular equation of the
// deflated problem, recomputes z from them (Gu and Eisenstat's use of Löwner's theorem,
// so that the computed eigenvectors are orthogonal to working precision however close
// the roots), forms the k×k eigenvector matrix S of the rank-one problem, and multiplies
// the gathered eigenvector blocks by it on the BLAS's Dgemm, leaving the k new
// eigenvalues in d[:k] and eigenvectors in q's rows :k.
func (ws *workspace) update(k, n, n1 int, d, q []float64, ldq int, rho float64, ctot [4]int) bool {
	dlamda, w, indxc := ws.dlamda[:k], ws.w[:k], ws.indxc[:k]
	delta := ws.delta[:k*k] // row j: dlamda - λ_j, then S's row j
	var failed atomic.Bool
	parallel(k, 32, func(lo, hi int) {
		for j := lo; j < hi; j++ {
			var ok bool
			if d[j], ok = laed4(k, j, dlamda, w, delta[j*k:(j+1)*k], rho); !ok {
				failed.Store(true)
			}
		}
	})
	if failed.Load() {
		return false
	}
	switch k {
	case 1:
		delta[0] = 1
	case 2:
		for j := range 2 {
			v := [2]float64{delta[j*2], delta[j*2+1]}
			delta[j*2], delta[j*2+1] = v[indxc[0]], v[indxc[1]]
		}
	default:
		ws.vectors(k, dlamda, w, delta, indxc)
	}

	n2 := n - n1
	n12, n23 := ctot[0]+ctot[1], ctot[1]+ctot[2]
	top, bot := ws.q2[:n12*n1], ws.q2[n12*n1:n12*n1+n23*n2]
	if n12 > 0 {
		ws.bi.Dgemm(blas.NoTrans, blas.NoTrans, k, n1, n12, 1, delta, k, top, max(1, n1), 0, q, ldq)
	} else {
		for j := range k {
			clear(q[j*ldq : j*ldq+n1])
		}
	}
	if n23 > 0 {
		ws.bi.Dgemm(blas.NoTrans, blas.NoTrans, k, n2, n23, 1, delta[ctot[0]:], k, bot, max(1, n2), 0, q[n1:], ldq)
	} else {
		for j := range k {
			clear(q[j*ldq+n1 : j*ldq+n])
		}
	}
	return true
}

// vectors turns the root differences in delta (row j: dlamda - λ_j) into the rows of the
// eigenvector matrix of the rank-one problem, in the grouped order indxc. z is first
// recomputed as the vector for which the computed roots are exact (Löwner):
//
//	ẑ_i² = (λ_i - dlamda_i) Π_{j≠i} (λ_j - dlamda_i) / (dlamda_j - dlamda_i)
//
// taking each factor from the accurate differences in delta, and the eigenvector of λ_j
// is then ẑ / (dlamda - λ_j), normalised.
func (ws *workspace) vectors(k int, dlamda, w, delta []float64, indxc []int) {
	wn, signs := ws.wn[:k], ws.signs[:k]
	copy(signs, w)
	parallel(k, 64, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			wn[i] = delta[i*k+i]
		}
		for j := range k {
			row := delta[j*k : (j+1)*k]
			for i := lo; i < hi; i++ {
				if i != j {
					wn[i] *= row[i] / (dlamda[i] - dlamda[j])
				}
			}
		}
		for i := lo; i < hi; i++ {
			wn[i] = math.Copysign(math.Sqrt(-wn[i]), signs[i])
		}
	})
	parallel(k, 32, func(lo, hi int) {
		tmp := make([]float64, k)
		for j := lo; j < hi; j++ {
			row := delta[j*k : (j+1)*k]
			var ss float64
			for i := range tmp {
				t := wn[i] / row[i]
				tmp[i] = t
				ss += t * t
			}
			nrm := math.Sqrt(ss)
			if !(ss > 0x1p-900 && ss < 0x1p900) {
				nrm = norm2(tmp) // the squares under- or overflowed: scale
			}
			inv := 1 / nrm
			for i := range row {
				row[i] = tmp[indxc[i]] * inv
			}
		}
	})
}

// mergeIndex writes to index the permutation that sorts the two sorted lists a[:n1]
// and a[n1:n1+n2] into one ascending list, each list read ascending (s = 1) or from its
// end (s = -1); equal values take the first list's first (LAPACK's dlamrg).
func mergeIndex(n1, n2 int, a []float64, s1, s2 int, index []int) {
	i1, i2 := 0, n1
	if s1 < 0 {
		i1 = n1 - 1
	}
	if s2 < 0 {
		i2 = n1 + n2 - 1
	}
	i := 0
	for ; n1 > 0 && n2 > 0; i++ {
		if a[i1] <= a[i2] {
			index[i] = i1
			i1 += s1
			n1--
		} else {
			index[i] = i2
			i2 += s2
			n2--
		}
	}
	for ; n1 > 0; n1, i = n1-1, i+1 {
		index[i] = i1
		i1 += s1
	}
	for ; n2 > 0; n2, i = n2-1, i+1 {
		index[i] = i2
		i2 += s2
	}
}

func maxAbs(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

// norm2 is the Euclidean norm of x, scaled against overflow and underflow.
func norm2(x []float64) float64 {
	scale := maxAbs(x)
	if scale == 0 {
		return 0
	}
	var s float64
	for _, v := range x {
		v /= scale
		s += v * v
	}
	return scale * math.Sqrt(s)
}
