package tensor_test

import (
	"math"
	"slices"
	"testing"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/layouttest"
	"github.com/gotensor/gotensor/tensor"
)

// TestClipLayout runs Clip's composed paths (tensor bounds, and int64 with number
// bounds) on views of every kind (transposed, negative-step, stepped, broadcast, size-0,
// 0-d) against the same call on contiguous copies, and ClipInto into every writable
// layout.
func TestClipLayout(t *testing.T) {
	three := [][][]int{{{3, 5}, {3, 5}, {3, 5}}, {{3, 1}, {5}, {}}, {{7}, {1}, {7}}, {{2, 0, 3}, {3}, {1}},
		{{4, 1, 6}, {5, 1}, {6}}, {{}, {}, {}}}
	two := [][][]int{{{}, {}}, {{}, {7}}, {{0}, {0}}, {{3, 5}, {5}}, {{3, 1}, {1, 5}}, {{2, 0, 3}, {3}}, {{4, 1, 6}, {5, 1}}}
	one := [][][]int{{{}}, {{0}}, {{7}}, {{3, 5}}, {{4, 1, 6}}, {{2, 0, 3}}}
	ops := []layouttest.Op{
		{Family: "clip", Name: "Clip tensor bounds", Shapes: three, Tol: layouttest.Exact,
			Fn:   layouttest.One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Clip(in[0], in[1], in[2]) }),
			Into: func(out *tensor.Tensor, in []*tensor.Tensor) { tensor.ClipInto(out, in[0], in[1], in[2]) }},
		{Family: "clip", Name: "Clip tensor lo", Shapes: two, Tol: layouttest.Exact,
			Fn:   layouttest.One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Clip(in[1], nil) }),
			Into: func(out *tensor.Tensor, in []*tensor.Tensor) { out.ClipInto(in[0], in[1], nil) }},
		{Family: "clip", Name: "Clip tensor hi, number lo", Shapes: two, Tol: layouttest.Exact,
			DTypes: []tensor.DType{tensor.Int32, tensor.Int64, tensor.Float32, tensor.Float64},
			Fn:     layouttest.One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Clip(in[0], int8(-1), in[1]) }),
			Into:   func(out *tensor.Tensor, in []*tensor.Tensor) { tensor.ClipInto(out, in[0], int8(-1), in[1]) }},
		{Family: "clip", Name: "Clip int64 numbers", Shapes: one, Tol: layouttest.Exact, DTypes: []tensor.DType{tensor.Int64},
			Fn:   layouttest.One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Clip(in[0], int16(-2), uint8(3)) }),
			Into: func(out *tensor.Tensor, in []*tensor.Tensor) { tensor.ClipInto(out, in[0], int16(-2), uint8(3)) }},
		{Family: "clip", Name: "Clip int64 float bound (float64)", Shapes: one, Tol: layouttest.Exact, DTypes: []tensor.DType{tensor.Int64},
			Fn:   layouttest.One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Clip(in[0], -1e300, nil) }),
			Into: func(out *tensor.Tensor, in []*tensor.Tensor) { tensor.ClipInto(out, in[0], -1e300, nil) }},
	}
	layouttest.Run(t, ops, layouttest.Config{Dev: device.CPU(), Seed: 13})
}

// TestClipGradientNoBound pins the gradient of Clip with a missing bound (nil, or a NaN
// number): it passes where x is within the bound that is given, as with both bounds.
func TestClipGradientNoBound(t *testing.T) {
	cases := []struct {
		name   string
		lo, hi any
		want   []float64
	}{
		{"nil lo", nil, 1, []float64{1, 1, 1, 0}},
		{"nil hi", 0, nil, []float64{0, 1, 1, 1}},
		{"NaN lo", math.NaN(), 1, []float64{1, 1, 1, 0}},
		{"both", 0, 1, []float64{0, 1, 1, 0}},
		{"tensor lo", tensor.Scalar(0.0), nil, []float64{0, 1, 1, 1}},
	}
	for _, c := range cases {
		x := tensor.FromSlice([]float64{-2, 0.5, 1, 2}).RequiresGrad()
		autograd.Backward(tensor.Clip(x, c.lo, c.hi).Sum())
		if got := tensor.ToSlice[float64](x.Grad()); !slices.Equal(got, c.want) {
			t.Errorf("%s: gradient %v, want %v", c.name, got, c.want)
		}
	}
}
