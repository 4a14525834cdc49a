package cpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// testGemmThreads runs each way of splitting one product over threads (shared B panels,
// independent parts: splitGrid's cut and fixed grids of bands of rows and columns, one
// thread) on every layout of A and B, whatever the size thresholds would pick, and
// compares with the reference loop.
func testGemmThreads[T float](t *testing.T, tol float64) {
	forEachGemm(t, func(t *testing.T, v *gemmVariant) {
		kern := kernelsOf[T](v)
		mr, nr, kc := kern.mr, kern.nr, kern.kc
		r := rand.New(rand.NewPCG(9, 10))
		shapes := [][3]int{{64, 10, 512}, {10, 64, 512}, {64, 512, 10}, {2*mr + 1, 3*nr + 5, 2*kc + 3},
			{7*mr - 1, nr - 3, 40}, {mr - 1, 9*nr + 1, 17}, {1, 5 * nr, 33}, {5 * mr, 1, 33}, {200, 130, 70}}
		for _, s := range shapes {
			m, n, k := s[0], s[1], s[2]
			for _, lay := range []string{"nn", "nt", "tn", "tt"} {
				g := gemm{m: m, n: n, k: k, dr: n + 3, dc: 1, ar: k, ac: 1, br: n, bc: 1}
				if lay[0] == 't' {
					g.ar, g.ac = 1, m
				}
				if lay[1] == 't' {
					g.br, g.bc = 1, k
				}
				a, b := make([]T, m*k+2), make([]T, k*n+1)
				for _, x := range [][]T{a, b} {
					for i := range x {
						x[i] = T(r.NormFloat64())
					}
				}
				want := make([]T, m*g.dr)
				gemmRun(g, want, a[2:], b[1:], newPlan(nil, device.Operand{}, device.Operand{}, device.Operand{}))
				for _, mode := range []string{"run1", "run2", "run3", "split2", "split3", "split5", "grid21", "grid12", "grid22", "grid32"} {
					name := fmt.Sprintf("%dx%dx%d/%s/%s", m, k, n, lay, mode)
					got := make([]T, m*g.dr+4)
					for i := range got {
						got[i] = T(math.NaN())
					}
					c := gemmCall[T]{gemm: g, kern: kern, alpha: 1, d: got, a: a, b: b, do: 2, ao: 2, bo: 1}
					threads := int(mode[len(mode)-1] - '0')
					switch mode[:3] {
					case "run":
						c.run(threads)
					case "spl":
						c.runSplit(threads)
					default:
						tm := int(mode[len(mode)-2] - '0')
						c.runGrid(min(tm, ceilDiv(m, mr)), min(threads, ceilDiv(n, nr)))
					}
					for i := 0; i < m; i++ {
						for j := 0; j < g.dr; j++ {
							x, w := got[2+i*g.dr+j], want[i*g.dr+j]
							if j >= n {
								if x == x {
									t.Fatalf("%s: padding C[%d][%d] written", name, i, j)
								}
								continue
							}
							if d := math.Abs(float64(x - w)); !(d <= tol*math.Sqrt(float64(k+1))*(1+math.Abs(float64(w)))) {
								t.Fatalf("%s: C[%d][%d] = %v, want %v", name, i, j, x, w)
							}
						}
					}
					if got[0] == got[0] || got[1] == got[1] || got[len(got)-1] == got[len(got)-1] {
						t.Fatalf("%s: guard band written", name)
					}
				}
			}
		}
	})
}

func TestGemmThreadsF32(t *testing.T) { testGemmThreads[float32](t, 4e-6) }
func TestGemmThreadsF64(t *testing.T) { testGemmThreads[float64](t, 1e-14) }

// TestSplitGrid checks splitGrid's cut of a training step's products over 2 threads with
// the AVX2 float32 kernels' tiles (6×16), whatever this CPU runs: a short C in bands of
// columns, a narrow one in bands of rows, a square one the way that packs less.
func TestSplitGrid(t *testing.T) {
	kern := &gemmKernels[float32]{mr: 6, nr: 16, kc: 256, mc: 96, nc: 2048}
	for _, c := range []struct {
		lay             string
		m, k, n, tm, tn int
	}{
		{"nt", 64, 784, 512, 1, 2}, {"nn", 64, 512, 512, 1, 2}, {"nt", 64, 512, 10, 2, 1},
		{"tn", 784, 256, 256, 2, 1}, {"tn", 256, 256, 784, 1, 2}, {"nt", 256, 784, 256, 1, 2},
		{"nn", 256, 256, 256, 2, 1}, {"tn", 512, 64, 512, 2, 1},
	} {
		g := gemm{m: c.m, n: c.n, k: c.k, dr: c.n, dc: 1, ar: c.k, ac: 1, br: c.n, bc: 1}
		switch c.lay {
		case "nt":
			g.br, g.bc = 1, c.k
		case "tn":
			g.ar, g.ac = 1, c.m
		}
		call := gemmCall[float32]{gemm: g, kern: kern}
		if tm, tn := call.splitGrid(2); tm != c.tm || tn != c.tn {
			t.Errorf("%s %dx%dx%d: %dx%d bands, want %dx%d", c.lay, c.m, c.k, c.n, tm, tn, c.tm, c.tn)
		}
	}
}
