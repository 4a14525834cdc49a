package cpu

import (
	"fmt"
	"unsafe"
)

// microKernel computes one mr×nr tile of C over k steps: C = alpha*A*B, or C += alpha*A*B
// when acc, with C's rows ldc elements apart. B is k rows of nr values ldb elements apart
// (a packed panel has ldb = nr). A packed kernel reads A as k groups of mr values (a packed
// panel; lda is unused); a strided one reads mr rows of A in place, lda elements apart.
type microKernel[T float] func(k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha T, acc bool)

// gemmKernels are one float type's micro-kernels and the cache blocking tuned for them:
// kc×nc blocks of packed B stay in L3 (shared by the cores), mc×kc blocks of packed A in
// each core's L2, kc×nr panels of B in L1.
type gemmKernels[T float] struct {
	mr, nr          int
	kc, mc, nc      int
	packed, strided microKernel[T]
	// packT, when set, transposes rows (a multiple of tg) by k steps (a multiple of tv)
	// into a panel: dst[p*w+x] = src[x*lds+p] (packTf32z). packN copies k rows w wide (a
	// multiple of nv, at most 4*nv, or nm when nm > 0) into consecutive panels (packNf32z).
	packT func(dst, src *T, lds, rows, k, w int)
	// dot, when set, is the dot-product kernel of products whose operands both run along
	// k (gemm_dot.go), on k a multiple of dotLanes.
	dot            microKernel[T]
	dotLanes       int
	packN          func(dst, src *T, lds, k, w, panels int)
	tg, tv, nv, nm int
}

// packNWidth reports whether packN copies panels w wide.
func (kern *gemmKernels[T]) packNWidth(w int) bool {
	return kern.packN != nil && (w%kern.nv == 0 && w <= 4*kern.nv || w == kern.nm && w > 0)
}

// gemmVariant is one implementation of the GEMM micro-kernels: AVX-512, AVX2/FMA or Go.
type gemmVariant struct {
	name string
	f32  gemmKernels[float32]
	f64  gemmKernels[float64]
}

// goGemm is the pure-Go twin of the assembly kernels: the reference the tests compare
// them with, and what runs under -tags purego.
var goGemm = gemmVariant{name: "go",
	f32: gemmKernels[float32]{mr: 4, nr: 8, kc: 256, mc: 128, nc: 2048,
		packed: gemmTwin[float32](4, 8, false), strided: gemmTwin[float32](4, 8, true)},
	f64: gemmKernels[float64]{mr: 4, nr: 8, kc: 256, mc: 128, nc: 2048,
		packed: gemmTwin[float64](4, 8, false), strided: gemmTwin[float64](4, 8, true)},
}

// gemmVariants are the variants this CPU runs, fastest first; an amd64 init puts the
// assembly ones in front of the Go twin.
var gemmVariants = []*gemmVariant{&goGemm}

// gemmUse is the variant Gemm and MatMul run: the fastest, unless a test switches it.
var gemmUse = &goGemm

// GemmKernel names the GEMM micro-kernels in use and their tiles, e.g. "avx512 f32 12x32
// f64 12x16".
func GemmKernel() string {
	v := gemmUse
	return fmt.Sprintf("%s f32 %dx%d f64 %dx%d", v.name, v.f32.mr, v.f32.nr, v.f64.mr, v.f64.nr)
}

// kernelsOf returns v's kernels for T.
func kernelsOf[T float](v *gemmVariant) *gemmKernels[T] {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(&v.f32).(*gemmKernels[T])
	}
	return any(&v.f64).(*gemmKernels[T])
}

// gemmTwin returns the Go micro-kernel of an mr×nr tile (mr*nr ≤ 1024):
//
//	for p := 0; p < k; p++ {
//		for r := 0; r < mr; r++ {
//			for j := 0; j < nr; j++ {
//				t[r][j] += A(r, p) * b[p*ldb+j]
//			}
//		}
//	}
//	c[r*ldc+j] = alpha*t[r][j] (+ c[r*ldc+j] when acc)
//
// with A(r, p) = a[p*mr+r] packed, a[r*lda+p] strided.
func gemmTwin[T float](mr, nr int, strided bool) microKernel[T] {
	return func(k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha T, acc bool) {
		var buf [1024]T
		t := buf[:mr*nr]
		if k > 0 {
			as := unsafe.Slice(a, k*mr)
			rs, ps := 1, mr
			if strided {
				as = unsafe.Slice(a, (mr-1)*lda+k)
				rs, ps = lda, 1
			}
			bs := unsafe.Slice(b, (k-1)*ldb+nr)
			for p := 0; p < k; p++ {
				brow := bs[p*ldb : p*ldb+nr]
				for r := 0; r < mr; r++ {
					x := as[r*rs+p*ps]
					row := t[r*nr : r*nr+nr]
					for j, v := range brow {
						row[j] += x * v
					}
				}
			}
		}
		cs := unsafe.Slice(c, (mr-1)*ldc+nr)
		for r := 0; r < mr; r++ {
			row := cs[r*ldc : r*ldc+nr]
			for j, v := range t[r*nr : r*nr+nr] {
				if acc {
					row[j] += alpha * v
				} else {
					row[j] = alpha * v
				}
			}
		}
	}
}
