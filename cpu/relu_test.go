package cpu

import (
	"math"
	"testing"
)

// TestReLURows checks the branch-free ReLU and ReLU-gradient rows against the branchy
// definitions on every special value (NaN, ±Inf, ±0) and odd lengths, bit for bit.
func TestReLURows(t *testing.T) {
	vals := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1.5, -2.25, 1e-310, -1e-310, 3e38, -3e38}
	for _, n := range []int{0, 1, 7, 33, 1 << 16} {
		x, g := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i] = vals[i%len(vals)]
			g[i] = vals[(i*7+3)%len(vals)]
		}
		d := make([]float64, n)
		reluRow(d, x)
		dg := make([]float64, n)
		ReLUGrad(dg, g, x)
		x32, g32 := make([]float32, n), make([]float32, n)
		for i := range x {
			x32[i], g32[i] = float32(x[i]), float32(g[i])
		}
		d32, dg32 := make([]float32, n), make([]float32, n)
		reluRow(d32, x32)
		ReLUGrad(dg32, g32, x32)
		for i := range x {
			want, wantG := x[i], 0.0
			if x[i] < 0 {
				want = 0
			}
			if x[i] > 0 {
				wantG = g[i]
			}
			if math.Float64bits(d[i]) != math.Float64bits(want) || math.Float64bits(dg[i]) != math.Float64bits(wantG) {
				t.Fatalf("n=%d x=%v g=%v: relu %v grad %v, want %v %v", n, x[i], g[i], d[i], dg[i], want, wantG)
			}
			w32, wg32 := x32[i], float32(0)
			if x32[i] < 0 {
				w32 = 0
			}
			if x32[i] > 0 {
				wg32 = g32[i]
			}
			if math.Float32bits(d32[i]) != math.Float32bits(w32) || math.Float32bits(dg32[i]) != math.Float32bits(wg32) {
				t.Fatalf("float32 n=%d x=%v g=%v: relu %v grad %v, want %v %v", n, x32[i], g32[i], d32[i], dg32[i], w32, wg32)
			}
		}
	}
}
