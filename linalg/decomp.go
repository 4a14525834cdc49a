package linalg

import (
	"github.com/gotensor/gotensor/tensor"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// Cholesky returns the lower-triangular L with A = L Lᵀ for each symmetric positive
// definite matrix A in x (shape (..., M, M)), as np.linalg.cholesky. Only the lower
// triangle of A is read; L's upper triangle is zero. A matrix that is not positive
// definite is a Singular error (NumPy's LinAlgError).
//
// Gradient (autograd), as PyTorch's: with P = Φ(Lᵀ g), the lower triangle of Lᵀ g with
// its diagonal halved, gA = sym(L⁻ᵀ P L⁻¹), sym(M) = (M + Mᵀ)/2: the gradient with
// respect to a symmetric A, not to the lower triangle alone.
func Cholesky(x *tensor.Tensor) *tensor.Tensor {
	return tensor.Record("linalg.Cholesky", cholesky(detach(x)), nil, nil, x)
}

func cholesky(x *tensor.Tensor) *tensor.Tensor {
	const op = "linalg.Cholesky"
	s := matrices(op, x, true)
	n := s.n
	for i := 0; i < s.count() && n > 0; i++ {
		a := s.mat(i)
		if _, ok := lapack64.Potrf(blas64.Symmetric{Uplo: blas.Lower, N: n, Stride: a.Stride, Data: a.Data}); !ok {
			fail(tensor.Singular, op, "matrix %d of shape %s is not positive definite", i, tensor.ShapeString(x.Shape()))
		}
		for r := 0; r < n; r++ {
			clear(a.Data[r*a.Stride+r+1 : r*a.Stride+n])
		}
	}
	return s.out(s.data, n, n)
}

// QRMode selects the factors QR returns, as np.linalg.qr's mode.
type QRMode int

// The QR modes, for M×N matrices with K = min(M, N).
const (
	QRReduced  QRMode = iota // Q (..., M, K) and R (..., K, N): NumPy's "reduced", the default
	QRComplete               // Q (..., M, M) and R (..., M, N): NumPy's "complete"
	QRROnly                  // R (..., K, N) only, Q is nil: NumPy's "r"
)

// QR factors each matrix A in x (shape (..., M, N)) as A = Q R with Q's columns
// orthonormal and R upper triangular (Householder reflections: geqrf, then orgqr for Q),
// as np.linalg.qr. The signs of Q's columns and R's rows are LAPACK's (R's diagonal may
// be negative), as in NumPy.
func QR(x *tensor.Tensor, mode QRMode) (q, r *tensor.Tensor) {
	const op = "linalg.QR"
	if mode < QRReduced || mode > QRROnly {
		fail(tensor.Value, op, "unknown mode %d: want QRReduced, QRComplete or QRROnly", int(mode))
	}
	s := matrices(op, x, false)
	m, n := s.m, s.n
	k := min(m, n)
	rr, qc := k, k
	if mode == QRComplete {
		rr, qc = m, m
	}
	cnt := s.count()
	rd := make([]float64, cnt*rr*n)
	var qd []float64
	if mode != QRROnly {
		qd = make([]float64, cnt*m*qc)
	}
	tau := make([]float64, k)
	var work []float64
	if k > 0 {
		work = workLen(func(w []float64, l int) { lapack64.Geqrf(s.mat(0), tau, w, l) })
		if mode != QRROnly {
			w2 := workLen(func(w []float64, l int) { lapack64.Orgqr(general(m, qc), tau, w, l) })
			if len(w2) > len(work) {
				work = w2
			}
		}
	}
	for i := 0; i < cnt; i++ {
		a := s.mat(i)
		if k > 0 {
			lapack64.Geqrf(a, tau, work, len(work))
		}
		rm := rd[i*rr*n : (i+1)*rr*n]
		for row := 0; row < k; row++ {
			copy(rm[row*n+row:(row+1)*n], a.Data[row*a.Stride+row:row*a.Stride+n])
		}
		if mode == QRROnly {
			continue
		}
		qm := blas64.General{Rows: m, Cols: qc, Stride: max(1, qc), Data: qd[i*m*qc : (i+1)*m*qc]}
		if k == 0 {
			for d := 0; d < min(m, qc); d++ {
				qm.Data[d*qm.Stride+d] = 1
			}
			continue
		}
		for row := 0; row < m; row++ {
			copy(qm.Data[row*qm.Stride:row*qm.Stride+min(n, qc)], a.Data[row*a.Stride:row*a.Stride+min(n, qc)])
		}
		lapack64.Orgqr(qm, tau, work, len(work))
	}
	r = s.out(rd, rr, n)
	if mode != QRROnly {
		q = s.out(qd, m, qc)
	}
	return q, r
}

// SVD factors each matrix A in x (shape (..., M, N)) as A = U diag(S) Vh, as
// np.linalg.svd with compute_uv=True (gesvd). With full set, U is (..., M, M) and Vh
// (..., N, N) (NumPy's full_matrices=True); otherwise U is (..., M, K) and Vh (..., K, N)
// with K = min(M, N). S (..., K) is descending. Singular vectors are unique only up to
// sign (and rotation within repeated singular values): compare products, not vectors.
// For the singular values alone use SVDVals, which is cheaper. A matrix with NaN or Inf
// may fail to converge: a Value error.
func SVD(x *tensor.Tensor, full bool) (u, s, vh *tensor.Tensor) {
	const op = "linalg.SVD"
	st := matrices(op, x, false)
	m, n := st.m, st.n
	k := min(m, n)
	job, uc, vr := lapack.SVDStore, k, k
	if full {
		job, uc, vr = lapack.SVDAll, m, n
	}
	st.requireFinite("SVD")
	cnt := st.count()
	ud, sd, vd := make([]float64, cnt*m*uc), make([]float64, cnt*k), make([]float64, cnt*vr*n)
	if k == 0 {
		for i := 0; i < cnt; i++ {
			eye(ud[i*m*uc:(i+1)*m*uc], m, uc)
			eye(vd[i*vr*n:(i+1)*vr*n], vr, n)
		}
		return st.out(ud, m, uc), st.out(sd, k), st.out(vd, vr, n)
	}
	um := func(i int) blas64.General {
		return blas64.General{Rows: m, Cols: uc, Stride: uc, Data: ud[i*m*uc : (i+1)*m*uc]}
	}
	vm := func(i int) blas64.General {
		return blas64.General{Rows: vr, Cols: n, Stride: n, Data: vd[i*vr*n : (i+1)*vr*n]}
	}
	work := workLen(func(w []float64, l int) { lapack64.Gesvd(job, job, st.mat(0), um(0), vm(0), sd[:k], w, l) })
	for i := 0; i < cnt; i++ {
		if !lapack64.Gesvd(job, job, st.mat(i), um(i), vm(i), sd[i*k:(i+1)*k], work, len(work)) {
			noConvergence(op, "SVD", i)
		}
	}
	return st.out(ud, m, uc), st.out(sd, k), st.out(vd, vr, n)
}

// eye writes the r×c identity into d.
func eye(d []float64, r, c int) {
	for i := 0; i < min(r, c); i++ {
		d[i*c+i] = 1
	}
}

func noConvergence(op, what string, i int) {
	fail(tensor.Value, op, "%s did not converge for matrix %d (does it hold NaN or Inf?)", what, i)
}

// SVDVals returns the singular values of each matrix in x (shape (..., M, N) gives
// (..., min(M, N))), in descending order, as np.linalg.svd(x, compute_uv=False).
func SVDVals(x *tensor.Tensor) *tensor.Tensor { return svdVals("linalg.SVDVals", x) }

// svdVals is SVDVals on behalf of op.
func svdVals(op string, x *tensor.Tensor) *tensor.Tensor {
	st := matrices(op, x, false)
	return st.out(st.svdVals(), min(st.m, st.n))
}

// svdVals computes the singular values of every matrix of st, destroying st.data.
func (st *stack) svdVals() []float64 {
	st.requireFinite("SVD")
	k := min(st.m, st.n)
	sd := make([]float64, st.count()*k)
	if k == 0 {
		return sd
	}
	none := lapack.SVDNone
	var u, vt blas64.General
	work := workLen(func(w []float64, l int) { lapack64.Gesvd(none, none, st.mat(0), u, vt, sd[:k], w, l) })
	for i := 0; i < st.count(); i++ {
		if !lapack64.Gesvd(none, none, st.mat(i), u, vt, sd[i*k:(i+1)*k], work, len(work)) {
			noConvergence(st.op, "SVD", i)
		}
	}
	return sd
}

// Eigh returns the eigenvalues w (..., M), ascending, and the orthonormal eigenvectors
// v (..., M, M), column v[..., :, i] belonging to w[..., i], of each real symmetric
// matrix in x, as np.linalg.eigh. Only the lower triangle is read (NumPy's default
// UPLO="L"). Eigenvectors are unique only up to sign (and, for a repeated eigenvalue,
// up to a rotation within its eigenspace). Like NumPy's LAPACK (syevd) it reduces to
// tridiagonal form and solves that by divide and conquer.
//
// Gradient (autograd), as PyTorch's: w and v are recorded as two nodes ("linalg.Eigh.w"
// and "linalg.Eigh.v"), whose contributions add up to V (diag(g_w) + F ∘ skew(Vᵀ g_v)) Vᵀ
// with F[i, j] = 1/(w[j] - w[i]) off the diagonal and skew(M) = (M - Mᵀ)/2: a symmetric
// gradient. Repeated eigenvalues make F infinite: a loss that depends on v then gets
// Inf or NaN, as in PyTorch (a loss of w alone is fine).
func Eigh(x *tensor.Tensor) (w, v *tensor.Tensor) {
	w, v = eigh(detach(x))
	if x.TracksGrad() {
		p := &EighParams{W: w.Copy(), V: v.Copy()}
		tensor.Record("linalg.Eigh.w", w, p, nil, x)
		tensor.Record("linalg.Eigh.v", v, p, nil, x)
	}
	return w, v
}

func eigh(x *tensor.Tensor) (w, v *tensor.Tensor) {
	st := matrices("linalg.Eigh", x, true)
	wd, vd := st.syevd()
	return st.out(wd, st.n), st.out(vd, st.n, st.n)
}

// EigvalsH returns the eigenvalues of each real symmetric matrix in x (shape (..., M, M)
// gives (..., M)), ascending, as np.linalg.eigvalsh. Only the lower triangle is read.
//
// Gradient (autograd): V diag(g) Vᵀ, with V from Eigh of the input (computed when the
// gradient is).
func EigvalsH(x *tensor.Tensor) *tensor.Tensor {
	return tensor.Record("linalg.EigvalsH", eigvalsH(detach(x)), nil, nil, x)
}

func eigvalsH(x *tensor.Tensor) *tensor.Tensor {
	st := matrices("linalg.EigvalsH", x, true)
	return st.out(st.syev(lapack.EVNone), st.n)
}

// syev runs the symmetric eigensolver on every matrix of st, leaving eigenvectors in
// st.data when job is EVCompute, and returns the eigenvalues.
func (st *stack) syev(job lapack.EVJob) []float64 {
	st.requireFinite("eigenvalue computation")
	n := st.n
	wd := make([]float64, st.count()*n)
	if n == 0 {
		return wd
	}
	sym := func(i int) blas64.Symmetric {
		a := st.mat(i)
		return blas64.Symmetric{Uplo: blas.Lower, N: n, Stride: a.Stride, Data: a.Data}
	}
	work := workLen(func(w []float64, l int) { lapack64.Syev(job, sym(0), wd[:n], w, l) })
	for i := 0; i < st.count(); i++ {
		if !lapack64.Syev(job, sym(i), wd[i*n:(i+1)*n], work, len(work)) {
			noConvergence(st.op, "the eigenvalue computation", i)
		}
	}
	return wd
}

// Eig returns the eigenvalues and right eigenvectors of each general square matrix in x
// (shape (..., M, M)), as np.linalg.eig (geev). gotensor has no complex dtype, so each
// complex result comes as its real and imaginary parts: eigenvalue i is
// wRe[..., i] + i·wIm[..., i] (shape (..., M)) and its eigenvector is the column
// vRe[..., :, i] + i·vIm[..., :, i] (shape (..., M, M)). Complex eigenvalues come in
// conjugate pairs, the one with positive imaginary part first. Eigenvectors have unit
// Euclidean norm and their largest component real, as LAPACK returns them. The
// eigenvalues are not sorted.
func Eig(x *tensor.Tensor) (wRe, wIm, vRe, vIm *tensor.Tensor) {
	st := matrices("linalg.Eig", x, true)
	n := st.n
	wr, wi, vr := st.geev(true)
	vi := make([]float64, len(vr))
	for b := 0; b < st.count(); b++ {
		re, im := vr[b*n*n:(b+1)*n*n], vi[b*n*n:(b+1)*n*n]
		ws := wi[b*n : (b+1)*n]
		for j := 0; j < n; j++ {
			if ws[j] == 0 || j+1 >= n {
				continue
			}
			// Columns j and j+1 hold the real and imaginary parts of v_j; v_{j+1} is
			// the conjugate.
			for r := 0; r < n; r++ {
				pr, pi := re[r*n+j], re[r*n+j+1]
				re[r*n+j+1] = pr
				im[r*n+j], im[r*n+j+1] = pi, -pi
			}
			j++
		}
	}
	return st.out(wr, n), st.out(wi, n), st.out(vr, n, n), st.out(vi, n, n)
}

// Eigvals returns the real and imaginary parts of the eigenvalues of each general square
// matrix in x (shape (..., M, M) gives (..., M) twice), as np.linalg.eigvals; see Eig.
func Eigvals(x *tensor.Tensor) (wRe, wIm *tensor.Tensor) {
	st := matrices("linalg.Eigvals", x, true)
	wr, wi, _ := st.geev(false)
	return st.out(wr, st.n), st.out(wi, st.n)
}

// geev runs the general eigensolver on every matrix of st and returns the real and
// imaginary parts of the eigenvalues and, with vectors set, LAPACK's packed right
// eigenvectors.
func (st *stack) geev(vectors bool) (wr, wi, vr []float64) {
	st.requireFinite("eigenvalue computation")
	n, cnt := st.n, st.count()
	wr, wi = make([]float64, cnt*n), make([]float64, cnt*n)
	if vectors {
		vr = make([]float64, cnt*n*n)
	}
	if n == 0 {
		return wr, wi, vr
	}
	job := lapack.RightEVNone
	vm := func(i int) blas64.General { return blas64.General{} }
	if vectors {
		job = lapack.RightEVCompute
		vm = func(i int) blas64.General {
			return blas64.General{Rows: n, Cols: n, Stride: n, Data: vr[i*n*n : (i+1)*n*n]}
		}
	}
	var vl blas64.General
	work := workLen(func(w []float64, l int) {
		lapack64.Geev(lapack.LeftEVNone, job, st.mat(0), wr[:n], wi[:n], vl, vm(0), w, l)
	})
	for i := 0; i < cnt; i++ {
		if lapack64.Geev(lapack.LeftEVNone, job, st.mat(i), wr[i*n:(i+1)*n], wi[i*n:(i+1)*n], vl, vm(i), work, len(work)) != 0 {
			noConvergence(st.op, "the eigenvalue computation", i)
		}
	}
	return wr, wi, vr
}
