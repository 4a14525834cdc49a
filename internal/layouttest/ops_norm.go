package layouttest

import (
	"math/rand/v2"

	"github.com/gotensor/gotensor/tensor"
)

// NormOps are the fused layer ops of tensor/batchnorm.go, ReLUGrad and MaxPool2dBackward:
// BatchNorm (result, mean and variance; with and without weight and bias, 2-d, 3-d and
// 4-d, a batch of 0), BatchNormBackward and MaxPool2dBackward (indices drawn inside the
// plane). Inputs of other ranks (0-d included) must be refused alike. eps is large
// (0.5) so that a broadcast input, whose channels are constant, does not magnify the
// rounding of its zero variance into the result. With noSpecial the
// inputs hold no NaN or Inf (a statistic's NaN may differ in sign or payload where
// another device sums in another order).
func NormOps(noSpecial bool) []Op {
	fill := func(fs ...Fill) []Fill {
		out := make([]Fill, 5)
		for i := range out {
			if noSpecial {
				out[i] = Values(false)
			}
			if i < len(fs) && fs[i] != nil {
				out[i] = fs[i]
			}
		}
		return out
	}
	bn := [][][]int{{{4, 3, 5, 2}, {3}, {3}}, {{6, 2}, {2}, {2}}, {{3, 4, 5}, {4}, {4}}, {{0, 3, 2, 2}, {3}, {3}},
		{{}, {3}, {3}}, {{3}, {3}, {3}}}
	bnb := [][][]int{{{4, 3, 5, 2}, {4, 3, 5, 2}, {3}, {3}, {3}}, {{6, 2}, {6, 2}, {2}, {2}, {2}}}
	positive := Fill(func(r *rand.Rand, _ tensor.DType, _ [][]int) float64 { return 0.25 + r.Float64() })
	inPlane := IntRange(func(shapes [][]int) (int, int) { return 0, 6 * 5 })
	return []Op{
		{Family: "norm", Name: "ReLUGrad", Shapes: [][][]int{{{5, 7}, {5, 7}}, {{3, 4, 5}, {4, 5}}, {{}, {}}, {{0, 3}, {0, 3}}, {{6}, {6}}},
			DTypes: AllDTypes, Tol: Exact, Fill: fill(),
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].ReLUGrad(in[1]) })},
		{Family: "norm", Name: "BatchNorm", Shapes: bn, DTypes: FloatDTypes, Tol: Assoc, Fill: fill(),
			Fn: func(in []*tensor.Tensor) []*tensor.Tensor {
				y, m, v := tensor.BatchNorm(in[0], in[1], in[2], 0.5)
				return []*tensor.Tensor{y, m, v}
			}},
		{Family: "norm", Name: "BatchNorm no affine", Shapes: [][][]int{{{4, 3, 5, 2}}, {{5, 2}}}, DTypes: FloatDTypes, Tol: Assoc, Fill: fill(),
			Fn: func(in []*tensor.Tensor) []*tensor.Tensor {
				y, m, v := in[0].BatchNorm(nil, nil, 0.5)
				return []*tensor.Tensor{y, m, v}
			}},
		{Family: "norm", Name: "BatchNormBackward", Shapes: bnb, DTypes: FloatDTypes, Tol: Assoc,
			Fill: fill(nil, nil, nil, positive),
			Fn: func(in []*tensor.Tensor) []*tensor.Tensor {
				dx, dw, db := tensor.BatchNormBackward(in[0], in[1], in[2], in[3], in[4])
				return []*tensor.Tensor{dx, dw, db}
			}},
		{Family: "pool", Name: "MaxPool2dBackward", Shapes: [][][]int{{{2, 3, 3, 2}, {2, 3, 3, 2}}, {{3, 2, 4}, {3, 2, 4}}},
			DTypes: FloatDTypes, In: func(dt tensor.DType) []tensor.DType { return []tensor.DType{dt, tensor.Int64} },
			Fill: fill(nil, inPlane), Tol: Assoc,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor {
				s := in[0].Shape()
				shape := append(s[:len(s)-2:len(s)-2], 6, 5)
				return tensor.MaxPool2dBackward(in[0], in[1], shape)
			})},
	}
}
