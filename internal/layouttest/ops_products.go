package layouttest

import "github.com/gotensor/gotensor/tensor"

// ProductOps is the layout table of Einsum and the products: each runs on every view
// kind (transposed, negative-step, stepped, broadcast, offset, ...) of every dtype, and
// must give the answer it gives on contiguous copies.
func ProductOps() []Op {
	L := One
	two := func(f func(a, b *tensor.Tensor) *tensor.Tensor) func([]*tensor.Tensor) []*tensor.Tensor {
		return L(func(in []*tensor.Tensor) *tensor.Tensor { return f(in[0], in[1]) })
	}
	es := func(sub string, shapes ...[][]int) Op {
		return Op{Family: "einsum", Name: "Einsum(" + sub + ")", Shapes: shapes, Tol: Accum,
			Fn: L(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Einsum(sub, in...) })}
	}
	conv := func(name string, f func(a, v *tensor.Tensor, mode string) *tensor.Tensor, mode string) Op {
		return Op{Family: "convolve", Name: name + "(" + mode + ")", Tol: Accum,
			Shapes: [][][]int{{{7}, {3}}, {{3}, {5}}, {{1}, {1}}, {{6}, {6}}, {{40}, {7}}},
			Fn:     two(func(a, v *tensor.Tensor) *tensor.Tensor { return f(a, v, mode) })}
	}
	return []Op{
		es("ij,jk->ik", [][]int{{3, 4}, {4, 5}}, [][]int{{0, 3}, {3, 2}}, [][]int{{5, 1}, {1, 3}}, [][]int{{2, 0}, {0, 3}}),
		es("ik,jk", [][]int{{3, 4}, {5, 4}}),
		es("bij,bjk->bik", [][]int{{2, 3, 4}, {2, 4, 5}}, [][]int{{4, 1, 6}, {4, 6, 2}}),
		es("...ij,...jk", [][]int{{2, 3, 4}, {4, 5}}),
		es("ii->i", [][]int{{4, 4}}, [][]int{{0, 0}}),
		es("ii", [][]int{{5, 5}}),
		es("ij->j", [][]int{{3, 5}}, [][]int{{2, 0}}),
		es("ij->ji", [][]int{{3, 5}}),
		es("i,i", [][]int{{7}, {7}}, [][]int{{0}, {0}}),
		es("ij,ij->", [][]int{{3, 5}, {3, 5}}),
		es("ij,jk,k->i", [][]int{{3, 4}, {4, 5}, {5}}),
		es("", [][]int{{}}),
		es(",i->i", [][]int{{}, {4}}),
		{Family: "products", Name: "TensorDot(1)", Tol: Accum, Shapes: [][][]int{{{3, 4}, {4, 5}}, {{7}, {7}}, {{2, 0}, {0, 3}}},
			Fn: two(func(a, b *tensor.Tensor) *tensor.Tensor { return tensor.TensorDot(a, b, 1) })},
		{Family: "products", Name: "TensorDot(2)", Tol: Accum, Shapes: [][][]int{{{2, 3, 4}, {3, 4, 2}}, {{4, 1, 6}, {1, 6}}},
			Fn: two(func(a, b *tensor.Tensor) *tensor.Tensor { return tensor.TensorDot(a, b, 2) })},
		{Family: "products", Name: "TensorDotAxes", Tol: Accum, Shapes: [][][]int{{{3, 4, 2}, {4, 3}}},
			Fn: two(func(a, b *tensor.Tensor) *tensor.Tensor { return tensor.TensorDotAxes(a, b, []int{1, 0}, []int{0, -1}) })},
		{Family: "products", Name: "Inner", Tol: Accum, Shapes: [][][]int{{{3, 4}, {5, 4}}, {{7}, {7}}, {{}, {3}}, {{2, 0}, {3, 0}}},
			Fn: two(tensor.Inner)},
		{Family: "products", Name: "Kron", Shapes: [][][]int{{{2, 3}, {3, 2}}, {{0, 2}, {2}}, {{}, {3}}, {{4, 1, 6}, {2, 2}}},
			Fn: two(tensor.Kron)},
		{Family: "products", Name: "Cross", Shapes: [][][]int{{{4, 3}, {4, 3}}, {{3}, {3}}, {{2}, {2}}, {{5, 2}, {3}}, {{0, 3}, {3}}},
			DTypes: []tensor.DType{tensor.Uint8, tensor.Int32, tensor.Int64, tensor.Float32, tensor.Float64}, Fn: two(func(a, b *tensor.Tensor) *tensor.Tensor {
				return tensor.Cross(a, b)
			})},
		{Family: "products", Name: "Cross(0)", Shapes: [][][]int{{{3, 4}, {3, 4}}, {{3, 5}, {2, 5}}},
			DTypes: FloatDTypes, Fn: two(func(a, b *tensor.Tensor) *tensor.Tensor { return tensor.Cross(a, b, 0) })},
		conv("Convolve", tensor.Convolve, "full"),
		conv("Convolve", tensor.Convolve, "same"),
		conv("Convolve", tensor.Convolve, "valid"),
		conv("Correlate", tensor.Correlate, "full"),
		conv("Correlate", tensor.Correlate, "same"),
		conv("Correlate", tensor.Correlate, "valid"),
	}
}
