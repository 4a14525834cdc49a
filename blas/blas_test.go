package blas

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"
)

// TestDgemmMatchesGonum compares every transpose combination, alpha/beta case and
// leading-dimension padding with gonum's reference Dgemm.
func TestDgemmMatchesGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ref := gonum.Implementation{}
	impl := Implementation{}
	for _, sz := range [][3]int{{1, 1, 1}, {3, 5, 7}, {37, 29, 41}, {64, 64, 64}, {130, 70, 300}, {0, 4, 3}, {5, 0, 2}, {4, 4, 0}} {
		m, n, k := sz[0], sz[1], sz[2]
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				for _, ab := range [][2]float64{{1, 0}, {2.5, 0}, {1, 1}, {-0.5, 0.75}, {0, 2}} {
					rowsA, colsA := m, k
					if tA == blas.Trans {
						rowsA, colsA = k, m
					}
					rowsB, colsB := k, n
					if tB == blas.Trans {
						rowsB, colsB = n, k
					}
					lda, ldb, ldc := colsA+3, colsB+1, n+2
					a := randSlice(r, max(0, rowsA*lda))
					b := randSlice(r, max(0, rowsB*ldb))
					c1 := randSlice(r, max(0, m*ldc))
					c2 := append([]float64(nil), c1...)
					ref.Dgemm(tA, tB, m, n, k, ab[0], a, max(1, lda), b, max(1, ldb), ab[1], c1, max(1, ldc))
					impl.Dgemm(tA, tB, m, n, k, ab[0], a, max(1, lda), b, max(1, ldb), ab[1], c2, max(1, ldc))
					for i := range c1 {
						if math.Abs(c1[i]-c2[i]) > 1e-12*(1+math.Abs(c1[i]))*float64(k+1) {
							t.Fatalf("%v %v %v alpha,beta=%v: c[%d] = %v, want %v", sz, tA, tB, ab, i, c2[i], c1[i])
						}
					}
				}
			}
		}
	}
}

func randSlice(r *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = r.NormFloat64()
	}
	return v
}

// TestLapackOnFastBLAS runs gonum's LU solve with the fast Dgemm installed.
func TestLapackOnFastBLAS(t *testing.T) {
	Install()
	n := 300
	r := rand.New(rand.NewPCG(3, 4))
	a := mat.NewDense(n, n, randSlice(r, n*n))
	x := mat.NewDense(n, 1, randSlice(r, n))
	var b mat.Dense
	b.Mul(a, x)
	var got mat.Dense
	if err := got.Solve(a, &b); err != nil {
		t.Fatal(err)
	}
	if !mat.EqualApprox(&got, x, 1e-8) {
		t.Fatal("solve on the fast BLAS differs from the known solution")
	}
}

func BenchmarkDgemm512(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	n := 512
	a, bb, c := randSlice(r, n*n), randSlice(r, n*n), make([]float64, n*n)
	for _, impl := range []struct {
		name string
		f    func()
	}{
		{"gotensor", func() { Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, bb, n, 0, c, n) }},
		{"gonum", func() { gonum.Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, bb, n, 0, c, n) }},
	} {
		b.Run(impl.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				impl.f()
			}
			b.ReportMetric(2*float64(n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
