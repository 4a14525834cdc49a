package layouttest

import (
	"github.com/gotensor/gotensor/tensor"
)

// ReduceOptionOps are the reductions with NumPy's initial= and where= (tensor's
// SumWith, ProdWith, MaxWith, MinWith, MeanWith, VarWith, StdWith): input 0 is the
// array, input 1 the bool mask, each in every layout, over the axis arguments of the
// plain reductions.
func ReduceOptionOps() []Op {
	pairs := [][][]int{{{}, {}}, {{0}, {0}}, {{7}, {7}}, {{3, 5}, {3, 5}}, {{3, 5}, {5}},
		{{4, 1, 6}, {4, 1, 6}}, {{4, 1, 6}, {1, 6}}, {{2, 0, 3}, {2, 0, 3}}, {{33, 9}, {33, 9}}}
	mask := func(dt tensor.DType) []tensor.DType { return []tensor.DType{dt, tensor.Bool} }
	reds := []struct {
		name string
		fn   func(*tensor.Tensor, tensor.ReduceOptions, ...int) *tensor.Tensor
		init any
		tol  Tol
		deg  int
	}{
		{"SumWith", tensor.SumWith, 2, Accum, 1}, {"ProdWith", tensor.ProdWith, 2, Accum, 1},
		{"MaxWith", tensor.MaxWith, -1, Exact, 1}, {"MinWith", tensor.MinWith, 1, Exact, 1},
		{"MeanWith", tensor.MeanWith, nil, Accum, 1}, {"VarWith", tensor.VarWith, nil, Accum, 2},
		{"StdWith", tensor.StdWith, nil, Accum, 2},
	}
	var ops []Op
	for _, rd := range reds {
		for i, a := range axisArgs {
			shapes := pairs
			if i >= 2 {
				shapes = shapes[3:] // axis 0 and up: rank 1 and up
			}
			ops = append(ops, Op{Family: "reduce-options", Name: rd.name + "(" + a.name + ")", Shapes: shapes,
				In: mask, Tol: rd.tol, Deg: rd.deg,
				Fn: One(func(in []*tensor.Tensor) *tensor.Tensor {
					o := tensor.ReduceOptions{Where: in[1], Initial: rd.init}
					if rd.name == "VarWith" || rd.name == "StdWith" {
						o.Ddof = 1
					}
					return rd.fn(in[0], o, a.axes...)
				})})
		}
	}
	return ops
}
