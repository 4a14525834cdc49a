package linalg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/blas"
	gblas "gonum.org/v1/gonum/blas"
)

func randMat(r *rand.Rand, m, n, lda int) []float64 {
	a := make([]float64, max(0, (m-1)*lda+n))
	for i := range a {
		a[i] = r.NormFloat64()
	}
	return a
}

// TestGetrfMatchesGonum compares the recursive LU (at every size, without getrf's
// dispatch of small matrices to gonum) with gonum's Dgetrf on square,
// tall and wide matrices with padded leading dimensions: same pivots, same factors.
func TestGetrfMatchesGonum(t *testing.T) {
	blas.Install()
	r := rand.New(rand.NewPCG(31, 32))
	for _, sz := range [][2]int{{1, 1}, {2, 2}, {5, 5}, {16, 16}, {17, 17}, {33, 20}, {20, 33}, {100, 100}, {257, 257}, {300, 130}, {130, 300}} {
		m, n := sz[0], sz[1]
		lda := n + 3
		a := randMat(r, m, n, lda)
		got := append([]float64(nil), a...)
		want := append([]float64(nil), a...)
		k := min(m, n)
		pg, pw := make([]int, k), make([]int, k)
		okg := recursiveGetrf(m, n, got, lda, pg)
		okw := lapackImpl.Dgetrf(m, n, want, lda, pw)
		name := fmt.Sprintf("%d×%d", m, n)
		if okg != okw {
			t.Fatalf("%s: ok %v, gonum %v", name, okg, okw)
		}
		for i := range pg {
			if pg[i] != pw[i] {
				t.Fatalf("%s: pivot %d is %d, gonum %d", name, i, pg[i], pw[i])
			}
		}
		for i := range m {
			for j := range n {
				g, w := got[i*lda+j], want[i*lda+j]
				if math.Abs(g-w) > 1e-12*(1+math.Abs(w)) {
					t.Fatalf("%s: factor (%d, %d) is %v, gonum %v", name, i, j, g, w)
				}
			}
		}
	}
}

// TestGetrfSingular checks the zero-pivot report for a zero column in a leaf, on a
// leaf boundary and in the last column, and for the zero matrix, and that the
// factorisation still matches gonum's.
func TestGetrfSingular(t *testing.T) {
	n := 70
	r := rand.New(rand.NewPCG(33, 34))
	for _, col := range []int{0, 16, 40, n - 1} {
		a := randMat(r, n, n, n)
		for i := range n {
			a[i*n+col] = 0
		}
		want := append([]float64(nil), a...)
		pg, pw := make([]int, n), make([]int, n)
		if recursiveGetrf(n, n, a, n, pg) {
			t.Errorf("zero column %d: getrf reported a nonsingular matrix", col)
		}
		lapackImpl.Dgetrf(n, n, want, n, pw)
		for i := range a {
			if math.Abs(a[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) {
				t.Fatalf("zero column %d: element %d is %v, gonum %v", col, i, a[i], want[i])
			}
		}
	}
	z := make([]float64, 4)
	if recursiveGetrf(2, 2, z, 2, make([]int, 2)) || getrf(2, 2, z, 2, make([]int, 2)) {
		t.Error("zero matrix: getrf reported a nonsingular matrix")
	}
}

// TestGetriMatchesGonum compares the recursive inverse (at every size) with gonum's
// Dgetri.
func TestGetriMatchesGonum(t *testing.T) {
	blas.Install()
	r := rand.New(rand.NewPCG(35, 36))
	for _, n := range []int{1, 2, 3, 31, 32, 33, 64, 100, 257} {
		lda := n + 2
		a := randMat(r, n, n, lda)
		for i := range n {
			a[i*lda+i] += float64(n) / 4
		}
		got := append([]float64(nil), a...)
		want := append([]float64(nil), a...)
		ipiv := make([]int, n)
		recursiveGetrf(n, n, got, lda, ipiv)
		recursiveGetri(n, got, lda, ipiv)
		lapackImpl.Dgetrf(n, n, want, lda, ipiv)
		work := make([]float64, n*64)
		lapackImpl.Dgetri(n, want, lda, ipiv, work, len(work))
		for i := range n {
			for j := range n {
				g, w := got[i*lda+j], want[i*lda+j]
				if math.Abs(g-w) > 1e-12*(1+math.Abs(w)) {
					t.Fatalf("n=%d: inverse (%d, %d) is %v, gonum %v", n, i, j, g, w)
				}
			}
		}
	}
}

// TestOrmqrMatchesGonum compares ormqr (with its GEMM-built T) with gonum's Dormqr after
// a QR factorisation, for fewer and more reflectors than a block, square and tall.
func TestOrmqrMatchesGonum(t *testing.T) {
	blas.Install()
	r := rand.New(rand.NewPCG(37, 38))
	for _, sz := range [][3]int{{1, 1, 1}, {5, 3, 4}, {40, 7, 40}, {130, 130, 129}, {300, 50, 260}, {300, 300, 200}} {
		m, n, k := sz[0], sz[1], sz[2]
		lda := k + 1
		a := randMat(r, m, k, lda)
		tau := make([]float64, k)
		work := make([]float64, 64*max(m, n))
		lapackImpl.Dgeqrf(m, k, a, lda, tau, work, len(work))
		c := randMat(r, m, n, n+2)
		got := append([]float64(nil), c...)
		want := append([]float64(nil), c...)
		ormqr(m, n, k, a, lda, tau, got, n+2)
		lapackImpl.Dormqr(gblas.Left, gblas.NoTrans, m, n, k, a, lda, tau, want, n+2, work, len(work))
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) {
				t.Fatalf("m=%d n=%d k=%d: element %d is %v, gonum %v", m, n, k, i, got[i], want[i])
			}
		}
	}
}
