package cpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/gotensor/gotensor/device"
)

// forEachGemm runs f once per GEMM variant this CPU has (AVX-512, AVX2, the Go twin),
// with gemmUse switched to it.
func forEachGemm(t *testing.T, f func(t *testing.T, v *gemmVariant)) {
	saved := gemmUse
	defer func() { gemmUse = saved }()
	for _, v := range gemmVariants {
		gemmUse = v
		t.Run(v.name, func(t *testing.T) { f(t, v) })
	}
}

// matOperand makes an m×n operand over a fresh buffer, transposed in memory when trans.
func matOperand[T float](r *rand.Rand, batch, m, n int, trans bool) device.Operand {
	v := make([]T, batch*m*n+3)
	for i := range v {
		v[i] = T(r.NormFloat64())
	}
	buf, _ := Wrap(any(v))
	st := []int{m * n, n, 1}
	if trans {
		st = []int{m * n, 1, m}
	}
	return device.Operand{Buf: buf, DType: dtypeOf[T](), Shape: []int{batch, m, n}, Strides: st, Offset: 3}
}

func dtypeOf[T float]() device.DType {
	var z T
	if _, ok := any(z).(float32); ok {
		return device.Float32
	}
	return device.Float64
}

// gemmShapes are batch, m, n, k cases: fixed ones and ones around the variant's mr, nr
// and kc, which reach every path (packed and in-place operands, edge tiles, several k
// slices and column blocks, threads split over rows or columns).
func gemmShapes(mr, nr, kc, nc int) [][4]int {
	return [][4]int{{1, 1, 1, 1}, {1, 7, 5, 3}, {1, 33, 65, 17}, {2, 30, 40, 50}, {1, 100, 300, 257},
		{3, 97, 61, 33}, {1, 6, 16, 256}, {1, 200, 2100, 20}, {8, 24, 24, 24}, {1, 13, 1, 300},
		{5, 64, 64, 64}, {1, 1, 200, 200}, {1, 200, 1, 200},
		{1, mr - 1, nr + 1, 3}, {1, mr + 1, nr - 1, kc + 1}, {1, 2*mr + 1, 2 * nr, kc - 1},
		{1, mr, nr, 2*kc + 5}, {1, 3*mr + 5, 5*nr + 3, 7}, {1, 5 * mr, nr + 3, 40},
		{1, 2*mr - 1, 9*nr + 1, 33}, {1, 20*mr + 7, 2*nr + 1, 50}, {1, 40*mr + 1, 3*nr - 1, 2*kc + 1},
		{1, 2 * mr, nc + nr + 1, 9}, {1, 4*mr - 1, nc + 2, 2*kc - 3}}
}

// checkGemm compares got[off:off+len(want)] with want and checks the off-wide
// NaN guard bands before and after it.
func checkGemm[T float](t *testing.T, name string, got, want []T, off, k int, tol float64) {
	t.Helper()
	for i := 0; i < off; i++ {
		if got[i] == got[i] || got[len(got)-1-i] == got[len(got)-1-i] {
			t.Fatalf("%s: guard band written", name)
		}
	}
	for i, w := range want {
		if d := math.Abs(float64(got[off+i] - w)); !(d <= tol*math.Sqrt(float64(k+1))*(1+math.Abs(float64(w)))) {
			t.Fatalf("%s: element %d = %v, want %v", name, i, got[off+i], w)
		}
	}
}

func testGemm[T float](t *testing.T, tol float64) {
	forEachGemm(t, func(t *testing.T, v *gemmVariant) {
		kern := kernelsOf[T](v)
		r := rand.New(rand.NewPCG(7, 8))
		for _, s := range gemmShapes(kern.mr, kern.nr, kern.kc, kern.nc) {
			for _, trans := range [][3]bool{{false, false, false}, {true, false, false}, {false, true, false},
				{true, true, false}, {false, false, true}, {true, true, true}} {
				name := fmt.Sprintf("%v/%v", s, trans)
				batch, m, n, k := s[0], s[1], s[2], s[3]
				a := matOperand[T](r, batch, m, k, trans[0])
				b := matOperand[T](r, batch, k, n, trans[1])
				got := make([]T, batch*m*n+10)
				for i := range got {
					got[i] = T(math.NaN())
				}
				gb, _ := Wrap(any(got))
				dst := device.Operand{Buf: gb, DType: a.DType, Shape: []int{batch, m, n}, Strides: []int{m * n, n, 1}, Offset: 5}
				if trans[2] { // a transposed destination: column j of C is contiguous
					dst.Strides = []int{m * n, 1, m}
				}
				if err := (Device{}).MatMul(dst, a, b); err != nil {
					t.Fatal(err)
				}
				want := make([]T, batch*m*n)
				g := gemm{m: m, n: n, k: k, dr: dst.Strides[1], dc: dst.Strides[2], ar: a.Strides[1], ac: a.Strides[2], br: b.Strides[1], bc: b.Strides[2]}
				for bi := 0; bi < batch; bi++ {
					one := newPlan(nil, device.Operand{}, device.Operand{}, device.Operand{})
					gemmRun(g, want[bi*m*n:], raw(a).([]T)[3+bi*m*k:], raw(b).([]T)[3+bi*k*n:], one)
				}
				checkGemm(t, name, got, want, 5, k, tol)
			}
		}
	})
}

func TestGemmF32(t *testing.T) { testGemm[float32](t, 4e-6) }
func TestGemmF64(t *testing.T) { testGemm[float64](t, 1e-14) }

// testGemmBLAS checks Gemm's alpha and beta (beta 0 must ignore NaN in C), leading
// dimensions wider than the matrices (the padding must stay untouched) and transposes,
// against a float64 reference.
func testGemmBLAS[T float](t *testing.T, tol float64) {
	forEachGemm(t, func(t *testing.T, v *gemmVariant) {
		kern := kernelsOf[T](v)
		r := rand.New(rand.NewPCG(3, 4))
		shapes := [][3]int{{3, 5, 7}, {kern.mr + 1, kern.nr - 1, 16}, {200, 16, 16}, {300, 32, 32},
			{2*kern.mr - 1, 300, 24}, {130, 70, 300}, {2, 2, 2}, {9, 9, 1}}
		for _, sz := range shapes {
			m, n, k := sz[0], sz[1], sz[2]
			for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
				for _, ab := range [][2]float64{{1, 0}, {-1, 1}, {2.5, 0}, {-0.5, 0.75}, {0, 2}} {
					name := fmt.Sprintf("%v/%v/alpha,beta=%v", sz, tr, ab)
					ra, ca, rb, cb := m, k, k, n
					if tr[0] {
						ra, ca = k, m
					}
					if tr[1] {
						rb, cb = n, k
					}
					lda, ldb, ldc := ca+3, cb+1, n+2
					a, b, c := make([]T, ra*lda), make([]T, rb*ldb), make([]T, m*ldc)
					for _, s := range [][]T{a, b, c} {
						for i := range s {
							s[i] = T(r.NormFloat64())
						}
					}
					want := make([]float64, m*ldc)
					for i := 0; i < m; i++ {
						for j := 0; j < ldc; j++ {
							if j >= n {
								want[i*ldc+j] = float64(c[i*ldc+j])
								continue
							}
							s := 0.0
							for p := 0; p < k; p++ {
								ia, ib := i*lda+p, p*ldb+j
								if tr[0] {
									ia = p*lda + i
								}
								if tr[1] {
									ib = j*ldb + p
								}
								x, y := a[ia], b[ib]
								s += float64(x) * float64(y)
							}
							want[i*ldc+j] = ab[0] * s
							if ab[1] != 0 {
								want[i*ldc+j] += ab[1] * float64(c[i*ldc+j])
							}
						}
					}
					if ab[1] == 0 {
						for i := 0; i < m; i++ {
							for j := 0; j < n; j++ {
								c[i*ldc+j] = T(math.NaN())
							}
						}
					}
					Gemm(tr[0], tr[1], m, n, k, T(ab[0]), a, lda, b, ldb, T(ab[1]), c, ldc)
					for i, w := range want {
						if d := math.Abs(float64(c[i]) - w); !(d <= tol*math.Sqrt(float64(k+1))*(1+math.Abs(w))) {
							t.Fatalf("%s: c[%d] = %v, want %v", name, i, c[i], w)
						}
					}
				}
			}
		}
	})
}

func TestGemmBLASF32(t *testing.T) { testGemmBLAS[float32](t, 1e-5) }
func TestGemmBLASF64(t *testing.T) { testGemmBLAS[float64](t, 1e-13) }

// testMicroKernels runs each variant's kernels against the Go twin of the same tile on
// packed and strided A, with and without acc, and checks that C's padding stays unwritten.
func testMicroKernels[T float](t *testing.T, tol float64) {
	forEachGemm(t, func(t *testing.T, v *gemmVariant) {
		kern := kernelsOf[T](v)
		mr, nr := kern.mr, kern.nr
		r := rand.New(rand.NewPCG(5, 6))
		for _, k := range []int{0, 1, 3, 4, 5, 8, 17, 256} {
			for _, strided := range []bool{false, true} {
				for _, acc := range []bool{false, true} {
					name := fmt.Sprintf("k=%d/strided=%v/acc=%v", k, strided, acc)
					lda, ldb, ldc := k+3, nr+5, nr+7
					a := make([]T, mr*lda+mr*k+1)
					b := make([]T, k*ldb+1)
					for _, s := range [][]T{a, b} {
						for i := range s {
							s[i] = T(r.NormFloat64())
						}
					}
					c1 := make([]T, mr*ldc)
					for i := range c1 {
						c1[i] = T(r.NormFloat64())
						if i%ldc >= nr {
							c1[i] = T(math.NaN())
						}
					}
					c2 := append([]T(nil), c1...)
					fn, twin := kern.packed, gemmTwin[T](mr, nr, strided)
					if strided {
						fn = kern.strided
					}
					fn(k, &a[0], lda, &b[0], ldb, &c1[0], ldc, 0.75, acc)
					twin(k, &a[0], lda, &b[0], ldb, &c2[0], ldc, 0.75, acc)
					for i := range c1 {
						if i%ldc >= nr {
							if c1[i] == c1[i] {
								t.Fatalf("%s: padding c[%d] written", name, i)
							}
							continue
						}
						if d := math.Abs(float64(c1[i] - c2[i])); !(d <= tol*math.Sqrt(float64(k+1))*(1+math.Abs(float64(c2[i])))) {
							t.Fatalf("%s: c[%d] = %v, twin %v", name, i, c1[i], c2[i])
						}
					}
				}
			}
		}
	})
}

func TestMicroKernelsF32(t *testing.T) { testMicroKernels[float32](t, 1e-6) }
func TestMicroKernelsF64(t *testing.T) { testMicroKernels[float64](t, 1e-14) }

// testPack checks every variant's packing (the assembly transpose and copy where it has
// them) against the definition, for both operands' panel widths, row- and column-major
// sources, and extents and depths around the kernels' granules.
func testPack[T float](t *testing.T) {
	forEachGemm(t, func(t *testing.T, v *gemmVariant) {
		kern := kernelsOf[T](v)
		for _, w := range []int{kern.mr, kern.nr} {
			for _, extent := range []int{1, 3, w - 1, w, w + 1, 2*w + 5, 4 * w} {
				for _, kb := range []int{1, 7, 16, 33, 64} {
					for _, rowMajor := range []bool{false, true} {
						ld := extent + 3
						xs, ps := 1, ld // each k step's values contiguous
						if rowMajor {
							ld = kb + 5
							xs, ps = ld, 1
						}
						src := make([]T, 2+ld*max(extent, kb)+ld)
						for i := range src {
							src[i] = T(i)
						}
						panels := ceilDiv(extent, w)
						dst := make([]T, panels*kb*w+1)
						for i := range dst {
							dst[i] = -1
						}
						kern.pack(dst, src, 2, xs, ps, extent, kb, w)
						for i, got := range dst[:panels*kb*w] {
							x := i/(kb*w)*w + i%w
							var want T
							if x < extent {
								want = src[2+x*xs+i%(kb*w)/w*ps]
							}
							if got != want {
								t.Fatalf("w=%d extent=%d kb=%d rowMajor=%v: dst[%d] = %v, want %v", w, extent, kb, rowMajor, i, got, want)
							}
						}
						if dst[len(dst)-1] != -1 {
							t.Fatalf("w=%d extent=%d kb=%d: wrote past the panels", w, extent, kb)
						}
					}
				}
			}
		}
	})
}

func TestPackF32(t *testing.T) { testPack[float32](t) }
func TestPackF64(t *testing.T) { testPack[float64](t) }

// benchMatMul times batch products of n×n matrices through MatMul.
func benchMatMul[T float](b *testing.B, batch, n int) {
	r := rand.New(rand.NewPCG(1, 1))
	a := matOperand[T](r, batch, n, n, false)
	bb := matOperand[T](r, batch, n, n, false)
	d := matOperand[T](r, batch, n, n, false)
	d.Offset = 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = (Device{}).MatMul(d, a, bb)
	}
	b.ReportMetric(2*float64(batch*n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkSgemm512(b *testing.B)         { benchMatMul[float32](b, 1, 512) }
func BenchmarkSgemm1024(b *testing.B)        { benchMatMul[float32](b, 1, 1024) }
func BenchmarkSgemm2048(b *testing.B)        { benchMatMul[float32](b, 1, 2048) }
func BenchmarkSgemm4096(b *testing.B)        { benchMatMul[float32](b, 1, 4096) }
func BenchmarkSgemmBatch64x128(b *testing.B) { benchMatMul[float32](b, 64, 128) }
func BenchmarkDgemm512(b *testing.B)         { benchMatMul[float64](b, 1, 512) }
func BenchmarkDgemm1024(b *testing.B)        { benchMatMul[float64](b, 1, 1024) }
func BenchmarkDgemm2048(b *testing.B)        { benchMatMul[float64](b, 1, 2048) }
func BenchmarkDgemm4096(b *testing.B)        { benchMatMul[float64](b, 1, 4096) }
func BenchmarkDgemmBatch64x128(b *testing.B) { benchMatMul[float64](b, 64, 128) }

// benchGemm times Gemm on an m×k by k×n product inside lda-wide matrices, as LU's
// trailing updates call it (alpha -1, beta 1).
func benchGemm[T float](b *testing.B, m, n, k, ld int) {
	r := rand.New(rand.NewPCG(1, 1))
	a, bb, c := make([]T, m*ld), make([]T, k*ld), make([]T, m*ld)
	for _, s := range [][]T{a, bb, c} {
		for i := range s {
			s[i] = T(r.NormFloat64())
		}
	}
	b.SetBytes(int64(unsafe.Sizeof(a[0])) * int64(m*n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Gemm(false, false, m, n, k, -1, a, ld, bb, ld, 1, c, ld)
	}
	b.ReportMetric(2*float64(m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// benchMicroKernel times each variant's packed micro-kernel on operands in L1: the
// ceiling the blocking has to approach.
func benchMicroKernel[T float](b *testing.B) {
	saved := gemmUse
	defer func() { gemmUse = saved }()
	for _, v := range gemmVariants {
		kern := kernelsOf[T](v)
		b.Run(v.name, func(b *testing.B) {
			const kc = 256
			a, bb, c := make([]T, kern.mr*kc), make([]T, kc*kern.nr), make([]T, kern.mr*kern.nr)
			for i := 0; i < b.N; i++ {
				kern.packed(kc, &a[0], 0, &bb[0], kern.nr, &c[0], kern.nr, 1, true)
			}
			b.ReportMetric(2*float64(kern.mr*kern.nr*kc)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

func BenchmarkMicroKernelF32(b *testing.B) { benchMicroKernel[float32](b) }
func BenchmarkMicroKernelF64(b *testing.B) { benchMicroKernel[float64](b) }

func BenchmarkDgemmLU1024x16x16(b *testing.B) { benchGemm[float64](b, 1024, 16, 16, 1024) }
func BenchmarkDgemmLU1024x32x32(b *testing.B) { benchGemm[float64](b, 1024, 32, 32, 1024) }
func BenchmarkDgemm512x512x16(b *testing.B)   { benchGemm[float64](b, 512, 512, 16, 512) }
func BenchmarkDgemm512x512x32(b *testing.B)   { benchGemm[float64](b, 512, 512, 32, 512) }
func BenchmarkSgemm512x512x16(b *testing.B)   { benchGemm[float32](b, 512, 512, 16, 512) }
func BenchmarkSgemm512x512x32(b *testing.B)   { benchGemm[float32](b, 512, 512, 32, 512) }
func BenchmarkDgemmLU1000x16x16(b *testing.B) { benchGemm[float64](b, 1000, 16, 16, 1000) }
