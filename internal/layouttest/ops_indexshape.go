package layouttest

import (
	"github.com/gotensor/gotensor/tensor"
)

// smallShapes are unaryShapes without the large one.
var smallShapes = unaryShapes[:len(unaryShapes)-1]

// IndexShapeOps are the indexing and shape functions of tensor/index_adv.go,
// index_more.go, shape_more.go and shape_diag.go: advanced indexing through Slice and
// SetSlice, Put, TakeAlongAxis, PutAlongAxis, ArgWhere, FlatNonZero, and the views,
// joins, diagonals, triangles, rolls, rotations and pads.
func IndexShapeOps() []Op {
	const self = tensor.DType(255) // the case's dtype
	withInts := func(kinds ...tensor.DType) func(tensor.DType) []tensor.DType {
		return func(dt tensor.DType) []tensor.DType {
			out := []tensor.DType{dt}
			for _, k := range kinds {
				if k == self {
					k = dt
				}
				out = append(out, k)
			}
			return out
		}
	}
	one := func(f func(x *tensor.Tensor) *tensor.Tensor) func([]*tensor.Tensor) []*tensor.Tensor {
		return One(func(in []*tensor.Tensor) *tensor.Tensor { return f(in[0]) })
	}
	wide := IntRange(func(s [][]int) (int, int) { n := prod(s[0]); return -3 * n, 3 * n })
	flat := IntRange(func(s [][]int) (int, int) { n := prod(s[0]); return -n, n })
	const ix = tensor.Int64
	ops := []Op{
		{Family: "indexing", Name: "Slice(:, mask)", Shapes: [][][]int{{{5, 3}, {3}}, {{4, 1, 6}, {1}}, {{2, 0, 3}, {0}}, {{3, 2, 7}, {2, 7}}},
			In: withInts(tensor.Bool), Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Slice(tensor.S(), in[1]) })},
		{Family: "indexing", Name: "Slice(None, mask, ::-1)", Shapes: [][][]int{{{5, 3}, {5}}, {{7, 2}, {7}}, {{4, 1, 6}, {4, 1}}},
			In: withInts(tensor.Bool), Fn: One(func(in []*tensor.Tensor) *tensor.Tensor {
				return in[0].Slice(tensor.NewAxis, in[1], tensor.S(tensor.None, tensor.None, -1))
			})},
		{Family: "indexing", Name: "Slice(idx, :, idx)", Shapes: [][][]int{{{4, 1, 6}, {3}, {3}}, {{5, 3, 2}, {2, 1}, {4}}},
			In: withInts(ix, ix), Fill: []Fill{nil, idx(0), idx(2)},
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Slice(in[1], tensor.S(), in[2]) })},
		{Family: "indexing", Name: "Slice(1, :, idx)", Shapes: [][][]int{{{4, 1, 6}, {3}}, {{5, 3, 2}, {2, 2}}},
			In: withInts(ix), Fill: []Fill{nil, idx(2)},
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Slice(1, tensor.S(), in[1]) })},
		{Family: "indexing", Name: "Slice(:, idx)", Shapes: [][][]int{{{5, 3}, {4}}, {{4, 1, 6}, {2, 3}}, {{33, 9}, {40}}},
			In: withInts(ix), Fill: []Fill{nil, idx(1)},
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Slice(tensor.S(), in[1]) })},
		{Family: "indexing", Name: "SetSlice(idx) tensor", Shapes: [][][]int{{{5, 3}, {4}, {4, 3}}, {{7}, {9}, {9}}, {{4, 1, 6}, {2, 2}, {6}}},
			In: withInts(ix, self), Fill: []Fill{nil, idx(0)}, Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].SetSlice(in[2], in[1]) })},
		{Family: "indexing", Name: "SetSlice(:, mask) scalar", Shapes: [][][]int{{{5, 3}, {3}}, {{4, 1, 6}, {1, 6}}, {{2, 0, 3}, {0}}},
			In: withInts(tensor.Bool), Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].SetSlice(1, tensor.S(), in[1]) })},
		{Family: "indexing", Name: "Put(wrap)", Shapes: [][][]int{{{5, 3}, {7}, {7}}, {{4, 1, 6}, {10}, {3}}, {{7}, {0}, {1}}, {{}, {3}, {3}}},
			In: withInts(ix, self), Fill: []Fill{nil, wide}, Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Put(in[1], in[2], "wrap") })},
		{Family: "indexing", Name: "Put(raise)", Shapes: [][][]int{{{5, 3}, {2, 4}, {8}}, {{33, 9}, {50}, {50}}},
			In: withInts(ix, self), Fill: []Fill{nil, flat}, Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Put(in[1], in[2]) })},
		{Family: "indexing", Name: "TakeAlongAxis(1)", Shapes: [][][]int{{{5, 3}, {5, 4}}, {{4, 1, 6}, {4, 3, 6}}, {{5, 3}, {1, 2}}},
			In: withInts(ix), Fill: []Fill{nil, idx(1)},
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].TakeAlongAxis(in[1], 1) })},
		{Family: "indexing", Name: "TakeAlongAxis(flat)", Shapes: [][][]int{{{5, 3}, {7}}, {{4, 1, 6}, {3}}},
			In: withInts(ix), Fill: []Fill{nil, flat},
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].TakeAlongAxis(in[1]) })},
		{Family: "indexing", Name: "PutAlongAxis(0)", Shapes: [][][]int{{{5, 3}, {2, 3}, {2, 3}}, {{4, 1, 6}, {1, 1, 6}, {6}}},
			In: withInts(ix, self), Fill: []Fill{nil, idx(0)}, Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].PutAlongAxis(in[1], in[2], 0) })},
		{Family: "indexing", Name: "ArgWhere", Shapes: reduceShapes[:9], Fn: one(tensor.ArgWhere)},
		{Family: "indexing", Name: "FlatNonZero", Shapes: reduceShapes[:9], Fn: one(tensor.FlatNonZero)},

		{Family: "shape", Name: "AtLeast3D", Shapes: smallShapes, Fn: one(tensor.AtLeast3D)},
		{Family: "shape", Name: "ExpandDims(0,-1)", Shapes: smallShapes, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.ExpandDims(0, -1) })},
		{Family: "shape", Name: "MoveAxis(0,-1)", Shapes: smallShapes, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return tensor.MoveAxis(x, 0, -1) })},
		{Family: "shape", Name: "ArraySplit(3,0)", Shapes: [][][]int{{{7}}, {{2, 5}}, {{0, 3}}, {{4, 1, 6}}},
			Fn: func(in []*tensor.Tensor) []*tensor.Tensor { return contiguous(tensor.ArraySplit(in[0], 3, 0)) }},
		{Family: "shape", Name: "BroadcastArrays", Shapes: binaryShapes[:11],
			Fn: func(in []*tensor.Tensor) []*tensor.Tensor { return tensor.BroadcastArrays(in...) }},
		{Family: "shape", Name: "Meshgrid", Shapes: [][][]int{{{3}, {4}}, {{2, 2}, {}, {3}}, {{0}, {5}}},
			Fn: func(in []*tensor.Tensor) []*tensor.Tensor { return tensor.Meshgrid(in...) }},
		{Family: "shape", Name: "MeshgridIJ", Shapes: [][][]int{{{3}, {4}}, {{2, 2}, {}, {3}}},
			Fn: func(in []*tensor.Tensor) []*tensor.Tensor { return tensor.MeshgridIJ(in...) }},
		{Family: "shape", Name: "Concatenate(None)", Shapes: [][][]int{{{3, 5}, {4}}, {{}, {2, 0}}, {{4, 1, 6}, {7}}},
			Fn: func(in []*tensor.Tensor) []*tensor.Tensor {
				return []*tensor.Tensor{tensor.Concatenate(in, tensor.None)}
			}},
		{Family: "shape", Name: "Diagonal(1)", Shapes: [][][]int{{{3, 5}}, {{5, 3}}, {{4, 1, 6}}, {{2, 0, 3}}, {{33, 9}}},
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Diagonal(1) })},
		{Family: "shape", Name: "Diagonal(-1,2,0)", Shapes: [][][]int{{{4, 1, 6}}, {{3, 5, 4}}},
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Diagonal(-1, 2, 0) })},
		{Family: "shape", Name: "Trace", Shapes: [][][]int{{{3, 5}}, {{4, 1, 6}}, {{2, 0, 3}}, {{33, 9}}}, Tol: Accum,
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Trace(0) })},
		{Family: "shape", Name: "Diag(-1)", Shapes: [][][]int{{{7}}, {{0}}, {{3, 5}}, {{1, 6}}},
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Diag(-1) })},
		{Family: "shape", Name: "Triu(1)", Shapes: [][][]int{{{7}}, {{3, 5}}, {{4, 1, 6}}, {{2, 0, 3}}, {{33, 9}}},
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Triu(1) })},
		{Family: "shape", Name: "Tril(-1)", Shapes: [][][]int{{{7}}, {{3, 5}}, {{4, 1, 6}}, {{33, 9}}},
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Tril(-1) })},
		{Family: "shape", Name: "Roll(flat)", Shapes: smallShapes, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Roll(3) })},
		{Family: "shape", Name: "Roll(0,-1)", Shapes: [][][]int{{{7}}, {{3, 5}}, {{4, 1, 6}}, {{2, 0, 3}}},
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Roll(-2, 0, -1) })},
		{Family: "shape", Name: "Rot90(1)", Shapes: [][][]int{{{3, 5}}, {{4, 1, 6}}, {{2, 0, 3}}},
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Rot90(1) })},
		{Family: "shape", Name: "Rot90(3,2,-3)", Shapes: [][][]int{{{4, 1, 6}}, {{3, 5, 2}}},
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Rot90(3, 2, -3) })},
	}
	for _, mode := range []string{"constant", "edge", "reflect", "symmetric", "wrap"} {
		ops = append(ops, Op{Family: "shape", Name: "Pad(" + mode + ")", Shapes: [][][]int{{{7}}, {{3, 5}}, {{4, 1, 6}}, {{1, 6}}},
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Pad([][2]int{{2, 7}}, mode) })})
	}
	return ops
}
