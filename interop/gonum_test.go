package interop

import (
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gotensor/gotensor/tensor"
)

// matOf returns an r×c *mat.Dense holding seq's values.
func matOf(r, c int) *mat.Dense {
	return mat.NewDense(r, c, tensor.ToSlice[float64](seq(tensor.Float64, r, c)))
}

// checkMat fails unless the 2-D tensor x and m have the same shape and elements.
func checkMat(t *testing.T, x *tensor.Tensor, m mat.Matrix) {
	t.Helper()
	r, c := m.Dims()
	if !slices.Equal(x.Shape(), []int{r, c}) {
		t.Fatalf("shapes: tensor %v, matrix (%d, %d)", x.Shape(), r, c)
	}
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if got, want := x.At(i, j), m.At(i, j); got != want {
				t.Fatalf("element (%d, %d): tensor %v, matrix %v", i, j, got, want)
			}
		}
	}
}

// checkSharedMat writes through each side at the last element and fails unless the
// other side sees it exactly when want; set writes element (i, j) of m.
func checkSharedMat(t *testing.T, x *tensor.Tensor, m mat.Matrix, set func(i, j int, v float64), want bool) {
	t.Helper()
	r, c := m.Dims()
	i, j := r-1, c-1
	old := m.At(i, j)
	if !x.ReadOnly() {
		x.SetAt(old+100, i, j)
		if got := m.At(i, j) == old+100; got != want {
			t.Errorf("write through the tensor: matrix saw it = %v, want %v", got, want)
		}
		x.SetAt(old, i, j)
	}
	set(i, j, old+200)
	if got := x.At(i, j) == old+200; got != want {
		t.Errorf("write through the matrix: tensor saw it = %v, want %v", got, want)
	}
	set(i, j, old)
}

func TestFromMat(t *testing.T) {
	cases := []struct {
		name   string
		m      func() (mat.Matrix, func(i, j int, v float64))
		shared bool
	}{
		{"NewDense", func() (mat.Matrix, func(int, int, float64)) { m := matOf(3, 4); return m, m.Set }, true},
		{"rows", func() (mat.Matrix, func(int, int, float64)) {
			m := matOf(4, 5).Slice(1, 3, 0, 5).(*mat.Dense)
			return m, m.Set
		}, true},
		{"leading columns", func() (mat.Matrix, func(int, int, float64)) {
			m := matOf(4, 5).Slice(0, 4, 0, 2).(*mat.Dense)
			return m, m.Set
		}, true},
		{"inner block", func() (mat.Matrix, func(int, int, float64)) {
			m := matOf(4, 5).Slice(1, 3, 1, 4).(*mat.Dense)
			return m, m.Set
		}, true},
		{"columns dividing the stride", func() (mat.Matrix, func(int, int, float64)) {
			m := matOf(3, 4).Slice(1, 3, 1, 3).(*mat.Dense)
			return m, m.Set
		}, true},
		{"trailing columns to the last row (copied)", func() (mat.Matrix, func(int, int, float64)) {
			m := matOf(3, 4).Slice(0, 3, 1, 4).(*mat.Dense)
			return m, m.Set
		}, false},
		{"transpose", func() (mat.Matrix, func(int, int, float64)) {
			m := matOf(3, 4)
			return m.T(), func(i, j int, v float64) { m.Set(j, i, v) }
		}, true},
		{"VecDense", func() (mat.Matrix, func(int, int, float64)) {
			v := mat.NewVecDense(5, []float64{1, 2, 3, 4, 5})
			return v, func(i, _ int, f float64) { v.SetVec(i, f) }
		}, true},
		{"column view", func() (mat.Matrix, func(int, int, float64)) {
			v := matOf(3, 4).ColView(1).(*mat.VecDense)
			return v, func(i, _ int, f float64) { v.SetVec(i, f) }
		}, true},
		{"transposed vector", func() (mat.Matrix, func(int, int, float64)) {
			v := mat.NewVecDense(3, []float64{1, 2, 3})
			return v.T(), func(_, j int, f float64) { v.SetVec(j, f) }
		}, true},
		{"SymDense (copied)", func() (mat.Matrix, func(int, int, float64)) {
			s := mat.NewSymDense(3, []float64{1, 2, 3, 2, 4, 5, 3, 5, 6})
			return s, s.SetSym
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, set := c.m()
			x := FromMat(m)
			if x.DType() != tensor.Float64 {
				t.Fatalf("dtype %v, want float64", x.DType())
			}
			checkMat(t, x, m)
			checkSharedMat(t, x, m, set, c.shared)
		})
	}
	if x := FromMat(&mat.Dense{}); !slices.Equal(x.Shape(), []int{0, 0}) {
		t.Errorf("FromMat(empty) has shape %v, want (0, 0)", x.Shape())
	}
}

func TestToMat(t *testing.T) {
	cases := []struct {
		name   string
		x      func() *tensor.Tensor
		shared bool
	}{
		{"contiguous", func() *tensor.Tensor { return seq(tensor.Float64, 3, 4) }, true},
		{"rows", func() *tensor.Tensor { return seq(tensor.Float64, 4, 5).Slice(tensor.S(1, 3)) }, true},
		{"columns", func() *tensor.Tensor { return seq(tensor.Float64, 4, 5).Slice(tensor.S(), tensor.S(1, 4)) }, true},
		{"row step", func() *tensor.Tensor {
			return seq(tensor.Float64, 5, 3).Slice(tensor.S(tensor.None, tensor.None, 2))
		}, true},
		{"column", func() *tensor.Tensor { return seq(tensor.Float64, 4, 5).Slice(tensor.S(), tensor.S(2, 3)) }, true},
		{"column of a transpose", func() *tensor.Tensor { return seq(tensor.Float64, 3, 4).T().Slice(tensor.S(), tensor.S(0, 1)) }, true},
		{"one element", func() *tensor.Tensor { return seq(tensor.Float64, 3, 4).Slice(tensor.S(2, 3), tensor.S(1, 2)) }, true},
		{"transpose (copied)", func() *tensor.Tensor { return seq(tensor.Float64, 3, 4).T() }, false},
		{"row of a transpose (copied)", func() *tensor.Tensor { return seq(tensor.Float64, 3, 4).T().Slice(tensor.S(0, 1)) }, false},
		{"column step (copied)", func() *tensor.Tensor {
			return seq(tensor.Float64, 3, 4).Slice(tensor.S(), tensor.S(tensor.None, tensor.None, 2))
		}, false},
		{"flip (copied)", func() *tensor.Tensor { return seq(tensor.Float64, 3, 4).Flip(0) }, false},
		{"broadcast (copied)", func() *tensor.Tensor { return seq(tensor.Float64, 4).BroadcastTo(3, 4) }, false},
		{"float32 (copied)", func() *tensor.Tensor { return seq(tensor.Float32, 3, 4) }, false},
		{"int64 (copied)", func() *tensor.Tensor { return seq(tensor.Int64, 3, 4) }, false},
		{"bool (copied)", func() *tensor.Tensor { return seq(tensor.Bool, 3, 4) }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := c.x()
			m := ToMat(x)
			checkMat(t, x, m)
			checkSharedMat(t, x, m, m.Set, c.shared)
			checkMat(t, FromMat(m), m)
		})
	}
}

func TestToMatGonumWritesThrough(t *testing.T) {
	x := seq(tensor.Float64, 4, 5)
	v := x.Slice(tensor.S(1, 3), tensor.S(1, 4))
	m := ToMat(v)
	m.Scale(2, m) // a gonum op on the shared view
	want := seq(tensor.Float64, 4, 5)
	for i := 1; i < 3; i++ {
		for j := 1; j < 4; j++ {
			want.SetAt(2*want.At(i, j), i, j)
		}
	}
	for _, idx := range indices(x.Shape()) {
		if x.At(idx...) != want.At(idx...) {
			t.Fatalf("element %v: %v, want %v (only the view doubled)", idx, x.At(idx...), want.At(idx...))
		}
	}
}

func TestToMatShapes(t *testing.T) {
	for _, shape := range [][]int{{}, {3}, {2, 3, 4}, {0, 3}, {3, 0}} {
		if k := panicKind(t, func() { ToMat(tensor.Zeros(tensor.Float64, shape...)) }); k != tensor.Shape {
			t.Errorf("ToMat of shape %v: error kind %v, want shape", shape, k)
		}
	}
	if m := ToMat(tensor.Zeros(tensor.Float64, 0, 0)); !m.IsEmpty() {
		t.Errorf("ToMat of shape (0, 0) is not the empty matrix")
	}
}

// vec is a mat.Vector that is not a *mat.VecDense.
type vec []float64

func (v vec) Dims() (int, int)    { return len(v), 1 }
func (v vec) At(i, _ int) float64 { return v[i] }
func (v vec) T() mat.Matrix       { return mat.TransposeVec{Vector: v} }
func (v vec) AtVec(i int) float64 { return v[i] }
func (v vec) Len() int            { return len(v) }

func TestFromVec(t *testing.T) {
	d := matOf(3, 4)
	cases := []struct {
		name   string
		v      mat.Vector
		shared bool
	}{
		{"NewVecDense", mat.NewVecDense(4, []float64{1, 2, 3, 4}), true},
		{"column view (Inc 4)", d.ColView(2), true},
		{"row view", d.RowView(1), true},
		{"SliceVec", mat.NewVecDense(6, []float64{1, 2, 3, 4, 5, 6}).SliceVec(2, 5), true},
		{"other Vector (copied)", vec{1, 2, 3}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := FromVec(c.v)
			if !slices.Equal(x.Shape(), []int{c.v.Len()}) {
				t.Fatalf("shape %v, want (%d,)", x.Shape(), c.v.Len())
			}
			set := func(i, _ int, f float64) { c.v.(vec)[i] = f }
			if vd, ok := c.v.(*mat.VecDense); ok {
				set = func(i, _ int, f float64) { vd.SetVec(i, f) }
			}
			checkMat(t, x.ExpandDims(1), c.v)
			checkSharedMat(t, x.ExpandDims(1), c.v, set, c.shared)
		})
	}
	if x := FromVec(&mat.VecDense{}); !slices.Equal(x.Shape(), []int{0}) {
		t.Errorf("FromVec(empty) has shape %v, want (0,)", x.Shape())
	}
}

func TestToVec(t *testing.T) {
	cases := []struct {
		name   string
		x      *tensor.Tensor
		shared bool
	}{
		{"contiguous", seq(tensor.Float64, 7), true},
		{"one element", seq(tensor.Float64, 1), true},
		{"step", seq(tensor.Float64, 9).Slice(tensor.S(1, tensor.None, 3)), true},
		{"matrix column", seq(tensor.Float64, 3, 4).Slice(tensor.S(), 2), true},
		{"flip (copied)", seq(tensor.Float64, 5).Flip(), false},
		{"broadcast (copied)", seq(tensor.Float64, 1).BroadcastTo(4), false},
		{"float32 (copied)", seq(tensor.Float32, 5), false},
		{"uint8 (copied)", seq(tensor.Uint8, 5), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := ToVec(c.x)
			x := c.x.ExpandDims(1)
			checkMat(t, x, v)
			checkSharedMat(t, x, v, func(i, _ int, f float64) { v.SetVec(i, f) }, c.shared)
			checkMat(t, FromVec(v).ExpandDims(1), v)
		})
	}
	for _, shape := range [][]int{{}, {2, 3}} {
		if k := panicKind(t, func() { ToVec(tensor.Zeros(tensor.Float64, shape...)) }); k != tensor.Shape {
			t.Errorf("ToVec of shape %v: error kind %v, want shape", shape, k)
		}
	}
	if v := ToVec(tensor.Zeros(tensor.Float64, 0)); !v.IsEmpty() {
		t.Errorf("ToVec of shape (0,) is not the empty vector")
	}
}
