package tensor

import (
	"math"
	"slices"
	"strings"

	"github.com/gotensor/gotensor/device"
)

// unaryType is the dtype op computes in for an input of dtype dt: float-only ops lift
// integers to float64 (uint8 and bool to float32, where NumPy answers float16, which
// gotensor lacks).
func unaryType(op device.UnaryOp, dt DType) DType {
	if !op.FloatOnly() || dt.IsFloat() {
		return dt
	}
	if dt == Uint8 || dt == Bool {
		return Float32
	}
	return Float64
}

// unary is the dispatch of every element-wise op with one operand.
func unary(op device.UnaryOp, name string, out, x *Tensor, p device.Params) *Tensor {
	if x == nil {
		fail(Value, name, "nil tensor")
	}
	ct := unaryType(op, x.dtype)
	if x.dtype == Bool && (op == device.Neg || op == device.Sign) {
		fail(Value, name, "the %s of a bool tensor is not supported: use LogicalNot", op)
	}
	rt := ct
	if op.Predicate() {
		rt = Bool
	}
	d := deviceOf(name, x, out)
	dst, res := outFor(name, d, out, rt, x.shape, x, nil)
	check(name, d.Unary(op, dst.operand(), x.as(ct).operand(), p))
	return recordNode(strings.TrimSuffix(name, "Into"), finish(name, dst, res), out != nil, p, nil, []*Tensor{x})
}

// unaryInto is unary writing into out, which must not be nil.
func unaryInto(op device.UnaryOp, name string, out, x *Tensor) *Tensor {
	if out == nil {
		fail(Value, name, "nil output tensor")
	}
	return unary(op, name, out, x, device.Params{})
}

// Element-wise ops with one operand. Exp, Log, Sqrt, Tanh, Sin, Cos, Log1p, Expm1,
// Sigmoid and Reciprocal lift integer inputs to float64 (uint8 and bool to float32, where
// NumPy answers float16); IsNaN, IsFinite, IsInf and LogicalNot give bool. The Into forms
// write into out (same shape; "same_kind" casting) and return it. Each has a method of
// the same name: x.Exp(), out.ExpInto(x).

// Neg returns -x element-wise (np.negative); bool tensors are refused: use LogicalNot.
func Neg(x *Tensor) *Tensor { return unary(device.Neg, "Neg", nil, x, device.Params{}) }

// Abs returns |x| element-wise (np.absolute).
func Abs(x *Tensor) *Tensor { return unary(device.Abs, "Abs", nil, x, device.Params{}) }

// Exp returns e**x element-wise (np.exp).
func Exp(x *Tensor) *Tensor { return unary(device.Exp, "Exp", nil, x, device.Params{}) }

// Log returns the natural logarithm of x element-wise (np.log).
func Log(x *Tensor) *Tensor { return unary(device.Log, "Log", nil, x, device.Params{}) }

// Sqrt returns the square root of x element-wise (np.sqrt).
func Sqrt(x *Tensor) *Tensor { return unary(device.Sqrt, "Sqrt", nil, x, device.Params{}) }

// Tanh returns the hyperbolic tangent of x element-wise (np.tanh).
func Tanh(x *Tensor) *Tensor { return unary(device.Tanh, "Tanh", nil, x, device.Params{}) }

// Sin returns the sine of x element-wise, x in radians (np.sin).
func Sin(x *Tensor) *Tensor { return unary(device.Sin, "Sin", nil, x, device.Params{}) }

// Cos returns the cosine of x element-wise, x in radians (np.cos).
func Cos(x *Tensor) *Tensor { return unary(device.Cos, "Cos", nil, x, device.Params{}) }

// Square returns x*x element-wise (np.square).
func Square(x *Tensor) *Tensor { return unary(device.Square, "Square", nil, x, device.Params{}) }

// Floor returns the floor of x element-wise (np.floor).
func Floor(x *Tensor) *Tensor { return unary(device.Floor, "Floor", nil, x, device.Params{}) }

// Ceil returns the ceiling of x element-wise (np.ceil).
func Ceil(x *Tensor) *Tensor { return unary(device.Ceil, "Ceil", nil, x, device.Params{}) }

// Sign returns -1, 0 or 1 by the sign of x element-wise, NaN for NaN (np.sign); bool
// tensors are refused.
func Sign(x *Tensor) *Tensor { return unary(device.Sign, "Sign", nil, x, device.Params{}) }

// Log1p returns log(1 + x) element-wise, accurate for small x (np.log1p).
func Log1p(x *Tensor) *Tensor { return unary(device.Log1p, "Log1p", nil, x, device.Params{}) }

// Expm1 returns exp(x) - 1 element-wise, accurate for small x (np.expm1).
func Expm1(x *Tensor) *Tensor { return unary(device.Expm1, "Expm1", nil, x, device.Params{}) }

// Sigmoid returns 1/(1+exp(-x)) element-wise, without overflow for large |x|
// (scipy.special.expit).
func Sigmoid(x *Tensor) *Tensor { return unary(device.Sigmoid, "Sigmoid", nil, x, device.Params{}) }

// ReLU returns max(x, 0) element-wise.
func ReLU(x *Tensor) *Tensor { return unary(device.ReLU, "ReLU", nil, x, device.Params{}) }

// IsNaN reports element-wise whether x is NaN, as a bool tensor (np.isnan).
func IsNaN(x *Tensor) *Tensor { return unary(device.IsNaN, "IsNaN", nil, x, device.Params{}) }

// IsFinite reports element-wise whether x is finite, as a bool tensor (np.isfinite).
func IsFinite(x *Tensor) *Tensor { return unary(device.IsFinite, "IsFinite", nil, x, device.Params{}) }

// IsInf reports element-wise whether x is ±Inf, as a bool tensor (np.isinf).
func IsInf(x *Tensor) *Tensor { return unary(device.IsInf, "IsInf", nil, x, device.Params{}) }

// LogicalNot returns !x element-wise, x taken as true where non-zero, as a bool tensor
// (np.logical_not).
func LogicalNot(x *Tensor) *Tensor {
	return unary(device.LogicalNot, "LogicalNot", nil, x, device.Params{})
}

// Reciprocal returns 1/x element-wise (np.reciprocal). Integer inputs are lifted to
// float64 (uint8 and bool to float32) where NumPy divides integers (1/2 is 0).
func Reciprocal(x *Tensor) *Tensor {
	return unary(device.Reciprocal, "Reciprocal", nil, x, device.Params{})
}

// NegInto is Neg writing into out.
func NegInto(out, x *Tensor) *Tensor { return unaryInto(device.Neg, "NegInto", out, x) }

// AbsInto is Abs writing into out.
func AbsInto(out, x *Tensor) *Tensor { return unaryInto(device.Abs, "AbsInto", out, x) }

// ExpInto is Exp writing into out.
func ExpInto(out, x *Tensor) *Tensor { return unaryInto(device.Exp, "ExpInto", out, x) }

// LogInto is Log writing into out.
func LogInto(out, x *Tensor) *Tensor { return unaryInto(device.Log, "LogInto", out, x) }

// SqrtInto is Sqrt writing into out.
func SqrtInto(out, x *Tensor) *Tensor { return unaryInto(device.Sqrt, "SqrtInto", out, x) }

// TanhInto is Tanh writing into out.
func TanhInto(out, x *Tensor) *Tensor { return unaryInto(device.Tanh, "TanhInto", out, x) }

// SinInto is Sin writing into out.
func SinInto(out, x *Tensor) *Tensor { return unaryInto(device.Sin, "SinInto", out, x) }

// CosInto is Cos writing into out.
func CosInto(out, x *Tensor) *Tensor { return unaryInto(device.Cos, "CosInto", out, x) }

// SquareInto is Square writing into out.
func SquareInto(out, x *Tensor) *Tensor { return unaryInto(device.Square, "SquareInto", out, x) }

// FloorInto is Floor writing into out.
func FloorInto(out, x *Tensor) *Tensor { return unaryInto(device.Floor, "FloorInto", out, x) }

// CeilInto is Ceil writing into out.
func CeilInto(out, x *Tensor) *Tensor { return unaryInto(device.Ceil, "CeilInto", out, x) }

// SignInto is Sign writing into out.
func SignInto(out, x *Tensor) *Tensor { return unaryInto(device.Sign, "SignInto", out, x) }

// Log1pInto is Log1p writing into out.
func Log1pInto(out, x *Tensor) *Tensor { return unaryInto(device.Log1p, "Log1pInto", out, x) }

// Expm1Into is Expm1 writing into out.
func Expm1Into(out, x *Tensor) *Tensor { return unaryInto(device.Expm1, "Expm1Into", out, x) }

// SigmoidInto is Sigmoid writing into out.
func SigmoidInto(out, x *Tensor) *Tensor { return unaryInto(device.Sigmoid, "SigmoidInto", out, x) }

// ReLUInto is ReLU writing into out.
func ReLUInto(out, x *Tensor) *Tensor { return unaryInto(device.ReLU, "ReLUInto", out, x) }

// Clip limits x to [lo, hi] element-wise, as np.clip. Each bound is a Go number of any
// type, a *Tensor that broadcasts against x, or nil for no bound (NumPy's None); at
// least one must be given.
//
// The result has the dtype the binary ops give Maximum(Minimum(x, hi), lo): NEP 50's
// promotion of x, the tensor bounds and the Go numbers as weak scalars. So an integer x
// keeps its dtype with integer bounds and becomes float64 with a float bound
// (np.clip(np.arange(5), 0.5, 2.5) is float64), a float32 x stays float32 with Go number
// bounds, and a tensor bound of another dtype promotes as np.result_type. A Go integer
// bound outside the range of that dtype is a Value error (uint8 x and 300).
//
// A NaN Go number bound is no bound (as NumPy's scalar NaN bound), and NaN in x stays
// NaN. With a tensor bound, Clip is Minimum(Maximum(x, lo), hi), as NumPy defines it:
// NaN anywhere propagates, and where lo > hi the result is hi.
func Clip(x *Tensor, lo, hi any) *Tensor {
	x.must("Clip")
	x, b, kernel := clipBounds("Clip", x, lo, hi)
	if kernel {
		return unary(device.Clip, "Clip", nil, x, clipParams(b))
	}
	if b[0] != nil {
		x = Maximum(x, b[0])
	}
	if b[1] != nil {
		x = Minimum(x, b[1])
	}
	return x
}

// ClipInto is Clip writing into out, which must have the broadcast shape of x and the
// tensor bounds and a dtype the result casts to under "same_kind" (an integer out for a
// float result is a Value error, as NumPy's casting error).
func ClipInto(out, x *Tensor, lo, hi any) *Tensor {
	out.must("ClipInto")
	x.must("ClipInto")
	x, b, kernel := clipBounds("ClipInto", x, lo, hi)
	if kernel {
		return unary(device.Clip, "ClipInto", out, x, clipParams(b))
	}
	ins := [][]int{x.shape}
	for _, v := range b {
		if t, ok := v.(*Tensor); ok {
			ins = append(ins, t.shape)
		}
	}
	if shape := broadcastShapes("ClipInto", ins...); !slices.Equal(out.shape, shape) {
		fail(Shape, "ClipInto", "output of shape %s does not match the broadcast shape %s", shapeStr(out.shape), shapeStr(shape))
	}
	if b[1] == nil {
		return MaximumInto(out, x, b[0])
	}
	if b[0] != nil {
		x = Maximum(x, b[0])
	}
	return MinimumInto(out, x, b[1])
}

// clipBounds checks Clip's bounds and promotes: ct is NEP 50's result dtype of x, the
// tensor bounds and the Go number bounds (weak), Go integer bounds must fit it, and an
// integer or bool x is cast to ct up front (so that Maximum and Minimum meet no Go
// integer outside x's own dtype). It returns x, the bounds (nil for none or a NaN
// number; numbers as int64 for an integer ct, float64 otherwise) and whether the Clip
// kernel can run: no bound is a tensor, and ct is not int64 (the kernel compares in
// float64, which holds only 53 bits). Otherwise Clip composes Maximum and Minimum, which
// for int64 is exact. (A NaN bound makes ct a float dtype, so the composed path always
// has a bound left.)
func clipBounds(op string, x *Tensor, lo, hi any) (xc *Tensor, b [2]any, kernel bool) {
	if lo == nil && hi == nil {
		fail(Value, op, "one of the bounds lo and hi must be given (nil is no bound)")
	}
	var ops [2]operand
	ct := x.dtype
	for k, v := range [2]any{lo, hi} {
		if t, ok := v.(*Tensor); ok {
			ops[k] = operand{t: t.must(op)}
			ct = device.ResultType(ct, t.dtype)
		}
	}
	for k, v := range [2]any{lo, hi} {
		if v == nil || ops[k].t != nil {
			continue
		}
		ops[k] = scalarArg(op, "the bound", v)
		ct = device.WeakResult(ct, ops[k].isFloat, ops[k].isBool)
	}
	kernel = ct != Int64
	for k, v := range [2]any{lo, hi} {
		o := ops[k]
		switch {
		case v == nil:
		case o.t != nil:
			b[k], kernel = o.t, false
		case o.isFloat && math.IsNaN(o.s.F):
		case ct.IsInt():
			checkScalar(op, o, ct)
			b[k] = o.s.I
		default:
			b[k] = o.s.F
		}
	}
	if ct != x.dtype && !x.dtype.IsFloat() {
		x = x.AsType(ct) // an integer or bool x: nothing to differentiate
	}
	return x, b, kernel
}

// clipParams are the kernel's parameters for bounds from clipBounds (numbers or nil):
// float64 bounds, NaN for none.
func clipParams(b [2]any) device.Params {
	var f [2]float64
	for k, v := range b {
		f[k] = math.NaN()
		if v != nil {
			f[k] = asOperand("Clip", v).s.F
		}
	}
	return device.Params{A: f[0], B: f[1]}
}

// Round rounds to the given number of decimals, halves to even (np.round).
func Round(x *Tensor, decimals int) *Tensor {
	x.must("Round")
	return unary(device.Round, "Round", nil, x, device.Params{I: decimals})
}

// Neg returns -t.
func (t *Tensor) Neg() *Tensor { return Neg(t) }

// Exp returns e**t.
func (t *Tensor) Exp() *Tensor { return Exp(t) }

// Log returns the natural logarithm of t.
func (t *Tensor) Log() *Tensor { return Log(t) }

// Sqrt returns the square root of t.
func (t *Tensor) Sqrt() *Tensor { return Sqrt(t) }

// Abs returns |t|.
func (t *Tensor) Abs() *Tensor { return Abs(t) }
