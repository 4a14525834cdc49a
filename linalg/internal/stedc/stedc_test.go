package stedc

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"gonum.org/v1/gonum/lapack"

	"github.com/gotensor/gotensor/blas"
)

func TestMain(m *testing.M) {
	blas.Install() // the merges' products on the fast GEMM, as linalg runs them
	os.Exit(m.Run())
}

// tridiag is a named test matrix: diagonal and off-diagonal.
type tridiag struct {
	name string
	d, e []float64
}

// testMatrices returns tridiagonal matrices of order n that exercise the solver:
// random entries, the 1-2-1 matrix (known eigenvalues), tight clusters, repeated
// eigenvalues (heavy deflation), a diagonal matrix, graded entries, and Wilkinson's
// matrix (pairs of nearly equal eigenvalues).
func testMatrices(n int) []tridiag {
	r := rand.New(rand.NewPCG(uint64(n), 17))
	mk := func(name string, fd func(i int) float64, fe func(i int) float64) tridiag {
		t := tridiag{name: name, d: make([]float64, n), e: make([]float64, max(0, n-1))}
		for i := range t.d {
			t.d[i] = fd(i)
		}
		for i := range t.e {
			t.e[i] = fe(i)
		}
		return t
	}
	return []tridiag{
		mk("random", func(int) float64 { return r.NormFloat64() }, func(int) float64 { return r.NormFloat64() }),
		mk("1-2-1", func(int) float64 { return 2 }, func(int) float64 { return -1 }),
		mk("cluster", func(int) float64 { return 1 + 1e-10*r.NormFloat64() }, func(int) float64 { return 1e-9 * r.NormFloat64() }),
		mk("repeated", func(i int) float64 { return float64(i % 3) }, func(int) float64 { return 1e-14 }),
		mk("ones", func(int) float64 { return 1 }, func(int) float64 { return 1e-18 }),
		// Off-diagonals just above the splitting threshold: every merge deflates whole.
		mk("tiny-offdiagonal", func(int) float64 { return 1 + r.Float64() }, func(int) float64 { return 5e-16 }),
		mk("diagonal", func(i int) float64 { return float64((i*7)%n) - float64(n)/2 }, func(int) float64 { return 0 }),
		mk("graded", func(i int) float64 { return math.Pow(10, -12*float64(i)/float64(n)) }, func(i int) float64 {
			return 0.5 * math.Pow(10, -12*(float64(i)+0.5)/float64(n))
		}),
		mk("wilkinson", func(i int) float64 { return math.Abs(float64(i - n/2)) }, func(int) float64 { return 1 }),
		mk("split", func(int) float64 { return r.Float64() }, func(i int) float64 {
			if i%40 == 39 {
				return 0
			}
			return r.Float64()
		}),
		// Copies of one 1-2-1 block glued by small off-diagonals: every eigenvalue
		// repeats, so the merges deflate by small z (glue 1e-15: all of them), by
		// rotations of nearly equal eigenvalues (1e-13), or hardly at all (1e-8).
		glued(n, 1e-15), glued(n, 1e-13), glued(n, 1e-8),
	}
}

// glued is copies of the 1-2-1 block of order 13 joined by off-diagonal glue.
func glued(n int, glue float64) tridiag {
	t := tridiag{name: fmt.Sprintf("glued %g", glue), d: make([]float64, n), e: make([]float64, max(0, n-1))}
	for i := range t.d {
		t.d[i] = 2
	}
	for i := range t.e {
		t.e[i] = -1
		if i%13 == 12 {
			t.e[i] = glue
		}
	}
	return t
}

// checkEigen checks d and z (eigenvectors as rows) against the tridiagonal t: ascending
// eigenvalues equal to QR iteration's (gonum's Dsterf) within tolV relative to ‖T‖,
// residual ‖T zⱼ - λⱼ zⱼ‖ and orthogonality |zᵢ·zⱼ - δᵢⱼ| within tolR.
func checkEigen(t *testing.T, name string, tr tridiag, d, z []float64, tolV, tolR float64) {
	t.Helper()
	n := len(tr.d)
	norm := 0.0
	for i := range n {
		row := math.Abs(tr.d[i])
		if i > 0 {
			row += math.Abs(tr.e[i-1])
		}
		if i < n-1 {
			row += math.Abs(tr.e[i])
		}
		norm = math.Max(norm, row)
	}
	norm = math.Max(norm, math.SmallestNonzeroFloat64)
	ref := append([]float64(nil), tr.d...)
	re := append([]float64(nil), tr.e...)
	if !lapackImpl.Dsterf(n, ref, re) {
		t.Fatalf("%s: Dsterf failed", name)
	}
	var maxV, maxR, maxO float64
	for j := range n {
		if j > 0 && d[j] < d[j-1] {
			t.Fatalf("%s: eigenvalues not ascending at %d: %v < %v", name, j, d[j], d[j-1])
		}
		maxV = math.Max(maxV, math.Abs(d[j]-ref[j])/norm)
		v := z[j*n : (j+1)*n]
		for i := range n {
			r := tr.d[i]*v[i] - d[j]*v[i]
			if i > 0 {
				r += tr.e[i-1] * v[i-1]
			}
			if i < n-1 {
				r += tr.e[i] * v[i+1]
			}
			maxR = math.Max(maxR, math.Abs(r)/norm)
		}
		for k := j; k < n; k++ {
			w := z[k*n : (k+1)*n]
			var s float64
			for i := range n {
				s += v[i] * w[i]
			}
			if k == j {
				s--
			}
			maxO = math.Max(maxO, math.Abs(s))
		}
	}
	if !(maxV <= tolV && maxR <= tolR && maxO <= tolR) {
		t.Errorf("%s: eigenvalue error %.3g (tol %.3g), residual %.3g, orthogonality %.3g (tol %.3g)", name, maxV, tolV, maxR, maxO, tolR)
	}
	if testing.Verbose() {
		t.Logf("%s: eigenvalue error %.3g, residual %.3g, orthogonality %.3g", name, maxV, maxR, maxO)
	}
}

func TestStedc(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 25, 26, 51, 100, 257, 512} {
		for _, tr := range testMatrices(n) {
			name := fmt.Sprintf("n=%d %s", n, tr.name)
			d := append([]float64(nil), tr.d...)
			e := append([]float64(nil), tr.e...)
			z := make([]float64, n*n)
			if !Stedc(n, d, e, z, n) {
				t.Fatalf("%s: did not converge", name)
			}
			checkEigen(t, name, tr, d, z, 1e-13, 1e-13)
		}
	}
}

// TestStedcPadded runs with a leading dimension larger than n.
func TestStedcPadded(t *testing.T) {
	n, ldz := 131, 140
	tr := testMatrices(n)[0]
	d := append([]float64(nil), tr.d...)
	e := append([]float64(nil), tr.e...)
	z := make([]float64, n*ldz)
	if !Stedc(n, d, e, z, ldz) {
		t.Fatal("did not converge")
	}
	packed := make([]float64, n*n)
	for i := range n {
		copy(packed[i*n:(i+1)*n], z[i*ldz:i*ldz+n])
	}
	checkEigen(t, "padded", tr, d, packed, 1e-13, 1e-13)
}

// TestSecular checks laed4 against bisection on random secular equations, every root.
func TestSecular(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for _, n := range []int{1, 2, 3, 4, 10, 100} {
		d := make([]float64, n)
		z := make([]float64, n)
		var nz float64
		for i := range n {
			d[i] = float64(i) + 0.5*r.Float64()
			z[i] = r.NormFloat64()
			nz += z[i] * z[i]
		}
		for i := range z {
			z[i] /= math.Sqrt(nz)
		}
		rho := 0.5 + r.Float64()
		delta := make([]float64, n)
		for i := range n {
			lam, ok := laed4(n, i, d, z, delta, rho)
			if !ok {
				t.Fatalf("n=%d root %d: no convergence", n, i)
			}
			f := func(x float64) float64 {
				s := 1 / rho
				for j := range n {
					s += z[j] * z[j] / (d[j] - x)
				}
				return s
			}
			lo, hi := d[i], d[i]+rho
			if i < n-1 {
				hi = d[i+1]
			}
			for range 200 {
				mid := (lo + hi) / 2
				if f(mid) < 0 {
					lo = mid
				} else {
					hi = mid
				}
			}
			if math.Abs(lam-lo) > 1e-14*(1+math.Abs(lo)) {
				t.Errorf("n=%d root %d: %v, bisection %v", n, i, lam, lo)
			}
			if n > 2 {
				for j := range n {
					if math.Abs(delta[j]-(d[j]-lam)) > 1e-13*(1+math.Abs(d[j])) {
						t.Errorf("n=%d root %d: delta[%d] = %v, want %v", n, i, j, delta[j], d[j]-lam)
					}
				}
			}
		}
	}
}

// TestMatchesDsteqrVectors compares with gonum's QR iteration eigenvectors, up to sign,
// where the eigenvalues are well separated.
func TestMatchesDsteqrVectors(t *testing.T) {
	n := 120
	tr := testMatrices(n)[0]
	d := append([]float64(nil), tr.d...)
	e := append([]float64(nil), tr.e...)
	z := make([]float64, n*n)
	if !Stedc(n, d, e, z, n) {
		t.Fatal("did not converge")
	}
	rd := append([]float64(nil), tr.d...)
	re := append([]float64(nil), tr.e...)
	rz := make([]float64, n*n)
	if !lapackImpl.Dsteqr(lapack.EVTridiag, n, rd, re, rz, n, make([]float64, 2*n)) {
		t.Fatal("Dsteqr failed")
	}
	for j := range n {
		if math.Abs(d[j]-rd[j]) > 1e-13*math.Max(1, math.Abs(rd[j])) {
			t.Errorf("eigenvalue %d: %v, Dsteqr %v", j, d[j], rd[j])
		}
		gap := math.Inf(1)
		if j > 0 {
			gap = rd[j] - rd[j-1]
		}
		if j < n-1 {
			gap = math.Min(gap, rd[j+1]-rd[j])
		}
		if gap < 1e-3 {
			continue
		}
		var dot float64
		for i := range n {
			dot += z[j*n+i] * rz[i*n+j]
		}
		if math.Abs(math.Abs(dot)-1) > 1e-10 {
			t.Errorf("eigenvector %d: |cos| = %v with Dsteqr's", j, math.Abs(dot))
		}
	}
}
