package interop

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/gotensor/gotensor/tensor"
)

// FromMat returns a 2-D float64 CPU tensor with m's shape and values.
//
// It shares m's memory (writes through either show in the other) for:
//   - *mat.Dense: a matrix from NewDense (Stride == Cols) and views from Slice (Stride >
//     Cols), except some views that start after column 0 and include their parent's last
//     row (such as columns 1:4 of a 4×5 matrix), which are copied: the package
//     documentation gives the rule;
//   - *mat.VecDense, as an n×1 column, also with Inc > 1 (ColView, SliceVec);
//   - an implicit transpose (m.T(), mat.Transpose, mat.TransposeVec) of one of those, as
//     the transposed view of the shared tensor.
//
// Every other mat.Matrix (SymDense, TriDense, BandDense, ...) is copied element by element
// with At. An empty *mat.Dense (the zero value) gives a tensor of shape (0, 0).
func FromMat(m mat.Matrix) *tensor.Tensor {
	switch v := m.(type) {
	case *mat.Dense:
		if v.IsEmpty() {
			return tensor.Zeros(tensor.Float64, 0, 0)
		}
		raw := v.RawMatrix()
		shape, strides := []int{raw.Rows, raw.Cols}, []int{raw.Stride, 1}
		if t := viewTensor(raw.Data, shape, strides, 0); t != nil {
			return t
		}
		return tensor.FromSlice(gather(raw.Data, shape, strides, 0, same[float64]), shape...)
	case *mat.VecDense:
		return FromVec(v).ExpandDims(1)
	case mat.Untransposer:
		return FromMat(v.Untranspose()).T()
	}
	r, c := m.Dims()
	out := make([]float64, r*c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			out[i*c+j] = m.At(i, j)
		}
	}
	return tensor.FromSlice(out, r, c)
}

// FromVec returns a 1-D float64 CPU tensor with v's values. A *mat.VecDense is shared
// (writes through either show in the other), whatever its Inc; any other mat.Vector is
// copied with AtVec. An empty *mat.VecDense gives a tensor of shape (0,).
func FromVec(v mat.Vector) *tensor.Tensor {
	if vd, ok := v.(*mat.VecDense); ok {
		if vd.IsEmpty() {
			return tensor.Zeros(tensor.Float64, 0)
		}
		raw := vd.RawVector()
		shape, strides := []int{raw.N}, []int{raw.Inc}
		if raw.Inc > 0 && inBounds(len(raw.Data), shape, strides, 0) {
			if t := viewTensor(raw.Data, shape, strides, 0); t != nil {
				return t
			}
		}
	}
	out := make([]float64, v.Len())
	for i := range out {
		out[i] = v.AtVec(i)
	}
	return tensor.FromSlice(out)
}

// ToMat returns a *mat.Dense with the values of the 2-D tensor t.
//
// It shares t's memory when t is a writable float64 tensor in host memory whose rows are
// unit-stride runs at a positive row stride at least the number of columns: a
// C-contiguous matrix, a row or column range of one (t.Slice(S(1, 3), S(0, 2))), or rows
// taken with a step. Other layouts (transposes, column steps, negative strides, broadcast
// views), other dtypes (float32 and the integer and bool dtypes, converted as AsType does)
// and tensors on another device are copied.
//
// gonum has no matrix with a zero dimension: a (0, 0) tensor gives the empty *mat.Dense,
// and a (0, n) or (n, 0) tensor panics with a *tensor.Error of kind Shape, as does a
// tensor that is not 2-D.
func ToMat(t *tensor.Tensor) *mat.Dense {
	const op = "ToMat"
	if t.NDim() != 2 {
		fail(tensor.Shape, op, "a *mat.Dense needs a 2-D tensor, got shape %s: Reshape it first", tensor.ShapeString(t.Shape()))
	}
	r, c := t.Dim(0), t.Dim(1)
	if r == 0 || c == 0 {
		if r == 0 && c == 0 {
			return &mat.Dense{}
		}
		fail(tensor.Shape, op, "gonum matrices cannot have a zero dimension, got shape %s", tensor.ShapeString(t.Shape()))
	}
	if base, st, off, ok := hostView[float64](t); ok {
		rs, cs := st[0], st[1]
		if r == 1 {
			rs = c
		}
		if c == 1 {
			cs = 1
		}
		if cs == 1 && rs >= c {
			end := off + (r-1)*rs + c
			var m mat.Dense
			m.SetRawMatrix(blas64.General{Rows: r, Cols: c, Stride: rs, Data: base[off:end:end]})
			return &m
		}
	}
	return mat.NewDense(r, c, tensor.ToSlice[float64](t))
}

// ToVec returns a *mat.VecDense with the values of the 1-D tensor t. It shares t's
// memory when t is a writable float64 tensor in host memory with a positive stride (Inc
// is the stride: t.Slice(S(None, None, 2)) shares); other layouts, dtypes (converted as
// AsType does) and devices are copied. A tensor of shape (0,) gives the empty
// *mat.VecDense; one that is not 1-D panics with a *tensor.Error of kind Shape.
func ToVec(t *tensor.Tensor) *mat.VecDense {
	const op = "ToVec"
	if t.NDim() != 1 {
		fail(tensor.Shape, op, "a *mat.VecDense needs a 1-D tensor, got shape %s: Ravel it first", tensor.ShapeString(t.Shape()))
	}
	n := t.Dim(0)
	if n == 0 {
		return &mat.VecDense{}
	}
	if base, st, off, ok := hostView[float64](t); ok {
		inc := st[0]
		if n == 1 {
			inc = 1
		}
		if inc > 0 {
			end := off + (n-1)*inc + 1
			var v mat.VecDense
			v.SetRawVector(blas64.Vector{N: n, Inc: inc, Data: base[off:end:end]})
			return &v
		}
	}
	return mat.NewVecDense(n, tensor.ToSlice[float64](t))
}
