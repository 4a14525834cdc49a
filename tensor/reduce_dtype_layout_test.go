package tensor_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// TestReduceOptionsLayouts runs dtype= (SumWith, ProdWith, MeanWith, VarWith) and
// where= (AllWith, AnyWith) on contiguous, transposed, negative-step, stepped,
// broadcast, size-0 and 0-d operands: each answer equals the answer on a contiguous copy
// (exactly for integer and bool results; float sums may add in another order, as
// NumPy's do for another layout).
func TestReduceOptionsLayouts(t *testing.T) {
	base := tensor.Arange(tensor.Float32, 0, 48, 1).Sub(20).Div(7).Reshape(6, 8)
	views := map[string]*tensor.Tensor{
		"contiguous": base.Slice(tensor.S(0, 4), tensor.S(0, 6)).Contiguous(),
		"transposed": base.Slice(tensor.S(0, 6), tensor.S(0, 4)).T(),
		"reversed":   base.Slice(tensor.S(3, tensor.None, -1), tensor.S(5, tensor.None, -1)),
		"stepped":    base.Slice(tensor.S(0, 8, 2), tensor.S(0, 12, 2)),
		"broadcast":  base.Slice(tensor.S(0, 1), tensor.S(0, 6)).BroadcastTo(4, 6),
		"size-0":     base.Slice(tensor.S(0, 0), tensor.S(0, 6)),
		"0-d":        tensor.Scalar(float32(2.5)),
	}
	f64, i64 := tensor.Float64, tensor.Int64
	type op struct {
		name string
		f    func(x *tensor.Tensor, axes ...int) *tensor.Tensor
	}
	with := func(f func(*tensor.Tensor, tensor.ReduceOptions, ...int) *tensor.Tensor, o tensor.ReduceOptions) func(*tensor.Tensor, ...int) *tensor.Tensor {
		return func(x *tensor.Tensor, axes ...int) *tensor.Tensor { return f(x, o, axes...) }
	}
	mask := func(x *tensor.Tensor) *tensor.Tensor { return tensor.Greater(x, 0) }
	ops := []op{
		{"SumWith dtype=float64", with(tensor.SumWith, tensor.ReduceOptions{DType: &f64})},
		{"SumWith dtype=int64", with(tensor.SumWith, tensor.ReduceOptions{DType: &i64})},
		{"ProdWith dtype=float64", with(tensor.ProdWith, tensor.ReduceOptions{DType: &f64})},
		{"MeanWith dtype=float64", with(tensor.MeanWith, tensor.ReduceOptions{DType: &f64})},
		{"VarWith dtype=float64", with(tensor.VarWith, tensor.ReduceOptions{DType: &f64})},
		{"AllWith where", func(x *tensor.Tensor, axes ...int) *tensor.Tensor {
			return tensor.AllWith(mask(x), tensor.ReduceOptions{Where: tensor.Less(x, 1)}, axes...)
		}},
		{"AnyWith where", func(x *tensor.Tensor, axes ...int) *tensor.Tensor {
			return tensor.AnyWith(mask(x), tensor.ReduceOptions{Where: tensor.Less(x, 1)}, axes...)
		}},
	}
	compared := 0
	for name, v := range views {
		axesSets := [][]int{nil, {0}, {-1}, {0, 1}}
		if v.NDim() == 0 {
			axesSets = [][]int{nil}
		}
		for _, o := range ops {
			for _, axes := range axesSets {
				label := fmt.Sprintf("%s/%s/axes %v", o.name, name, axes)
				var got, want *tensor.Tensor
				errGot := tensor.Try(func() { got = o.f(v, axes...) })
				errWant := tensor.Try(func() { want = o.f(v.Copy(), axes...) })
				if (errGot == nil) != (errWant == nil) {
					t.Errorf("%s: error %v on the view, %v on a copy", label, errGot, errWant)
					continue
				}
				if errGot != nil {
					continue
				}
				compared++
				if got.DType() != want.DType() || fmt.Sprint(got.Shape()) != fmt.Sprint(want.Shape()) {
					t.Errorf("%s: %v %v, want %v %v", label, got.DType(), got.Shape(), want.DType(), want.Shape())
					continue
				}
				if got.DType().IsFloat() {
					g, w := tensor.ToSlice[float64](got), tensor.ToSlice[float64](want)
					for i := range g {
						if g[i] != w[i] && !(g[i] != g[i] && w[i] != w[i]) && math.Abs(g[i]-w[i]) > 1e-12*(1+math.Abs(w[i])) {
							t.Errorf("%s: element %d = %v, want %v", label, i, g[i], w[i])
							break
						}
					}
				} else if !tensor.ArrayEqual(got, want) {
					t.Errorf("%s:\n%v\nwant\n%v", label, got, want)
				}
			}
		}
	}
	if compared < 150 {
		t.Errorf("only %d answers compared: most calls failed", compared)
	}
}
