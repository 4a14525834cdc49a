package cpu

import (
	"fmt"
	"testing"
)

// testPackLayouts checks every variant's pack against its definition for A's and B's
// panel widths, on the three layouts it distinguishes: each k step's values contiguous
// (a transposed A, a row-major B), each row contiguous (a row-major A, a transposed B)
// and neither (strided), with extents that end in an edge panel of every width 1..w, k of
// 0, 1 and odd depths, and destination panels that must not be written past.
func testPackLayouts[T float](t *testing.T) {
	forEachGemm(t, func(t *testing.T, v *gemmVariant) {
		kern := kernelsOf[T](v)
		for _, w := range []int{kern.mr, kern.nr} {
			var extents []int
			for e := 1; e <= w; e++ {
				extents = append(extents, e, 2*w+e)
			}
			for _, extent := range extents {
				for _, kb := range []int{0, 1, 2, 3, 5, 8, 9, 15, 16, 17, 31, 33} {
					for _, lay := range []string{"kstep", "row", "strided"} {
						name := fmt.Sprintf("w=%d/extent=%d/kb=%d/%s", w, extent, kb, lay)
						var xs, ps int
						switch lay {
						case "kstep":
							xs, ps = 1, extent+3
						case "row":
							xs, ps = kb+5, 1
						default:
							xs, ps = 2, 2*extent+1
						}
						const off = 3
						n := off + (extent-1)*xs + max(kb-1, 0)*ps + 1
						src := make([]T, n+2)
						for i := range src {
							src[i] = T(i + 1)
						}
						panels := ceilDiv(extent, w)
						dst := make([]T, panels*kb*w+2)
						for i := range dst {
							dst[i] = -1
						}
						kern.pack(dst, src[:n], off, xs, ps, extent, kb, w)
						for i, got := range dst[:panels*kb*w] {
							x, p := i/(kb*w)*w+i%w, i%(kb*w)/w
							var want T
							if x < extent {
								want = src[off+x*xs+p*ps]
							}
							if got != want {
								t.Fatalf("%s: dst[%d] (x %d, p %d) = %v, want %v", name, i, x, p, got, want)
							}
						}
						if dst[len(dst)-2] != -1 || dst[len(dst)-1] != -1 {
							t.Fatalf("%s: wrote past the panels", name)
						}
					}
				}
			}
		}
	})
}

func TestPackLayoutsF32(t *testing.T) { testPackLayouts[float32](t) }
func TestPackLayoutsF64(t *testing.T) { testPackLayouts[float64](t) }

// testPackKernels calls each variant's assembly packing kernels directly, at every width
// and row count they accept, and compares them with their definitions (packTf32z,
// packNf32z), checking that nothing outside the panels is written.
func testPackKernels[T float](t *testing.T) {
	forEachGemm(t, func(t *testing.T, v *gemmVariant) {
		kern := kernelsOf[T](v)
		if kern.packN == nil {
			t.Skip("no packing kernels")
		}
		for w := 1; w <= 4*kern.nv; w++ {
			if !kern.packNWidth(w) {
				continue
			}
			for _, panels := range []int{1, 2, 5} {
				for _, k := range []int{0, 1, 2, 3, 7} {
					lds := panels*w + 3
					src := make([]T, max(k, 1)*lds)
					for i := range src {
						src[i] = T(i + 1)
					}
					dst := make([]T, panels*k*w+1)
					dst[len(dst)-1] = -1
					kern.packN(&dst[0], &src[0], lds, k, w, panels)
					for j := 0; j < panels; j++ {
						for p := 0; p < k; p++ {
							for x := 0; x < w; x++ {
								if got, want := dst[j*k*w+p*w+x], src[p*lds+j*w+x]; got != want {
									t.Fatalf("packN w=%d panels=%d k=%d: dst[%d] = %v, want %v", w, panels, k, j*k*w+p*w+x, got, want)
								}
							}
						}
					}
					if dst[len(dst)-1] != -1 {
						t.Fatalf("packN w=%d panels=%d k=%d: wrote past the panels", w, panels, k)
					}
				}
			}
		}
		for _, w := range []int{kern.mr, kern.nr} {
			for rows := kern.tg; rows <= w; rows += kern.tg {
				for _, k := range []int{kern.tv, 2 * kern.tv, 5 * kern.tv} {
					lds := k + 3
					src := make([]T, rows*lds)
					for i := range src {
						src[i] = T(i + 1)
					}
					dst := make([]T, k*w+1)
					for i := range dst {
						dst[i] = -1
					}
					kern.packT(&dst[0], &src[0], lds, rows, k, w)
					for p := 0; p < k; p++ {
						for x := 0; x < w; x++ {
							want := T(-1)
							if x < rows {
								want = src[x*lds+p]
							}
							if got := dst[p*w+x]; got != want {
								t.Fatalf("packT w=%d rows=%d k=%d: dst[%d] = %v, want %v", w, rows, k, p*w+x, got, want)
							}
						}
					}
					if dst[len(dst)-1] != -1 {
						t.Fatalf("packT w=%d rows=%d k=%d: wrote past the panel", w, rows, k)
					}
				}
			}
		}
	})
}

func TestPackKernelsF32(t *testing.T) { testPackKernels[float32](t) }
func TestPackKernelsF64(t *testing.T) { testPackKernels[float64](t) }
