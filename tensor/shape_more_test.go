package tensor_test

import (
	"math"
	"slices"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// TestShapeViewsAndCopies checks which functions return views of their input (as NumPy)
// and which return new tensors.
func TestShapeViewsAndCopies(t *testing.T) {
	x := tensor.Arange(tensor.Float64, 0, 12, 1).Reshape(3, 4)
	views := map[string]*tensor.Tensor{
		"AtLeast1D":  tensor.AtLeast1D(tensor.Scalar(1.0)),
		"AtLeast2D":  x.AtLeast2D(),
		"AtLeast3D":  x.AtLeast3D(),
		"ExpandDims": x.ExpandDims(0, 3),
		"MoveAxis":   tensor.MoveAxis(x, 0, -1),
		"SwapAxes":   tensor.SwapAxes(x, 0, 1),
		"ArraySplit": x.ArraySplit(2, 1)[1],
		"Diagonal":   x.Diagonal(1),
		"Diag 2-D":   x.Diag(-1),
		"Rot90":      x.Rot90(1),
		"Broadcast":  tensor.BroadcastArrays(x, tensor.Ones(tensor.Float64, 2, 1, 1))[0],
	}
	for name, v := range views {
		if name == "AtLeast1D" {
			continue
		}
		if !v.SharesMemory(x) {
			t.Errorf("%s returned a copy, want a view", name)
		}
	}
	copies := map[string]*tensor.Tensor{
		"Roll": x.Roll(1), "Roll 0": x.Roll(0, 1), "Pad": x.Pad([][2]int{{0, 0}}, "edge"), "Triu": x.Triu(0),
		"Tril": x.Tril(0), "Diag 1-D": x.Slice(0).Diag(0), "Meshgrid": tensor.Meshgrid(x.Slice(0))[0],
		"Concatenate(None)": tensor.Concatenate([]*tensor.Tensor{x}, tensor.None),
	}
	for name, c := range copies {
		if c.SharesMemory(x) {
			t.Errorf("%s returned a view, want a copy", name)
		}
	}
	// Diagonal is read-only, as NumPy's, and so is a view of it.
	d := x.Diagonal(0)
	if !d.ReadOnly() || !d.Slice(tensor.S(1)).ReadOnly() {
		t.Errorf("Diagonal is writable")
	}
	if err := tensor.Try(func() { d.Fill(1) }); tensor.KindOf(err) != tensor.Value {
		t.Errorf("writing a Diagonal: %v, want a Value error", err)
	}
	if got := tensor.ToSlice[float64](d); !slices.Equal(got, []float64{0, 5, 10}) {
		t.Errorf("Diagonal = %v", got)
	}
	if got := tensor.ToSlice[float64](x.Diagonal(-1)); !slices.Equal(got, []float64{4, 9}) {
		t.Errorf("Diagonal(-1) = %v", got)
	}
}

// TestPadPeriodic pins the wrap, reflect and symmetric patterns for pads wider than the
// dimension to NumPy 2.1's periodic ones (NumPy 1.24 differs there: numpy#22464, #25926).
func TestPadPeriodic(t *testing.T) {
	cases := []struct {
		mode      string
		n, b, a   int
		wantIndex []float64
	}{
		{"wrap", 3, 4, 1, []float64{2, 0, 1, 2, 0, 1, 2, 0}},
		{"wrap", 2, 1, 4, []float64{1, 0, 1, 0, 1, 0, 1}},
		{"reflect", 3, 1, 8, []float64{1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2}},
		{"symmetric", 2, 1, 8, []float64{0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1}},
		{"reflect", 1, 2, 2, []float64{0, 0, 0, 0, 0}},
		{"edge", 2, 3, 1, []float64{0, 0, 0, 0, 1, 1}},
	}
	for _, c := range cases {
		x := tensor.Arange(tensor.Float64, 0, float64(c.n), 1)
		got := tensor.ToSlice[float64](tensor.Pad(x, [][2]int{{c.b, c.a}}, c.mode))
		if !slices.Equal(got, c.wantIndex) {
			t.Errorf("Pad(arange(%d), (%d, %d), %s) = %v, want %v", c.n, c.b, c.a, c.mode, got, c.wantIndex)
		}
	}
	got := tensor.ToSlice[int32](tensor.Pad(tensor.FromSlice([]int32{1, 2}), [][2]int{{1, 1}}, "constant", 2.9))
	if !slices.Equal(got, []int32{2, 1, 2, 2}) {
		t.Errorf("Pad constant 2.9 into int32 = %v, want truncation to 2", got)
	}
}

func TestShapeMisuse(t *testing.T) {
	x := tensor.Zeros(tensor.Float64, 3, 4)
	v := tensor.Zeros(tensor.Float64, 3)
	cases := []struct {
		name string
		kind tensor.Kind
		f    func()
	}{
		{"ExpandDims repeated", tensor.Value, func() { x.ExpandDims(1, -3) }},
		{"ExpandDims range", tensor.Axis, func() { x.ExpandDims(4) }},
		{"MoveAxis range", tensor.Axis, func() { tensor.MoveAxis(x, 2, 0) }},
		{"SwapAxes range", tensor.Axis, func() { tensor.SwapAxes(x, 0, -3) }},
		{"ArraySplit sections", tensor.Value, func() { x.ArraySplit(0, 0) }},
		{"ArraySplit axis", tensor.Axis, func() { x.ArraySplit(2, 2) }},
		{"BroadcastArrays", tensor.Shape, func() { tensor.BroadcastArrays(x, v) }},
		{"BroadcastArrays nil", tensor.Value, func() { tensor.BroadcastArrays(x, nil) }},
		{"Meshgrid nil", tensor.Value, func() { tensor.Meshgrid(v, nil) }},
		{"Concatenate(None) nil", tensor.Value, func() { tensor.Concatenate([]*tensor.Tensor{x, nil}, tensor.None) }},
		{"Diagonal 1-D", tensor.Value, func() { v.Diagonal(0) }},
		{"Diagonal same axes", tensor.Value, func() { x.Diagonal(0, 1, -1) }},
		{"Diagonal axis", tensor.Axis, func() { x.Diagonal(0, 0, 2) }},
		{"Diagonal one axis", tensor.Value, func() { x.Diagonal(0, 1) }},
		{"Trace 0-d", tensor.Value, func() { tensor.Trace(tensor.Scalar(1.0), 0) }},
		{"Diag 3-D", tensor.Value, func() { tensor.Zeros(tensor.Float64, 2, 2, 2).Diag(0) }},
		{"Triu 0-d", tensor.Value, func() { tensor.Scalar(1.0).Triu(0) }},
		{"Tril 0-d", tensor.Value, func() { tensor.Scalar(1.0).Tril(0) }},
		{"Roll axis", tensor.Axis, func() { x.Roll(1, 2) }},
		{"Rot90 same", tensor.Value, func() { x.Rot90(1, 1, 1) }},
		{"Rot90 range", tensor.Value, func() { x.Rot90(1, 0, 2) }},
		{"Rot90 1-D", tensor.Value, func() { v.Rot90(1) }},
		{"Rot90 three axes", tensor.Value, func() { x.Rot90(1, 0, 1, 1) }},
		{"Pad mode", tensor.Value, func() { x.Pad([][2]int{{1, 1}}, "median") }},
		{"Pad negative", tensor.Value, func() { x.Pad([][2]int{{-1, 1}}, "constant") }},
		{"Pad widths", tensor.Shape, func() { x.Pad([][2]int{{1, 1}, {1, 1}, {1, 1}}, "edge") }},
		{"Pad empty edge", tensor.Value, func() { tensor.Zeros(tensor.Float64, 0, 2).Pad([][2]int{{1, 1}}, "edge") }},
		{"Pad value with edge", tensor.Value, func() { x.Pad([][2]int{{1, 1}}, "edge", 1.0) }},
		{"Pad NaN into int", tensor.Value, func() { tensor.Zeros(tensor.Int64, 2).Pad([][2]int{{1, 1}}, "constant", math.NaN()) }},
		{"Pad value tensor", tensor.Value, func() { x.Pad([][2]int{{1, 1}}, "constant", v) }},
		{"Pad huge", tensor.Value, func() { v.Pad([][2]int{{math.MaxInt / 2, 0}}, "constant") }},
	}
	for _, c := range cases {
		err := tensor.Try(c.f)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if k := tensor.KindOf(err); k != c.kind {
			t.Errorf("%s: %v error, want %v: %v", c.name, k, c.kind, err)
		}
	}
}

func TestShapeGradients(t *testing.T) {
	x := tensor.FromSlice([]float64{0.5, -1, 2, 3, 0.25, -2, 1.5, 4, -0.5, 1, 2.5, -3}, 3, 4)
	v := tensor.FromSlice([]float64{1.5, -2, 0.5})
	fs := map[string]func(*tensor.Tensor) *tensor.Tensor{
		"Diagonal(1)":  func(x *tensor.Tensor) *tensor.Tensor { return x.Diagonal(1) },
		"Diagonal 3-D": func(x *tensor.Tensor) *tensor.Tensor { return x.Reshape(3, 2, 2).Diagonal(-1, 2, 0) },
		"Trace":        func(x *tensor.Tensor) *tensor.Tensor { return x.Trace(-1) },
		"Diag 2-D":     func(x *tensor.Tensor) *tensor.Tensor { return x.Diag(2) },
		"Triu":         func(x *tensor.Tensor) *tensor.Tensor { return x.Triu(1) },
		"Tril":         func(x *tensor.Tensor) *tensor.Tensor { return x.Tril(-1) },
		"Roll":         func(x *tensor.Tensor) *tensor.Tensor { return x.Roll(5) },
		"Roll axes":    func(x *tensor.Tensor) *tensor.Tensor { return x.Roll(-1, 0, 1) },
		"Rot90":        func(x *tensor.Tensor) *tensor.Tensor { return x.Rot90(3) },
		"ExpandDims":   func(x *tensor.Tensor) *tensor.Tensor { return x.ExpandDims(0, -1) },
		"AtLeast3D":    tensor.AtLeast3D,
		"MoveAxis":     func(x *tensor.Tensor) *tensor.Tensor { return tensor.MoveAxis(x, 0, 1) },
		"ArraySplit":   func(x *tensor.Tensor) *tensor.Tensor { return x.ArraySplit(3, 1)[0] },
		"BroadcastArrays": func(x *tensor.Tensor) *tensor.Tensor {
			return tensor.BroadcastArrays(x, tensor.Ones(tensor.Float64, 2, 1, 1))[0]
		},
		"Concatenate(None)": func(x *tensor.Tensor) *tensor.Tensor {
			return tensor.Concatenate([]*tensor.Tensor{x, x.T()}, tensor.None)
		},
		"Meshgrid": func(x *tensor.Tensor) *tensor.Tensor { return tensor.Meshgrid(x.Slice(0), x.Slice(1, tensor.S(1)))[1] },
	}
	for _, mode := range []string{"constant", "edge", "reflect", "symmetric", "wrap"} {
		fs["Pad "+mode] = func(x *tensor.Tensor) *tensor.Tensor { return x.Pad([][2]int{{2, 5}, {1, 0}}, mode) }
	}
	for name, f := range fs {
		checkGrad(t, name, x, f)
	}
	checkGrad(t, "Diag 1-D", v, func(v *tensor.Tensor) *tensor.Tensor { return v.Diag(-1) })
}
