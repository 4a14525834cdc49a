package device

import "testing"

// numpyResult is np.result_type(a, b) for the six dtypes, in DTypes() order (NumPy 1.24).
var numpyResult = [6][6]DType{
	{Bool, Uint8, Int32, Int64, Float32, Float64},
	{Uint8, Uint8, Int32, Int64, Float32, Float64},
	{Int32, Int32, Int32, Int64, Float64, Float64},
	{Int64, Int64, Int64, Int64, Float64, Float64},
	{Float32, Float32, Float64, Float64, Float32, Float64},
	{Float64, Float64, Float64, Float64, Float64, Float64},
}

// numpySameKind is np.can_cast(a, b, "same_kind").
var numpySameKind = [6][6]bool{
	{true, true, true, true, true, true},
	{false, true, true, true, true, true},
	{false, false, true, true, true, true},
	{false, false, true, true, true, true},
	{false, false, false, false, true, true},
	{false, false, false, false, true, true},
}

func TestResultTypeAndCasting(t *testing.T) {
	for i, a := range DTypes() {
		for j, b := range DTypes() {
			if got := ResultType(a, b); got != numpyResult[i][j] {
				t.Errorf("ResultType(%v, %v) = %v, NumPy says %v", a, b, got, numpyResult[i][j])
			}
			if got := CanCast(a, b); got != numpySameKind[i][j] {
				t.Errorf("CanCast(%v, %v) = %v, NumPy says %v", a, b, got, numpySameKind[i][j])
			}
		}
	}
}

func TestWeakScalars(t *testing.T) {
	cases := []struct {
		arr           DType
		isFloat, bool bool
		want          DType
	}{
		{Float32, true, false, Float32}, // float32 array * 0.5 stays float32
		{Int32, false, false, Int32},    // int32 array + 2 stays int32
		{Int32, true, false, Float64},   // int array + 0.5 gives float64
		{Bool, false, false, Int64},     // bool array + 1 gives int64
		{Uint8, false, true, Uint8},     // a bool scalar never widens
		{Float64, false, false, Float64},
	}
	for _, c := range cases {
		if got := WeakResult(c.arr, c.isFloat, c.bool); got != c.want {
			t.Errorf("WeakResult(%v, float=%v, bool=%v) = %v, want %v", c.arr, c.isFloat, c.bool, got, c.want)
		}
	}
}

func TestParseDType(t *testing.T) {
	for _, d := range DTypes() {
		got, err := ParseDType(d.String())
		if err != nil || got != d {
			t.Errorf("ParseDType(%q) = %v, %v", d.String(), got, err)
		}
	}
	if _, err := ParseDType("complex128"); err == nil {
		t.Error("ParseDType(complex128) gave no error")
	}
	if Float32.Size() != 4 || Bool.Size() != 1 || Int64.Size() != 8 {
		t.Error("wrong item sizes")
	}
}
