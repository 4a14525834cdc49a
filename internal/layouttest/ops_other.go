package layouttest

import (
	"github.com/gotensor/gotensor/tensor"
)

// reduceShapes: 0-d, empty, size 1, odd lengths, unit and empty middle dimensions, a
// wide row for the SIMD loops; the last is large.
var reduceShapes = [][][]int{{{}}, {{0}}, {{1}}, {{7}}, {{3, 5}}, {{4, 1, 6}}, {{2, 0, 3}}, {{33, 9}}, {{3, 37, 5}}, {{2, 16500}}}

// axisArgs are the axis arguments each reduction runs with, by name.
var axisArgs = []struct {
	name string
	axes []int
}{{"", nil}, {"-1,keep", []int{-1, tensor.KeepDims}}, {"0", []int{0}}, {"0,2", []int{0, 2}}, {"1", []int{1}}}

// ReductionOps are the reductions over every axis argument, scans, sorting and unique.
func ReductionOps() []Op {
	type red struct {
		name string
		fn   func(*tensor.Tensor, ...int) *tensor.Tensor
		tol  Tol
		deg  int
	}
	reds := []red{
		{"Sum", tensor.Sum, Accum, 1}, {"Mean", tensor.Mean, Accum, 1}, {"Prod", tensor.Prod, Accum, 1},
		{"Max", tensor.Max, Exact, 1}, {"Min", tensor.Min, Exact, 1}, {"All", tensor.All, Exact, 1},
		{"Any", tensor.Any, Exact, 1}, {"Var", tensor.Var, Accum, 2}, {"Std", tensor.Std, Accum, 2},
		{"StdDdof1", func(x *tensor.Tensor, a ...int) *tensor.Tensor { return tensor.StdDdof(x, 1, a...) }, Accum, 2},
		{"Median", tensor.Median, Exact, 1},
	}
	var ops []Op
	for _, rd := range reds {
		for i, a := range axisArgs {
			shapes := reduceShapes
			if i >= 2 {
				shapes = shapes[:len(shapes)-1] // the large shape with the first two only
			}
			ops = append(ops, Op{Family: "reduce", Name: rd.name + "(" + a.name + ")", Shapes: shapes, Tol: rd.tol, Deg: rd.deg,
				Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return rd.fn(in[0], a.axes...) })})
		}
	}
	for _, a := range []struct {
		name string
		fn   func(*tensor.Tensor, ...int) *tensor.Tensor
	}{{"ArgMax", tensor.ArgMax}, {"ArgMin", tensor.ArgMin}} {
		for _, ax := range [][]int{nil, {0}, {-1}, {1, tensor.KeepDims}, {tensor.KeepDims}} {
			ops = append(ops, Op{Family: "reduce", Name: a.name + axName(ax), Shapes: reduceShapes,
				Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return a.fn(in[0], ax...) })})
		}
	}
	for _, s := range []struct {
		name string
		fn   func(*tensor.Tensor, ...int) *tensor.Tensor
		tol  Tol
	}{{"CumSum", tensor.CumSum, Accum}, {"CumProd", tensor.CumProd, Assoc}, {"Sort", tensor.Sort, Exact}, {"ArgSort", tensor.ArgSort, Exact}} {
		fam := "scan"
		if s.name == "Sort" || s.name == "ArgSort" {
			fam = "sort"
		}
		for _, ax := range [][]int{nil, {0}, {-1}, {1}} {
			ops = append(ops, Op{Family: fam, Name: s.name + axName(ax), Shapes: reduceShapes, Tol: s.tol,
				Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return s.fn(in[0], ax...) })})
		}
	}
	ops = append(ops,
		Op{Family: "sort", Name: "Unique", Shapes: reduceShapes, Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Unique(in[0]) })},
		Op{Family: "sort", Name: "UniqueCounts", Shapes: reduceShapes, Fn: func(in []*tensor.Tensor) []*tensor.Tensor {
			v, c := tensor.UniqueCounts(in[0])
			return []*tensor.Tensor{v, c}
		}},
	)
	return ops
}

func axName(ax []int) string {
	s := "("
	for i, a := range ax {
		if i > 0 {
			s += ","
		}
		if a == tensor.KeepDims {
			s += "keep"
		} else {
			s += itoa(a)
		}
	}
	return s + ")"
}

func itoa(a int) string {
	if a < 0 {
		return "-" + itoa(-a)
	}
	if a < 10 {
		return string(rune('0' + a))
	}
	return itoa(a/10) + itoa(a%10)
}

// matShapes are operand pairs for MatMul: matrix, batched, vector on either side, empty
// inner and outer dimensions, and a size past the blocked GEMM's tiles.
var matShapes = [][][]int{
	{{3, 5}, {5, 4}}, {{2, 3, 5}, {5, 4}}, {{2, 3, 4}, {2, 4, 3}}, {{5}, {5, 4}}, {{3, 5}, {5}}, {{5}, {5}},
	{{1, 1}, {1, 7}}, {{0, 5}, {5, 3}}, {{3, 0}, {0, 4}}, {{33, 17}, {17, 9}}, {{70, 65}, {65, 70}},
}

// idx fills index inputs with values in [-n, n) for axis size n of input 0's dimension dim.
func idx(dim int) Fill {
	return IntRange(func(s [][]int) (int, int) {
		if dim >= len(s[0]) {
			return 0, 0
		}
		return -s[0][dim], s[0][dim]
	})
}

func labels(classes int) Fill { return IntRange(func([][]int) (int, int) { return 0, classes }) }

// OtherOps are matmul, indexing, joins, ML helpers and the view and copy ops.
func OtherOps() []Op {
	int64In := func(n int) func(tensor.DType) []tensor.DType {
		return func(dt tensor.DType) []tensor.DType {
			out := []tensor.DType{dt}
			for range n {
				out = append(out, tensor.Int64)
			}
			return out
		}
	}
	withBool := func(dt tensor.DType) []tensor.DType { return []tensor.DType{dt, tensor.Bool} }
	two := func(f func(a, b *tensor.Tensor) *tensor.Tensor) func([]*tensor.Tensor) []*tensor.Tensor {
		return One(func(in []*tensor.Tensor) *tensor.Tensor { return f(in[0], in[1]) })
	}
	one := func(f func(a *tensor.Tensor) *tensor.Tensor) func([]*tensor.Tensor) []*tensor.Tensor {
		return One(func(in []*tensor.Tensor) *tensor.Tensor { return f(in[0]) })
	}
	mats := [][][]int{{{3, 5}}, {{4, 1, 6}}, {{2, 0, 3}}, {{7}}, {{33, 9}}}
	ops := []Op{
		{Family: "matmul", Name: "MatMul", Shapes: matShapes, Tol: Accum, Fn: two(tensor.MatMul)},
		{Family: "matmul", Name: "Dot", Shapes: matShapes, Tol: Accum, Fn: two(tensor.Dot)},
		{Family: "matmul", Name: "Outer", Shapes: [][][]int{{{5}, {4}}, {{0}, {3}}, {{1}, {33}}}, Tol: Accum, Fn: two(tensor.Outer)},

		{Family: "index", Name: "Take", Shapes: [][][]int{{{5, 3}, {4}}, {{7}, {2, 3}}, {{2, 0, 3}, {2}}, {{33, 9}, {40}}},
			In: int64In(1), Fill: []Fill{nil, IntRange(func(s [][]int) (int, int) { n := prod(s[0]); return -n, n })},
			Fn: two(func(x, i *tensor.Tensor) *tensor.Tensor { return tensor.Take(x, i) })},
		{Family: "index", Name: "Take(0)", Shapes: [][][]int{{{5, 3}, {4}}, {{7}, {2, 3}}, {{4, 1, 6}, {3, 2}}, {{33, 9}, {40}}},
			In: int64In(1), Fill: []Fill{nil, idx(0)}, Fn: two(func(x, i *tensor.Tensor) *tensor.Tensor { return tensor.Take(x, i, 0) })},
		{Family: "index", Name: "Take(-1)", Shapes: [][][]int{{{5, 3}, {4}}, {{4, 1, 6}, {3, 2}}, {{33, 9}, {40}}},
			In: int64In(1), Fill: []Fill{nil, IntRange(func(s [][]int) (int, int) { n := s[0][len(s[0])-1]; return -n, n })},
			Fn: two(func(x, i *tensor.Tensor) *tensor.Tensor { return tensor.Take(x, i, -1) })},
		{Family: "index", Name: "IndexArrays", Shapes: [][][]int{{{5, 3}, {4}, {4}}, {{4, 5, 2}, {3, 1}, {2}}, {{6, 7}, {}, {3}}},
			In: int64In(2), Fill: []Fill{nil, idx(0), idx(1)},
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.IndexArrays(in[0], in[1], in[2]) })},
		{Family: "index", Name: "IndexArrays one", Shapes: [][][]int{{{5, 3}, {4}}, {{4, 5, 2}, {3, 2}}, {{7}, {}}},
			In: int64In(1), Fill: []Fill{nil, idx(0)},
			Fn: two(func(x, i *tensor.Tensor) *tensor.Tensor { return tensor.IndexArrays(x, i) })},
		{Family: "index", Name: "MaskSelect", Shapes: [][][]int{{{5, 3}, {5, 3}}, {{5, 3}, {5}}, {{7}, {7}}, {{2, 0, 3}, {2, 0}}, {{}, {}}, {{33, 9}, {33, 9}}},
			In: withBool, Fn: two(tensor.MaskSelect)},
		{Family: "index", Name: "MaskAssign scalar", Shapes: [][][]int{{{5, 3}, {5, 3}}, {{5, 3}, {5}}, {{7}, {7}}, {{2, 0, 3}, {2, 0}}},
			In: withBool, Writes: true, Fn: two(func(x, m *tensor.Tensor) *tensor.Tensor { return tensor.MaskAssign(x, m, 3) })},
		{Family: "index", Name: "MaskAssign row", Shapes: [][][]int{{{5, 3}, {5}, {3}}, {{4, 1, 6}, {4}, {1, 6}}},
			In: func(dt tensor.DType) []tensor.DType { return []tensor.DType{dt, tensor.Bool, dt} }, Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.MaskAssign(in[0], in[1], in[2]) })},
		{Family: "index", Name: "MaskAssign self", Shapes: [][][]int{{{5, 3}, {5, 3}}, {{7}, {7}}},
			In: withBool, Writes: true,
			Fn: two(func(x, m *tensor.Tensor) *tensor.Tensor {
				return tensor.MaskAssign(x, m, tensor.MaskSelect(x.Flip(), m))
			})},
		{Family: "index", Name: "NonZero", Shapes: reduceShapes[:9], Fn: func(in []*tensor.Tensor) []*tensor.Tensor { return tensor.NonZero(in[0]) }},
		{Family: "index", Name: "SetSlice scalar", Shapes: [][][]int{{{5, 3}}, {{7}}, {{4, 1, 6}}}, Writes: true,
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.SetSlice(2.5, tensor.S(1, tensor.None, 2)) })},
		{Family: "index", Name: "SetSlice tensor", Shapes: [][][]int{{{5, 3}, {3}}, {{5, 3}, {2, 3}}, {{7}, {1}}}, Writes: true,
			Fn: two(func(x, v *tensor.Tensor) *tensor.Tensor { return x.SetSlice(v, tensor.S(-1, 0, -2)) })},
		{Family: "index", Name: "SetSlice self", Shapes: [][][]int{{{5, 3}}, {{7}}, {{4, 1, 6}}}, Writes: true,
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor {
				return x.SetSlice(x.Slice(tensor.S(tensor.None, 3)), tensor.S(1, 4))
			})},
		{Family: "index", Name: "OneHot", Shapes: [][][]int{{{5}}, {{2, 3}}, {{0}}}, DTypes: []tensor.DType{tensor.Int32, tensor.Int64},
			Fill: []Fill{labels(4)}, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return tensor.OneHot(x, 4) })},

		{Family: "join", Name: "Concatenate(0)", Shapes: [][][]int{{{3, 4}, {2, 4}}, {{7}, {0}}, {{2, 0, 3}, {1, 0, 3}}},
			Fn: two(func(a, b *tensor.Tensor) *tensor.Tensor { return tensor.Concatenate([]*tensor.Tensor{a, b}, 0) })},
		{Family: "join", Name: "Concatenate(-1)", Shapes: [][][]int{{{3, 4}, {3, 2}}, {{4, 1, 6}, {4, 1, 1}}},
			Fn: two(func(a, b *tensor.Tensor) *tensor.Tensor { return tensor.Concatenate([]*tensor.Tensor{a, b, a}, -1) })},
		{Family: "join", Name: "Stack(0)", Shapes: [][][]int{{{3, 4}, {3, 4}}, {{}, {}}, {{2, 0}, {2, 0}}},
			Fn: two(func(a, b *tensor.Tensor) *tensor.Tensor { return tensor.Stack([]*tensor.Tensor{a, b}, 0) })},
		{Family: "join", Name: "Stack(-1)", Shapes: [][][]int{{{3, 4}, {3, 4}}, {{7}, {7}}},
			Fn: two(func(a, b *tensor.Tensor) *tensor.Tensor { return tensor.Stack([]*tensor.Tensor{a, b}, -1) })},
		{Family: "join", Name: "HStack", Shapes: [][][]int{{{3, 4}, {3, 2}}, {{7}, {2}}},
			Fn: two(func(a, b *tensor.Tensor) *tensor.Tensor { return tensor.HStack([]*tensor.Tensor{a, b}) })},
		{Family: "join", Name: "VStack", Shapes: [][][]int{{{3, 4}, {2, 4}}, {{7}, {7}}},
			Fn: two(func(a, b *tensor.Tensor) *tensor.Tensor { return tensor.VStack([]*tensor.Tensor{a, b}) })},
		{Family: "join", Name: "Split", Shapes: [][][]int{{{6, 4}}, {{3, 6}}},
			Fn: func(in []*tensor.Tensor) []*tensor.Tensor { return contiguous(tensor.Split(in[0], 3, -1)) }},
		{Family: "join", Name: "Tile", Shapes: mats, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Tile(2, 1, 3) })},
		{Family: "join", Name: "Repeat", Shapes: mats, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Repeat(2, 0) })},
		{Family: "join", Name: "RepeatFlat", Shapes: mats, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Repeat(3) })},
		{Family: "join", Name: "RepeatEach", Shapes: [][][]int{{{3, 5}}, {{3, 1}}},
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return tensor.RepeatEach(x, []int{2, 0, 1}, 0) })},

		{Family: "ml", Name: "Softmax(-1)", Shapes: mats, DTypes: FloatDTypes, Tol: Accum, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return tensor.Softmax(x, -1) })},
		{Family: "ml", Name: "Softmax(0)", Shapes: mats, DTypes: FloatDTypes, Tol: Accum, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return tensor.Softmax(x, 0) })},
		{Family: "ml", Name: "LogSoftmax(-1)", Shapes: mats, DTypes: FloatDTypes, Tol: Accum, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return tensor.LogSoftmax(x, -1) })},
		{Family: "ml", Name: "LogSoftmax(0)", Shapes: mats, DTypes: FloatDTypes, Tol: Accum, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return tensor.LogSoftmax(x, 0) })},
		{Family: "ml", Name: "CrossEntropy", Shapes: [][][]int{{{4, 5}, {4}}, {{1, 5}, {1}}, {{2, 3, 5}, {2, 3}}, {{33, 9}, {33}}}, DTypes: FloatDTypes, Tol: Accum,
			In: int64In(1), Fill: []Fill{nil, labels(5)}, Fn: two(tensor.CrossEntropy)},
		{Family: "ml", Name: "MSE", Shapes: [][][]int{{{4, 5}, {4, 5}}, {{7}, {7}}}, Tol: Accum, Fn: two(tensor.MSE)},
		{Family: "ml", Name: "MAE", Shapes: [][][]int{{{4, 5}, {4, 5}}, {{7}, {7}}}, Tol: Accum, Fn: two(tensor.MAE)},
		{Family: "ml", Name: "RMSE", Shapes: [][][]int{{{4, 5}, {4, 5}}, {{7}, {7}}}, Tol: Accum, Fn: two(tensor.RMSE)},
		{Family: "ml", Name: "Accuracy", Shapes: [][][]int{{{4, 5}, {4, 5}}, {{7}, {7}}}, Tol: Accum, Fn: two(tensor.Accuracy)},
		{Family: "ml", Name: "Normalize", Shapes: mats, DTypes: FloatDTypes, Tol: Accum, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return tensor.Normalize(x, -1) })},
		// Not on broadcast views: a column of equal values has standard deviation 0, and
		// whether x - mean is 0 (NaN) or a rounding error (±Inf) depends on summation order.
		{Family: "ml", Name: "Standardize", Shapes: mats, DTypes: FloatDTypes, Tol: Accum, Deg: 2, Skip: []string{"bcast-inner", "bcast-outer"}, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return tensor.Standardize(x, 0) })},
		{Family: "ml", Name: "IsClose", Shapes: binaryShapes[:11], Fn: two(func(a, b *tensor.Tensor) *tensor.Tensor { return tensor.IsClose(a, b, 1e-3, 1, true) })},

		{Family: "view", Name: "Copy", Shapes: unaryShapes, Fn: one((*tensor.Tensor).Copy)},
		{Family: "view", Name: "Contiguous", Shapes: unaryShapes, Fn: one((*tensor.Tensor).Contiguous)},
		{Family: "view", Name: "Flatten", Shapes: unaryShapes, Fn: one((*tensor.Tensor).Flatten)},
		{Family: "view", Name: "Ravel", Shapes: unaryShapes, Fn: one((*tensor.Tensor).Ravel)},
		{Family: "view", Name: "Reshape", Shapes: [][][]int{{{3, 4}}, {{2, 6}}, {{4, 1, 6}}, {{0, 4}}},
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Reshape(2, -1, 2) })},
		{Family: "view", Name: "T", Shapes: unaryShapes, Fn: one((*tensor.Tensor).T)},
		{Family: "view", Name: "Flip", Shapes: unaryShapes, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Flip() })},
		{Family: "view", Name: "Slice", Shapes: [][][]int{{{5, 3}}, {{7}}, {{4, 1, 6}}},
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor {
				return x.Slice(tensor.S(-1, tensor.None, -2), tensor.NewAxis, tensor.Ellipsis)
			})},
		{Family: "view", Name: "Squeeze+ExpandDims", Shapes: unaryShapes, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Squeeze().ExpandDims(0) })},
		{Family: "view", Name: "BroadcastTo", Shapes: [][][]int{{{3, 1}}, {{1}}, {{}}, {{5}}},
			Fn: one(func(x *tensor.Tensor) *tensor.Tensor {
				return x.BroadcastTo(append([]int{2, 3}, x.Shape()[max(0, x.NDim()-1):]...)...)
			})},
		{Family: "view", Name: "Data", Shapes: unaryShapes, Fn: one(dataOf)},
		{Family: "view", Name: "At", Shapes: unaryShapes[:10], Fn: one(atAll)},
		{Family: "view", Name: "SetAt", Shapes: unaryShapes[:10], Writes: true, Fn: one(func(x *tensor.Tensor) *tensor.Tensor {
			if x.Size() > 0 {
				idx := x.Shape()
				for k := range idx {
					idx[k] = -1 - idx[k]/2
				}
				x.SetAt(7, idx...)
			}
			return x
		})},
		{Family: "view", Name: "ArrayEqual", Shapes: binaryShapes[:11], Fn: two(func(a, b *tensor.Tensor) *tensor.Tensor {
			return tensor.Scalar(tensor.ArrayEqual(a, a) && !tensor.ArrayEqual(a, b) || a.Size() == 0)
		})},
		{Family: "view", Name: "AllClose", Shapes: binaryShapes[:11], Fn: two(func(a, b *tensor.Tensor) *tensor.Tensor {
			return tensor.Scalar(tensor.AllClose(a, b, 0.5, 2))
		})},
		{Family: "view", Name: "Fill", Shapes: unaryShapes[:10], Writes: true, Fn: one(func(x *tensor.Tensor) *tensor.Tensor { return x.Fill(-2) })},
	}
	return ops
}

// contiguous copies a list of views (Split's pieces share their input's storage).
func contiguous(ts []*tensor.Tensor) []*tensor.Tensor {
	for i, t := range ts {
		ts[i] = t.Copy()
	}
	return ts
}

// dataOf reads a contiguous host tensor through Data (shared) into a new tensor; other
// tensors are copied.
func dataOf(x *tensor.Tensor) *tensor.Tensor {
	if !x.Device().IsHost() || !x.IsContiguous() || x.ReadOnly() {
		return x.Copy()
	}
	shape := x.Shape()
	switch d := x.Data().(type) {
	case []float32:
		return tensor.FromSlice(append([]float32{}, d...), shape...)
	case []float64:
		return tensor.FromSlice(append([]float64{}, d...), shape...)
	case []int32:
		return tensor.FromSlice(append([]int32{}, d...), shape...)
	case []int64:
		return tensor.FromSlice(append([]int64{}, d...), shape...)
	case []uint8:
		return tensor.FromSlice(append([]uint8{}, d...), shape...)
	case []bool:
		return tensor.FromSlice(append([]bool{}, d...), shape...)
	}
	panic("layouttest: Data returned an unknown slice type")
}

// atAll reads every element of x with At (IntAt for integers) into a new tensor.
func atAll(x *tensor.Tensor) *tensor.Tensor {
	shape := x.Shape()
	out := make([]float64, 0, prod(shape))
	idx := make([]int, len(shape))
	for n := 0; n < prod(shape); n++ {
		if x.DType().IsInt() {
			out = append(out, float64(x.IntAt(idx...)))
		} else {
			out = append(out, x.At(idx...))
		}
		for k := len(idx) - 1; k >= 0; k-- {
			if idx[k]++; idx[k] < shape[k] {
				break
			}
			idx[k] = 0
		}
	}
	return tensor.FromSlice(out, shape...).To(x.Device())
}
