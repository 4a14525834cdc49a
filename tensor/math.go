package tensor

import "github.com/gotensor/gotensor/device"

// NumPy's element-wise math beyond the basic ops: logarithms and exponentials of base 2
// and 10, the trigonometric and hyperbolic functions and their inverses, trunc, fmod,
// divmod, fmax/fmin, hypot, arctan2, logical_xor, the bitwise ops and shifts, and clip
// with tensor bounds. Each runs as one kernel per call on every device (Divmod as two,
// ClipArray as one or two); float32 computes in float64 and rounds.
//
// Result dtypes are NumPy 1.24's: the float functions lift int32 and int64 to float64, and
// uint8 and bool to float32 (NumPy answers float16, which gotensor lacks); where NumPy
// answers int8 (Fmod, Divmod and the shifts of two bools) gotensor answers int64. Go
// scalars are weak, as everywhere (NEP 50).

// mathUnary is the dispatch of this file's one-operand ops.
func mathUnary(op device.UnaryOp, name string, x *Tensor) *Tensor {
	x.must(name)
	if op.IntOnly() && x.dtype.IsFloat() {
		fail(Value, name, "%s of a %v tensor is not supported: it takes integer and bool tensors (NumPy's %s)", name, x.dtype, op)
	}
	if op == device.Invert && x.dtype == Bool {
		op = device.LogicalNot // NumPy's invert of bool is logical not
	}
	return unary(op, name, nil, x, device.Params{})
}

// mathBinary is the dispatch of this file's two-operand ops: binary's, with their dtype
// rules.
func mathBinary(op device.BinaryOp, name string, x, y any) *Tensor {
	a, b := asOperand(name, x), asOperand(name, y)
	if a.t == nil && b.t == nil {
		a.t = a.tensor(a.dtype())
	}
	ct := promote(a, b)
	checkScalar(name, a, ct)
	checkScalar(name, b, ct)
	switch {
	case op.IntOnly() && ct.IsFloat():
		fail(Value, name, "%s of %s and %s is not supported: it takes integers and bools (NumPy's %s); convert with AsType",
			name, a.describe(), b.describe(), op)
	case op.FloatOnly() && !ct.IsFloat():
		ct = unaryType(device.Exp, ct) // float64, or float32 for uint8 and bool
	case ct == Bool && (op == device.Fmod || op == device.LeftShift || op == device.RightShift):
		ct = Int64 // NumPy answers int8
	}
	ta, tb := a.t, b.t
	d := deviceOf(name, ta, tb)
	shape := broadcastShapes(name, shapeOf(a), shapeOf(b))
	rt := ct
	if op.Predicate() {
		rt = Bool
	}
	dst := alloc(name, d, rt, shape)
	check(name, d.Binary(op, dst.operand(),
		a.deviceOperand(name, d, ct, shape), b.deviceOperand(name, d, ct, shape)))
	if tracked(ta, tb) {
		recordNode(name, dst, false, nil, []any{x, y}, []*Tensor{ta, tb})
	}
	return dst
}

// describe names an operand for messages: "a float32 tensor", "a Go float".
func (o operand) describe() string {
	switch {
	case o.t != nil:
		if d := o.t.dtype.String(); d[0] == 'i' || d[0] == 'u' {
			return "an " + d + " tensor"
		}
		return "a " + o.t.dtype.String() + " tensor"
	case o.isBool:
		return "a Go bool"
	case o.isFloat:
		return "a Go float"
	}
	return "a Go int"
}

// renamed re-panics a tensor error of a composed op under the name the caller used.
func renamed(name string) {
	if r := recover(); r != nil {
		if e, ok := r.(*Error); ok && e.Op != name {
			e.Msg = "(in " + e.Op + ") " + e.Msg
			e.Op = name
		}
		panic(r)
	}
}

// Log2 returns the base-2 logarithm of x, element-wise (np.log2): exact for powers of two,
// -Inf at 0, NaN below.
func Log2(x *Tensor) *Tensor { return mathUnary(device.Log2, "Log2", x) }

// Log10 returns the base-10 logarithm of x, element-wise (np.log10).
func Log10(x *Tensor) *Tensor { return mathUnary(device.Log10, "Log10", x) }

// Exp2 returns 2**x, element-wise (np.exp2).
func Exp2(x *Tensor) *Tensor { return mathUnary(device.Exp2, "Exp2", x) }

// Tan returns the tangent of x (radians), element-wise (np.tan).
func Tan(x *Tensor) *Tensor { return mathUnary(device.Tan, "Tan", x) }

// Arcsin returns the inverse sine of x in [-Pi/2, Pi/2], NaN outside [-1, 1] (np.arcsin).
func Arcsin(x *Tensor) *Tensor { return mathUnary(device.Arcsin, "Arcsin", x) }

// Arccos returns the inverse cosine of x in [0, Pi], NaN outside [-1, 1] (np.arccos).
func Arccos(x *Tensor) *Tensor { return mathUnary(device.Arccos, "Arccos", x) }

// Arctan returns the inverse tangent of x in [-Pi/2, Pi/2] (np.arctan).
func Arctan(x *Tensor) *Tensor { return mathUnary(device.Arctan, "Arctan", x) }

// Sinh returns the hyperbolic sine of x, element-wise (np.sinh).
func Sinh(x *Tensor) *Tensor { return mathUnary(device.Sinh, "Sinh", x) }

// Cosh returns the hyperbolic cosine of x, element-wise (np.cosh).
func Cosh(x *Tensor) *Tensor { return mathUnary(device.Cosh, "Cosh", x) }

// Arcsinh returns the inverse hyperbolic sine of x, element-wise (np.arcsinh).
func Arcsinh(x *Tensor) *Tensor { return mathUnary(device.Arcsinh, "Arcsinh", x) }

// Arccosh returns the inverse hyperbolic cosine of x, NaN below 1 (np.arccosh).
func Arccosh(x *Tensor) *Tensor { return mathUnary(device.Arccosh, "Arccosh", x) }

// Arctanh returns the inverse hyperbolic tangent of x: ±Inf at ±1, NaN outside [-1, 1]
// (np.arctanh).
func Arctanh(x *Tensor) *Tensor { return mathUnary(device.Arctanh, "Arctanh", x) }

// Trunc rounds x towards zero, element-wise (np.trunc). As in NumPy 1.24, integer inputs
// give floats.
func Trunc(x *Tensor) *Tensor { return mathUnary(device.Trunc, "Trunc", x) }

// Invert returns the bitwise NOT of an integer tensor, and the logical NOT of a bool one
// (np.invert, np.bitwise_not). Float tensors are a Value error.
func Invert(x *Tensor) *Tensor { return mathUnary(device.Invert, "Invert", x) }

// Erf returns the error function of x, 2/sqrt(pi) times the integral of exp(-t²) from 0 to
// x, element-wise (Python's math.erf, scipy.special.erf): ±1 at ±Inf, odd (Erf(-0) = -0),
// within an ulp or two of the correctly rounded value. Integer inputs give float64 (uint8
// and bool float32), as the other float functions. The exact GELU is x*(1+Erf(x/√2))/2.
func Erf(x *Tensor) *Tensor { return mathUnary(device.Erf, "Erf", x) }

// Erfc returns the complementary error function 1 - Erf(x), element-wise (math.erfc,
// scipy.special.erfc), accurate where 1 - Erf(x) would cancel (large x): 2 at -Inf, 0 at
// +Inf and from x ≈ 27.3 on, where it underflows.
func Erfc(x *Tensor) *Tensor { return mathUnary(device.Erfc, "Erfc", x) }

// Arctan2 returns the angle of the point (b, a) in (-Pi, Pi], element-wise with
// broadcasting: arctan(a/b) in the right quadrant (np.arctan2(a, b)). a and b are tensors
// or Go numbers.
func Arctan2(a, b any) *Tensor { return mathBinary(device.Arctan2, "Arctan2", a, b) }

// Hypot returns sqrt(a*a + b*b) without intermediate overflow (np.hypot); Inf wins over
// NaN.
func Hypot(a, b any) *Tensor { return mathBinary(device.Hypot, "Hypot", a, b) }

// Fmod returns the remainder of a / b with the sign of a, C's fmod (np.fmod); Mod's has
// the sign of b. Integer division by zero gives 0, as in NumPy; float gives NaN.
func Fmod(a, b any) *Tensor { return mathBinary(device.Fmod, "Fmod", a, b) }

// Fmax returns the element-wise maximum, ignoring NaN: NaN only where both are
// (np.fmax); Maximum propagates NaN.
func Fmax(a, b any) *Tensor { return mathBinary(device.Fmax, "Fmax", a, b) }

// Fmin returns the element-wise minimum, ignoring NaN (np.fmin).
func Fmin(a, b any) *Tensor { return mathBinary(device.Fmin, "Fmin", a, b) }

// LogicalXor returns a != 0 XOR b != 0 as bool, element-wise (np.logical_xor).
func LogicalXor(a, b any) *Tensor { return mathBinary(device.LogicalXor, "LogicalXor", a, b) }

// BitwiseAnd returns a & b for integer and bool operands (np.bitwise_and); floats are a
// Value error.
func BitwiseAnd(a, b any) *Tensor { return mathBinary(device.BitwiseAnd, "BitwiseAnd", a, b) }

// BitwiseOr returns a | b for integer and bool operands (np.bitwise_or).
func BitwiseOr(a, b any) *Tensor { return mathBinary(device.BitwiseOr, "BitwiseOr", a, b) }

// BitwiseXor returns a ^ b for integer and bool operands (np.bitwise_xor).
func BitwiseXor(a, b any) *Tensor { return mathBinary(device.BitwiseXor, "BitwiseXor", a, b) }

// LeftShift returns a << b for integer operands (np.left_shift). As NumPy, a count
// outside [0, bits of the dtype) gives 0.
func LeftShift(a, b any) *Tensor { return mathBinary(device.LeftShift, "LeftShift", a, b) }

// RightShift returns a >> b, arithmetic for signed dtypes (np.right_shift). As NumPy, a
// count outside [0, bits) gives 0, or -1 for negative a.
func RightShift(a, b any) *Tensor { return mathBinary(device.RightShift, "RightShift", a, b) }

// Divmod returns FloorDiv(a, b) and Mod(a, b) (np.divmod): the floored quotient and the
// remainder with the sign of b.
func Divmod(a, b any) (q, r *Tensor) {
	defer renamed("Divmod")
	return FloorDiv(a, b), Mod(a, b)
}

// ClipArray is Clip; kept for the code written when Clip took only float64 bounds and
// ClipArray was the form for tensor and Go number bounds. Errors name ClipArray.
func ClipArray(x *Tensor, lo, hi any) *Tensor {
	x.must("ClipArray")
	defer renamed("ClipArray")
	return Clip(x, lo, hi)
}

// Log2 returns the base-2 logarithm of t.
func (t *Tensor) Log2() *Tensor { return Log2(t) }

// Log10 returns the base-10 logarithm of t.
func (t *Tensor) Log10() *Tensor { return Log10(t) }

// Exp2 returns 2**t.
func (t *Tensor) Exp2() *Tensor { return Exp2(t) }

// Tan returns the tangent of t.
func (t *Tensor) Tan() *Tensor { return Tan(t) }

// Arcsin returns the inverse sine of t.
func (t *Tensor) Arcsin() *Tensor { return Arcsin(t) }

// Arccos returns the inverse cosine of t.
func (t *Tensor) Arccos() *Tensor { return Arccos(t) }

// Arctan returns the inverse tangent of t.
func (t *Tensor) Arctan() *Tensor { return Arctan(t) }

// Sinh returns the hyperbolic sine of t.
func (t *Tensor) Sinh() *Tensor { return Sinh(t) }

// Cosh returns the hyperbolic cosine of t.
func (t *Tensor) Cosh() *Tensor { return Cosh(t) }

// Arcsinh returns the inverse hyperbolic sine of t.
func (t *Tensor) Arcsinh() *Tensor { return Arcsinh(t) }

// Arccosh returns the inverse hyperbolic cosine of t.
func (t *Tensor) Arccosh() *Tensor { return Arccosh(t) }

// Arctanh returns the inverse hyperbolic tangent of t.
func (t *Tensor) Arctanh() *Tensor { return Arctanh(t) }

// Trunc rounds t towards zero.
func (t *Tensor) Trunc() *Tensor { return Trunc(t) }

// Invert returns the bitwise NOT of t (logical NOT for bool).
func (t *Tensor) Invert() *Tensor { return Invert(t) }

// Erf returns the error function of t.
func (t *Tensor) Erf() *Tensor { return Erf(t) }

// Erfc returns the complementary error function of t.
func (t *Tensor) Erfc() *Tensor { return Erfc(t) }

// Arctan2 returns Arctan2(t, o).
func (t *Tensor) Arctan2(o any) *Tensor { return Arctan2(t, o) }

// Hypot returns Hypot(t, o).
func (t *Tensor) Hypot(o any) *Tensor { return Hypot(t, o) }

// Fmod returns Fmod(t, o).
func (t *Tensor) Fmod(o any) *Tensor { return Fmod(t, o) }

// Fmax returns Fmax(t, o).
func (t *Tensor) Fmax(o any) *Tensor { return Fmax(t, o) }

// Fmin returns Fmin(t, o).
func (t *Tensor) Fmin(o any) *Tensor { return Fmin(t, o) }

// LogicalXor returns LogicalXor(t, o).
func (t *Tensor) LogicalXor(o any) *Tensor { return LogicalXor(t, o) }

// BitwiseAnd returns t & o.
func (t *Tensor) BitwiseAnd(o any) *Tensor { return BitwiseAnd(t, o) }

// BitwiseOr returns t | o.
func (t *Tensor) BitwiseOr(o any) *Tensor { return BitwiseOr(t, o) }

// BitwiseXor returns t ^ o.
func (t *Tensor) BitwiseXor(o any) *Tensor { return BitwiseXor(t, o) }

// LeftShift returns t << o.
func (t *Tensor) LeftShift(o any) *Tensor { return LeftShift(t, o) }

// RightShift returns t >> o.
func (t *Tensor) RightShift(o any) *Tensor { return RightShift(t, o) }

// Divmod returns Divmod(t, o).
func (t *Tensor) Divmod(o any) (q, r *Tensor) { return Divmod(t, o) }

// ClipArray returns ClipArray(t, lo, hi).
func (t *Tensor) ClipArray(lo, hi any) *Tensor { return ClipArray(t, lo, hi) }
