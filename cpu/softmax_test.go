package cpu

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// shiftedExpSum returns a row's shift m (its max, or 0 where that is infinite; NaN for a
// row holding NaN) and the sum of exp(x - m), in float64.
func shiftedExpSum(x []float64) (m, s float64) {
	m = math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	if math.IsInf(m, 0) {
		m = 0
	}
	for _, v := range x {
		s += math.Exp(v - m)
	}
	return m, s
}

// softmaxRef is the float64 definition, shifted by the row max.
func softmaxRef(x []float64, log bool) []float64 {
	m, s := shiftedExpSum(x)
	y := make([]float64, len(x))
	for i, v := range x {
		if log {
			y[i] = v - m - math.Log(s)
		} else {
			y[i] = math.Exp(v-m) / s
		}
	}
	return y
}

func TestSoftmaxFused(t *testing.T) {
	testSoftmax[float32](t, device.Float32, 1e-5, 1e-6)
	testSoftmax[float64](t, device.Float64, 1e-13, 1e-15)
}

// testSoftmax runs the fused softmax over rows and columns against the float64
// definition, within rtol·|want| + atol.
func testSoftmax[T float](t *testing.T, dt device.DType, rtol, atol float64) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, shape := range [][2]int{{1, 1}, {3, 7}, {5, 33}, {2, 1000}, {64, 5}, {7, 300}} {
		rows, cols := shape[0], shape[1]
		for _, axis := range []int{0, 1} {
			for _, log := range []bool{false, true} {
				v := make([]T, rows*cols)
				for i := range v {
					v[i] = T(r.NormFloat64() * 30)
				}
				v[0] = T(math.Inf(-1))
				sb, _ := Wrap(v)
				out := make([]T, rows*cols)
				db, _ := Wrap(out)
				op := func(b device.Buffer, dt device.DType) device.Operand {
					return device.Operand{Buf: b, DType: dt, Shape: []int{rows, cols}, Strides: []int{cols, 1}}
				}
				if err := (Device{}).Softmax(op(db, dt), op(sb, dt), axis, log); err != nil {
					t.Fatal(err)
				}
				n, lines := cols, rows
				if axis == 0 {
					n, lines = rows, cols
				}
				for l := 0; l < lines; l++ {
					x := make([]float64, n)
					idx := make([]int, n)
					for j := range x {
						if axis == 1 {
							idx[j] = l*cols + j
						} else {
							idx[j] = j*cols + l
						}
						x[j] = float64(v[idx[j]])
					}
					want := softmaxRef(x, log)
					for j, w := range want {
						got := float64(out[idx[j]])
						if !(math.Abs(got-w) <= rtol*math.Abs(w)+atol) && !(math.IsInf(w, -1) && math.IsInf(got, -1)) && !(w != w && got != got) {
							t.Fatalf("%v axis %d log %v: line %d elem %d = %v, want %v", shape, axis, log, l, j, got, w)
						}
					}
				}
			}
		}
	}
}
