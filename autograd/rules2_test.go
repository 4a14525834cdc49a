package autograd

import (
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

const K = tensor.KeepDims

var (
	S    = tensor.S
	None = tensor.None
)

func viewCases() []gcase {
	return []gcase{
		{name: "Slice/range", op: "Slice", shapes: sh(d(4, 5)), f: f1(func(x *T) *T { return x.Slice(S(1, 3), S(None, None, -2)) })},
		{name: "Slice/int", op: "Slice", shapes: sh(d(4, 5)), f: f1(func(x *T) *T { return x.Slice(-1) })},
		{name: "Slice/newaxis-ellipsis", op: "Slice", shapes: sh(d(2, 3, 4)), f: f1(func(x *T) *T {
			return x.Slice(tensor.NewAxis, tensor.Ellipsis, S(None, None, -1)).Mul(x.Slice(0, 1).ExpandDims(0))
		})},
		{name: "Slice/of-T", op: "Slice", shapes: sh(d(4, 5)), f: f1(func(x *T) *T { return x.T().Slice(S(3, 0, -1), 2) })},
		{name: "Transpose", op: "Transpose", shapes: sh(d(2, 3, 4)), f: f1(func(x *T) *T { return x.Transpose(2, 0, 1).Mul(x.Transpose(2, 0, 1)) })},
		{name: "Transpose/neg", op: "Transpose", shapes: sh(d(2, 3, 4)), f: f1(func(x *T) *T { return x.Transpose(-1, 0, -2).Exp() })},
		{name: "Reshape/view", op: "Reshape", shapes: sh(d(2, 3, 4)), f: f1(func(x *T) *T { return tensor.Square(x.Reshape(6, 4)) })},
		{name: "Reshape/copy", op: "Reshape", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return x.T().Reshape(-1) })},
		{name: "Squeeze", op: "Reshape", shapes: sh(d(3, 1, 4)), f: f1(func(x *T) *T { return tensor.Sin(x.Squeeze(1)) })},
		{name: "ExpandDims", op: "Reshape", shapes: sh(d(3)), f: f1(func(x *T) *T { return x.ExpandDims(0).Mul(x.ExpandDims(1)) })},
		{name: "BroadcastTo", op: "BroadcastTo", shapes: sh(d(3, 1)), f: f1(func(x *T) *T { return tensor.Cos(x.BroadcastTo(2, 3, 4)) })},
		{name: "Flip", op: "Flip", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return x.Flip(0).Mul(x) })},
		{name: "Flip/neg", op: "Flip", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return x.Flip(-1, 0).Mul(x) })},
		{name: "Concatenate", op: "Concatenate", shapes: sh(d(2, 3), d(4, 3)), f: f2(func(a, b *T) *T { return tensor.Concatenate([]*T{a, b.Flip(0), a}, 0).Exp() })},
		{name: "Concatenate/axis1", op: "Concatenate", shapes: sh(d(2, 3), d(2, 1)), f: f2(func(a, b *T) *T { return tensor.Concatenate([]*T{b, a.T().T()}, -1) })},
		{name: "Split", op: "Slice", shapes: sh(d(4, 3)), f: f1(func(x *T) *T { p := x.Split(2, 0); return p[0].Mul(p[1]) })},
		{name: "Tile", op: "Tile", shapes: sh(d(2, 3)), f: f1(func(x *T) *T { return tensor.Square(x.Tile(2, 1, 2)) })},
		{name: "Tile/short", op: "Tile", shapes: sh(d(2, 3)), f: f1(func(x *T) *T { return tensor.Square(x.T().Tile(3)) })},
		{name: "Repeat", op: "Repeat", shapes: sh(d(2, 3)), f: f1(func(x *T) *T { return tensor.Square(x.Repeat(3, -1)) })},
		{name: "Repeat/flat", op: "Repeat", shapes: sh(d(2, 3)), f: f1(func(x *T) *T { return tensor.Square(x.Repeat(2)) })},
	}
}

func reduceCases() []gcase {
	red := func(name string, f func(x *T, axes ...int) *T) []gcase {
		return []gcase{
			{name: name + "/all", op: name, shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return f(x) })},
			{name: name + "/axis1", op: name, shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return f(x, 1) })},
			{name: name + "/axis0-keep", op: name, shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return f(x, 0, K) })},
			{name: name + "/3d-axes", op: name, shapes: sh(d(2, 3, 5)), f: f1(func(x *T) *T { return f(x, -1, 0) })},
			{name: name + "/3d-keep-T", op: name, shapes: sh(d(2, 3, 5)), f: f1(func(x *T) *T { return f(x.Transpose(1, 2, 0), 1, K) })},
			{name: name + "/size1", op: name, shapes: sh(d(3, 1)), f: f1(func(x *T) *T { return f(x.Flip(0), 1) })},
		}
	}
	var cs []gcase
	std := red("Std", tensor.Std)
	std = std[:len(std)-1] // the Std of one element has gradient NaN (0/0), as PyTorch's
	cs = append(cs, red("Sum", tensor.Sum)...)
	cs = append(cs, red("Mean", tensor.Mean)...)
	cs = append(cs, red("Prod", tensor.Prod)...)
	cs = append(cs, red("Max", tensor.Max)...)
	cs = append(cs, red("Min", tensor.Min)...)
	cs = append(cs, red("Var", tensor.Var)...)
	cs = append(cs, std...)
	cs = append(cs, red("Median", tensor.Median)...)
	cs = append(cs,
		gcase{name: "Var/ddof1", op: "Var", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return tensor.VarDdof(x, 1, 1) })},
		gcase{name: "Std/ddof1", op: "Std", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return tensor.StdDdof(x, 1) })},
		gcase{name: "Prod/zeros", op: "Prod", data: rows(fl(1.5, 0, 2, -1, 0, 0, 3, 0.5, 2, 0, 1.2, 2)), f: f1(func(x *T) *T {
			return tensor.Prod(x.Reshape(4, 3), 1) // rows with one zero, two zeros, none, one
		})},
		gcase{name: "Max/tie2", op: "Max", data: rows(fl(3, 1, 3, 2, 5, 4)), f: f1(func(x *T) *T { return x.Reshape(2, 3).Max(1) })},
		gcase{name: "Min/tie2", op: "Min", data: rows(fl(1, 1, 3, 2, 5, 4)), f: f1(func(x *T) *T { return x.Reshape(2, 3).Min(1) })},
		gcase{name: "Median/even", op: "Median", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return x.Median(1) })},
		gcase{name: "Median/odd", op: "Median", shapes: sh(d(3, 5)), f: f1(func(x *T) *T { return x.Median(-1, K) })},
		gcase{name: "Sort", op: "Sort", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return x.Sort().Mul(tensor.Arange(x.DType(), 1, 5, 1)) })},
		gcase{name: "Sort/axis0-T", op: "Sort", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return tensor.Square(x.T().Sort(0)) })},
		gcase{name: "CumSum", op: "CumSum", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return tensor.Square(x.CumSum(1)) })},
		gcase{name: "CumSum/flat-T", op: "CumSum", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return tensor.Square(x.T().CumSum()) })},
		gcase{name: "CumProd", op: "CumProd", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return x.Flip(1).CumProd(1) })},
		gcase{name: "CumProd/flat", op: "CumProd", shapes: sh(d(2, 3)), f: f1(func(x *T) *T { return x.CumProd() })},
		gcase{name: "CumProd/zeros", op: "CumProd", data: rows(fl(1.5, 0, 2, -1, 0, 0, 3, 0.5, 2, 0.7, 1.2, 0)), f: f1(func(x *T) *T {
			return x.Reshape(3, 4).CumProd(1)
		})},
	)
	return cs
}

func productCases() []gcase {
	mm := func(name string, a, b []int) gcase {
		return gcase{name: "MatMul/" + name, op: "MatMul", shapes: sh(a, b), f: f2(tensor.MatMul)}
	}
	return []gcase{
		mm("2d", d(3, 4), d(4, 2)),
		mm("1d-2d", d(4), d(4, 2)),
		mm("2d-1d", d(3, 4), d(4)),
		mm("1d-1d", d(4), d(4)),
		mm("batched", d(2, 3, 4), d(2, 4, 5)),
		mm("broadcast", d(2, 1, 3, 4), d(5, 4, 2)),
		mm("batch-1d", d(2, 3, 4), d(4)),
		mm("1d-batch", d(3), d(2, 3, 4)),
		{name: "MatMul/T", op: "MatMul", shapes: sh(d(4, 3), d(2, 4)), f: f2(func(a, b *T) *T { return a.T().MatMul(b.T().Flip(0)) })},
		// Operands in a transposed layout get their gradients computed transposed, and a 2-D
		// b under a batch of a gets one product over the flattened batch (matmulGrads).
		{name: "MatMul/T-both", op: "MatMul", shapes: sh(d(4, 3), d(2, 4)), f: f2(func(a, b *T) *T { return a.T().MatMul(b.T()) })},
		{name: "MatMul/1d-2dT", op: "MatMul", shapes: sh(d(4), d(2, 4)), f: f2(func(a, b *T) *T { return a.MatMul(b.T()) })},
		{name: "MatMul/2dT-1d", op: "MatMul", shapes: sh(d(4, 3), d(4)), f: f2(func(a, b *T) *T { return a.T().MatMul(b) })},
		mm("batch-2d", d(2, 3, 4), d(4, 5)),
		{name: "MatMul/batch-2dT", op: "MatMul", shapes: sh(d(2, 3, 4), d(5, 4)), f: f2(func(a, b *T) *T { return a.MatMul(b.T()) })},
		{name: "MatMul/batchedT", op: "MatMul", shapes: sh(d(2, 4, 3), d(2, 5, 4)), f: f2(func(a, b *T) *T {
			return a.SwapAxes(-1, -2).MatMul(b.SwapAxes(-1, -2))
		})},
		{name: "MatMul/broadcastT", op: "MatMul", shapes: sh(d(2, 1, 3, 4), d(5, 2, 4)), f: f2(func(a, b *T) *T { return a.MatMul(b.SwapAxes(-1, -2)) })},
		{name: "Dot/recorded", op: "Dot", shapes: sh(d(2, 3), d(4, 3, 5)), f: f2(func(a, b *T) *T {
			return tensor.Record("Dot", tensor.Dot(a.Detach(), b.Detach()), nil, []any{a, b}, a, b)
		})},
		{name: "Dot/matrix", op: "Dot", shapes: sh(d(2, 3), d(3)), f: f2(func(a, b *T) *T {
			return tensor.Record("Dot", tensor.Dot(a.Detach(), b.Detach()), nil, []any{a, b}, a, b)
		})},
		{name: "Dot/composed", op: "MatMul", shapes: sh(d(2, 3), d(4, 3, 5)), f: f2(tensor.Dot)},
		{name: "Outer/recorded", op: "Outer", shapes: sh(d(2, 3), d(4)), f: f2(func(a, b *T) *T {
			return tensor.Record("Outer", tensor.Outer(a.Detach(), b.Detach()), nil, []any{a, b}, a, b)
		})},
		{name: "Outer/composed", op: "Mul", shapes: sh(d(2, 3), d(4)), f: f2(tensor.Outer)},
	}
}

func indexCases() []gcase {
	idx := func(v ...int64) *T { return tensor.FromSlice(v) }
	return []gcase{
		{name: "Take/flat", op: "Take", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return x.Take(idx(0, 5, -1, 5, 11)) })},
		{name: "Take/axis", op: "Take", shapes: sh(d(3, 4)), f: f1(func(x *T) *T {
			return x.T().Take(tensor.FromSlice([]int64{2, 0, 2, -3}, 2, 2), 1)
		})},
		{name: "RepeatEach", op: "Take", shapes: sh(d(3, 2)), f: f1(func(x *T) *T { return tensor.RepeatEach(x, []int{2, 0, 3}, 0) })},
		{name: "IndexArrays", op: "IndexArrays", shapes: sh(d(3, 4, 2)), f: f1(func(x *T) *T {
			return tensor.IndexArrays(x, tensor.FromSlice([]int64{0, 2, -1, 0}, 4, 1), idx(1, 3, 1))
		})},
		{name: "IndexArrays/one", op: "IndexArrays", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return tensor.IndexArrays(x.Flip(0), idx(2, 2, 0)) })},
		{name: "MaskSelect", op: "MaskSelect", shapes: sh(d(3, 4)), f: f1(func(x *T) *T {
			return tensor.MaskSelect(x, tensor.Greater(x.Detach(), 0.0))
		})},
		{name: "MaskSelect/rows", op: "MaskSelect", shapes: sh(d(3, 4)), f: f1(func(x *T) *T {
			return tensor.MaskSelect(x, tensor.FromSlice([]bool{true, false, true}))
		})},
	}
}

func mlCases() []gcase {
	labels := tensor.FromSlice([]int64{2, 0, 3})
	return []gcase{
		{name: "Softmax", op: "Softmax", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return tensor.Softmax(x, -1) })},
		{name: "Softmax/axis0-T", op: "Softmax", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return tensor.Softmax(x.T(), 0) })},
		{name: "LogSoftmax", op: "LogSoftmax", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return tensor.LogSoftmax(x, 1) })},
		{name: "LogSoftmax/flip", op: "LogSoftmax", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return tensor.LogSoftmax(x.Flip(1), 0) })},
		{name: "CrossEntropy", op: "CrossEntropy", shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return tensor.CrossEntropy(x, labels) })},
		{name: "CrossEntropy/3d", op: "CrossEntropy", shapes: sh(d(2, 3, 4)), f: f1(func(x *T) *T {
			return tensor.CrossEntropy(x, tensor.FromSlice([]int64{0, 1, 3, 3, 2, 0}, 2, 3))
		})},
		{name: "MSE", op: "MSE", shapes: sh(d(3, 4), d(4)), f: f2(tensor.MSE)},
		{name: "MAE", op: "MAE", shapes: sh(d(3, 4), d(3, 1)), f: f2(tensor.MAE)},
	}
}

func TestGradcheckViews(t *testing.T) {
	for _, c := range viewCases() {
		t.Run(c.name, func(t *testing.T) { gradcheck(t, c) })
	}
}

func TestGradcheckReductions(t *testing.T) {
	for _, c := range reduceCases() {
		t.Run(c.name, func(t *testing.T) { gradcheck(t, c) })
	}
}

func TestGradcheckProducts(t *testing.T) {
	for _, c := range productCases() {
		t.Run(c.name, func(t *testing.T) { gradcheck(t, c) })
	}
}

func TestGradcheckIndex(t *testing.T) {
	for _, c := range indexCases() {
		t.Run(c.name, func(t *testing.T) { gradcheck(t, c) })
	}
}

func TestGradcheckML(t *testing.T) {
	for _, c := range mlCases() {
		t.Run(c.name, func(t *testing.T) { gradcheck(t, c) })
	}
	logPasses(t)
}
