package layouttest

import (
	"fmt"

	"github.com/gotensor/gotensor/tensor"
)

// SearchOps are the searching and sorting functions of tensor/search.go. Where an op needs
// a sorted operand (SearchSorted without a sorter, Digitize's bins, Interp's xp) the table
// sorts it first, so that operand's layout is seen through Sort; SearchSorted with a
// sorter and InterpPeriodic read it as given.
func SearchOps() []Op {
	sorted := [][][]int{{{7}, {}}, {{7}, {0}}, {{1}, {3, 5}}, {{7}, {4, 1, 6}}, {{0}, {3}}, {{9}, {33, 2}}}
	binned := [][][]int{{{}, {7}}, {{0}, {7}}, {{3, 5}, {1}}, {{4, 1, 6}, {7}}, {{3}, {0}}, {{33, 2}, {9}}}
	ops := []Op{
		{Family: "search", Name: "SearchSorted(left,sorter)", Shapes: sorted, Fn: One(func(in []*tensor.Tensor) *tensor.Tensor {
			return tensor.SearchSorted(in[0], in[1], "left", in[0].ArgSort())
		})},
		{Family: "search", Name: "SearchSorted(right,sorter)", Shapes: sorted, Fn: One(func(in []*tensor.Tensor) *tensor.Tensor {
			return tensor.SearchSorted(in[0], in[1], "right", in[0].ArgSort())
		})},
		{Family: "search", Name: "SearchSorted(right)", Shapes: sorted, Fn: One(func(in []*tensor.Tensor) *tensor.Tensor {
			return tensor.SearchSorted(in[0].Sort(), in[1], "right", nil)
		})},
		{Family: "search", Name: "Digitize", Shapes: binned, Fn: One(func(in []*tensor.Tensor) *tensor.Tensor {
			return tensor.Digitize(in[0], in[1].Sort(), false)
		})},
		{Family: "search", Name: "Digitize(decreasing,right)", Shapes: binned, Fn: One(func(in []*tensor.Tensor) *tensor.Tensor {
			return tensor.Digitize(in[0], in[1].Sort().Flip(), true)
		})},
		{Family: "search", Name: "IsIn", Shapes: [][][]int{{{3, 5}, {4}}, {{7}, {2, 3}}, {{}, {5}}, {{0}, {3}}, {{4, 1, 6}, {}}, {{33, 2}, {9, 3}}},
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.IsIn(in[0], in[1], false) })},
		{Family: "search", Name: "IsIn(invert)", Shapes: [][][]int{{{3, 5}, {4}}, {{4, 1, 6}, {2, 3}}},
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.IsIn(in[0], in[1], true) })},
		{Family: "search", Name: "Interp", Shapes: [][][]int{{{3, 5}, {6}, {6}}, {{7}, {1}, {1}}, {{}, {4}, {4}}, {{0}, {3}, {3}}, {{4, 1, 6}, {9}, {9}}},
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Interp(in[0], in[1].Sort(), in[2], nil, nil) })},
		{Family: "search", Name: "InterpPeriodic", Shapes: [][][]int{{{3, 5}, {6}, {6}}, {{7}, {1}, {1}}, {{4, 1, 6}, {9}, {9}}},
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.InterpPeriodic(in[0], in[1], in[2], 2.5) })},
	}
	for _, ax := range [][]int{nil, {0}, {tensor.None}} {
		name := "(None)"
		if ax == nil || ax[0] != tensor.None {
			name = axName(ax)
		}
		for _, kth := range []any{0, []int{-1, 0}} {
			name := name + fmt.Sprintf(" kth %v", kth)
			ops = append(ops,
				Op{Family: "search", Name: "Partition" + name, Shapes: reduceShapes[:9], Fn: One(func(in []*tensor.Tensor) *tensor.Tensor {
					return tensor.Partition(in[0], kth, ax...)
				})},
				Op{Family: "search", Name: "ArgPartition" + name, Shapes: reduceShapes[:9], Fn: One(func(in []*tensor.Tensor) *tensor.Tensor {
					return tensor.ArgPartition(in[0], kth, ax...)
				})})
		}
	}
	for _, ax := range []int{-1, 0} {
		ops = append(ops, Op{Family: "search", Name: "LexSort" + axName([]int{ax}),
			Shapes: [][][]int{{{7}, {7}}, {{3, 5}, {3, 5}}, {{4, 1, 6}, {4, 1, 6}}, {{}, {}}, {{2, 0, 3}, {2, 0, 3}}},
			In:     func(dt tensor.DType) []tensor.DType { return []tensor.DType{dt, tensor.Int32} },
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor {
				return tensor.LexSort([]*tensor.Tensor{in[0], in[1]}, ax)
			})})
	}
	return ops
}
