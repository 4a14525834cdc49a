package tensor_test

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/layouttest"
	"github.com/gotensor/gotensor/tensor"
)

// TestLayout is the layout-invariance property test on the CPU (SIMD and, with -tags
// purego, pure Go): every op of layouttest's table on views of every kind against the
// same op on their copies. -short leaves out the large shapes.
func TestLayout(t *testing.T) {
	cfg := layouttest.Config{Dev: device.CPU(), Large: !testing.Short(), Seed: 1}
	t.Run("elementwise", func(t *testing.T) { layouttest.Run(t, layouttest.ElementwiseOps(), cfg) })
	t.Run("reductions", func(t *testing.T) { layouttest.Run(t, layouttest.ReductionOps(), cfg) })
	t.Run("other", func(t *testing.T) { layouttest.Run(t, layouttest.OtherOps(), cfg) })
}

// TestLayoutReversedReductions pins the reductions over reversed and negatively stepped
// axes that crashed with "slice bounds out of range" (cpu/reduce.go sliced the row before
// checking that it was contiguous).
func TestLayoutReversedReductions(t *testing.T) {
	want := map[string]float64{"Sum": 15, "Max": 5, "Min": 1, "Mean": 3, "Prod": 120, "All": 1, "Any": 1, "ArgMax": 0, "ArgMin": 4, "Std": 1.4142135623730951}
	fns := map[string]func(*tensor.Tensor) *tensor.Tensor{
		"Sum": func(x *tensor.Tensor) *tensor.Tensor { return x.Sum() }, "Max": func(x *tensor.Tensor) *tensor.Tensor { return x.Max() },
		"Min": func(x *tensor.Tensor) *tensor.Tensor { return x.Min() }, "Mean": func(x *tensor.Tensor) *tensor.Tensor { return x.Mean() },
		"Prod": func(x *tensor.Tensor) *tensor.Tensor { return tensor.Prod(x) }, "All": func(x *tensor.Tensor) *tensor.Tensor { return tensor.All(x) },
		"Any": func(x *tensor.Tensor) *tensor.Tensor { return tensor.Any(x) }, "ArgMax": func(x *tensor.Tensor) *tensor.Tensor { return x.ArgMax() },
		"ArgMin": func(x *tensor.Tensor) *tensor.Tensor { return tensor.ArgMin(x) }, "Std": func(x *tensor.Tensor) *tensor.Tensor { return x.Std() },
	}
	for _, dt := range layouttest.AllDTypes {
		x := tensor.FromSlice([]float64{1, 2, 3, 4, 5}).AsType(dt).Flip()
		for name, f := range fns {
			var got *tensor.Tensor
			if err := tensor.Try(func() { got = f(x) }); err != nil {
				if dt == tensor.Bool {
					continue // refused for bool, as NumPy does for some
				}
				t.Errorf("%v Flip().%s: %v", dt, name, err)
				continue
			}
			w := want[name]
			if dt == tensor.Bool {
				continue // values differ for bool; it must only not crash
			}
			if g := got.Item(); g != w && !(name == "Std" && dt == tensor.Float32 && g-w < 1e-6 && w-g < 1e-6) {
				t.Errorf("%v Flip().%s = %v, want %v", dt, name, g, w)
			}
		}
	}
	b := tensor.Ones(tensor.Bool, 101).Slice(tensor.S(tensor.None, tensor.None, -2))
	if got := b.Sum().Int(); got != 51 {
		t.Errorf("Ones(Bool, 101)[::-2].Sum() = %d, want 51", got)
	}
	if !tensor.All(b).Bool() || !tensor.Any(b).Bool() {
		t.Errorf("Ones(Bool, 101)[::-2]: All %v, Any %v", tensor.All(b), tensor.Any(b))
	}
	m := tensor.FromSlice([]int32{1, 2, 3, 4, 5, 6}, 2, 3).Flip(1)
	if got := tensor.ToSlice[int64](m.Sum(1)); got[0] != 6 || got[1] != 15 {
		t.Errorf("[[1 2 3] [4 5 6]][:, ::-1].Sum(1) = %v, want [6 15]", got)
	}
}

// TestLayoutEmptyViews: views of size 0 whose offset lies past the end of their (empty)
// storage, as Flip gives, must read as empty: Data on the CPU, CPU() from a device.
// (Found by TestLayout; tensor/dispatch.go slices the storage at [offset:offset+0].)
func TestLayoutEmptyViews(t *testing.T) {
	for _, v := range []*tensor.Tensor{
		tensor.Zeros(tensor.Float64, 2, 0, 3).Flip(),
		tensor.Zeros(tensor.Int32, 0, 4).T().Flip(),
	} {
		if err := tryAll(func() {
			if n := reflect.ValueOf(v.Data()).Len(); n != 0 {
				t.Errorf("Data of %v: %d elements", v.Shape(), n)
			}
		}); err != nil {
			t.Errorf("Zeros(...).Flip().Data() with shape %v, offset %d: %v", v.Shape(), v.Offset(), err)
		}
	}
}

// tryAll turns any panic into an error.
func tryAll(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	f()
	return nil
}

// TestLayoutFixedKernels pins the CPU kernel bugs TestLayout found: the fused softmax
// sliced reversed or broadcast rows as if contiguous (a panic), FMA sent a -1 stride
// down the SIMD path (wrong values), and Maximum/Minimum with a Go scalar first broke a
// tie of signed zeros on the SIMD path the other way from the strided path.
func TestLayoutFixedKernels(t *testing.T) {
	x := tensor.Linspace(tensor.Float64, -2, 3, 15, true).Reshape(3, 5)
	for _, v := range []*tensor.Tensor{x.Flip(), x.T(), x.Slice(tensor.S(), tensor.S(0, 1)).BroadcastTo(3, 5)} {
		for _, axis := range []int{0, -1} {
			if err := tryAll(func() {
				if !tensor.ArrayEqual(tensor.Softmax(v, axis), tensor.Softmax(v.Copy(), axis)) ||
					!tensor.ArrayEqual(tensor.LogSoftmax(v, axis), tensor.LogSoftmax(v.Copy(), axis)) {
					t.Errorf("Softmax(%v view, %d) differs from Softmax of its copy", v.ElemStrides(), axis)
				}
			}); err != nil {
				t.Errorf("Softmax(%v view, %d): %v", v.ElemStrides(), axis, err)
			}
		}
	}
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		a := tensor.Linspace(dt, -1, 2, 33, true)
		b, c := tensor.Cos(a), tensor.Sin(a)
		for _, want := range [][3]*tensor.Tensor{{a, b.Flip(), c}, {a, b, c.Flip()}, {a, b.Flip(), c.Flip()}} {
			got := tensor.FMA(want[0], want[1], want[2])
			if exp := tensor.FMA(want[0].Copy(), want[1].Copy(), want[2].Copy()); !tensor.ArrayEqual(got, exp) {
				t.Errorf("%v FMA with reversed operands:\n%v\nwant\n%v", dt, got, exp)
			}
		}
		z := tensor.Zeros(dt, 33)
		for _, f := range []func(a, b any) *tensor.Tensor{tensor.Maximum, tensor.Minimum} {
			negZero := math.Copysign(0, -1)
			got, strided := f(negZero, z), f(negZero, z.Flip())
			for i, v := range tensor.ToSlice[float64](got) {
				if !math.Signbit(v) || !math.Signbit(tensor.ToSlice[float64](strided)[i]) {
					t.Fatalf("%v Maximum/Minimum(-0.0, +0) element %d: %v (contiguous) and %v (reversed), want -0 (the first operand)",
						dt, i, v, tensor.ToSlice[float64](strided)[i])
				}
			}
		}
	}
}
