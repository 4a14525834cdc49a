package tensor_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/layouttest"
	"github.com/gotensor/gotensor/tensor"
)

// TestProductsLayout runs layouttest's table of Einsum and the products on every view
// kind on the CPU.
func TestProductsLayout(t *testing.T) {
	layouttest.Run(t, layouttest.ProductOps(), layouttest.Config{Dev: device.CPU(), Seed: 13})
}

// close64 compares a result with float64 expectations.
func close64(t *testing.T, what string, got *tensor.Tensor, shape []int, want ...float64) {
	t.Helper()
	if !slices.Equal(got.Shape(), shape) {
		t.Errorf("%s: shape %v, want %v", what, got.Shape(), shape)
		return
	}
	g := tensor.ToSlice[float64](got)
	for i := range want {
		if !(math.Abs(g[i]-want[i]) <= 1e-12*(1+math.Abs(want[i])) || math.IsNaN(g[i]) && math.IsNaN(want[i]) || g[i] == want[i]) {
			t.Errorf("%s: element %d is %v, want %v (got %v)", what, i, g[i], want[i], g)
			return
		}
	}
}

func f64(v ...float64) *tensor.Tensor { return tensor.FromSlice(v) }

func TestProducts(t *testing.T) {
	a := tensor.Arange(tensor.Float64, 0, 6, 1).Reshape(2, 3)
	b := tensor.Arange(tensor.Float64, 0, 12, 1).Reshape(3, 4)
	inf := math.Inf(1)
	close64(t, "TensorDot 1", tensor.TensorDot(a, b, 1), []int{2, 4}, 20, 23, 26, 29, 56, 68, 80, 92)
	close64(t, "TensorDot 0", tensor.TensorDot(f64(1, 2), f64(3, 4, 5), 0), []int{2, 3}, 3, 4, 5, 6, 8, 10)
	close64(t, "TensorDot -1 (outer, as NumPy)", tensor.TensorDot(f64(1, 2), f64(3), -1), []int{2, 1}, 3, 6)
	close64(t, "TensorDotAxes", a.TensorDotAxes(a, []int{0}, []int{0}), []int{3, 3}, 9, 12, 15, 12, 17, 22, 15, 22, 29)
	close64(t, "Inner", a.Inner(a), []int{2, 2}, 5, 14, 14, 50)
	close64(t, "Inner 0-d", tensor.Inner(tensor.Scalar(2.0), f64(1, 2)), []int{2}, 2, 4)
	close64(t, "Kron", tensor.Kron(f64(1, 2), tensor.FromSlice([]float64{1, 10, 100, 1000}, 2, 2)), []int{2, 4},
		1, 10, 2, 20, 100, 1000, 200, 2000)
	close64(t, "Cross 3", f64(1, 0, 0).Cross(f64(0, 1, 0)), []int{3}, 0, 0, 1)
	close64(t, "Cross 2", tensor.Cross(f64(1, 2), f64(3, 4)), []int{}, -2)
	close64(t, "Cross 2x3", tensor.Cross(f64(1, 2), f64(3, 4, 5)), []int{3}, 10, -5, -2)
	close64(t, "Cross 3x2", tensor.Cross(f64(3, 4, 5), f64(1, 2)), []int{3}, -10, 5, 2)
	close64(t, "Cross axisc", tensor.Cross(tensor.FromSlice([]float64{1, 0, 0, 0, 1, 0}, 2, 3), f64(0, 0, 1), -1, -1, 0),
		[]int{3, 2}, 0, 1, -1, 0, 0, 0)
	close64(t, "Convolve full", f64(1, 2, 3).Convolve(f64(0, 1, 0.5), ""), []int{5}, 0, 1, 2.5, 4, 1.5)
	close64(t, "Convolve same", tensor.Convolve(f64(1, 2, 3), f64(0, 1, 0.5), "same"), []int{3}, 1, 2.5, 4)
	close64(t, "Convolve valid", tensor.Convolve(f64(1, 2, 3), f64(0, 1, 0.5), "VALID"), []int{1}, 2.5)
	close64(t, "Convolve swapped", tensor.Convolve(f64(0, 1, 0.5), f64(1, 2, 3), "s"), []int{3}, 1, 2.5, 4)
	close64(t, "Correlate", f64(1, 2, 3).Correlate(f64(0, 1, 0.5), ""), []int{1}, 3.5)
	close64(t, "Correlate same swapped", tensor.Correlate(f64(1, 2, 3), f64(1, 2, 3, 4), "same"), []int{4}, 11, 20, 14, 8)
	close64(t, "Correlate inf edge", tensor.Correlate(f64(1, 2, 3), f64(inf, 1), "full"), []int{4}, 1, inf, inf, inf)
	close64(t, "Convolve 0-d", tensor.Convolve(tensor.Scalar(2.0), f64(1, 2), "full"), []int{2}, 2, 4)
}

// TestProductsDTypes checks the integer and bool results: NumPy's dtypes, wrapping sums.
func TestProductsDTypes(t *testing.T) {
	u := func(v ...uint8) *tensor.Tensor { return tensor.FromSlice(v) }
	cases := []struct {
		name string
		got  *tensor.Tensor
		dt   tensor.DType
		want []int64
	}{
		{"Convolve uint8 wraps", tensor.Convolve(u(100, 200, 50), u(3, 2), "full"), tensor.Uint8, []int64{44, 32, 38, 100}},
		{"Correlate bool", tensor.Correlate(tensor.FromSlice([]bool{true, false, false, true}), tensor.FromSlice([]bool{true, true}), "valid"),
			tensor.Bool, []int64{1, 0, 1}},
		{"Cross uint8 wraps", tensor.Cross(u(1, 2, 3), u(4, 5, 6)), tensor.Uint8, []int64{253, 6, 253}},
		{"Kron bool", tensor.Kron(tensor.FromSlice([]bool{true, false}), tensor.FromSlice([]bool{true, true})), tensor.Bool, []int64{1, 1, 0, 0}},
		{"TensorDot int32", tensor.TensorDot(tensor.FromSlice([]int32{1, 2}), tensor.FromSlice([]int32{3, 4}), 1), tensor.Int32, []int64{11}},
		{"Inner int32 int64", tensor.Inner(tensor.FromSlice([]int32{1, 2}), tensor.FromSlice([]int64{3, 4})), tensor.Int64, []int64{11}},
	}
	for _, tc := range cases {
		if tc.got.DType() != tc.dt || !slices.Equal(tensor.ToSlice[int64](tc.got), tc.want) {
			t.Errorf("%s: got %v, want %v %v", tc.name, tc.got, tc.dt, tc.want)
		}
	}
}

func TestProductsMisuse(t *testing.T) {
	m, v3 := tensor.Ones(tensor.Float64, 2, 3), tensor.Ones(tensor.Float64, 3)
	cases := []struct {
		name string
		f    func()
		kind tensor.Kind
		op   string
	}{
		{"TensorDot sizes", func() { tensor.TensorDot(m, v3, 2) }, tensor.Shape, "TensorDot"},
		{"TensorDot too many axes", func() { tensor.TensorDot(m, m.T(), 3) }, tensor.Index, "TensorDot"},
		{"TensorDotAxes lengths", func() { tensor.TensorDotAxes(m, m, []int{0, 1}, []int{0}) }, tensor.Shape, "TensorDotAxes"},
		{"TensorDotAxes range", func() { tensor.TensorDotAxes(m, m, []int{5}, []int{0}) }, tensor.Index, "TensorDotAxes"},
		{"TensorDotAxes repeated", func() { tensor.TensorDotAxes(m, tensor.Ones(tensor.Float64, 2, 2), []int{0, 0}, []int{0, 1}) }, tensor.Value, "TensorDotAxes"},
		{"Inner sizes", func() { tensor.Inner(m, tensor.Ones(tensor.Float64, 4)) }, tensor.Shape, "Inner"},
		{"Cross length", func() { tensor.Cross(tensor.Ones(tensor.Float64, 4), v3) }, tensor.Shape, "Cross"},
		{"Cross bool", func() { tensor.Cross(tensor.Ones(tensor.Bool, 3), tensor.Ones(tensor.Bool, 3)) }, tensor.Value, "Cross"},
		{"Cross axis", func() { tensor.Cross(v3, v3, 1) }, tensor.Axis, "Cross"},
		{"Cross axisc", func() { tensor.Cross(v3, v3, 0, 0, 1) }, tensor.Axis, "Cross"},
		{"Cross two axes", func() { tensor.Cross(v3, v3, 0, 0) }, tensor.Value, "Cross"},
		{"Cross broadcast", func() { tensor.Cross(tensor.Ones(tensor.Float64, 2, 3), tensor.Ones(tensor.Float64, 4, 3)) }, tensor.Shape, "Cross"},
		{"Convolve empty", func() { tensor.Convolve(v3, tensor.Ones(tensor.Float64, 0), "") }, tensor.Value, "Convolve"},
		{"Convolve 2-D", func() { tensor.Convolve(m, v3, "") }, tensor.Value, "Convolve"},
		{"Convolve mode", func() { tensor.Convolve(v3, v3, "circular") }, tensor.Value, "Convolve"},
		{"Correlate 0-d", func() { tensor.Correlate(tensor.Scalar(1.0), v3, "") }, tensor.Value, "Correlate"},
		{"Correlate empty", func() { tensor.Correlate(tensor.Ones(tensor.Float64, 0), v3, "") }, tensor.Value, "Correlate"},
		{"Kron nil", func() { tensor.Kron(nil, v3) }, tensor.Value, "Kron"},
	}
	for _, tc := range cases {
		err := tensor.Try(tc.f)
		if tensor.KindOf(err) != tc.kind || !strings.HasPrefix(err.Error(), "tensor."+tc.op+": ") {
			t.Errorf("%s: error %v, want a %v error of tensor.%s", tc.name, err, tc.kind, tc.op)
		}
	}
}

// TestCorrelateGradient checks that a correlation of a tensor that records a gradient
// is differentiated (it gathers with Take instead of viewing a strided window):
// d/da of sum(Correlate(a, v, "full")) is sum(v) at every position of a.
func TestCorrelateGradient(t *testing.T) {
	for _, mode := range []string{"full", "same", "valid"} {
		a := f64(1, 2, 3, 4, 5).RequiresGrad()
		v := f64(0.5, -1, 2)
		autograd.Backward(tensor.Correlate(a, v, mode).Sum())
		var want []float64
		n1, n := 5, 3
		left := map[string]int{"full": n - 1, "same": n / 2, "valid": 0}[mode]
		length := map[string]int{"full": n1 + n - 1, "same": n1, "valid": n1 - n + 1}[mode]
		for i := range n1 {
			g := 0.0
			for p := range length {
				if j := i - (p - left); j >= 0 && j < n {
					g += []float64{0.5, -1, 2}[j]
				}
			}
			want = append(want, g)
		}
		close64(t, "Correlate gradient "+mode, a.Grad(), []int{5}, want...)
	}
}
