package tensor

import (
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

func unOp(op device.UnaryOp, name string) func(x *Tensor) *Tensor {
	return func(x *Tensor) *Tensor { return unary(op, name, nil, x, device.Params{}) }
}

func unInto(op device.UnaryOp, name string) func(out, x *Tensor) *Tensor {
	return func(out, x *Tensor) *Tensor {
		if out == nil {
			fail(Value, name, "nil output tensor")
		}
		return unary(op, name, out, x, device.Params{})
	}
}

// Element-wise ops with one operand. Exp, Log, Sqrt, Tanh, Sin, Cos, Log1p, Expm1 and
// Sigmoid lift integer inputs to float64; IsNaN, IsFinite, IsInf and LogicalNot give bool.
// The Into forms write into out (same shape; "same_kind" casting) and return it.
var (
	Neg        = unOp(device.Neg, "Neg")
	Abs        = unOp(device.Abs, "Abs")
	Exp        = unOp(device.Exp, "Exp")
	Log        = unOp(device.Log, "Log")
	Sqrt       = unOp(device.Sqrt, "Sqrt")
	Tanh       = unOp(device.Tanh, "Tanh")
	Sin        = unOp(device.Sin, "Sin")
	Cos        = unOp(device.Cos, "Cos")
	Square     = unOp(device.Square, "Square")
	Floor      = unOp(device.Floor, "Floor")
	Ceil       = unOp(device.Ceil, "Ceil")
	Sign       = unOp(device.Sign, "Sign")
	Log1p      = unOp(device.Log1p, "Log1p")
	Expm1      = unOp(device.Expm1, "Expm1")
	Sigmoid    = unOp(device.Sigmoid, "Sigmoid") // 1/(1+exp(-x)), without overflow for large |x|
	ReLU       = unOp(device.ReLU, "ReLU")       // max(x, 0)
	IsNaN      = unOp(device.IsNaN, "IsNaN")
	IsFinite   = unOp(device.IsFinite, "IsFinite")
	IsInf      = unOp(device.IsInf, "IsInf")
	LogicalNot = unOp(device.LogicalNot, "LogicalNot")
	Reciprocal = unOp(device.Reciprocal, "Reciprocal")

	NegInto     = unInto(device.Neg, "NegInto")
	AbsInto     = unInto(device.Abs, "AbsInto")
	ExpInto     = unInto(device.Exp, "ExpInto")
	LogInto     = unInto(device.Log, "LogInto")
	SqrtInto    = unInto(device.Sqrt, "SqrtInto")
	TanhInto    = unInto(device.Tanh, "TanhInto")
	SinInto     = unInto(device.Sin, "SinInto")
	CosInto     = unInto(device.Cos, "CosInto")
	SquareInto  = unInto(device.Square, "SquareInto")
	FloorInto   = unInto(device.Floor, "FloorInto")
	CeilInto    = unInto(device.Ceil, "CeilInto")
	SignInto    = unInto(device.Sign, "SignInto")
	Log1pInto   = unInto(device.Log1p, "Log1pInto")
	Expm1Into   = unInto(device.Expm1, "Expm1Into")
	SigmoidInto = unInto(device.Sigmoid, "SigmoidInto")
	ReLUInto    = unInto(device.ReLU, "ReLUInto")
)

// Clip limits x to [lo, hi], as np.clip (NaN stays NaN; pass math.NaN() for no bound).
func Clip(x *Tensor, lo, hi float64) *Tensor {
	x.must("Clip")
	return unary(device.Clip, "Clip", nil, x, device.Params{A: lo, B: hi})
}

// ClipInto is Clip writing into out.
func ClipInto(out, x *Tensor, lo, hi float64) *Tensor {
	out.must("ClipInto")
	x.must("ClipInto")
	return unary(device.Clip, "ClipInto", out, x, device.Params{A: lo, B: hi})
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
