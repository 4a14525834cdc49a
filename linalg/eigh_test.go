package linalg_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/linalg"
	"github.com/gotensor/gotensor/tensor"
	"gonum.org/v1/gonum/mat"
)

// lehmerNumPy is np.linalg.eigvalsh(L + diag(cos(arange(40)))) for the 40×40 Lehmer
// matrix L[i, j] = (min(i, j)+1)/(max(i, j)+1), from NumPy 1.24 on OpenBLAS.
var lehmerNumPy = []float64{-0.885013553978117, -0.8580405742605681, -0.852492522323776, -0.8334299748205174, -0.7973078196571421, -0.6960712505117538, -0.655121529074591, -0.5313370877574637, -0.5310609609848738, -0.471000291811364, -0.44674350152075665, -0.2493209584405376, -0.24822389323935043, -0.07992961613947036, -0.016496060020705968, 0.013050724378482034, 0.10630743179136132, 0.15690271092414418, 0.28971087351003966, 0.34287100789195274, 0.3675012913922497, 0.5050189663348936, 0.5146211745389249, 0.534490446271318, 0.6323718323441151, 0.7712281937021, 0.8261280855354718, 0.8661138906370234, 0.8855828361005569, 0.9075371843040102, 0.9418295177449025, 0.9975157634942589, 1.1398931144283624, 1.301225196414101, 1.3628913061264947, 1.7920700525091275, 2.2847088808224347, 3.3098836362922377, 6.692660806247009, 22.124903947403453}

func TestEighMatchesNumPy(t *testing.T) {
	n := 40
	a := make([]float64, n*n)
	for i := range n {
		for j := range n {
			a[i*n+j] = float64(min(i, j)+1) / float64(max(i, j)+1)
		}
		a[i*n+i] += math.Cos(float64(i))
	}
	w, _ := linalg.Eigh(tensor.FromSlice(a, n, n))
	check(t, w, tensor.Float64, []int{n}, lehmerNumPy, 1e-13)
}

// symmetricCase is a named symmetric test matrix (full storage, row-major).
type symmetricCase struct {
	name string
	n    int
	a    []float64
}

// withSpectrum returns Q diag(lam) Qᵀ for a random orthogonal Q.
func withSpectrum(r *rand.Rand, lam []float64) []float64 {
	n := len(lam)
	g := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			g.Set(i, j, r.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q, a mat.Dense
	qr.QTo(&q)
	a.Mul(&q, mat.NewDiagDense(n, lam))
	a.Mul(&a, q.T())
	out := make([]float64, n*n)
	for i := range n {
		for j := 0; j <= i; j++ {
			v := (a.At(i, j) + a.At(j, i)) / 2
			out[i*n+j], out[j*n+i] = v, v
		}
	}
	return out
}

// symmetricCases are random, clustered, repeated-eigenvalue, graded, diagonal and tiny
// matrices, of orders on both sides of the divide-and-conquer threshold (25).
func symmetricCases() []symmetricCase {
	r := rand.New(rand.NewPCG(21, 22))
	var cs []symmetricCase
	for _, n := range []int{1, 2, 3, 25, 26, 100, 300} {
		a := make([]float64, n*n)
		for i := range n {
			for j := 0; j <= i; j++ {
				v := r.NormFloat64()
				a[i*n+j], a[j*n+i] = v, v
			}
		}
		cs = append(cs, symmetricCase{fmt.Sprintf("random n=%d", n), n, a})
	}
	spectrum := func(name string, n int, f func(i int) float64) {
		lam := make([]float64, n)
		for i := range lam {
			lam[i] = f(i)
		}
		cs = append(cs, symmetricCase{name, n, withSpectrum(r, lam)})
	}
	spectrum("clustered", 200, func(i int) float64 { return 1 + 1e-9*float64(i%7) })
	spectrum("repeated", 200, func(i int) float64 { return float64(i % 4) })
	spectrum("graded spectrum", 200, func(i int) float64 { return math.Pow(10, -10*float64(i)/200) })
	n := 150
	diag := make([]float64, n*n)
	graded := make([]float64, n*n)
	for i := range n {
		diag[i*n+i] = float64((i*37)%n) - 50
		for j := 0; j <= i; j++ {
			v := r.NormFloat64() * math.Pow(10, -6*float64(i+j)/float64(n))
			graded[i*n+j], graded[j*n+i] = v, v
		}
	}
	cs = append(cs, symmetricCase{"diagonal", n, diag}, symmetricCase{"graded entries", n, graded})
	return cs
}

// TestEighAccuracy checks Eigh on symmetricCases: eigenvalues against gonum's QR
// iteration (Dsyev through mat.EigenSym) within 1e-12 of ‖A‖, ‖A V - V Λ‖_F / ‖A‖_F and
// max |VᵀV - I| within 1e-13.
func TestEighAccuracy(t *testing.T) {
	for _, c := range symmetricCases() {
		t.Run(c.name, func(t *testing.T) {
			n := c.n
			w, v := linalg.Eigh(tensor.FromSlice(c.a, n, n))
			wd, vd := tensor.ToSlice[float64](w), tensor.ToSlice[float64](v)
			var es mat.EigenSym
			if !es.Factorize(mat.NewSymDense(n, append([]float64(nil), c.a...)), false) {
				t.Fatal("gonum's EigenSym failed")
			}
			ref := es.Values(nil)
			var anorm, afro float64
			for i := range n {
				var row float64
				for j := range n {
					row += math.Abs(c.a[i*n+j])
					afro += c.a[i*n+j] * c.a[i*n+j]
				}
				anorm = math.Max(anorm, row)
			}
			afro = math.Sqrt(afro)
			var ew, res, orth float64
			for j := range n {
				ew = math.Max(ew, math.Abs(wd[j]-ref[j])/anorm)
				for i := range n {
					var av float64
					for k := range n {
						av += c.a[i*n+k] * vd[k*n+j]
					}
					r := av - vd[i*n+j]*wd[j]
					res += r * r
				}
				for k := j; k < n; k++ {
					var s float64
					for i := range n {
						s += vd[i*n+j] * vd[i*n+k]
					}
					if k == j {
						s--
					}
					orth = math.Max(orth, math.Abs(s))
				}
			}
			res = math.Sqrt(res) / math.Max(afro, math.SmallestNonzeroFloat64)
			if ew > 1e-12 || res > 1e-13 || orth > 1e-13 {
				t.Errorf("eigenvalues off by %.2g of ‖A‖, residual %.2g, orthogonality %.2g", ew, res, orth)
			}
		})
	}
}

// TestEighScaled checks the scaling of tiny and huge matrices into range.
func TestEighScaled(t *testing.T) {
	for _, s := range []float64{1e-160, 1e160} {
		a := tensor.Mul(tensor.FromSlice([]float64{2, 1, 0, 1, 3, 1, 0, 1, 4}, 3, 3), tensor.Scalar(s))
		w, v := linalg.Eigh(a)
		want := []float64{3 - math.Sqrt(3), 3, 3 + math.Sqrt(3)}
		for i := range want {
			want[i] *= s
		}
		check(t, w, tensor.Float64, []int{3}, want, 1e-14*s)
		closeTo(t, "VᵀV = I", tensor.MatMul(v.T(), v), tensor.Eye(tensor.Float64, 3, 0, 0), 1e-14)
	}
}

// maxAbsDiff is max |a - b| over two tensors of one shape.
func maxAbsDiff(a, b *tensor.Tensor) float64 {
	x, y := tensor.ToSlice[float64](a), tensor.ToSlice[float64](b)
	var m float64
	for i := range x {
		m = math.Max(m, math.Abs(x[i]-y[i]))
	}
	return m
}

// TestLargeFactorisations runs the routines on the rewritten LU and the replaced level-3
// BLAS at an order above the small-matrix dispatch (300): A A⁻¹ = I, A X = B, det from
// slogdet, L Lᵀ = A, Q R = A and QᵀQ = I.
func TestLargeFactorisations(t *testing.T) {
	n := 300
	r := rand.New(rand.NewPCG(41, 42))
	d := make([]float64, n*n)
	for i := range d {
		d[i] = r.NormFloat64()
	}
	a := tensor.FromSlice(d, n, n)
	eye := tensor.Eye(tensor.Float64, n, 0, 0)
	if e := maxAbsDiff(tensor.MatMul(a, linalg.Inv(a)), eye); e > 1e-10 {
		t.Errorf("A A⁻¹ - I: max error %.3g", e)
	}
	b := tensor.FromSlice(d[:n*3], n, 3)
	if e := maxAbsDiff(tensor.MatMul(a, linalg.Solve(a, b)), b); e > 1e-10 {
		t.Errorf("A X - B: max error %.3g", e)
	}
	sign, logdet := linalg.SlogDet(a)
	det := tensor.ToSlice[float64](linalg.Det(tensor.Mul(a, tensor.Scalar(0.25))))[0]
	want := tensor.ToSlice[float64](sign)[0] * math.Exp(tensor.ToSlice[float64](logdet)[0]+float64(n)*math.Log(0.25))
	if math.Abs(det-want) > 1e-9*math.Abs(want) {
		t.Errorf("det %v, sign·exp(logdet) %v", det, want)
	}
	spd := tensor.Add(tensor.MatMul(a, a.T()), tensor.Mul(eye, tensor.Scalar(float64(n))))
	l := linalg.Cholesky(spd)
	if e := maxAbsDiff(tensor.MatMul(l, l.T()), spd); e > 1e-9 {
		t.Errorf("L Lᵀ - A: max error %.3g", e)
	}
	q, rr := linalg.QR(a, linalg.QRReduced)
	if e := maxAbsDiff(tensor.MatMul(q, rr), a); e > 1e-11 {
		t.Errorf("Q R - A: max error %.3g", e)
	}
	if e := maxAbsDiff(tensor.MatMul(q.T(), q), eye); e > 1e-12 {
		t.Errorf("QᵀQ - I: max error %.3g", e)
	}
}
