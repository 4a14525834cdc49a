package cpu

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// The fused backward kernels against their formulas in float64, on odd sizes, with an
// infinite and a NaN row.
func TestFusedGradKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, c := range []int{1, 7, 33} {
		rows := 5
		x := make([]float64, rows*c)
		g := make([]float64, rows*c)
		for i := range x {
			x[i], g[i] = 4*r.NormFloat64(), r.NormFloat64()
		}
		x[c] = math.Inf(1)
		x[2*c] = math.NaN()
		lab := []int64{0, int64(c - 1), 0, int64(c / 2), 0}
		op := func(s any, shape ...int) device.Operand {
			b, _ := Wrap(s)
			return device.Operand{Buf: b, DType: b.DType(), Shape: shape, Strides: []int{shape[1], 1}}
		}
		lop := func() device.Operand {
			b, _ := Wrap(lab)
			return device.Operand{Buf: b, DType: device.Int64, Shape: []int{rows}, Strides: []int{1}}
		}()
		got := make([]float64, rows*c)
		if err := (Device{}).CrossEntropyGrad(op(got, rows, c), op(x, rows, c), lop, 0.5); err != nil {
			t.Fatal(err)
		}
		for i := range rows {
			row := x[i*c : (i+1)*c]
			m := math.Inf(-1)
			for _, v := range row {
				m = math.Max(m, v)
			}
			if math.IsInf(m, 0) {
				m = 0
			}
			s := 0.0
			for _, v := range row {
				s += math.Exp(v - m)
			}
			for j, v := range row {
				want := math.Exp(v-m) / s
				if int64(j) == lab[i] {
					want--
				}
				want *= 0.5
				if g := got[i*c+j]; !(g == want || math.Abs(g-want) <= 1e-15*math.Abs(want)+1e-300 || math.IsNaN(g) && math.IsNaN(want)) {
					t.Errorf("C=%d CrossEntropyGrad[%d,%d] = %v, want %v", c, i, j, g, want)
				}
			}
		}
		for _, log := range []bool{false, true} {
			y := make([]float64, rows*c)
			for i := range y {
				y[i] = r.Float64()
				if log {
					y[i] = math.Log(y[i])
				}
			}
			got := make([]float64, rows*c)
			if err := (Device{}).SoftmaxGrad(op(got, rows, c), op(y, rows, c), op(g, rows, c), log); err != nil {
				t.Fatal(err)
			}
			for i := range rows {
				ys, gs := y[i*c:(i+1)*c], g[i*c:(i+1)*c]
				sum := 0.0
				for j := range ys {
					if log {
						sum += gs[j]
					} else {
						sum += gs[j] * ys[j]
					}
				}
				for j := range ys {
					want := ys[j] * (gs[j] - sum)
					if log {
						want = gs[j] - math.Exp(ys[j])*sum
					}
					if d := math.Abs(got[i*c+j] - want); d > 1e-14*(1+math.Abs(want)) {
						t.Errorf("C=%d log=%v SoftmaxGrad[%d,%d] = %v, want %v", c, log, i, j, got[i*c+j], want)
					}
				}
			}
		}
	}
}
