package cpu

import (
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// TestGoRows checks the typed row loops against floatFn, the element functions they
// stand for, on special values and random ones, through Unary with contiguous, strided
// and large operands.
func TestGoRows(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for _, n := range []int{0, 1, 7, 1000, 1 << 16} {
		src := fill[float64](r, 2*n)
		for _, op := range []device.UnaryOp{device.Sqrt, device.Abs, device.Neg, device.Square, device.ReLU} {
			if goRows64[op] == nil || goRows32[op] == nil {
				t.Fatalf("%v: no row loop", op)
			}
			f64, f32 := floatFn[float64](op, device.Params{}), floatFn[float32](op, device.Params{})
			for _, stride := range []int{1, 2} {
				d64, d32 := make([]float64, n), make([]float32, n)
				s32 := make([]float32, len(src))
				for i, v := range src {
					s32[i] = float32(v)
				}
				sb64, _ := Wrap(src)
				sb32, _ := Wrap(s32)
				db64, _ := Wrap(d64)
				db32, _ := Wrap(d32)
				op64 := func(b device.Buffer, dt device.DType, st int) device.Operand {
					return device.Operand{Buf: b, DType: dt, Shape: []int{n}, Strides: []int{st}}
				}
				if err := (Device{}).Unary(op, op64(db64, device.Float64, 1), op64(sb64, device.Float64, stride), device.Params{}); err != nil {
					t.Fatal(err)
				}
				if err := (Device{}).Unary(op, op64(db32, device.Float32, 1), op64(sb32, device.Float32, stride), device.Params{}); err != nil {
					t.Fatal(err)
				}
				for i := 0; i < n; i++ {
					if want := f64(src[i*stride]); !same(d64[i], want) {
						t.Fatalf("%v float64 n=%d stride %d: element %d = %v, want %v", op, n, stride, i, d64[i], want)
					}
					if want := f32(s32[i*stride]); !same(d32[i], want) {
						t.Fatalf("%v float32 n=%d stride %d: element %d = %v, want %v", op, n, stride, i, d32[i], want)
					}
				}
			}
		}
	}
}
