package cpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// TestBinTiled checks the tiled short-row path against the element-wise loop nest it
// replaces, bit for bit: every op with a SIMD row kernel, float32 and float64, rows of 1
// to 128 elements, the row broadcast as either operand, operands at offsets, and as many
// rows as take the parallel path.
func TestBinTiled(t *testing.T) {
	testBinTiled[float32](t)
	testBinTiled[float64](t)
}

func testBinTiled[T float](t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for op := device.BinaryOp(0); op < device.NumBinary; op++ {
		if _, ok := binKernels[T](op); !ok {
			continue
		}
		row := simdRowFor[T](op)
		f := floatBin[T](op)
		for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 100, 127, 128} {
			rowCounts := []int{1, 7, 300, 2*parMin/n + 3} // the last takes the parallel path
			if raceEnabled && n != 3 && n != 100 {
				rowCounts = rowCounts[:3] // the parallel path for two widths only: -race is slow
			}
			for _, rows := range rowCounts {
				for _, rowFirst := range []bool{false, true} {
					name := fmt.Sprintf("%T/op%d/%dx%d/rowfirst=%v", T(0), op, rows, n, rowFirst)
					full := make([]T, 3+rows*n)
					r := make([]T, 5+n)
					for i := range full {
						full[i] = T(rng.NormFloat64())
					}
					for i := range r {
						r[i] = T(rng.NormFloat64()) + 2 // away from 0 for Div, Mod, Pow
					}
					full[3] = T(math.NaN())
					p := plan{shape: []int{rows, n}, offsets: []int{1, 3, 5}}
					p.strides[0] = []int{n, 1}
					av, bv := full, r
					p.strides[1], p.strides[2] = []int{n, 1}, []int{0, 1}
					if rowFirst {
						av, bv = r, full
						p.offsets[1], p.offsets[2] = 5, 3
						p.strides[1], p.strides[2] = []int{0, 1}, []int{n, 1}
					}
					got, want := make([]T, 1+rows*n), make([]T, 1+rows*n)
					if !binTiled(got, av, bv, p, f, row) {
						t.Fatalf("%s: not tiled", name)
					}
					binShortRows(want, av, bv, p, 0, rows, f)
					for i := range want {
						if math.Float64bits(float64(got[i])) != math.Float64bits(float64(want[i])) &&
							!(got[i] != got[i] && want[i] != want[i]) {
							t.Fatalf("%s: element %d = %v, want %v", name, i, got[i], want[i])
						}
					}
				}
			}
		}
	}
	// Other layouts are left to the loop nest.
	p := plan{shape: []int{4, 3}, offsets: []int{0, 0, 0}}
	p.strides[0], p.strides[1], p.strides[2] = []int{3, 1}, []int{1, 4}, []int{0, 1} // a transposed
	if binTiled(make([]T, 12), make([]T, 12), make([]T, 3), p, floatBin[T](device.Add), simdRowFor[T](device.Add)) {
		t.Error("a transposed operand was tiled")
	}
}
