package blas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// triSizes are (m, n) pairs for the triangular routines: tiny ones that go to gonum,
// odd sizes across the recursion's leaf, and thin right-hand sides.
var triSizes = [][2]int{{0, 3}, {3, 0}, {1, 1}, {5, 7}, {49, 3}, {3, 49}, {32, 300}, {300, 32}, {97, 33}, {33, 97}, {150, 131}, {200, 9}, {9, 200}, {257, 64}}

// closeSlices fails t when got and want differ by more than tol relative to scale.
func closeSlices(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	scale := 1.0
	for _, v := range want {
		scale = math.Max(scale, math.Abs(v))
	}
	for i := range want {
		if d := math.Abs(got[i] - want[i]); !(d <= tol*scale) {
			t.Fatalf("%s: element %d is %v, gonum gives %v (scale %g)", name, i, got[i], want[i], scale)
		}
	}
}

// triangular returns a k×k matrix (leading dimension lda) with a well-conditioned
// triangle: off-diagonal entries small against a diagonal near 1 (or 2 in magnitude).
func triangular(r *rand.Rand, k, lda int) []float64 {
	a := randSlice(r, max(0, (k-1)*lda+k)+2)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			a[i*lda+j] /= float64(k)
		}
		a[i*lda+i] = 1.5 + 0.5*math.Copysign(1, a[i*lda+i])
	}
	return a
}

// TestTriangularMatchesGonum compares Dtrsm and Dtrmm with gonum's for every side, uplo,
// transpose and diag, odd sizes and padded leading dimensions.
func TestTriangularMatchesGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	impl := Implementation{}
	for _, sz := range triSizes {
		m, n := sz[0], sz[1]
		for _, s := range []blas.Side{blas.Left, blas.Right} {
			for _, ul := range []blas.Uplo{blas.Lower, blas.Upper} {
				for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans} {
					for _, d := range []blas.Diag{blas.NonUnit, blas.Unit} {
						for _, alpha := range []float64{1, -0.75} {
							k := n
							if s == blas.Left {
								k = m
							}
							lda, ldb := k+3, n+5
							a := triangular(r, k, lda)
							b := randSlice(r, max(0, (m-1)*ldb+n)+1)
							name := fmt.Sprintf("m=%d n=%d %c %c %c %c alpha=%v", m, n, s, ul, tA, d, alpha)
							want := append([]float64(nil), b...)
							got := append([]float64(nil), b...)
							ref.Dtrsm(s, ul, tA, d, m, n, alpha, a, lda, want, ldb)
							impl.Dtrsm(s, ul, tA, d, m, n, alpha, a, lda, got, ldb)
							closeSlices(t, "Dtrsm "+name, got, want, 1e-12)
							want = append(want[:0], b...)
							got = append(got[:0], b...)
							ref.Dtrmm(s, ul, tA, d, m, n, alpha, a, lda, want, ldb)
							impl.Dtrmm(s, ul, tA, d, m, n, alpha, a, lda, got, ldb)
							closeSlices(t, "Dtrmm "+name, got, want, 1e-12)
						}
					}
				}
			}
		}
	}
}

// TestSymmetricRankMatchesGonum compares Dsyrk and Dsyr2k with gonum's for both
// triangles and transposes, several alpha/beta pairs and padded leading dimensions.
func TestSymmetricRankMatchesGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	impl := Implementation{}
	for _, sz := range [][2]int{{0, 4}, {5, 0}, {3, 4}, {49, 8}, {97, 33}, {150, 7}, {131, 64}, {260, 32}} {
		n, k := sz[0], sz[1]
		for _, ul := range []blas.Uplo{blas.Lower, blas.Upper} {
			for _, tr := range []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans} {
				for _, ab := range [][2]float64{{1, 0}, {-1, 1}, {0.5, -2}, {0, 3}} {
					rows, cols := n, k
					if tr != blas.NoTrans {
						rows, cols = k, n
					}
					lda, ldb, ldc := cols+2, cols+7, n+1
					a := randSlice(r, max(0, (rows-1)*lda+cols)+1)
					b := randSlice(r, max(0, (rows-1)*ldb+cols)+1)
					c := randSlice(r, max(0, (n-1)*ldc+n)+1)
					name := fmt.Sprintf("n=%d k=%d %c %c alpha,beta=%v", n, k, ul, tr, ab)
					want := append([]float64(nil), c...)
					got := append([]float64(nil), c...)
					ref.Dsyrk(ul, tr, n, k, ab[0], a, lda, ab[1], want, ldc)
					impl.Dsyrk(ul, tr, n, k, ab[0], a, lda, ab[1], got, ldc)
					closeSlices(t, "Dsyrk "+name, got, want, 1e-12*float64(k+1))
					want = append(want[:0], c...)
					got = append(got[:0], c...)
					ref.Dsyr2k(ul, tr, n, k, ab[0], a, lda, b, ldb, ab[1], want, ldc)
					impl.Dsyr2k(ul, tr, n, k, ab[0], a, lda, b, ldb, ab[1], got, ldc)
					closeSlices(t, "Dsyr2k "+name, got, want, 1e-12*float64(k+1))
				}
			}
		}
	}
}

// TestDsymvMatchesGonum compares Dsymv with gonum's for both triangles, positive,
// negative and strided increments, and alpha/beta cases.
func TestDsymvMatchesGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	impl := Implementation{}
	for _, n := range []int{0, 1, 7, 16, 33, 100, 257} {
		for _, ul := range []blas.Uplo{blas.Lower, blas.Upper} {
			for _, inc := range [][2]int{{1, 1}, {3, 2}, {-2, 1}, {1, -3}} {
				for _, ab := range [][2]float64{{1, 0}, {-0.5, 1}, {2, 0.25}, {0, 2}} {
					lda := n + 3
					a := randSlice(r, max(0, (n-1)*lda+n)+1)
					x := randSlice(r, max(0, (n-1)*abs(inc[0])+1))
					y := randSlice(r, max(0, (n-1)*abs(inc[1])+1))
					want := append([]float64(nil), y...)
					got := append([]float64(nil), y...)
					ref.Dsymv(ul, n, ab[0], a, lda, x, inc[0], ab[1], want, inc[1])
					impl.Dsymv(ul, n, ab[0], a, lda, x, inc[0], ab[1], got, inc[1])
					closeSlices(t, fmt.Sprintf("Dsymv n=%d %c inc=%v alpha,beta=%v", n, ul, inc, ab), got, want, 1e-13*float64(n+1))
				}
			}
		}
	}
}

// TestBadArgumentsPanicAsGonum checks that misuse reaches gonum's checks.
func TestBadArgumentsPanicAsGonum(t *testing.T) {
	impl := Implementation{}
	a := make([]float64, 100*100)
	for name, f := range map[string]func(){
		"Dtrsm short b":  func() { impl.Dtrsm(blas.Left, blas.Lower, blas.NoTrans, blas.Unit, 100, 100, 1, a, 100, a[:50], 100) },
		"Dtrmm bad side": func() { impl.Dtrmm('x', blas.Lower, blas.NoTrans, blas.Unit, 100, 100, 1, a, 100, a, 100) },
		"Dsyrk bad lda":  func() { impl.Dsyrk(blas.Lower, blas.NoTrans, 100, 100, 1, a, 10, 0, a, 100) },
		"Dsyr2k short c": func() { impl.Dsyr2k(blas.Upper, blas.Trans, 100, 100, 1, a, 100, a, 100, 0, a[:10], 100) },
		"Dsymv zero inc": func() { impl.Dsymv(blas.Upper, 100, 1, a, 100, a, 0, 0, a, 1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func BenchmarkDsymv512(b *testing.B) {
	r := rand.New(rand.NewPCG(13, 14))
	n := 512
	a, x, y := randSlice(r, n*n), randSlice(r, n), randSlice(r, n)
	for _, impl := range []struct {
		name string
		f    func()
	}{
		{"gotensor", func() { Implementation{}.Dsymv(blas.Lower, n, 1, a, n, x, 1, 0, y, 1) }},
		{"gonum", func() { gonum.Implementation{}.Dsymv(blas.Lower, n, 1, a, n, x, 1, 0, y, 1) }},
	} {
		b.Run(impl.name, func(b *testing.B) {
			for b.Loop() {
				impl.f()
			}
		})
	}
}

func BenchmarkDtrsm512(b *testing.B) {
	r := rand.New(rand.NewPCG(15, 16))
	n := 512
	a, x := triangular(r, n, n), randSlice(r, n*n)
	for _, impl := range []struct {
		name string
		f    func()
	}{
		{"gotensor", func() { Implementation{}.Dtrsm(blas.Left, blas.Lower, blas.NoTrans, blas.Unit, n, n, 1, a, n, x, n) }},
		{"gonum", func() {
			gonum.Implementation{}.Dtrsm(blas.Left, blas.Lower, blas.NoTrans, blas.Unit, n, n, 1, a, n, x, n)
		}},
	} {
		b.Run(impl.name, func(b *testing.B) {
			for b.Loop() {
				impl.f()
			}
		})
	}
}
