package blas

import (
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/gotensor/gotensor/cpu"
)

// The level-3 routines below are recursive: they halve the triangular (or symmetric)
// dimension until it is at most leaf, hand the small diagonal blocks to gonum's own
// routine (or, for Dtrmm, to a dense GEMM), and do everything off the diagonal with
// Dgemm on the fast kernel, where the flops are. Arguments the recursion cannot take
// (bad enums, short slices, empty or tiny problems) go straight to gonum's routine,
// which panics with its own message where they are wrong.

// leaf is the triangular size at which the recursion stops; thin is the other
// dimension below which a triangular solve or product goes column by column (or row by
// row) through gonum's matrix-vector routine instead (a GEMM with fewer columns than
// the kernel's panel gains nothing).
const (
	leaf = 32
	thin = 8
)

// denseMin is the k·k·other below which a triangular product stays on gonum's loops.
const denseMin = 1 << 14

// ref is gonum's pure-Go BLAS, which the recursions fall back to.
var ref gonum.Implementation

// lowerEff reports whether op(A) is lower triangular: A lower and not transposed, or
// A upper and transposed.
func lowerEff(ul blas.Uplo, tA blas.Transpose) bool {
	return (ul == blas.Lower) == (tA == blas.NoTrans)
}

// offDiag returns the block of op(A) below the diagonal split at k (rows k:, columns :k)
// when below is set, else the block above it (rows :k, columns k:), as a slice of a and
// the transpose flag Dgemm must apply to it.
func offDiag(a []float64, lda, k int, tA blas.Transpose, below bool) ([]float64, blas.Transpose) {
	// op(A)[k:, :k] is A[k:, :k] untransposed, or A[:k, k:]ᵀ transposed; op(A)[:k, k:]
	// is A[:k, k:] or A[k:, :k]ᵀ.
	if below == (tA == blas.NoTrans) {
		return a[k*lda:], tA
	}
	return a[k:], tA
}

// triArgsOK checks Dtrsm/Dtrmm arguments the way gonum does, without panicking.
func triArgsOK(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n, lda, ldb, la, lb int) bool {
	if s != blas.Left && s != blas.Right || ul != blas.Lower && ul != blas.Upper ||
		tA != blas.NoTrans && tA != blas.Trans && tA != blas.ConjTrans ||
		d != blas.NonUnit && d != blas.Unit || m < 0 || n < 0 {
		return false
	}
	k := n
	if s == blas.Left {
		k = m
	}
	if lda < max(1, k) || ldb < max(1, n) {
		return false
	}
	return m == 0 || n == 0 || la >= lda*(k-1)+k && lb >= ldb*(m-1)+n
}

// Dtrsm solves op(A) X = alpha B (side Left) or X op(A) = alpha B (side Right) for X,
// overwriting the m×n matrix B, where A is triangular; as gonum's Dtrsm, with the
// off-diagonal work on the fast GEMM.
func (impl Implementation) Dtrsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	k, other := n, m
	if s == blas.Left {
		k, other = m, n
	}
	switch {
	case !triArgsOK(s, ul, tA, d, m, n, lda, ldb, len(a), len(b)) || alpha == 0 || m == 0 || n == 0:
		ref.Dtrsm(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	case other < thin:
		byVectors(s, tA, m, n, alpha, b, ldb, func(tA blas.Transpose, x []float64) { ref.Dtrsv(ul, tA, d, k, a, lda, x, 1) })
	default:
		if tA == blas.ConjTrans {
			tA = blas.Trans
		}
		impl.trsm(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	}
}

// trsm is Dtrsm's recursion on valid arguments.
func (impl Implementation) trsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	k := n
	if s == blas.Left {
		k = m
	}
	if k <= leaf {
		byParts(s, m, n, b, ldb, func(m, n int, b []float64) { ref.Dtrsm(s, ul, tA, d, m, n, alpha, a, lda, b, ldb) })
		return
	}
	k1 := split(k)
	k2 := k - k1
	a22 := a[k1*lda+k1:]
	lower := lowerEff(ul, tA)
	if s == blas.Left {
		// op(A) = [O11 O12; O21 O22], B = [B1; B2] split at row k1.
		b2 := b[k1*ldb:]
		if lower {
			// O11 X1 = αB1; O22 X2 = αB2 - O21 X1.
			impl.trsm(s, ul, tA, d, k1, n, alpha, a, lda, b, ldb)
			o21, t := offDiag(a, lda, k1, tA, true)
			impl.Dgemm(t, blas.NoTrans, k2, n, k1, -1, o21, lda, b, ldb, alpha, b2, ldb)
			impl.trsm(s, ul, tA, d, k2, n, 1, a22, lda, b2, ldb)
			return
		}
		// O22 X2 = αB2; O11 X1 = αB1 - O12 X2.
		impl.trsm(s, ul, tA, d, k2, n, alpha, a22, lda, b2, ldb)
		o12, t := offDiag(a, lda, k1, tA, false)
		impl.Dgemm(t, blas.NoTrans, k1, n, k2, -1, o12, lda, b2, ldb, alpha, b, ldb)
		impl.trsm(s, ul, tA, d, k1, n, 1, a, lda, b, ldb)
		return
	}
	// X op(A) = αB with B = [B1 B2] split at column k1.
	b2 := b[k1:]
	if lower {
		// X2 O22 = αB2; X1 O11 = αB1 - X2 O21.
		impl.trsm(s, ul, tA, d, m, k2, alpha, a22, lda, b2, ldb)
		o21, t := offDiag(a, lda, k1, tA, true)
		impl.Dgemm(blas.NoTrans, t, m, k1, k2, -1, b2, ldb, o21, lda, alpha, b, ldb)
		impl.trsm(s, ul, tA, d, m, k1, 1, a, lda, b, ldb)
		return
	}
	// X1 O11 = αB1; X2 O22 = αB2 - X1 O12.
	impl.trsm(s, ul, tA, d, m, k1, alpha, a, lda, b, ldb)
	o12, t := offDiag(a, lda, k1, tA, false)
	impl.Dgemm(blas.NoTrans, t, m, k2, k1, -1, b, ldb, o12, lda, alpha, b2, ldb)
	impl.trsm(s, ul, tA, d, m, k2, 1, a22, lda, b2, ldb)
}

// partMin is the number of B's elements per goroutine below which byParts runs f on
// the calling goroutine.
const partMin = 8192

// leafCols is the width of the column blocks byParts hands a left-side leaf.
const leafCols = 64

// byParts runs f on parts of the m×n matrix B that a triangular routine treats
// independently, its column blocks (side Left) or row blocks (side Right), one per
// thread: the recursion's leaves are gonum's serial routines, and this keeps every core
// busy on them as Dgemm does on the rest.
func byParts(s blas.Side, m, n int, b []float64, ldb int, f func(m, n int, b []float64)) {
	other := n
	if s == blas.Right {
		other = m
	}
	parts := max(1, min(cpu.Threads(), m*n/partMin, other/thin))
	var wg sync.WaitGroup
	for p := parts - 1; p >= 0; p-- {
		lo, hi := other*p/parts, other*(p+1)/parts
		run := func() {
			if s == blas.Right {
				f(hi-lo, n, b[lo*ldb:])
				return
			}
			// Column blocks narrow enough that the rows of B the routine sweeps over
			// stay in L1.
			for c := lo; c < hi; c += leafCols {
				f(m, min(leafCols, hi-c), b[c:])
			}
		}
		if p == 0 {
			run()
			break
		}
		wg.Go(run)
	}
	wg.Wait()
}

// byVectors applies a triangular matrix-vector routine f (Dtrsv or Dtrmv of gonum,
// with the transpose flag it is given) to each of B's few columns (side Left) or rows
// (side Right) in turn, on a contiguous copy scaled by alpha: gonum's Dtrsm and Dtrmm
// sweep B by rows, which for a single column costs a function call per element. For
// side Right, x op(A) is op(A)ᵀ xᵀ, so the flag is flipped.
func byVectors(s blas.Side, tA blas.Transpose, m, n int, alpha float64, b []float64, ldb int, f func(blas.Transpose, []float64)) {
	if s == blas.Right {
		if tA == blas.NoTrans {
			tA = blas.Trans
		} else {
			tA = blas.NoTrans
		}
		for i := range m {
			x := b[i*ldb : i*ldb+n]
			if alpha != 1 {
				for j := range x {
					x[j] *= alpha
				}
			}
			f(tA, x)
		}
		return
	}
	x := make([]float64, m)
	for c := range n {
		for i := range x {
			x[i] = alpha * b[i*ldb+c]
		}
		f(tA, x)
		for i, v := range x {
			b[i*ldb+c] = v
		}
	}
}

// split is where a recursion halves a dimension of k: near the middle, on a multiple
// of 8 so that the GEMM blocks stay aligned with the kernel's panels.
func split(k int) int {
	h := k / 2
	if h > 8 {
		h -= h % 8
	}
	return h
}

// Dtrmm computes B = alpha op(A) B (side Left) or B = alpha B op(A) (side Right) for the
// m×n matrix B and triangular A; as gonum's Dtrmm, with the off-diagonal work on the
// fast GEMM.
func (impl Implementation) Dtrmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	k, other := n, m
	if s == blas.Left {
		k, other = m, n
	}
	switch {
	case !triArgsOK(s, ul, tA, d, m, n, lda, ldb, len(a), len(b)) || alpha == 0 || m == 0 || n == 0 || k*k*other < denseMin:
		ref.Dtrmm(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	case other < thin:
		byVectors(s, tA, m, n, alpha, b, ldb, func(tA blas.Transpose, x []float64) { ref.Dtrmv(ul, tA, d, k, a, lda, x, 1) })
	default:
		if tA == blas.ConjTrans {
			tA = blas.Trans
		}
		impl.trmm(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	}
}

// trmm is Dtrmm's recursion on valid arguments.
func (impl Implementation) trmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	k := n
	if s == blas.Left {
		k = m
	}
	if k <= leaf {
		impl.denseTrmm(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
		return
	}
	k1 := split(k)
	k2 := k - k1
	a22 := a[k1*lda+k1:]
	lower := lowerEff(ul, tA)
	if s == blas.Left {
		b2 := b[k1*ldb:]
		if lower {
			// [O11 0; O21 O22][B1; B2] = [O11 B1; O21 B1 + O22 B2]: B2 first, while B1
			// still holds its input.
			impl.trmm(s, ul, tA, d, k2, n, alpha, a22, lda, b2, ldb)
			o21, t := offDiag(a, lda, k1, tA, true)
			impl.Dgemm(t, blas.NoTrans, k2, n, k1, alpha, o21, lda, b, ldb, 1, b2, ldb)
			impl.trmm(s, ul, tA, d, k1, n, alpha, a, lda, b, ldb)
			return
		}
		// [O11 O12; 0 O22][B1; B2] = [O11 B1 + O12 B2; O22 B2]: B1 first.
		impl.trmm(s, ul, tA, d, k1, n, alpha, a, lda, b, ldb)
		o12, t := offDiag(a, lda, k1, tA, false)
		impl.Dgemm(t, blas.NoTrans, k1, n, k2, alpha, o12, lda, b2, ldb, 1, b, ldb)
		impl.trmm(s, ul, tA, d, k2, n, alpha, a22, lda, b2, ldb)
		return
	}
	b2 := b[k1:]
	if lower {
		// [B1 B2][O11 0; O21 O22] = [B1 O11 + B2 O21, B2 O22]: B1 first.
		impl.trmm(s, ul, tA, d, m, k1, alpha, a, lda, b, ldb)
		o21, t := offDiag(a, lda, k1, tA, true)
		impl.Dgemm(blas.NoTrans, t, m, k1, k2, alpha, b2, ldb, o21, lda, 1, b, ldb)
		impl.trmm(s, ul, tA, d, m, k2, alpha, a22, lda, b2, ldb)
		return
	}
	// [B1 B2][O11 O12; 0 O22] = [B1 O11, B1 O12 + B2 O22]: B2 first.
	impl.trmm(s, ul, tA, d, m, k2, alpha, a22, lda, b2, ldb)
	o12, t := offDiag(a, lda, k1, tA, false)
	impl.Dgemm(blas.NoTrans, t, m, k2, k1, alpha, b, ldb, o12, lda, 1, b2, ldb)
	impl.trmm(s, ul, tA, d, m, k1, alpha, a, lda, b, ldb)
}

// denseTrmm is Dtrmm for a small triangle (order at most leaf): the triangle is copied
// into a dense square with explicit zeros (and ones on a unit diagonal), and the
// product, twice the flops of the triangular one, runs on the fast GEMM instead of
// gonum's scalar loops.
func (impl Implementation) denseTrmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	k := n
	if s == blas.Left {
		k = m
	}
	t := make([]float64, k*k+m*n)
	tri, tmp := t[:k*k], t[k*k:]
	for i := range k {
		lo, hi := 0, i+1 // lower: columns 0..i
		if ul == blas.Upper {
			lo, hi = i, k
		}
		copy(tri[i*k+lo:i*k+hi], a[i*lda+lo:i*lda+hi])
		if d == blas.Unit {
			tri[i*k+i] = 1
		}
	}
	for i := range m {
		copy(tmp[i*n:(i+1)*n], b[i*ldb:i*ldb+n])
	}
	if s == blas.Left {
		impl.Dgemm(tA, blas.NoTrans, m, n, k, alpha, tri, k, tmp, n, 0, b, ldb)
	} else {
		impl.Dgemm(blas.NoTrans, tA, m, n, k, alpha, tmp, n, tri, k, 0, b, ldb)
	}
}

// symArgsOK checks Dsyrk/Dsyr2k arguments the way gonum does, without panicking; lb
// and ldb are B's (Dsyr2k) and equal A's for Dsyrk.
func symArgsOK(ul blas.Uplo, t blas.Transpose, n, k, lda, ldb, ldc, la, lb, lc int) bool {
	if ul != blas.Lower && ul != blas.Upper || t != blas.NoTrans && t != blas.Trans && t != blas.ConjTrans ||
		n < 0 || k < 0 {
		return false
	}
	rows, cols := n, k
	if t != blas.NoTrans {
		rows, cols = k, n
	}
	if lda < max(1, cols) || ldb < max(1, cols) || ldc < max(1, n) {
		return false
	}
	need := func(have, ld int) bool { return rows == 0 || cols == 0 || have >= ld*(rows-1)+cols }
	return need(la, lda) && need(lb, ldb) && (n == 0 || lc >= ldc*(n-1)+n)
}

// Dsyrk computes the ul triangle of C = alpha A Aᵀ + beta C (t NoTrans, A n×k) or
// C = alpha Aᵀ A + beta C (t Trans, A k×n); as gonum's Dsyrk, with the off-diagonal
// blocks on the fast GEMM.
func (impl Implementation) Dsyrk(ul blas.Uplo, t blas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	if !symArgsOK(ul, t, n, k, lda, lda, ldc, len(a), len(a), len(c)) || n <= leaf || k < thin || alpha == 0 {
		ref.Dsyrk(ul, t, n, k, alpha, a, lda, beta, c, ldc)
		return
	}
	if t == blas.ConjTrans {
		t = blas.Trans
	}
	impl.syr2k(ul, t, n, k, alpha, a, lda, nil, 0, beta, c, ldc)
}

// Dsyr2k computes the ul triangle of C = alpha (A Bᵀ + B Aᵀ) + beta C (t NoTrans, A
// and B n×k) or C = alpha (Aᵀ B + Bᵀ A) + beta C (t Trans, A and B k×n); as gonum's
// Dsyr2k, with the off-diagonal blocks on the fast GEMM.
func (impl Implementation) Dsyr2k(ul blas.Uplo, t blas.Transpose, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if !symArgsOK(ul, t, n, k, lda, ldb, ldc, len(a), len(b), len(c)) || n <= leaf || k < thin || alpha == 0 {
		ref.Dsyr2k(ul, t, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if t == blas.ConjTrans {
		t = blas.Trans
	}
	impl.syr2k(ul, t, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// syr2k is the recursion of Dsyr2k, and of Dsyrk when b is nil.
func (impl Implementation) syr2k(ul blas.Uplo, t blas.Transpose, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if n <= leaf {
		if b == nil {
			ref.Dsyrk(ul, t, n, k, alpha, a, lda, beta, c, ldc)
		} else {
			ref.Dsyr2k(ul, t, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		}
		return
	}
	n1 := split(n)
	n2 := n - n1
	// Row block i of op(X) (the n×k factor): rows of X, or columns of X transposed.
	part := func(x []float64, ld, off int) []float64 {
		if t == blas.NoTrans {
			return x[off*ld:]
		}
		return x[off:]
	}
	tx, ty := blas.NoTrans, blas.Trans // op(X)_i op(Y)_jᵀ as Dgemm flags
	if t != blas.NoTrans {
		tx, ty = blas.Trans, blas.NoTrans
	}
	impl.syr2k(ul, t, n1, k, alpha, a, lda, b, ldb, beta, c, ldc)
	// The off-diagonal block: C21 = α(A2 B1ᵀ + B2 A1ᵀ) + βC21 (Lower) or
	// C12 = α(A1 B2ᵀ + B1 A2ᵀ) + βC12 (Upper), with B = A for Dsyrk.
	i, j, blk, rows, cols := 1, 0, c[n1*ldc:], n2, n1
	if ul == blas.Upper {
		i, j, blk, rows, cols = 0, 1, c[n1:], n1, n2
	}
	off := [2]int{0, n1}
	ai, aj := part(a, lda, off[i]), part(a, lda, off[j])
	if b == nil {
		impl.Dgemm(tx, ty, rows, cols, k, alpha, ai, lda, aj, lda, beta, blk, ldc)
	} else {
		bi, bj := part(b, ldb, off[i]), part(b, ldb, off[j])
		impl.Dgemm(tx, ty, rows, cols, k, alpha, ai, lda, bj, ldb, beta, blk, ldc)
		impl.Dgemm(tx, ty, rows, cols, k, alpha, bi, ldb, aj, lda, 1, blk, ldc)
	}
	impl.syr2k(ul, t, n2, k, alpha, part(a, lda, n1), lda, sub(b, ldb, n1, t), ldb, beta, c[n1*ldc+n1:], ldc)
}

// sub is part for b, keeping a nil b nil.
func sub(b []float64, ldb, off int, t blas.Transpose) []float64 {
	if b == nil {
		return nil
	}
	if t == blas.NoTrans {
		return b[off*ldb:]
	}
	return b[off:]
}
