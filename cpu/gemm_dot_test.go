package cpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// testGemmDot checks the dot-product path (gemm_dot.go) against float64 sums: C =
// alpha*A@W.T + beta*C through Gemm with W's rows ldb apart, on shapes around its 3×4
// tile and its k slices (edge rows and columns, one slice and several), row strides wider
// than k, more rows than dotMaxM with C narrower than a packed panel, beta 0 over NaN and
// beta 1, and on one and two threads (bands of columns, and of rows when C is narrow), on
// each variant that has the kernel.
func testGemmDot[T float](t *testing.T, tol float64) {
	ran := false
	forEachGemm(t, func(t *testing.T, v *gemmVariant) {
		if kernelsOf[T](v).dot != nil {
			ran = true
			testDotVariant[T](t, tol)
		}
	})
	if !ran {
		t.Skip("no GEMM variant here has a dot kernel (AVX2 and AVX-512 builds without purego do)")
	}
}

func testDotVariant[T float](t *testing.T, tol float64) {
	kern := kernelsOf[T](gemmUse)
	var z T
	kc := dotKC / int(sizeOfFloat(z))
	r := rand.New(rand.NewPCG(3, 4))
	shapes := [][3]int{{3, 4, 8}, {4, 5, 16}, {5, 7, 24}, {64, 10, 512}, {64, 512, 784},
		{dotMaxM - 1, 33, kc + 8}, {dotMaxM, 9, 2*kc + 16}, {6, 4, kc}, {11, 6, 3 * kc}, {30, 2 * dotNR, 40},
		{dotMaxM + 70, 7, 264}, {300, 5, kc + 40}} // the last two: past dotMaxM, narrower than a panel
	if kern.dotLanes == 4 { // float64: k steps past the last whole ZMM (AVX-512's masked half)
		shapes = append(shapes, [3]int{5, 6, 44}, [3]int{7, 9, kc + 12})
	}
	for _, s := range shapes {
		m, n, k := s[0], s[1], s[2]
		for _, ab := range [][2]float64{{1, 0}, {-0.5, 1}} {
			for _, threads := range []int{1, 2} {
				name := fmt.Sprintf("%dx%dx%d/alpha=%v,beta=%v/t%d", m, k, n, ab[0], ab[1], threads)
				lda, ldb, ldc := k+8, k+kern.dotLanes, n+3
				a, w, c := make([]T, m*lda), make([]T, n*ldb), make([]T, m*ldc)
				for _, v := range [][]T{a, w, c} {
					for i := range v {
						v[i] = T(r.NormFloat64())
					}
				}
				if ab[1] == 0 {
					for i := range c {
						c[i] = T(math.NaN())
					}
				}
				want := make([]float64, m*n)
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						s := 0.0
						for p := 0; p < k; p++ {
							s += float64(a[i*lda+p]) * float64(w[j*ldb+p])
						}
						want[i*n+j] = ab[0] * s
						if ab[1] != 0 {
							want[i*n+j] += float64(c[i*ldc+j])
						}
					}
				}
				g := gemm{m: m, n: n, k: k, dr: ldc, dc: 1, ar: lda, ac: 1, br: 1, bc: ldb}
				call := gemmCall[T]{gemm: g, kern: kern}
				if !call.dotPath() {
					t.Fatalf("%s: not on the dot path", name)
				}
				fastGemmScaled(g, T(ab[0]), c, a, w, T(ab[1]), 0, 0, 0, threads)
				for i := 0; i < m; i++ {
					for j := 0; j < ldc; j++ {
						got := float64(c[i*ldc+j])
						if j >= n {
							if ab[1] == 0 && got == got {
								t.Fatalf("%s: padding (%d, %d) written", name, i, j)
							}
							continue
						}
						if d := math.Abs(got - want[i*n+j]); !(d <= tol*math.Sqrt(float64(k))*(1+math.Abs(want[i*n+j]))) {
							t.Fatalf("%s: C[%d, %d] = %v, want %v", name, i, j, got, want[i*n+j])
						}
					}
				}
			}
		}
	}
}

func sizeOfFloat[T float](z T) int {
	if _, ok := any(z).(float32); ok {
		return 4
	}
	return 8
}

func TestGemmDotF32(t *testing.T) { testGemmDot[float32](t, 4e-6) }
func TestGemmDotF64(t *testing.T) { testGemmDot[float64](t, 1e-14) }

// BenchmarkDotKernelF32 times the float32 dot kernel of each variant that has one on
// operands in L1 (k = 256, and a Linear's 784), as BenchmarkMicroKernelF32 times the
// packed one.
func BenchmarkDotKernelF32(b *testing.B) {
	for _, v := range gemmVariants {
		kern := kernelsOf[float32](v)
		if kern.dot == nil {
			continue
		}
		for _, k := range []int{256, 784} {
			b.Run(fmt.Sprintf("%s/k=%d", v.name, k), func(b *testing.B) {
				a, w, c := make([]float32, dotMR*k), make([]float32, dotNR*k), make([]float32, dotMR*dotNR)
				for range b.N {
					kern.dot(k, &a[0], k, &w[0], k, &c[0], dotNR, 1, true)
				}
				b.ReportMetric(2*float64(dotMR*dotNR*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
