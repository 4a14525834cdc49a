package layouttest

import (
	"github.com/gotensor/gotensor/tensor"
)

// ConvOps are the convolution and pooling functions of tensor/conv.go and pool.go:
// Conv2d (with and without bias, strided, padded, dilated, grouped, unbatched, a batch
// of 0), its adjoints Conv2dInput and Conv2dWeight, MaxPool2d (values and indices),
// AvgPool2d, AdaptiveAvgPool2d and the poolings' adjoints. Inputs of other ranks (0-d
// included) must be refused alike. With noSpecial the inputs hold no NaN or Inf (a
// device's max-pool may pick another NaN of a window than the CPU's, as documented).
func ConvOps(noSpecial bool) []Op {
	var fill []Fill
	if noSpecial {
		fill = []Fill{Values(false), Values(false), Values(false)}
	}
	o := tensor.Conv2dOptions{Stride: [2]int{2, 1}, Padding: [2]int{1, 2}, Dilation: [2]int{1, 2}}
	og := tensor.Conv2dOptions{Padding: [2]int{1, 1}, Groups: 2}
	conv := [][][]int{{{2, 3, 5, 6}, {4, 3, 3, 2}, {4}}, {{3, 5, 6}, {2, 3, 2, 2}, {2}}, {{0, 3, 5, 6}, {4, 3, 3, 2}, {4}},
		{{}, {4, 3, 3, 2}, {4}}, {{2, 3, 5}, {4, 3, 3, 2}, {4}}}
	grouped := [][][]int{{{2, 4, 5, 5}, {6, 2, 3, 3}}, {{1, 4, 3, 4}, {4, 2, 1, 2}}}
	// Adjoints: the gradient of the output (N, O, OH, OW) with the weight or the input.
	inShape, wShape := []int{2, 3, 5, 6}, []int{4, 3, 3, 2}
	outShape := []int{2, 4, 3, 5} // Conv2d(o) of inShape and wShape
	pool := [][][]int{{{2, 3, 7, 8}}, {{3, 6, 5}}, {{0, 2, 6, 6}}, {{1, 1, 4, 4}}, {{}}, {{4, 4}}}
	mo := tensor.MaxPool2dOptions{Kernel: [2]int{3, 2}, Stride: [2]int{2, 1}, Padding: [2]int{1, 1}, CeilMode: true}
	ao := tensor.AvgPool2dOptions{Kernel: [2]int{3, 3}, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}, CeilMode: true, ExcludePad: true}
	return []Op{
		{Family: "conv", Name: "Conv2d", Shapes: conv, DTypes: FloatDTypes, Tol: Assoc, Fill: fill,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Conv2d(in[0], in[1], in[2], o) })},
		{Family: "conv", Name: "Conv2d no bias, groups", Shapes: grouped, DTypes: FloatDTypes, Tol: Assoc, Fill: fill,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Conv2d(in[1], nil, og) })},
		{Family: "conv", Name: "Conv2dInput", Shapes: [][][]int{{outShape, wShape}}, DTypes: FloatDTypes, Tol: Assoc, Fill: fill,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Conv2dInput(in[0], in[1], inShape, o) })},
		{Family: "conv", Name: "Conv2dWeight", Shapes: [][][]int{{inShape, outShape}}, DTypes: FloatDTypes, Tol: Assoc, Fill: fill,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Conv2dWeight(in[0], in[1], wShape, o) })},
		{Family: "pool", Name: "MaxPool2d", Shapes: pool, DTypes: FloatDTypes, Tol: Exact, Fill: fill,
			Fn: func(in []*tensor.Tensor) []*tensor.Tensor {
				out, idx := tensor.MaxPool2d(in[0], mo)
				return []*tensor.Tensor{out, idx}
			}},
		{Family: "pool", Name: "AvgPool2d", Shapes: pool, DTypes: FloatDTypes, Tol: Assoc, Fill: fill,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].AvgPool2d(ao) })},
		{Family: "pool", Name: "AvgPool2dBackward", Shapes: [][][]int{{{2, 3, 4, 5}}}, DTypes: FloatDTypes, Tol: Assoc, Fill: fill,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor {
				return tensor.AvgPool2dBackward(in[0], []int{2, 3, 7, 8}, ao)
			})},
		{Family: "pool", Name: "AdaptiveAvgPool2d", Shapes: pool, DTypes: FloatDTypes, Tol: Assoc, Fill: fill,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.AdaptiveAvgPool2d(in[0], 3, 2) })},
		{Family: "pool", Name: "AdaptiveAvgPool2dBackward", Shapes: [][][]int{{{2, 3, 3, 2}}, {{3, 3, 2}}}, DTypes: FloatDTypes, Tol: Assoc, Fill: fill,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor {
				shape := append(in[0].Shape()[:in[0].NDim()-2:in[0].NDim()-2], 7, 5)
				return tensor.AdaptiveAvgPool2dBackward(in[0], shape)
			})},
	}
}
