package tensor

import (
	"math"
	"testing"
)

// TestStoreGoNumberRange checks every place that stores a Go number into an existing
// tensor (or a new one of a given dtype): an integer outside the integer dtype's range,
// and NaN, ±Inf or an out-of-range float for an integer dtype, are Value errors (NEP 50;
// NumPy 2 raises OverflowError, NumPy raises ValueError for NaN), never a wrapped value.
func TestStoreGoNumberRange(t *testing.T) {
	u8 := func() *Tensor { return FromSlice([]uint8{1, 2, 3}) }
	i32 := func() *Tensor { return FromSlice([]int32{1, 2, 3}) }
	i64 := func() *Tensor { return FromSlice([]int64{1, 2, 3}) }
	mask := FromSlice([]bool{true, false, true})
	idx := FromSlice([]int64{0, 2})
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name string
		f    func()
		msg  []string
	}{
		{"MaskAssign 300 uint8", func() { MaskAssign(u8(), mask, 300) }, []string{"MaskAssign", "300", "uint8"}},
		{"MaskAssign -1 uint8", func() { MaskAssign(u8(), mask, -1) }, []string{"-1"}},
		{"MaskAssign int64 beyond int32", func() { MaskAssign(i32(), mask, int64(1)<<40) }, nil},
		{"MaskAssign NaN int64", func() { MaskAssign(i64(), mask, nan) }, []string{"NaN"}},
		{"MaskAssign Inf int32", func() { MaskAssign(i32(), mask, inf) }, nil},
		{"MaskAssign 1e10 int32", func() { MaskAssign(i32(), mask, 1e10) }, nil},
		{"MaskAssign 256.0 uint8", func() { MaskAssign(u8(), mask, float32(256)) }, nil},
		{"Fill 300 uint8", func() { u8().Fill(300) }, []string{"Fill"}},
		{"Fill NaN int64", func() { i64().Fill(nan) }, nil},
		{"SetAt 300 uint8", func() { u8().SetAt(300, 0) }, []string{"SetAt", "300"}},
		{"SetAt -1 uint8", func() { u8().SetAt(int8(-1), 0) }, nil},
		{"SetAt NaN int32", func() { i32().SetAt(nan, 1) }, nil},
		{"SetAt 2**63 int64", func() { i64().SetAt(float64(1<<63), 1) }, nil},
		{"SetAt uint64 beyond int64", func() { i64().SetAt(uint64(1<<63), 1) }, nil},
		{"SetAt string", func() { i64().SetAt("1", 1) }, nil},
		{"SetAt tensor", func() { i64().SetAt(Scalar(1.0), 1) }, nil},
		{"SetSlice 300 uint8", func() { u8().SetSlice(300, S(0, 2)) }, []string{"SetSlice"}},
		{"SetSlice Inf int64", func() { i64().SetSlice(-inf, 1) }, nil},
		{"SetSlice index array 300", func() { u8().SetSlice(300, idx) }, nil},
		{"SetSlice mask NaN", func() { i32().SetSlice(nan, mask) }, nil},
		{"Put 300 uint8", func() { Put(u8(), idx, 300) }, []string{"Put"}},
		{"Put NaN int64", func() { Put(i64(), idx, nan) }, nil},
		{"PutAlongAxis 300 uint8", func() { PutAlongAxis(u8(), idx, 300, 0) }, []string{"PutAlongAxis"}},
		{"PutAlongAxis Inf int32", func() { PutAlongAxis(i32(), idx, inf, 0) }, nil},
		{"Full 300 uint8", func() { Full(Uint8, 300, 2) }, []string{"Full"}},
		{"Full NaN int32", func() { Full(Int32, nan, 2) }, nil},
		{"FullLike -1 uint8", func() { FullLike(u8(), -1) }, nil},
		{"Pad 300 uint8", func() { Pad(u8(), [][2]int{{1, 1}}, "constant", 300) }, []string{"Pad"}},
		{"Pad NaN int64", func() { Pad(i64(), [][2]int{{1, 0}}, "constant", nan) }, nil},
		{"Clip 300 uint8", func() { Clip(u8(), 0, 300) }, []string{"Clip"}},
		{"Clip -1 uint8", func() { Clip(u8(), -1, nil) }, nil},
		{"ClipArray 300 uint8", func() { ClipArray(u8(), nil, 300) }, []string{"ClipArray"}},
	}
	for _, c := range cases {
		ixErr(t, c.name, Value, c.f, c.msg...)
	}
}

// TestStoreGoNumberAccepted checks the values those places accept: the edges of the
// dtype's range, floats truncated toward zero for integer dtypes, bools, and Go numbers
// of any type (SetAt takes any).
func TestStoreGoNumberAccepted(t *testing.T) {
	mask := FromSlice([]bool{true, false, true})
	type celsius float64
	var f64 = 2.5
	cases := []struct {
		name      string
		got, want *Tensor
	}{
		{"MaskAssign 255 uint8", MaskAssign(FromSlice([]uint8{1, 2, 3}), mask, 255), FromSlice([]uint8{255, 2, 255})},
		{"MaskAssign 0 uint8", MaskAssign(FromSlice([]uint8{1, 2, 3}), mask, uint64(0)), FromSlice([]uint8{0, 2, 0})},
		{"MaskAssign -2.7 int32", MaskAssign(FromSlice([]int32{1, 2, 3}), mask, -2.7), FromSlice([]int32{-2, 2, -2})},
		{"MaskAssign 300 bool", MaskAssign(FromSlice([]bool{false, false, false}), mask, 300), FromSlice([]bool{true, false, true})},
		{"MaskAssign NaN bool", MaskAssign(FromSlice([]bool{false, false, false}), mask, math.NaN()), FromSlice([]bool{true, false, true})},
		{"MaskAssign 1e300 float32", MaskAssign(FromSlice([]float32{1, 2, 3}), mask, 1e300), FromSlice([]float32{float32(math.Inf(1)), 2, float32(math.Inf(1))})},
		{"MaskAssign int64 min", MaskAssign(FromSlice([]int64{1, 2, 3}), mask, int64(math.MinInt64)), FromSlice([]int64{math.MinInt64, 2, math.MinInt64})},
		{"SetSlice 255.9 uint8", FromSlice([]uint8{1, 2, 3}).SetSlice(255.9, 1), FromSlice([]uint8{1, 255, 3})},
		{"Put int32 max", Put(FromSlice([]int32{1, 2, 3}), FromSlice([]int64{1}), int64(math.MaxInt32)), FromSlice([]int32{1, math.MaxInt32, 3})},
		{"Pad 2.7 int64", Pad(FromSlice([]int64{1}), [][2]int{{1, 0}}, "constant", 2.7), FromSlice([]int64{2, 1})},
		{"Full 255 uint8", Full(Uint8, 255, 1), FromSlice([]uint8{255})},
	}
	for _, c := range cases {
		if c.got.DType() != c.want.DType() || !sameValues(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}

	set := []struct {
		name string
		x    *Tensor
		v    any
		want *Tensor
	}{
		{"untyped int", FromSlice([]int64{0, 0}), 7, FromSlice([]int64{0, 7})},
		{"untyped float", FromSlice([]float64{0, 0}), 1.5, FromSlice([]float64{0, 1.5})},
		{"float64 variable", FromSlice([]float32{0, 0}), f64, FromSlice([]float32{0, 2.5})},
		{"float32", FromSlice([]float64{0, 0}), float32(0.25), FromSlice([]float64{0, 0.25})},
		{"int8", FromSlice([]int32{0, 0}), int8(-3), FromSlice([]int32{0, -3})},
		{"named float", FromSlice([]float64{0, 0}), celsius(-4), FromSlice([]float64{0, -4})},
		{"bool", FromSlice([]uint8{0, 0}), true, FromSlice([]uint8{0, 1})},
		{"float truncates", FromSlice([]int64{0, 0}), -7.9, FromSlice([]int64{0, -7})},
		{"int64 beyond 2**53 exact", FromSlice([]int64{0, 0}), int64(1<<53 + 1), FromSlice([]int64{0, 1<<53 + 1})},
		{"uint8 edge", FromSlice([]uint8{0, 0}), 255, FromSlice([]uint8{0, 255})},
	}
	for _, c := range set {
		c.x.SetAt(c.v, -1)
		if !sameValues(c.x, c.want) {
			t.Errorf("SetAt %s = %v, want %v", c.name, c.x, c.want)
		}
	}
}

// TestIsCloseToleranceTypes checks that IsClose and AllClose take tolerances of any Go
// number type, and that a tensor or a string is a Value error.
func TestIsCloseToleranceTypes(t *testing.T) {
	a, b := FromSlice([]float64{1, 2}), FromSlice([]float64{1.5, 2})
	var rtol, atol float64 = 0, 0.5
	cases := []struct {
		name string
		got  bool
		want bool
	}{
		{"float64 variables", AllClose(a, b, rtol, atol), true},
		{"untyped constants", AllClose(a, b, 1e-5, 1e-8), false},
		{"int atol", AllClose(a, b, 0, 1), true},
		{"float32 atol", AllClose(a, b, float32(0), float32(0.25)), false},
		{"int rtol", AllClose(a, b, 1, 0), true},
		{"uint8 zero", AllClose(a, a, uint8(0), uint8(0)), true},
		{"IsClose int tolerances", IsClose(a, b, 0, 0, false).At(1) == 1 && IsClose(a, b, 0, 0, false).At(0) == 0, true},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	ixErr(t, "IsClose tensor rtol", Value, func() { IsClose(a, b, Scalar(1.0), 0, false) }, "rtol")
	ixErr(t, "AllClose string atol", Value, func() { AllClose(a, b, 0, "1") }, "IsClose")
}

// TestReadOnlyMessage checks that writing to a read-only view names both kinds of
// read-only view.
func TestReadOnlyMessage(t *testing.T) {
	d := Diagonal(Zeros(Float64, 3, 3), 0)
	ixErr(t, "Diagonal SetAt", Value, func() { d.SetAt(1, 0) }, "read-only view (a broadcast or a Diagonal)")
	ixErr(t, "broadcast Fill", Value, func() { Scalar(1.0).BroadcastTo(3).Fill(2) }, "read-only view (a broadcast or a Diagonal)")
	ixErr(t, "Diagonal Data", Value, func() { d.Data() }, "read-only view (a broadcast or a Diagonal)")
}
