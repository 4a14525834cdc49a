package tensor

import (
	"math"
	"testing"
)

// ixM is NumPy's (np.arange(20, dtype=float32).reshape(4, 5)*7 % 11 - 5)/2.
func ixM() *Tensor {
	return FromSlice([]float32{-2.5, 1, -1, 2.5, 0.5, -1.5, 2, 0, -2, 1.5,
		-0.5, -2.5, 1, -1, 2.5, 0.5, -1.5, 2, 0, -2}, 4, 5)
}

func TestMaskSelect(t *testing.T) {
	m := ixM()
	mask := Greater(m, 0.5)
	rows := FromSlice([]bool{true, false, true, true})
	tests := []struct {
		name  string
		got   func() *Tensor
		shape []int
		want  []float64
	}{
		{"full-mask", func() *Tensor { return MaskSelect(m, mask) }, []int{7}, []float64{1, 2.5, 2, 1.5, 1, 2.5, 2}},
		{"row-mask", func() *Tensor { return MaskSelect(m, rows) }, []int{3, 5},
			[]float64{-2.5, 1, -1, 2.5, 0.5, -0.5, -2.5, 1, -1, 2.5, 0.5, -1.5, 2, 0, -2}},
		{"transposed", func() *Tensor { return MaskSelect(m.T(), mask.T()) }, []int{7}, []float64{1, 2, 1, 2, 2.5, 1.5, 2.5}},
		{"0-d-true", func() *Tensor { return MaskSelect(m, Scalar(true)) }, []int{1, 4, 5}, ToSlice[float64](m)},
		{"0-d-false", func() *Tensor { return MaskSelect(m, Scalar(false)) }, []int{0, 4, 5}, []float64{}},
		{"none", func() *Tensor { return MaskSelect(m, Greater(m, 9.0)) }, []int{0}, []float64{}},
	}
	for _, tc := range tests {
		ixCheck(t, "MaskSelect/"+tc.name, tc.got(), Float32, tc.shape, tc.want)
	}
	ixErr(t, "MaskSelect/bad-len", Index, func() { MaskSelect(m, FromSlice([]bool{true, false})) },
		"dimension 0", "dimension is 4", "boolean dimension is 2")
	ixErr(t, "MaskSelect/int-mask", Index, func() { MaskSelect(m, FromSlice([]int64{1, 0, 1, 1})) }, "bool")
}

func TestMaskAssign(t *testing.T) {
	mask := Greater(ixM(), 0.5)
	rows := FromSlice([]bool{true, false, true, true})
	tests := []struct {
		name string
		got  func() *Tensor
		want []float64
	}{
		{"scalar", func() *Tensor { return MaskAssign(ixM(), mask, 0.0) },
			[]float64{-2.5, 0, -1, 0, 0.5, -1.5, 0, 0, -2, 0, -0.5, -2.5, 0, -1, 0, 0.5, -1.5, 0, 0, -2}},
		{"one-per-element", func() *Tensor { return MaskAssign(ixM(), mask, Arange(Int64, 0, 7, 1)) },
			[]float64{-2.5, 0, -1, 1, 0.5, -1.5, 2, 0, -2, 3, -0.5, -2.5, 4, -1, 5, 0.5, -1.5, 6, 0, -2}},
		{"row-broadcast", func() *Tensor { return MaskAssign(ixM(), rows, FromSlice([]float32{1, 2, 3, 4, 5})) },
			[]float64{1, 2, 3, 4, 5, -1.5, 2, 0, -2, 1.5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5}},
		{"column-per-row", func() *Tensor { return MaskAssign(ixM(), rows, FromSlice([]float32{1, 2, 3}, 3, 1)) },
			[]float64{1, 1, 1, 1, 1, -1.5, 2, 0, -2, 1.5, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3}},
		{"transposed-view", func() *Tensor {
			x := ixM()
			MaskAssign(x.T(), mask.T(), 0.0)
			return x
		}, []float64{-2.5, 0, -1, 0, 0.5, -1.5, 0, 0, -2, 0, -0.5, -2.5, 0, -1, 0, 0.5, -1.5, 0, 0, -2}},
	}
	for _, tc := range tests {
		ixCheck(t, "MaskAssign/"+tc.name, tc.got(), Float32, []int{4, 5}, tc.want)
	}
	xi := ixSeq(Int64, 6, 2, 3)
	got := MaskAssign(xi, Equal(Mod(xi, 2), 0), 2.7)
	if got != xi {
		t.Errorf("MaskAssign returned a new tensor, want x itself")
	}
	ixCheck(t, "MaskAssign/int-truncates", xi, Int64, []int{2, 3}, []float64{2, 1, 2, 3, 2, 5})
	b := FromSlice([]bool{true, false, true})
	ixCheck(t, "MaskAssign/bool-self-mask", MaskAssign(b, b, false), Bool, []int{3}, []float64{0, 0, 0})
	ixErr(t, "MaskAssign/count", Value, func() { MaskAssign(ixM(), mask, Arange(Float32, 0, 3, 1)) }, "3 input values", "7 output values")
	ixErr(t, "MaskAssign/shape", Shape, func() { MaskAssign(ixM(), rows, Zeros(Float32, 3, 4)) })
	ixErr(t, "MaskAssign/read-only", Value, func() { MaskAssign(ixM().Slice(S(0, 1)).BroadcastTo(4, 5), mask, 1.0) }, "read-only")
	ixErr(t, "MaskAssign/bad-mask", Index, func() { MaskAssign(ixM(), FromSlice([]bool{true}), 1.0) })
}

func TestTakeIndexArrays(t *testing.T) {
	m := ixM()
	i0, i1 := FromSlice([]int64{0, 2, 3}), FromSlice([]int64{1, 1, -1})
	tests := []struct {
		name  string
		got   func() *Tensor
		shape []int
		want  []float64
	}{
		{"take/axis0", func() *Tensor { return Take(m, FromSlice([]int64{3, 0, 0, -1}), 0) }, []int{4, 5},
			[]float64{0.5, -1.5, 2, 0, -2, -2.5, 1, -1, 2.5, 0.5, -2.5, 1, -1, 2.5, 0.5, 0.5, -1.5, 2, 0, -2}},
		{"take/axis1-int32", func() *Tensor { return m.Take(FromSlice([]int32{1, 4}), 1) }, []int{4, 2},
			[]float64{1, 0.5, 2, 1.5, -2.5, 2.5, -1.5, -2}},
		{"take/flat-2-d-indices", func() *Tensor { return Take(m, FromSlice([]int64{0, -1, 7, 19}, 2, 2)) }, []int{2, 2},
			[]float64{-2.5, -2, 0, -2}},
		{"take/strided", func() *Tensor { return Take(m.T().Slice(S(None, None, -1)), FromSlice([]int64{2, -4}), 1) }, []int{5, 2},
			[]float64{2.5, 0.5, -1, 2.5, 1, -1, -2.5, 1, -0.5, -2.5}},
		{"take/empty", func() *Tensor { return Take(m, FromSlice([]int64{}), 0) }, []int{0, 5}, []float64{}},
		{"index-arrays/basic", func() *Tensor { return IndexArrays(m, i0, i1) }, []int{3}, []float64{1, -2.5, -2}},
		{"index-arrays/broadcast", func() *Tensor {
			return IndexArrays(m, FromSlice([]int64{0, 2}, 2, 1), FromSlice([]int64{1, 3}))
		}, []int{2, 2}, []float64{1, 2.5, -2.5, -1}},
		{"index-arrays/one", func() *Tensor { return IndexArrays(m, FromSlice([]int64{1, -1}, 1, 2)) }, []int{1, 2, 5},
			[]float64{-1.5, 2, 0, -2, 1.5, 0.5, -1.5, 2, 0, -2}},
		{"index-arrays/transposed", func() *Tensor {
			return IndexArrays(m.T(), FromSlice([]int64{4, 0}), FromSlice([]int32{-1, 2}))
		}, []int{2}, []float64{-2, -0.5}},
	}
	for _, tc := range tests {
		ixCheck(t, tc.name, tc.got(), Float32, tc.shape, tc.want)
	}
	t3 := ixSeq(Int64, 24, 2, 3, 4)
	ixCheck(t, "index-arrays/3-d", IndexArrays(t3, FromSlice([]int64{1, 0}), FromSlice([]int64{2, 0}, 2, 1)), Int64, []int{2, 2, 4},
		[]float64{20, 21, 22, 23, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3})

	ixErr(t, "take/oob", Index, func() { Take(m, FromSlice([]int64{7}), 0) }, "index 7 is out of bounds for axis 0 with size 4")
	ixErr(t, "take/float", Index, func() { Take(m, FromSlice([]float64{1})) }, "integer")
	ixErr(t, "take/axis", Axis, func() { Take(m, FromSlice([]int64{0}), 2) })
	ixErr(t, "index-arrays/mismatch", Index, func() { IndexArrays(m, i0, FromSlice([]int64{0, 1})) }, "(3,) (2,)")
	ixErr(t, "index-arrays/oob", Index, func() { IndexArrays(m, i0, FromSlice([]int64{0, 5, 1})) },
		"index 5 is out of bounds for axis 1 with size 5")
	ixErr(t, "index-arrays/negative-oob", Index, func() { IndexArrays(m, FromSlice([]int64{-5})) }, "index -5")
	ixErr(t, "index-arrays/too-many", Index, func() { IndexArrays(m, i0, i0, i0) })
}

func TestSetSlice(t *testing.T) {
	tests := []struct {
		name string
		got  func() *Tensor
		want []float64
	}{
		{"rows", func() *Tensor { return SetSlice(ixM(), ixSeq(Float32, 10, 2, 5), S(1, 3)) },
			[]float64{-2.5, 1, -1, 2.5, 0.5, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0.5, -1.5, 2, 0, -2}},
		{"broadcast-row", func() *Tensor { return ixM().SetSlice(ixSeq(Float32, 5, 5), S(None, None, 2)) },
			[]float64{0, 1, 2, 3, 4, -1.5, 2, 0, -2, 1.5, 0, 1, 2, 3, 4, 0.5, -1.5, 2, 0, -2}},
		{"scalar-negative-step", func() *Tensor { return SetSlice(ixM(), 7, S(), S(None, None, -2)) },
			[]float64{7, 1, 7, 2.5, 7, 7, 2, 7, -2, 7, 7, -2.5, 7, -1, 7, 7, -1.5, 7, 0, 7}},
	}
	for _, tc := range tests {
		ixCheck(t, "SetSlice/"+tc.name, tc.got(), Float32, []int{4, 5}, tc.want)
	}
	z := ixSeq(Float64, 10, 10)
	SetSlice(z, z.Slice(S(None, -1)), S(1))
	ixCheck(t, "SetSlice/overlap", z, Float64, []int{10}, []float64{0, 0, 1, 2, 3, 4, 5, 6, 7, 8})
	z = ixSeq(Float64, 10, 10)
	SetSlice(z, z.Flip().Slice(S(None, -1)), S(None, -1))
	ixCheck(t, "SetSlice/overlap-reversed", z, Float64, []int{10}, []float64{9, 8, 7, 6, 5, 4, 3, 2, 1, 9})
	zi := ixSeq(Int64, 6, 2, 3)
	SetSlice(zi, -2.9, Ellipsis, 1)
	ixCheck(t, "SetSlice/int-truncates", zi, Int64, []int{2, 3}, []float64{0, -2, 2, 3, -2, 5})
	big := Zeros(Int64, 2)
	SetSlice(big, int64(1)<<62+1, 0)
	if got := big.IntAt(0); got != 1<<62+1 {
		t.Errorf("SetSlice of a large int64: got %d", got)
	}
	ixErr(t, "SetSlice/shape", Shape, func() { SetSlice(ixM(), ixSeq(Float32, 3, 3), S(1, 3)) }, "(3,)", "(2, 5)")
	ixErr(t, "SetSlice/read-only", Value, func() { SetSlice(ixM().BroadcastTo(2, 4, 5), 1.0, 0) }, "read-only")
	ixErr(t, "SetSlice/index", Index, func() { SetSlice(ixM(), 1.0, 4) })
}

func TestNonZeroOneHot(t *testing.T) {
	m := ixM()
	mz := Where(Greater(m, 0.5), m, 0.0)
	nz := NonZero(mz)
	if len(nz) != 2 {
		t.Fatalf("NonZero of a 2-D tensor gave %d tensors", len(nz))
	}
	ixCheck(t, "NonZero/rows", nz[0], Int64, []int{7}, []float64{0, 0, 1, 1, 2, 2, 3})
	ixCheck(t, "NonZero/cols", nz[1], Int64, []int{7}, []float64{1, 3, 1, 4, 2, 4, 2})
	if !nz[1].IsContiguous() {
		t.Errorf("NonZero results should be contiguous")
	}
	ixCheck(t, "NonZero/1-d", FromSlice([]int32{0, 3, 0, -1, 0, 0, 2}).NonZero()[0], Int64, []int{3}, []float64{1, 3, 6})
	b := NonZero(FromSlice([]bool{true, false, false, true}, 2, 2))
	ixCheck(t, "NonZero/bool0", b[0], Int64, []int{2}, []float64{0, 1})
	ixCheck(t, "NonZero/bool1", b[1], Int64, []int{2}, []float64{0, 1})
	ixCheck(t, "NonZero/nan", NonZero(FromSlice([]float64{0, ixNaN(), 0, ixNegZero(), 1}))[0], Int64, []int{2}, []float64{1, 4})
	ixCheck(t, "NonZero/none", NonZero(Zeros(Float32, 3, 2))[1], Int64, []int{0}, []float64{})
	ixCheck(t, "NonZero/strided", NonZero(FromSlice([]uint8{0, 1, 2, 0, 0, 3}).Slice(S(None, None, -2)))[0], Int64, []int{2},
		[]float64{0, 2})
	ixErr(t, "NonZero/0-d", Value, func() { NonZero(Scalar(1.0)) }, "0-d")

	ixCheck(t, "OneHot/basic", OneHot(FromSlice([]int64{2, 0, 1, 2, 1}), 3), Float32, []int{5, 3},
		[]float64{0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0})
	ixCheck(t, "OneHot/2-d-negative", OneHot(FromSlice([]int32{0, -1, 3, 1}, 2, 2), 4), Float32, []int{2, 2, 4},
		[]float64{1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0})
	ixErr(t, "OneHot/oob", Index, func() { OneHot(FromSlice([]int64{3}), 3) }, "index 3 is out of bounds")
	ixErr(t, "OneHot/float", Index, func() { OneHot(FromSlice([]float32{1}), 3) })
}

func ixNaN() float64 { return math.NaN() }

func ixNegZero() float64 { return math.Copysign(0, -1) }
