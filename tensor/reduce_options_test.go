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

// TestReduceOptionsLayout runs SumWith ... StdWith with a mask on views of every layout
// (and the mask too) against the same ops on contiguous copies.
func TestReduceOptionsLayout(t *testing.T) {
	layouttest.Run(t, layouttest.ReduceOptionOps(), layouttest.Config{Dev: device.CPU(), Seed: 29})
}

func TestReduceOptions(t *testing.T) {
	nan := math.NaN()
	x := tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	m := tensor.FromSlice([]bool{true, false, true, false, true, true}, 2, 3)
	row := tensor.FromSlice([]bool{true, false, true})
	col := tensor.FromSlice([]bool{false, true}, 2, 1)
	none := tensor.Zeros(tensor.Bool, 2, 3)
	xi := tensor.FromSlice([]int32{1, 2, 3, 4, 5, 6}, 2, 3)
	empty := tensor.Zeros(tensor.Float64, 0, 3)
	type opts = tensor.ReduceOptions
	cases := []struct {
		name  string
		got   *tensor.Tensor
		dt    tensor.DType
		shape []int
		want  []float64
	}{
		{"sum where", tensor.SumWith(x, opts{Where: m}), tensor.Float64, []int{}, []float64{15}},
		{"sum where axis 0", x.SumWith(opts{Where: m}, 0), tensor.Float64, []int{3}, []float64{1, 5, 9}},
		{"sum where row", tensor.SumWith(x, opts{Where: row}, 1), tensor.Float64, []int{2}, []float64{4, 10}},
		{"sum where col keepdims", tensor.SumWith(x, opts{Where: col}, 1, tensor.KeepDims), tensor.Float64, []int{2, 1}, []float64{0, 15}},
		{"sum initial", tensor.SumWith(x, opts{Initial: 0.5}, -1), tensor.Float64, []int{2}, []float64{6.5, 15.5}},
		{"sum initial where none", tensor.SumWith(x, opts{Where: none, Initial: 7}), tensor.Float64, []int{}, []float64{7}},
		{"sum empty initial", tensor.SumWith(empty, opts{Initial: 2}, 0), tensor.Float64, []int{3}, []float64{2, 2, 2}},
		{"sum int float initial truncates", tensor.SumWith(xi, opts{Initial: 2.75}), tensor.Int64, []int{}, []float64{23}},
		{"sum int initial tensor", tensor.SumWith(xi, opts{Initial: tensor.Scalar(int64(-1))}, 0), tensor.Int64, []int{3}, []float64{4, 6, 8}},
		{"sum bool where", tensor.SumWith(m, opts{Where: row}), tensor.Int64, []int{}, []float64{3}},
		{"prod where initial", tensor.ProdWith(x, opts{Where: m, Initial: 2}, 1), tensor.Float64, []int{2}, []float64{6, 60}},
		{"prod int where", tensor.ProdWith(xi, opts{Where: m}), tensor.Int64, []int{}, []float64{90}},
		{"max where initial", tensor.MaxWith(x, opts{Where: m, Initial: -1}, 1), tensor.Float64, []int{2}, []float64{3, 6}},
		{"max where none", tensor.MaxWith(x, opts{Where: none, Initial: -1}, 1), tensor.Float64, []int{2}, []float64{-1, -1}},
		{"max initial above", tensor.MaxWith(x, opts{Initial: 10}), tensor.Float64, []int{}, []float64{10}},
		{"max empty initial", tensor.MaxWith(empty, opts{Initial: 3}, 0, tensor.KeepDims), tensor.Float64, []int{1, 3}, []float64{3, 3, 3}},
		{"max nan initial", tensor.MaxWith(x, opts{Initial: nan}, 0), tensor.Float64, []int{3}, []float64{nan, nan, nan}},
		{"min int initial", tensor.MinWith(xi, opts{Initial: 2}, 0), tensor.Int32, []int{3}, []float64{1, 2, 2}},
		{"min where float initial", tensor.MinWith(xi, opts{Where: m, Initial: 9.9}, 1), tensor.Int32, []int{2}, []float64{1, 5}},
		{"max no options", tensor.MaxWith(x, opts{}, 0), tensor.Float64, []int{3}, []float64{4, 5, 6}},
		{"mean where", tensor.MeanWith(x, opts{Where: m}, 1), tensor.Float64, []int{2}, []float64{2, 5.5}},
		{"mean where none", tensor.MeanWith(x, opts{Where: none}, 0), tensor.Float64, []int{3}, []float64{nan, nan, nan}},
		{"mean int where", tensor.MeanWith(xi, opts{Where: row}), tensor.Float64, []int{}, []float64{3.5}},
		{"var where", tensor.VarWith(x, opts{Where: m}, 1), tensor.Float64, []int{2}, []float64{1, 0.25}},
		{"var where ddof", tensor.VarWith(x, opts{Where: m, Ddof: 1}, 1), tensor.Float64, []int{2}, []float64{2, 0.5}},
		{"var where ddof past count", tensor.VarWith(x, opts{Where: m, Ddof: 2}, 1), tensor.Float64, []int{2}, []float64{math.Inf(1), math.Inf(1)}},
		{"var ddof no where", x.VarWith(opts{Ddof: 1}), tensor.Float64, []int{}, []float64{3.5}},
		{"std where", tensor.StdWith(x, opts{Where: row}, 0), tensor.Float64, []int{3}, []float64{1.5, nan, 1.5}},
		{"std float32 where", tensor.StdWith(x.AsType(tensor.Float32), opts{Where: m}, 1), tensor.Float32, []int{2}, []float64{1, 0.5}},
		{"sum compensated", tensor.Sum(x, 0, tensor.Compensated), tensor.Float64, []int{3}, []float64{5, 7, 9}},
		{"mean compensated keepdims", tensor.Mean(x, tensor.Compensated, 1, tensor.KeepDims), tensor.Float64, []int{2, 1}, []float64{2, 5}},
		{"var compensated", tensor.VarDdof(x, 1, tensor.Compensated), tensor.Float64, []int{}, []float64{3.5}},
		{"std compensated float32", tensor.Std(x.AsType(tensor.Float32), 1, tensor.Compensated), tensor.Float32, []int{2}, []float64{math.Sqrt(2.0 / 3), math.Sqrt(2.0 / 3)}},
	}
	for _, c := range cases {
		if c.got.DType() != c.dt || !slices.Equal(c.got.Shape(), c.shape) {
			t.Errorf("%s: %v %v, want %v %v", c.name, c.got.DType(), c.got.Shape(), c.dt, c.shape)
			continue
		}
		got := tensor.ToSlice[float64](c.got.AsType(tensor.Float64))
		for i, w := range c.want {
			if g := got[i]; !(g == w || g != g && w != w || c.dt == tensor.Float32 && math.Abs(g-w) < 1e-6) {
				t.Errorf("%s: element %d = %v, want %v", c.name, i, g, w)
			}
		}
	}
}

func TestReduceOptionsMisuse(t *testing.T) {
	x := tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	m := tensor.FromSlice([]bool{true, false, true, false, true, true}, 2, 3)
	u8 := tensor.FromSlice([]uint8{1, 2, 3})
	type opts = tensor.ReduceOptions
	cases := []struct {
		name string
		want tensor.Kind
		f    func()
	}{
		{"max where without initial", tensor.Value, func() { tensor.MaxWith(x, opts{Where: m}) }},
		{"min where without initial", tensor.Value, func() { tensor.MinWith(x, opts{Where: m}, 0) }},
		{"max empty without initial", tensor.Value, func() { tensor.MaxWith(tensor.Zeros(tensor.Float64, 0), opts{}) }},
		{"mask does not broadcast", tensor.Shape, func() { tensor.SumWith(x, opts{Where: tensor.Ones(tensor.Bool, 3, 2)}) }},
		{"mask has more dims", tensor.Shape, func() { tensor.SumWith(x, opts{Where: tensor.Ones(tensor.Bool, 1, 2, 3)}) }},
		{"mask would broadcast x", tensor.Shape, func() { tensor.SumWith(tensor.Ones(tensor.Float64, 3), opts{Where: tensor.Ones(tensor.Bool, 2, 3)}) }},
		{"int mask", tensor.Value, func() { tensor.SumWith(x, opts{Where: tensor.Ones(tensor.Int64, 2, 3)}) }},
		{"nil-tensor mask", tensor.Value, func() { tensor.SumWith(x, opts{Where: &tensor.Tensor{}}) }},
		{"initial of shape (2)", tensor.Value, func() { tensor.SumWith(x, opts{Initial: tensor.FromSlice([]float64{1, 2})}) }},
		{"initial a string", tensor.Value, func() { tensor.SumWith(x, opts{Initial: "1"}) }},
		{"initial out of uint8", tensor.Value, func() { tensor.MaxWith(u8, opts{Initial: 300}) }},
		{"initial negative for uint8", tensor.Value, func() { tensor.MinWith(u8, opts{Initial: -1}) }},
		{"initial nan for int", tensor.Value, func() { tensor.SumWith(u8, opts{Initial: math.NaN()}) }},
		{"initial inf for int", tensor.Value, func() { tensor.ProdWith(u8, opts{Initial: math.Inf(1)}) }},
		{"mean initial", tensor.Value, func() { tensor.MeanWith(x, opts{Initial: 1}) }},
		{"var initial", tensor.Value, func() { tensor.VarWith(x, opts{Initial: 1}) }},
		{"sum ddof", tensor.Value, func() { tensor.SumWith(x, opts{Ddof: 1}) }},
		{"mean ddof", tensor.Value, func() { tensor.MeanWith(x, opts{Ddof: 1}) }},
		{"compensated with where", tensor.Value, func() { tensor.SumWith(x, opts{Where: m}, tensor.Compensated) }},
		{"compensated with initial", tensor.Value, func() { tensor.SumWith(x, opts{Initial: 1}, tensor.Compensated) }},
		{"prod compensated", tensor.Value, func() { tensor.Prod(x, tensor.Compensated) }},
		{"max compensated", tensor.Value, func() { tensor.Max(x, 0, tensor.Compensated) }},
		{"axis", tensor.Axis, func() { tensor.SumWith(x, opts{Where: m}, 2) }},
		{"var axis", tensor.Axis, func() { tensor.VarWith(x, opts{Where: m}, -3) }},
		{"nil x", tensor.Value, func() { tensor.SumWith(nil, opts{}) }},
	}
	for _, c := range cases {
		err := tensor.Try(c.f)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if k := tensor.KindOf(err); k != c.want {
			t.Errorf("%s: %v error (%v), want %v", c.name, k, err, c.want)
		}
	}
}

// TestReduceOptionsGrad checks the gradients of the options' reductions when x requires
// one: they are composed of differentiable ops, so masked-out elements get 0.
func TestReduceOptionsGrad(t *testing.T) {
	m := tensor.FromSlice([]bool{true, false, true, false, true, true}, 2, 3)
	mf := tensor.ToSlice[float64](m.AsType(tensor.Float64))
	type opts = tensor.ReduceOptions
	for _, c := range []struct {
		name string
		f    func(x *tensor.Tensor) *tensor.Tensor
		want func(x []float64) []float64
	}{
		{"SumWith", func(x *tensor.Tensor) *tensor.Tensor { return tensor.SumWith(x, opts{Where: m, Initial: 3.0}) },
			func([]float64) []float64 { return mf }},
		{"ProdWith", func(x *tensor.Tensor) *tensor.Tensor { return tensor.ProdWith(x, opts{Where: m}, 1).Sum() },
			func(x []float64) []float64 { return []float64{3, 0, 1, 0, 6, 5} }},
		{"MaxWith", func(x *tensor.Tensor) *tensor.Tensor { return tensor.MaxWith(x, opts{Where: m, Initial: 0.0}, 1).Sum() },
			func([]float64) []float64 { return []float64{0, 0, 1, 0, 0, 1} }},
		{"MeanWith", func(x *tensor.Tensor) *tensor.Tensor { return tensor.MeanWith(x, opts{Where: m}) },
			func([]float64) []float64 { return []float64{0.25, 0, 0.25, 0, 0.25, 0.25} }},
		{"VarWith", func(x *tensor.Tensor) *tensor.Tensor { return tensor.VarWith(x, opts{Where: m}, 1).Sum() },
			// d/dx of the mean squared deviation: 2 (x - mean) / n on the selected.
			func([]float64) []float64 { return []float64{-1, 0, 1, 0, -0.5, 0.5} }},
	} {
		x := tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 2, 3).RequiresGrad()
		autograd.Backward(c.f(x))
		got := tensor.ToSlice[float64](x.Grad())
		want := c.want(tensor.ToSlice[float64](x.Detach()))
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-12 {
				t.Errorf("%s: grad %v, want %v", c.name, got, want)
				break
			}
		}
	}
}

// TestCompensatedAccuracy checks that Compensated keeps the accurate float32 sums: a
// million values of 0.1 sum to 100000 (NumPy's pairwise float32 sum gives 100000.086).
func TestCompensatedAccuracy(t *testing.T) {
	x := tensor.Full(tensor.Float32, 0.1, 1000, 1000)
	for _, c := range []struct {
		name string
		got  *tensor.Tensor
		want float64
	}{
		{"numpy", tensor.Sum(x), 100000.0859375},
		{"compensated", tensor.Sum(x, tensor.Compensated), 100000},
		{"compensated axis 0", tensor.Sum(x, 0, tensor.Compensated).Sum(tensor.Compensated), 100000},
		{"mean compensated", tensor.Mean(x, tensor.Compensated), 0.1},
	} {
		if g := c.got.Item(); g != float64(float32(c.want)) {
			t.Errorf("%s: %v, want %v", c.name, g, float32(c.want))
		}
	}
}
