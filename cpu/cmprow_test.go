package cpu

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// TestCmpRowWhereRow compares the tight row loops with the generic per-element ones for
// every comparison, every stride pattern they take (vector-vector, vector-scalar,
// scalar-vector), NaN, ±0 and ±Inf included, and checks that they decline the rest.
func TestCmpRowWhereRow(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	specials := []float64{math.NaN(), 0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), 1, -1}
	vals := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			if r.IntN(3) == 0 {
				v[i] = specials[r.IntN(len(specials))]
			} else {
				v[i] = float64(r.IntN(5) - 2)
			}
		}
		return v
	}
	ops := []device.BinaryOp{device.Greater, device.GreaterEqual, device.Less, device.LessEqual, device.Equal, device.NotEqual}
	for _, n := range []int{1, 7, 64, 1000} {
		a, b := vals(n), vals(n)
		for _, op := range ops {
			f := cmpFn[float64](op)
			for _, st := range [][2]int{{1, 1}, {1, 0}, {0, 1}} {
				got := make([]uint8, n)
				if !cmpRow(op, got, a, st[0], b, st[1], n) {
					t.Fatalf("cmpRow declined %v strides %v", op, st)
				}
				for i := range got {
					want := b2u(f(a[i*st[0]], b[i*st[1]]))
					if got[i] != want {
						t.Fatalf("%v strides %v n %d at %d: %v vs %v gives %d, want %d", op, st, n, i, a[i*st[0]], b[i*st[1]], got[i], want)
					}
				}
			}
		}
		c := make([]uint8, n)
		for i := range c {
			c[i] = []uint8{0, 1, 0, 1, 7, 255}[r.IntN(6)]
		}
		for _, st := range [][2]int{{1, 1}, {1, 0}, {0, 1}, {0, 0}} {
			got := make([]float64, n)
			if !whereRow(got, c, a, st[0], b, st[1], n) {
				t.Fatalf("whereRow declined strides %v", st)
			}
			for i := range got {
				want := b[i*st[1]]
				if c[i] != 0 {
					want = a[i*st[0]]
				}
				if math.Float64bits(got[i]) != math.Float64bits(want) {
					t.Fatalf("where strides %v at %d: got %v want %v", st, i, got[i], want)
				}
			}
		}
	}
	// 4-byte and 1-byte elements take the other selections.
	c32 := []uint8{1, 0, 2, 0}
	f32 := make([]float32, 4)
	whereRow(f32, c32, []float32{1, 2, 3, 4}, 1, []float32{float32(math.Copysign(0, -1))}, 0, 4)
	if f32[0] != 1 || math.Float32bits(f32[1]) != 0x80000000 || f32[2] != 3 || f32[3] != 0 {
		t.Errorf("float32 where: %v", f32)
	}
	u8 := make([]uint8, 4)
	whereRow(u8, c32, []uint8{5}, 0, []uint8{1, 2, 3, 4}, 1, 4)
	if u8[0] != 5 || u8[1] != 2 || u8[2] != 5 || u8[3] != 4 {
		t.Errorf("uint8 where: %v", u8)
	}
	d := make([]uint8, 4)
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	for _, st := range [][2]int{{2, 1}, {0, 0}, {-1, 1}} {
		if cmpRow(device.Greater, d, x, st[0], x, st[1], 4) {
			t.Errorf("cmpRow took strides %v", st)
		}
	}
	if cmpRow(device.LogicalAnd, d, x, 1, x, 1, 4) {
		t.Error("cmpRow took LogicalAnd")
	}
	if whereRow(make([]float64, 4), d, x, 2, x, 1, 4) {
		t.Error("whereRow took stride 2")
	}
}
