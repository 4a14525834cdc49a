package cpu

import (
	"math"
	"math/rand/v2"
	"testing"
)

// maxTableOf builds the index table of windows given by g (every window inside the
// plane), as package tensor does, for the table loop to check the geometry loops.
func maxTableOf(g PoolGeom, h int) PoolTable {
	t := PoolTable{HW: h * g.W, L: g.OH * g.OW, K: g.KH * g.KW}
	t.Idx = make([]int32, t.L*t.K)
	for oy := 0; oy < g.OH; oy++ {
		for ox := 0; ox < g.OW; ox++ {
			win := t.Idx[(oy*g.OW+ox)*t.K:]
			for ky := 0; ky < g.KH; ky++ {
				for kx := 0; kx < g.KW; kx++ {
					win[ky*g.KW+kx] = int32((oy*g.SH+ky*g.DH)*g.W + ox*g.SW + kx*g.DW)
				}
			}
		}
	}
	return t
}

// TestMaxPoolGeom checks the geometry loops of MaxPoolPlanes (the branch-free 2x2 one
// and the general one) against the table loop, bit for bit with their indices, on data
// full of ties (zeros, as after ReLU), NaNs, infinities and signed zeros.
func TestMaxPoolGeom(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1)}
	cases := []struct {
		h int
		g PoolGeom
	}{
		{28, PoolGeom{W: 28, OH: 14, OW: 14, KH: 2, KW: 2, SH: 2, SW: 2, DH: 1, DW: 1}},
		{7, PoolGeom{W: 9, OH: 6, OW: 8, KH: 2, KW: 2, SH: 1, SW: 1, DH: 1, DW: 1}},
		{9, PoolGeom{W: 8, OH: 3, OW: 4, KH: 3, KW: 2, SH: 2, SW: 1, DH: 1, DW: 2}},
		{5, PoolGeom{W: 5, OH: 1, OW: 1, KH: 5, KW: 5, SH: 1, SW: 1, DH: 1, DW: 1}},
	}
	for _, c := range cases {
		const planes = 6
		tbl := maxTableOf(c.g, c.h)
		x := make([]float64, planes*tbl.HW)
		for i := range x {
			switch k := r.IntN(10); {
			case k < 3:
				x[i] = 0
			case k == 3:
				x[i] = special[r.IntN(len(special))]
			default:
				x[i] = float64(r.IntN(7) - 2)
			}
		}
		x32 := make([]float32, len(x))
		for i, v := range x {
			x32[i] = float32(v)
		}
		check := func(name string, want, got []float64, wa, ga []int64) {
			for j := range want {
				if math.Float64bits(want[j]) != math.Float64bits(got[j]) || wa[j] != ga[j] {
					t.Fatalf("%+v %s: output %d is %v at %d, want %v at %d", c.g, name, j, got[j], ga[j], want[j], wa[j])
				}
			}
		}
		n := planes * tbl.L
		want, wa := make([]float64, n), make([]int64, n)
		MaxPoolPlanes(tbl, x, planes, want, wa)
		geo := tbl
		geo.Geom = &c.g
		got, ga := make([]float64, n), make([]int64, n)
		MaxPoolPlanes(geo, x, planes, got, ga)
		check("float64", want, got, wa, ga)
		w32, g32 := make([]float32, n), make([]float32, n)
		MaxPoolPlanes(tbl, x32, planes, w32, wa)
		MaxPoolPlanes(geo, x32, planes, g32, ga)
		a, b := make([]float64, n), make([]float64, n)
		for j := range a {
			a[j], b[j] = float64(w32[j]), float64(g32[j])
		}
		check("float32", a, b, wa, ga)
	}
}

// BenchmarkMaxPoolCNN times the CNN example's first max-pooling: 2x2 windows over 64 x 32
// planes of 28 x 28 after ReLU (half zeros), float32.
func BenchmarkMaxPoolCNN(b *testing.B) {
	g := PoolGeom{W: 28, OH: 14, OW: 14, KH: 2, KW: 2, SH: 2, SW: 2, DH: 1, DW: 1}
	t := maxTableOf(g, 28)
	const planes = 64 * 32
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, planes*t.HW)
	for i := range x {
		x[i] = max(0, float32(r.NormFloat64()))
	}
	out, arg := make([]float32, planes*t.L), make([]int64, planes*t.L)
	b.Run("table", func(b *testing.B) {
		for b.Loop() {
			MaxPoolPlanes(t, x, planes, out, arg)
		}
	})
	t.Geom = &g
	b.Run("geom", func(b *testing.B) {
		for b.Loop() {
			MaxPoolPlanes(t, x, planes, out, arg)
		}
	})
}
