package layouttest

import (
	"math"
	"math/rand/v2"

	"github.com/gotensor/gotensor/tensor"
)

// Shapes of one input: 0-d, empty, size 1, odd lengths (one of 33 for the SIMD loops),
// a unit dimension in the middle, an empty middle dimension; the last one is large (the
// parallel paths).
var unaryShapes = [][][]int{{{}}, {{0}}, {{1}}, {{7}}, {{33}}, {{3, 5}}, {{1, 6}}, {{4, 1, 6}}, {{2, 0, 3}}, {{5, 40}}, {{3, 11001}}}

// binaryShapes are pairs that broadcast together.
var binaryShapes = [][][]int{
	{{}, {}}, {{}, {7}}, {{7}, {}}, {{0}, {0}}, {{1}, {7}}, {{33}, {33}},
	{{3, 5}, {3, 5}}, {{3, 5}, {5}}, {{3, 1}, {1, 5}}, {{4, 1, 6}, {5, 1}}, {{2, 0, 3}, {3}},
	{{3, 11001}, {3, 11001}},
}

// scalarShapes are the shapes of an array operand with a Go scalar.
var scalarShapes = [][][]int{{{}}, {{0}}, {{7}}, {{33}}, {{3, 5}}, {{4, 1, 6}}}

var unaryOps = []struct {
	name string
	fn   func(*tensor.Tensor) *tensor.Tensor
	into func(out, x *tensor.Tensor) *tensor.Tensor
	tol  Tol
}{
	{"Neg", tensor.Neg, tensor.NegInto, Exact},
	{"Abs", tensor.Abs, tensor.AbsInto, Exact},
	{"Exp", tensor.Exp, tensor.ExpInto, Math},
	{"Log", tensor.Log, tensor.LogInto, Math},
	{"Sqrt", tensor.Sqrt, tensor.SqrtInto, Exact},
	{"Tanh", tensor.Tanh, tensor.TanhInto, Math},
	{"Sin", tensor.Sin, tensor.SinInto, Math},
	{"Cos", tensor.Cos, tensor.CosInto, Math},
	{"Square", tensor.Square, tensor.SquareInto, Exact},
	{"Floor", tensor.Floor, tensor.FloorInto, Exact},
	{"Ceil", tensor.Ceil, tensor.CeilInto, Exact},
	{"Sign", tensor.Sign, tensor.SignInto, Exact},
	{"Log1p", tensor.Log1p, tensor.Log1pInto, Math},
	{"Expm1", tensor.Expm1, tensor.Expm1Into, Math},
	{"Sigmoid", tensor.Sigmoid, tensor.SigmoidInto, Math},
	{"ReLU", tensor.ReLU, tensor.ReLUInto, Exact},
	{"IsNaN", tensor.IsNaN, nil, Exact},
	{"IsFinite", tensor.IsFinite, nil, Exact},
	{"IsInf", tensor.IsInf, nil, Exact},
	{"LogicalNot", tensor.LogicalNot, nil, Exact},
	{"Reciprocal", tensor.Reciprocal, nil, Math},
	{"Clip", func(x *tensor.Tensor) *tensor.Tensor { return tensor.Clip(x, -1.5, 2) },
		func(out, x *tensor.Tensor) *tensor.Tensor { return tensor.ClipInto(out, x, -1.5, 2) }, Exact},
	{"Round(1)", func(x *tensor.Tensor) *tensor.Tensor { return tensor.Round(x, 1) }, nil, Math},
	{"Round(0)", func(x *tensor.Tensor) *tensor.Tensor { return tensor.Round(x, 0) }, nil, Exact},
}

var binaryOps = []struct {
	name string
	fn   func(a, b any) *tensor.Tensor
	into func(out *tensor.Tensor, a, b any) *tensor.Tensor
	tol  Tol
}{
	{"Add", tensor.Add, tensor.AddInto, Exact},
	{"Sub", tensor.Sub, tensor.SubInto, Exact},
	{"Mul", tensor.Mul, tensor.MulInto, Exact},
	{"Div", tensor.Div, tensor.DivInto, Exact},
	{"FloorDiv", tensor.FloorDiv, tensor.FloorDivInto, Math},
	{"Mod", tensor.Mod, tensor.ModInto, Math},
	{"Pow", tensor.Pow, tensor.PowInto, Math},
	{"Maximum", tensor.Maximum, tensor.MaximumInto, Exact},
	{"Minimum", tensor.Minimum, tensor.MinimumInto, Exact},
	{"Greater", tensor.Greater, tensor.GreaterInto, Exact},
	{"GreaterEqual", tensor.GreaterEqual, tensor.GreaterEqualInto, Exact},
	{"Less", tensor.Less, tensor.LessInto, Exact},
	{"LessEqual", tensor.LessEqual, tensor.LessEqualInto, Exact},
	{"Equal", tensor.Equal, tensor.EqualInto, Exact},
	{"NotEqual", tensor.NotEqual, tensor.NotEqualInto, Exact},
	{"LogicalAnd", tensor.LogicalAnd, tensor.LogicalAndInto, Exact},
	{"LogicalOr", tensor.LogicalOr, tensor.LogicalOrInto, Exact},
}

// scalars are the Go operands the binary ops also run with, on either side.
var scalars = []struct {
	name string
	v    any
}{{"2.5", 2.5}, {"int 3", 3}, {"-0.0", math.Copysign(0, -1)}, {"true", true}}

// mixedPairs are dtype pairs for array-array promotion (each input cast first).
var mixedPairs = [][2]tensor.DType{{tensor.Bool, tensor.Float64}, {tensor.Uint8, tensor.Int32}, {tensor.Int64, tensor.Float32}, {tensor.Float32, tensor.Float64}}

// signedZeros fills with ±0, 1 and NaN: ties that Maximum and Minimum must break alike.
func signedZeros(r *rand.Rand, _ tensor.DType, _ [][]int) float64 {
	return []float64{0, math.Copysign(0, -1), 1, math.NaN()}[r.IntN(4)]
}

// powFill keeps integer exponents non-negative (negative ones are refused).
func powFill(r interface{ IntN(int) int }, dt tensor.DType) float64 {
	if dt.IsFloat() {
		return float64(r.IntN(7)) - 3 + 0.5*float64(r.IntN(2))
	}
	return float64(r.IntN(4))
}

// ElementwiseOps are the unary and binary element-wise ops (with Go scalars, mixed
// dtypes and their Into forms), Where, FMA and AsType.
func ElementwiseOps() []Op {
	var ops []Op
	for _, u := range unaryOps {
		op := Op{Family: "unary", Name: u.name, Shapes: unaryShapes, Tol: u.tol,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return u.fn(in[0]) })}
		if u.into != nil {
			op.Into = func(out *tensor.Tensor, in []*tensor.Tensor) { u.into(out, in[0]) }
		}
		ops = append(ops, op)
	}
	for _, b := range binaryOps {
		var fill []Fill
		if b.name == "Pow" {
			fill = []Fill{nil, func(r *rand.Rand, dt tensor.DType, _ [][]int) float64 { return powFill(r, dt) }}
		}
		ops = append(ops, Op{Family: "binary", Name: b.name, Shapes: binaryShapes, Tol: b.tol, Fill: fill,
			Fn:   One(func(in []*tensor.Tensor) *tensor.Tensor { return b.fn(in[0], in[1]) }),
			Into: func(out *tensor.Tensor, in []*tensor.Tensor) { b.into(out, in[0], in[1]) }})
		ops = append(ops, Op{Family: "binary", Name: b.name + " mixed dtypes", Shapes: binaryShapes[4:10], Tol: b.tol, Fill: fill,
			DTypes: []tensor.DType{0, 1, 2, 3},
			In:     func(dt tensor.DType) []tensor.DType { p := mixedPairs[dt]; return p[:] },
			Fn:     One(func(in []*tensor.Tensor) *tensor.Tensor { return b.fn(in[0], in[1]) })})
		for i, s := range scalars {
			op := Op{Family: "binary", Name: b.name + " by " + s.name, Shapes: scalarShapes, Tol: b.tol,
				Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return b.fn(in[0], s.v) })}
			if i == 0 {
				op.Into = func(out *tensor.Tensor, in []*tensor.Tensor) { b.into(out, in[0], s.v) }
			}
			ops = append(ops, op)
			if i < 3 && b.name != "Pow" {
				ops = append(ops, Op{Family: "binary", Name: s.name + " " + b.name, Shapes: scalarShapes, Tol: b.tol,
					Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return b.fn(s.v, in[0]) })})
			}
		}
	}
	for _, b := range binaryOps[7:9] { // Maximum, Minimum: ties of signed zeros
		z := []Fill{signedZeros, signedZeros}
		ops = append(ops,
			Op{Family: "binary", Name: b.name + " signed zeros", Shapes: binaryShapes, DTypes: FloatDTypes, Fill: z,
				Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return b.fn(in[0], in[1]) })},
			Op{Family: "binary", Name: b.name + " signed zeros by +0", Shapes: scalarShapes, DTypes: FloatDTypes, Fill: z,
				Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return b.fn(in[0], 0.0) })},
			Op{Family: "binary", Name: "+0 " + b.name + " signed zeros", Shapes: scalarShapes, DTypes: FloatDTypes, Fill: z,
				Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return b.fn(0.0, in[0]) })})
	}
	ops = append(ops,
		Op{Family: "binary", Name: "AddInPlace", Shapes: binaryShapes, Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].AddInPlace(in[1]) })},
		Op{Family: "binary", Name: "MulInPlace self", Shapes: unaryShapes, Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].MulInPlace(in[0]) })},
		Op{Family: "binary", Name: "SubInPlace reversed self", Shapes: unaryShapes, Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].SubInPlace(in[0].Flip()) })},
		Op{Family: "where", Name: "Where", Shapes: [][][]int{{{3, 5}, {3, 5}, {3, 5}}, {{3, 1}, {5}, {}}, {{7}, {1}, {7}}, {{2, 0, 3}, {3}, {1}}, {{4, 1, 6}, {5, 1}, {6}}},
			In: func(dt tensor.DType) []tensor.DType { return []tensor.DType{tensor.Bool, dt, dt} },
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Where(in[0], in[1], in[2]) })},
		Op{Family: "where", Name: "Where scalar", Shapes: [][][]int{{{3, 5}, {3, 5}}, {{7}, {7}}, {{}, {}}},
			In: func(dt tensor.DType) []tensor.DType { return []tensor.DType{dt, dt} },
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Where(in[0], in[1], -1.5) })},
		Op{Family: "fma", Name: "FMA", Tol: Math, Shapes: [][][]int{{{3, 5}, {3, 5}, {3, 5}}, {{3, 1}, {5}, {}}, {{33}, {33}, {33}}, {{2, 0, 3}, {3}, {1}}, {{4, 1, 6}, {5, 1}, {6}}},
			Fn:   One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.FMA(in[0], in[1], in[2]) }),
			Into: func(out *tensor.Tensor, in []*tensor.Tensor) { tensor.FMAInto(out, in[0], in[1], in[2]) }},
		Op{Family: "fma", Name: "FMA scalar", Tol: Math, Shapes: unaryShapes,
			Fn:   One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.FMA(in[0], 2.0, in[0]) }),
			Into: func(out *tensor.Tensor, in []*tensor.Tensor) { tensor.FMAInto(out, in[0], 2.0, in[0]) }},
	)
	ops = append(ops, intoOps()...)
	ops = append(ops, mathOps()...)
	for _, dt := range AllDTypes {
		ops = append(ops, Op{Family: "cast", Name: "AsType(" + dt.String() + ")", Shapes: unaryShapes,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].AsType(dt) })})
	}
	return ops
}

// intoOps write into input 0, which takes every writable layout (its base around the view
// is checked untouched): outputs of another dtype than the result (a cast on the way
// out), and outputs that overlap an input shifted or transposed (NumPy reads the inputs
// first).
func intoOps() []Op {
	f := func(dts ...tensor.DType) func(tensor.DType) []tensor.DType {
		return func(tensor.DType) []tensor.DType { return dts }
	}
	f32, f64, i32, b := tensor.Float32, tensor.Float64, tensor.Int32, tensor.Bool
	sq := [][][]int{{{5, 5}}, {{1, 1}}, {{0, 0}}, {{33, 33}}}
	vec := [][][]int{{{8}}, {{3, 6}}, {{40}}, {{2, 1}}}
	return []Op{
		{Family: "into", Name: "AddInto float32 out", Shapes: [][][]int{{{3, 5}, {3, 5}, {5}}, {{7}, {7}, {}}, {{4, 1, 6}, {1, 6}, {4, 1, 1}}}, DTypes: []tensor.DType{0}, In: f(f32, f64, f64), Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.AddInto(in[0], in[1], in[2]) })},
		{Family: "into", Name: "MulInto int64 out", Shapes: [][][]int{{{3, 5}, {3, 5}, {5}}, {{7}, {7}, {}}}, DTypes: []tensor.DType{0}, In: f(tensor.Int64, i32, tensor.Uint8), Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.MulInto(in[0], in[1], in[2]) })},
		{Family: "into", Name: "LessInto int32 out", Shapes: [][][]int{{{3, 5}, {3, 5}, {5}}, {{7}, {7}, {}}}, DTypes: []tensor.DType{0}, In: f(i32, f64, f64), Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.LessInto(in[0], in[1], in[2]) })},
		{Family: "into", Name: "SqrtInto float32 out", Shapes: [][][]int{{{3, 5}, {3, 5}}, {{33}, {33}}}, DTypes: []tensor.DType{0}, In: f(f32, f64), Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.SqrtInto(in[0], in[1]) })},
		{Family: "into", Name: "FMAInto float32 out", Tol: Math, Shapes: [][][]int{{{3, 5}, {3, 5}}, {{33}, {33}}}, DTypes: []tensor.DType{0}, In: f(f32, f64), Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.FMAInto(in[0], in[1], 3.0, in[1]) })},
		{Family: "into", Name: "AddInto shifted self", Shapes: vec, Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor {
				x := in[0]
				tensor.AddInto(x.Slice(tensor.Ellipsis, tensor.S(tensor.None, -1)), x.Slice(tensor.Ellipsis, tensor.S(1, tensor.None)), x.Slice(tensor.Ellipsis, tensor.S(tensor.None, -1)))
				return x
			})},
		{Family: "into", Name: "NegInto shifted self", Shapes: vec, DTypes: AllDTypes[1:], Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor {
				x := in[0]
				tensor.NegInto(x.Slice(tensor.Ellipsis, tensor.S(1, tensor.None)), x.Slice(tensor.Ellipsis, tensor.S(tensor.None, -1)))
				return x
			})},
		{Family: "into", Name: "MulInto transposed self", Shapes: sq, Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.MulInto(in[0], in[0].T(), in[0]) })},
		{Family: "into", Name: "ExpInto transposed self", Shapes: sq, Tol: Math, DTypes: FloatDTypes, Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.ExpInto(in[0], in[0].T()) })},
		{Family: "into", Name: "SubInPlace transposed", Shapes: sq, DTypes: AllDTypes[1:], Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].SubInPlace(in[0].T()) })},
		{Family: "into", Name: "ClipInto reversed self", Shapes: vec, DTypes: AllDTypes[1:], Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.ClipInto(in[0], in[0].Flip(), -1, 2) })},
		{Family: "into", Name: "FMAInto transposed self", Shapes: sq, Tol: Math, DTypes: FloatDTypes, Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.FMAInto(in[0], in[0].T(), in[0], in[0].Flip()) })},
		{Family: "into", Name: "SetSlice bool", Shapes: [][][]int{{{5, 3}, {3}}}, DTypes: []tensor.DType{0}, In: f(b, f64), Writes: true,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return in[0].SetSlice(in[1], tensor.S(1, 4)) })},
	}
}

// mathUnary are tensor/math.go's one-operand ops (no Into forms).
var mathUnary = []struct {
	name string
	fn   func(*tensor.Tensor) *tensor.Tensor
	tol  Tol
}{
	{"Log2", tensor.Log2, Math}, {"Log10", tensor.Log10, Math}, {"Exp2", tensor.Exp2, Math},
	{"Tan", tensor.Tan, Math}, {"Arcsin", tensor.Arcsin, Math}, {"Arccos", tensor.Arccos, Math},
	{"Arctan", tensor.Arctan, Math}, {"Sinh", tensor.Sinh, Math}, {"Cosh", tensor.Cosh, Math},
	{"Arcsinh", tensor.Arcsinh, Math}, {"Arccosh", tensor.Arccosh, Math},
	{"Arctanh", tensor.Arctanh, Math}, {"Trunc", tensor.Trunc, Exact}, {"Invert", tensor.Invert, Exact},
	{"Erf", tensor.Erf, Math}, {"Erfc", tensor.Erfc, Math},
}

// mathBinary are tensor/math.go's two-operand ops.
var mathBinary = []struct {
	name string
	fn   func(a, b any) *tensor.Tensor
	tol  Tol
}{
	{"Arctan2", tensor.Arctan2, Math}, {"Hypot", tensor.Hypot, Exact}, {"Fmod", tensor.Fmod, Exact},
	{"Fmax", tensor.Fmax, Exact}, {"Fmin", tensor.Fmin, Exact}, {"LogicalXor", tensor.LogicalXor, Exact},
	{"BitwiseAnd", tensor.BitwiseAnd, Exact}, {"BitwiseOr", tensor.BitwiseOr, Exact},
	{"BitwiseXor", tensor.BitwiseXor, Exact}, {"LeftShift", tensor.LeftShift, Exact},
	{"RightShift", tensor.RightShift, Exact},
}

// mathOps are the ops of tensor/math.go: the unary and binary ones (with Go scalars on
// either side and mixed dtypes; float inputs of the integer-only ops are refused alike on
// every layout), Divmod and ClipArray.
func mathOps() []Op {
	var ops []Op
	for _, u := range mathUnary {
		ops = append(ops, Op{Family: "math", Name: u.name, Shapes: unaryShapes, Tol: u.tol,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return u.fn(in[0]) })})
	}
	ints := []tensor.DType{tensor.Int32, tensor.Uint8}
	for _, b := range mathBinary {
		two := One(func(in []*tensor.Tensor) *tensor.Tensor { return b.fn(in[0], in[1]) })
		ops = append(ops,
			Op{Family: "math", Name: b.name, Shapes: binaryShapes, Tol: b.tol, Fn: two},
			Op{Family: "math", Name: b.name + " mixed dtypes", Shapes: binaryShapes[4:10], Tol: b.tol,
				DTypes: []tensor.DType{0, 1, 2, 3},
				In:     func(dt tensor.DType) []tensor.DType { p := mixedPairs[dt]; return p[:] }, Fn: two},
			Op{Family: "math", Name: b.name + " by int 3", Shapes: scalarShapes, Tol: b.tol,
				Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return b.fn(in[0], 3) })},
			Op{Family: "math", Name: "int 2 " + b.name, Shapes: scalarShapes, Tol: b.tol, DTypes: ints,
				Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return b.fn(2, in[0]) })})
		if b.name == "Fmax" || b.name == "Fmin" || b.name == "Fmod" || b.name == "Arctan2" {
			ops = append(ops, Op{Family: "math", Name: b.name + " signed zeros", Shapes: binaryShapes,
				Tol: b.tol, DTypes: FloatDTypes, Fill: []Fill{signedZeros, signedZeros}, Fn: two})
		}
	}
	ops = append(ops,
		Op{Family: "math", Name: "Divmod", Shapes: binaryShapes, Tol: Math,
			Fn: func(in []*tensor.Tensor) []*tensor.Tensor {
				q, r := tensor.Divmod(in[0], in[1])
				return []*tensor.Tensor{q, r}
			}},
		Op{Family: "math", Name: "ClipArray", Tol: Exact,
			Shapes: [][][]int{{{3, 5}, {3, 5}, {3, 5}}, {{3, 1}, {5}, {}}, {{7}, {1}, {7}}, {{2, 0, 3}, {3}, {1}}, {{4, 1, 6}, {5, 1}, {6}}, {{}, {}, {}}},
			Fn:     One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.ClipArray(in[0], in[1], in[2]) })},
		Op{Family: "math", Name: "ClipArray hi only", Tol: Exact, Shapes: binaryShapes,
			Fn: One(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.ClipArray(in[0], nil, in[1]) })},
	)
	return ops
}
