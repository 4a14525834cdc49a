package tensor_test

import (
	"math"
	"slices"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// TestMathDTypes pins the result dtypes of tensor/math.go: NumPy 1.24's, with float32 for
// NumPy's float16 and int64 for its int8.
func TestMathDTypes(t *testing.T) {
	f32, f64, i32, i64, u8, b := tensor.Float32, tensor.Float64, tensor.Int32, tensor.Int64, tensor.Uint8, tensor.Bool
	x := func(dt tensor.DType) *tensor.Tensor { return tensor.Ones(dt, 3) }
	cases := []struct {
		name string
		got  *tensor.Tensor
		want tensor.DType
	}{
		{"Log2(int32)", tensor.Log2(x(i32)), f64},
		{"Log10(int64)", tensor.Log10(x(i64)), f64},
		{"Exp2(uint8)", tensor.Exp2(x(u8)), f32},
		{"Sinh(bool)", tensor.Sinh(x(b)), f32},
		{"Tan(float32)", tensor.Tan(x(f32)), f32},
		{"Trunc(int32)", tensor.Trunc(x(i32)), f64},
		{"Trunc(float32)", tensor.Trunc(x(f32)), f32},
		{"Invert(uint8)", tensor.Invert(x(u8)), u8},
		{"Invert(bool)", tensor.Invert(x(b)), b},
		{"Arctan2(int32, int64)", tensor.Arctan2(x(i32), x(i64)), f64},
		{"Hypot(uint8, uint8)", tensor.Hypot(x(u8), x(u8)), f32},
		{"Hypot(float32, 2.0)", tensor.Hypot(x(f32), 2.0), f32},
		{"Arctan2(int32, 2)", tensor.Arctan2(x(i32), 2), f64},
		{"Fmod(int32, uint8)", tensor.Fmod(x(i32), x(u8)), i32},
		{"Fmod(bool, bool)", tensor.Fmod(x(b), x(b)), i64},
		{"Fmod(int32, 2.5)", tensor.Fmod(x(i32), 2.5), f64},
		{"Fmax(bool, bool)", tensor.Fmax(x(b), x(b)), b},
		{"Fmin(float32, float64)", tensor.Fmin(x(f32), x(f64)), f64},
		{"LogicalXor(float32, int32)", tensor.LogicalXor(x(f32), x(i32)), b},
		{"BitwiseAnd(bool, bool)", tensor.BitwiseAnd(x(b), x(b)), b},
		{"BitwiseOr(bool, int32)", tensor.BitwiseOr(x(b), x(i32)), i32},
		{"BitwiseXor(uint8, 3)", tensor.BitwiseXor(x(u8), 3), u8},
		{"LeftShift(int32, uint8)", tensor.LeftShift(x(i32), x(u8)), i32},
		{"RightShift(bool, bool)", tensor.RightShift(x(b), x(b)), i64},
		{"ClipArray(int32, 0, 2.5)", tensor.ClipArray(x(i32), 0, 2.5), f64},
		{"ClipArray(uint8, int32 tensor, nil)", tensor.ClipArray(x(u8), x(i32), nil), i32},
	}
	for _, c := range cases {
		if c.got.DType() != c.want {
			t.Errorf("%s: dtype %v, want %v", c.name, c.got.DType(), c.want)
		}
	}
	q, r := tensor.Divmod(x(b), x(b))
	if q.DType() != i64 || r.DType() != i64 {
		t.Errorf("Divmod(bool, bool): dtypes %v, %v, want int64", q.DType(), r.DType())
	}
}

// TestMathValues checks edge values that NumPy answers exactly.
func TestMathValues(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	f := func(v ...float64) *tensor.Tensor { return tensor.FromSlice(v) }
	i := func(v ...int64) *tensor.Tensor { return tensor.FromSlice(v) }
	cases := []struct {
		name string
		got  *tensor.Tensor
		want []float64
	}{
		{"Log2", tensor.Log2(f(8, 0.5, 1, 0, -1, inf, 0x1p-1074)), []float64{3, -1, 0, -inf, nan, inf, -1074}},
		{"Log10", tensor.Log10(f(1, 0, -2, inf)), []float64{0, -inf, nan, inf}},
		{"Exp2", tensor.Exp2(f(10, -1, 1024, -1075, -inf)), []float64{1024, 0.5, inf, 0, 0}},
		{"Arcsin", tensor.Arcsin(f(1, -1, 0, 1.5)), []float64{math.Pi / 2, -math.Pi / 2, 0, nan}},
		{"Arccos", tensor.Arccos(f(1, -1, 2)), []float64{0, math.Pi, nan}},
		{"Arctan", tensor.Arctan(f(inf, -inf)), []float64{math.Pi / 2, -math.Pi / 2}},
		{"Sinh overflow edge", tensor.Sinh(f(710, -711)), []float64{math.Sinh(709) * math.Exp(1), -inf}},
		{"Cosh", tensor.Cosh(f(0, -inf)), []float64{1, inf}},
		{"Arccosh", tensor.Arccosh(f(1, 0.5)), []float64{0, nan}},
		{"Arctanh", tensor.Arctanh(f(1, -1, 2)), []float64{inf, -inf, nan}},
		{"Trunc", tensor.Trunc(f(-2.7, 2.7, inf)), []float64{-2, 2, inf}},
		{"Arctan2 underflowing quotient", tensor.Arctan2(f(-1e-200, 1e-200), f(-1e200, -1e200)), []float64{-math.Pi, math.Pi}},
		{"Hypot", tensor.Hypot(f(3, 1e300, inf, nan), f(4, 1e300, nan, 1)), []float64{5, 1e300 * math.Sqrt2, inf, nan}},
		{"Fmod float", tensor.Fmod(f(5.5, -5.5, 1, inf), f(2, 2, 0, 1)), []float64{1.5, -1.5, nan, nan}},
		{"Fmod int", tensor.Fmod(i(7, -7, 7, math.MinInt64), i(-2, 2, 0, -1)), []float64{1, -1, 0, 0}},
		{"Fmax", tensor.Fmax(f(nan, 1, nan), f(2, nan, nan)), []float64{2, 1, nan}},
		{"Fmin", tensor.Fmin(f(nan, 1, nan), f(2, nan, nan)), []float64{2, 1, nan}},
		{"LeftShift", tensor.LeftShift(i(1, 1, 1, 3), i(63, 64, -1, 2)), []float64{math.MinInt64, 0, 0, 12}},
		{"RightShift", tensor.RightShift(i(-8, -8, 8, 8), i(1, 64, 64, -1)), []float64{-4, -1, 0, 0}},
		{"Invert", tensor.Invert(i(0, -1, 5)), []float64{-1, 0, -6}},
		{"ClipArray NaN", tensor.ClipArray(f(1, nan, 5, -3), f(0, 0, nan, 0), f(2, 2, 2, nan)), []float64{1, nan, nan, nan}},
		{"ClipArray lo > hi", tensor.ClipArray(f(0, 5), 3.0, 1.0), []float64{1, 1}},
	}
	for _, c := range cases {
		got := tensor.ToSlice[float64](c.got.AsType(tensor.Float64))
		if !slices.EqualFunc(got, c.want, func(a, b float64) bool {
			return a == b || a != a && b != b || math.Abs(a-b) <= 1e-15*math.Abs(b)
		}) {
			t.Errorf("%s = %v, want %v", c.name, got, c.want)
		}
	}
	q, r := tensor.Divmod(f(-7.5, 7), 2.0)
	if !slices.Equal(tensor.ToSlice[float64](q), []float64{-4, 3}) || !slices.Equal(tensor.ToSlice[float64](r), []float64{0.5, 1}) {
		t.Errorf("Divmod([-7.5 7], 2) = %v, %v, want [-4 3], [0.5 1]", q, r)
	}
}

// TestMathErrors checks that misuse is a typed error naming the function.
func TestMathErrors(t *testing.T) {
	x := tensor.Ones(tensor.Float64, 3)
	cases := []struct {
		name string
		f    func()
		kind tensor.Kind
	}{
		{"Invert", func() { tensor.Invert(x) }, tensor.Value},
		{"BitwiseAnd", func() { tensor.BitwiseAnd(x, 1) }, tensor.Value},
		{"LeftShift", func() { tensor.LeftShift(tensor.Ones(tensor.Int32, 3), 1.5) }, tensor.Value},
		{"BitwiseXor", func() { tensor.BitwiseXor(tensor.Ones(tensor.Uint8, 3), 300) }, tensor.Value},
		{"Hypot", func() { tensor.Hypot(x, tensor.Ones(tensor.Float64, 4)) }, tensor.Shape},
		{"Divmod", func() { tensor.Divmod(x, tensor.Ones(tensor.Float64, 4)) }, tensor.Shape},
		{"ClipArray", func() { tensor.ClipArray(x, nil, nil) }, tensor.Value},
		{"ClipArray", func() { tensor.ClipArray(x, tensor.Ones(tensor.Float64, 2), nil) }, tensor.Shape},
		{"Log2", func() { tensor.Log2(nil) }, tensor.Value},
		{"Fmod", func() { tensor.Fmod(x, "2") }, tensor.Value},
	}
	for _, c := range cases {
		err := tensor.Try(c.f)
		var e *tensor.Error
		switch {
		case err == nil:
			t.Errorf("%s: no error", c.name)
		case tensor.KindOf(err) != c.kind:
			t.Errorf("%s: kind %v, want %v: %v", c.name, tensor.KindOf(err), c.kind, err)
		default:
			e = err.(*tensor.Error)
			if e.Op != c.name {
				t.Errorf("%s: the error names %q: %v", c.name, e.Op, err)
			}
		}
	}
}

// TestMathMethods checks that the methods forward to the functions.
func TestMathMethods(t *testing.T) {
	x := tensor.FromSlice([]float64{0.25, 0.5, 2})
	n := tensor.FromSlice([]int32{6, -3, 12})
	same := func(name string, a, b *tensor.Tensor) {
		if !slices.EqualFunc(tensor.ToSlice[float64](a), tensor.ToSlice[float64](b), func(u, v float64) bool { return u == v || u != u && v != v }) {
			t.Errorf("%s: method %v, function %v", name, a, b)
		}
	}
	unary := map[string][2]*tensor.Tensor{
		"Log2": {x.Log2(), tensor.Log2(x)}, "Log10": {x.Log10(), tensor.Log10(x)}, "Exp2": {x.Exp2(), tensor.Exp2(x)},
		"Tan": {x.Tan(), tensor.Tan(x)}, "Arcsin": {x.Arcsin(), tensor.Arcsin(x)}, "Arccos": {x.Arccos(), tensor.Arccos(x)},
		"Arctan": {x.Arctan(), tensor.Arctan(x)}, "Sinh": {x.Sinh(), tensor.Sinh(x)}, "Cosh": {x.Cosh(), tensor.Cosh(x)},
		"Arcsinh": {x.Arcsinh(), tensor.Arcsinh(x)}, "Arccosh": {x.Add(1.0).Arccosh(), tensor.Arccosh(x.Add(1.0))},
		"Arctanh": {x.Div(4.0).Arctanh(), tensor.Arctanh(x.Div(4.0))}, "Trunc": {x.Trunc(), tensor.Trunc(x)},
		"Invert":  {n.Invert(), tensor.Invert(n)},
		"Arctan2": {x.Arctan2(2.0), tensor.Arctan2(x, 2.0)}, "Hypot": {x.Hypot(x), tensor.Hypot(x, x)},
		"Fmod": {n.Fmod(5), tensor.Fmod(n, 5)}, "Fmax": {x.Fmax(1.0), tensor.Fmax(x, 1.0)},
		"Fmin": {x.Fmin(1.0), tensor.Fmin(x, 1.0)}, "LogicalXor": {x.LogicalXor(0.5), tensor.LogicalXor(x, 0.5)},
		"BitwiseAnd": {n.BitwiseAnd(5), tensor.BitwiseAnd(n, 5)}, "BitwiseOr": {n.BitwiseOr(5), tensor.BitwiseOr(n, 5)},
		"BitwiseXor": {n.BitwiseXor(5), tensor.BitwiseXor(n, 5)}, "LeftShift": {n.LeftShift(2), tensor.LeftShift(n, 2)},
		"RightShift": {n.RightShift(1), tensor.RightShift(n, 1)},
		"ClipArray":  {x.ClipArray(0.3, 1.0), tensor.ClipArray(x, 0.3, 1.0)},
	}
	for name, p := range unary {
		same(name, p[0], p[1])
	}
	q1, r1 := n.Divmod(4)
	q2, r2 := tensor.Divmod(n, 4)
	same("Divmod q", q1, q2)
	same("Divmod r", r1, r2)
}
