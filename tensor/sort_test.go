package tensor

import (
	"math"
	"testing"
)

func TestSortArgSort(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	x := FromSlice([]float32{float32(nan), 3, float32(-inf), 1, 2, 0.5, float32(inf), -1, float32(nan), -2, 4, -3, 2, 2, 0}, 3, 5)
	xi := FromSlice([]int64{2, 2, 3, 3, 2, 2, 0, 3, 1, 0, 2, 1, 3, 0, 3, 1, 3, 3}, 3, 6)
	tests := []struct {
		name  string
		got   func() *Tensor
		dt    DType
		shape []int
		want  []float64
	}{
		{"sort/last-axis-nan-last", func() *Tensor { return Sort(x) }, Float32, []int{3, 5},
			[]float64{-inf, 1, 2, 3, nan, -2, -1, 0.5, inf, nan, -3, 0, 2, 2, 4}},
		{"sort/axis0", func() *Tensor { return x.Sort(0) }, Float32, []int{3, 5},
			[]float64{0.5, -3, -inf, 1, -2, 4, 3, -1, 2, 0, nan, inf, 2, nan, 2}},
		{"sort/strided", func() *Tensor { return Sort(xi.T().Slice(S(None, None, -1)), 0) }, Int64, []int{6, 3},
			[]float64{2, 0, 0, 2, 0, 1, 2, 1, 3, 2, 1, 3, 3, 2, 3, 3, 3, 3}},
		{"sort/bool", func() *Tensor { return Sort(FromSlice([]bool{true, false, true, false})) }, Bool, []int{4},
			[]float64{0, 0, 1, 1}},
		{"sort/empty", func() *Tensor { return Sort(Zeros(Float64, 2, 0)) }, Float64, []int{2, 0}, []float64{}},
		{"argsort/stable", func() *Tensor { return ArgSort(xi) }, Int64, []int{3, 6},
			[]float64{0, 1, 4, 5, 2, 3, 0, 3, 2, 5, 4, 1, 1, 3, 0, 2, 4, 5}},
		{"argsort/axis0", func() *Tensor { return xi.ArgSort(0) }, Int64, []int{3, 6},
			[]float64{1, 2, 1, 1, 0, 1, 0, 0, 0, 2, 1, 0, 2, 1, 2, 0, 2, 2}},
		{"argsort/nan", func() *Tensor { return ArgSort(x, -1) }, Int64, []int{3, 5},
			[]float64{2, 3, 4, 1, 0, 4, 2, 0, 1, 3, 1, 4, 2, 3, 0}},
	}
	for _, tc := range tests {
		ixCheck(t, tc.name, tc.got(), tc.dt, tc.shape, tc.want)
	}
	ixErr(t, "sort/axis", Axis, func() { Sort(x, 2) })
	ixErr(t, "sort/0-d", Axis, func() { Sort(Scalar(1.0)) })
}

func TestUnique(t *testing.T) {
	u := FromSlice([]int64{4, 1, 0, 1, 1, 1, -3, -2, -1, 2, 2, 4, 1, 2, 3, -3, -2, -1, -2, 0}, 4, 5)
	v, c := UniqueCounts(u.T()) // flattened whatever the layout
	ixCheck(t, "unique/values", v, Int64, []int{8}, []float64{-3, -2, -1, 0, 1, 2, 3, 4})
	ixCheck(t, "unique/counts", c, Int64, []int{8}, []float64{2, 3, 2, 2, 5, 3, 1, 2})
	xf := FromSlice([]float64{2, math.NaN(), 1, 2, math.NaN(), math.Copysign(0, -1), 0})
	uf := Unique(xf)
	ixCheck(t, "unique/nan-zero", uf, Float64, []int{4}, []float64{0, 1, 2, math.NaN()})
	if !math.Signbit(uf.At(0)) {
		t.Errorf("unique/nan-zero: first value is +0, NumPy keeps -0")
	}
	_, cf := UniqueCounts(xf)
	ixCheck(t, "unique/nan-zero-counts", cf, Int64, []int{4}, []float64{2, 1, 2, 2})
	ixCheck(t, "unique/bool", Unique(FromSlice([]bool{true, true, true, true}, 2, 2)), Bool, []int{1}, []float64{1})
	ixCheck(t, "unique/float32", Unique(FromSlice([]float32{0.5, -1, 0.5})), Float32, []int{2}, []float64{-1, 0.5})
	ixCheck(t, "unique/empty", Unique(Zeros(Int32, 0)), Int32, []int{0}, []float64{})
}

func TestCumSumCumProd(t *testing.T) {
	a := FromSlice([]int32{-3, 0, 3, -1, 2, -2, 1, -3, 0, 3, -1, 2, -2, 1, -3}, 3, 5)
	tests := []struct {
		name  string
		got   func() *Tensor
		dt    DType
		shape []int
		want  []float64
	}{
		{"cumsum/flat-int32-to-int64", func() *Tensor { return CumSum(a) }, Int64, []int{15},
			[]float64{-3, -3, 0, -1, 1, -1, 0, -3, -3, 0, -1, 1, -1, 0, -3}},
		{"cumsum/axis0", func() *Tensor { return a.CumSum(0) }, Int64, []int{3, 5},
			[]float64{-3, 0, 3, -1, 2, -5, 1, 0, -1, 5, -6, 3, -2, 0, 2}},
		{"cumsum/axis-1", func() *Tensor { return CumSum(a, -1) }, Int64, []int{3, 5},
			[]float64{-3, -3, 0, -1, 1, -2, -1, -4, -4, -1, -1, 1, -1, 0, -3}},
		{"cumsum/bool", func() *Tensor { return CumSum(FromSlice([]bool{true, false, true})) }, Int64, []int{3},
			[]float64{1, 1, 2}},
		{"cumsum/uint8-widens", func() *Tensor { return CumSum(FromSlice([]uint8{200, 100, 50})) }, Int64, []int{3},
			[]float64{200, 300, 350}},
		{"cumsum/strided", func() *Tensor { return CumSum(a.T().Slice(S(None, None, -1)), 1) }, Int64, []int{5, 3},
			[]float64{2, 5, 2, -1, -1, 0, 3, 0, -2, 0, 1, 3, -3, -5, -6}},
		{"cumsum/empty", func() *Tensor { return CumSum(Zeros(Float32, 0, 3), 1) }, Float32, []int{0, 3}, []float64{}},
		{"cumprod/int", func() *Tensor { return CumProd(a.Slice(S(), S(None, 3)).Add(4), 1) }, Int64, []int{3, 3},
			[]float64{1, 4, 28, 2, 10, 10, 3, 18, 36}},
		{"cumprod/float32-nan", func() *Tensor { return FromSlice([]float32{0.5, 2, 3, float32(math.NaN()), 1}).CumProd() },
			Float32, []int{5}, []float64{0.5, 1, 3, math.NaN(), math.NaN()}},
	}
	for _, tc := range tests {
		ixCheck(t, tc.name, tc.got(), tc.dt, tc.shape, tc.want)
	}
	ixErr(t, "cumsum/axis", Axis, func() { CumSum(a, 2) })
}

func TestMedian(t *testing.T) {
	m := FromSlice([]float64{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4}, 4, 5).Div(2.0)
	mn := m.Copy()
	mn.SetAt(math.NaN(), 1, 2)
	nan := math.NaN()
	t3 := Mod(ixSeq(Int64, 24, 2, 3, 4), 5)
	tests := []struct {
		name  string
		got   func() *Tensor
		dt    DType
		shape []int
		want  []float64
	}{
		{"all", func() *Tensor { return Median(m) }, Float64, []int{}, []float64{2.25}},
		{"axis0-even", func() *Tensor { return m.Median(0) }, Float64, []int{5}, []float64{2, 1, 2.5, 3, 2.25}},
		{"axis1-odd", func() *Tensor { return Median(m, 1) }, Float64, []int{4}, []float64{1.5, 2.5, 4, 1.5}},
		{"int32", func() *Tensor { return Median(FromSlice([]int32{1, 4, 2, 7, 3, 3}, 2, 3), 1) }, Float64, []int{2}, []float64{2, 3}},
		{"nan-axis0", func() *Tensor { return Median(mn, 0) }, Float64, []int{5}, []float64{2, 1, nan, 3, 2.25}},
		{"nan-axis1", func() *Tensor { return Median(mn, 1) }, Float64, []int{4}, []float64{1.5, nan, 4, 1.5}},
		{"two-axes", func() *Tensor { return Median(t3, 0, 2) }, Float64, []int{3}, []float64{2, 2, 1.5}},
		{"keepdims", func() *Tensor { return Median(t3, 0, 2, KeepDims) }, Float64, []int{1, 3, 1}, []float64{2, 2, 1.5}},
		{"float32", func() *Tensor { return Median(FromSlice([]float32{1.5, 2.25, 3, 10})) }, Float32, []int{}, []float64{2.625}},
		{"strided", func() *Tensor { return Median(m.T().Slice(S(None, None, -1)), 1) }, Float64, []int{5},
			[]float64{2.25, 3, 2.5, 1, 2}},
		{"empty", func() *Tensor { return Median(Zeros(Float64, 2, 0), 1) }, Float64, []int{2}, []float64{nan, nan}},
	}
	for _, tc := range tests {
		ixCheck(t, "Median/"+tc.name, tc.got(), tc.dt, tc.shape, tc.want)
	}
	ixErr(t, "Median/axis", Axis, func() { Median(m, 2) })
}

func TestCloseEqual(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	a := FromSlice([]float64{0.090110343141105, 2.0007583084317053, -2.07695819289142, -1.2259107830760316, -1.7509311389750921, inf})
	b := Add(a, FromSlice([]float64{0, 1e-9, 1e-5, 1, nan, 0}))
	b.SetAt(inf, 5)
	tests := []struct {
		name  string
		got   func() *Tensor
		shape []int
		want  []float64
	}{
		{"default", func() *Tensor { return IsClose(a, b, 1e-5, 1e-8, false) }, []int{6}, []float64{1, 1, 1, 0, 0, 1}},
		{"equal-nan", func() *Tensor { return IsClose(a, b, 1e-5, 1e-8, true) }, []int{6}, []float64{1, 1, 1, 0, 0, 1}},
		{"infinities", func() *Tensor {
			return IsClose(FromSlice([]float64{inf, -inf, inf, 1, nan}), FromSlice([]float64{inf, inf, 1, inf, nan}), 1e-5, 1e-8, false)
		}, []int{5}, []float64{1, 0, 0, 0, 0}},
		{"nan-nan", func() *Tensor {
			return IsClose(FromSlice([]float64{nan, 1}), FromSlice([]float64{nan, nan}), 1e-5, 1e-8, true)
		},
			[]int{2}, []float64{1, 0}},
		{"ints", func() *Tensor {
			return IsClose(FromSlice([]int64{1, 2, 100000}), FromSlice([]int64{1, 3, 100001}), 1e-5, 0, false)
		}, []int{3}, []float64{1, 0, 1}},
		{"broadcast", func() *Tensor {
			return IsClose(FromSlice([]float32{1, 1.001}, 2, 1), FromSlice([]float32{1, 1.0005}), 1e-3, 0, false)
		}, []int{2, 2}, []float64{1, 1, 0, 1}},
		{"scalar", func() *Tensor { return IsClose(FromSlice([]float32{0.1, 0.2}), 0.1, 1e-5, 1e-8, false) }, []int{2}, []float64{1, 0}},
	}
	for _, tc := range tests {
		ixCheck(t, "IsClose/"+tc.name, tc.got(), Bool, tc.shape, tc.want)
	}
	ixErr(t, "IsClose/shape", Shape, func() { IsClose(Zeros(Float32, 3), Zeros(Float32, 2), 0, 0, false) }, "IsClose")
	if !AllClose(FromSlice([]float64{1, 2}), FromSlice([]float64{1, 2.0000001}), 1e-5, 1e-8) {
		t.Errorf("AllClose([1 2], [1 2.0000001]) = false, NumPy says true")
	}
	if AllClose(FromSlice([]float64{1, nan}), FromSlice([]float64{1, nan}), 1e-5, 1e-8) {
		t.Errorf("AllClose with NaN = true, NumPy says false")
	}
	x := ixSeq(Float32, 6, 2, 3)
	eq := []struct {
		name string
		a, b *Tensor
		want bool
	}{
		{"same", x, x.Copy(), true},
		{"dtype-differs", x, ixSeq(Int64, 6, 2, 3), true},
		{"transposed-layout", x.T().Copy(), x.T(), true},
		{"shape-differs", x, x.Reshape(3, 2), false},
		{"value-differs", x, x.Add(1), false},
		{"nan", FromSlice([]float64{nan}), FromSlice([]float64{nan}), false},
		{"empty", Zeros(Float32, 0, 2), Zeros(Float32, 0, 2), true},
	}
	for _, tc := range eq {
		if got := ArrayEqual(tc.a, tc.b); got != tc.want {
			t.Errorf("ArrayEqual/%s = %v, want %v", tc.name, got, tc.want)
		}
	}
}
