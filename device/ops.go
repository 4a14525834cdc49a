package device

// UnaryOp is the closed set of element-wise ops with one operand.
type UnaryOp uint8

// Unary ops. Predicates (IsNaN, IsFinite, IsInf, LogicalNot) write bool.
const (
	Neg UnaryOp = iota
	Abs
	Exp
	Log
	Sqrt
	Tanh
	Sin
	Cos
	Square
	Floor
	Ceil
	Sign
	Log1p
	Expm1
	Sigmoid
	ReLU
	Clip  // Params.A = min, Params.B = max (NaN bound = no bound)
	Round // Params.I = decimals, half to even
	IsNaN
	IsFinite
	IsInf
	LogicalNot
	Reciprocal
	Log2
	Log10
	Exp2
	Tan
	Arcsin
	Arccos
	Arctan
	Sinh
	Cosh
	Arcsinh
	Arccosh
	Arctanh
	Trunc
	Invert // bitwise not of an integer (tensor turns it into LogicalNot for bool)
	Erf    // the error function (math.erf, scipy.special.erf)
	Erfc   // 1 - erf, without the cancellation
	// NumUnary is the number of unary ops, for tables indexed by op.
	NumUnary
)

var unaryNames = [...]string{"negative", "abs", "exp", "log", "sqrt", "tanh", "sin", "cos",
	"square", "floor", "ceil", "sign", "log1p", "expm1", "sigmoid", "relu", "clip", "round",
	"isnan", "isfinite", "isinf", "logical_not", "reciprocal", "log2", "log10", "exp2", "tan",
	"arcsin", "arccos", "arctan", "sinh", "cosh", "arcsinh", "arccosh", "arctanh", "trunc", "invert",
	"erf", "erfc"}

// String is NumPy's name of the op.
func (o UnaryOp) String() string { return unaryNames[o] }

// Predicate reports whether the op writes bool whatever its input.
func (o UnaryOp) Predicate() bool { return o >= IsNaN && o <= LogicalNot }

// FloatOnly reports whether the op needs a floating-point input (integer inputs are cast to
// float64 first, as NumPy does for exp of an int array).
func (o UnaryOp) FloatOnly() bool {
	switch o {
	case Exp, Log, Sqrt, Tanh, Sin, Cos, Log1p, Expm1, Sigmoid, Reciprocal, Log2, Log10, Exp2,
		Tan, Arcsin, Arccos, Arctan, Sinh, Cosh, Arcsinh, Arccosh, Arctanh, Trunc, Erf, Erfc:
		return true
	}
	return false
}

// IntOnly reports whether the op needs an integer (or bool) input: Invert.
func (o UnaryOp) IntOnly() bool { return o == Invert }

// BinaryOp is the closed set of element-wise ops with two broadcasting operands.
type BinaryOp uint8

// Binary ops. Comparisons and logical ops (Greater ... LogicalXor) write bool.
const (
	Add BinaryOp = iota
	Sub
	Mul
	Div
	FloorDiv
	Mod
	Pow
	Maximum
	Minimum
	Greater
	GreaterEqual
	Less
	LessEqual
	Equal
	NotEqual
	LogicalAnd
	LogicalOr
	LogicalXor
	Arctan2
	Hypot
	Fmod // remainder with the dividend's sign (C's fmod)
	Fmax // maximum that ignores NaN
	Fmin // minimum that ignores NaN
	BitwiseAnd
	BitwiseOr
	BitwiseXor
	LeftShift  // counts outside [0, bits) give 0
	RightShift // arithmetic; counts outside [0, bits) give 0, or -1 for negative values
	// NumBinary is the number of binary ops, for tables indexed by op.
	NumBinary
)

var binaryNames = [...]string{"add", "subtract", "multiply", "divide", "floor_divide", "mod",
	"power", "maximum", "minimum", "greater", "greater_equal", "less", "less_equal", "equal",
	"not_equal", "logical_and", "logical_or", "logical_xor", "arctan2", "hypot", "fmod", "fmax",
	"fmin", "bitwise_and", "bitwise_or", "bitwise_xor", "left_shift", "right_shift"}

// String is NumPy's name of the op.
func (o BinaryOp) String() string { return binaryNames[o] }

// Predicate reports whether the op writes bool.
func (o BinaryOp) Predicate() bool { return o >= Greater && o <= LogicalXor }

// FloatOnly reports whether the op computes in a floating-point dtype only (tensor lifts
// integer operands): Div, Arctan2, Hypot.
func (o BinaryOp) FloatOnly() bool { return o == Div || o == Arctan2 || o == Hypot }

// IntOnly reports whether the op takes integer (or bool) operands only: the bitwise ops
// and shifts.
func (o BinaryOp) IntOnly() bool { return o >= BitwiseAnd && o <= RightShift }

// ReduceOp is the closed set of reductions.
type ReduceOp uint8

// Reductions. ArgMax and ArgMin reduce exactly one axis and write int64; All and Any write
// bool; Var writes the variance with Params.I as ddof (always a float dtype).
const (
	Sum ReduceOp = iota
	Prod
	Max
	Min
	ArgMax
	ArgMin
	All
	Any
	Var
	numReduce
)

var reduceNames = [...]string{"sum", "prod", "max", "min", "argmax", "argmin", "all", "any", "var"}

// String is NumPy's name of the op.
func (o ReduceOp) String() string { return reduceNames[o] }

// ScanOp is the closed set of cumulative ops along one axis.
type ScanOp uint8

// Scans.
const (
	CumSum ScanOp = iota
	CumProd
)

// String is NumPy's name of the op.
func (o ScanOp) String() string {
	if o == CumSum {
		return "cumsum"
	}
	return "cumprod"
}

// Params carries the scalar parameters some ops take (clip bounds, round decimals, ddof).
type Params struct {
	A, B float64
	I    int
}
