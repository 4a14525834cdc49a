package tensor

import (
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/gotensor/gotensor/device"
)

// operand is a tensor or a Go scalar argument of an element-wise op.
type operand struct {
	t       *Tensor
	s       device.Scalar
	isFloat bool
	isBool  bool
}

// asOperand accepts a *Tensor, a Go number of any numeric type (int8 ... uint64,
// float32, float64, and named types over them) and a bool: the central conversion of
// every argument where gotensor takes "a tensor or a number". Integers are exact; a
// uint64 (or uint, uintptr) beyond int64's range, the widest integer dtype, is a Value
// error.
func asOperand(op string, v any) operand {
	switch x := v.(type) {
	case *Tensor:
		if x == nil {
			fail(Value, op, "nil tensor")
		}
		return operand{t: x}
	case float64:
		return operand{s: device.Scalar{F: x, I: int64(x)}, isFloat: true}
	case float32:
		return operand{s: device.Scalar{F: float64(x), I: int64(x)}, isFloat: true}
	case int:
		return intOperand(int64(x))
	case int32:
		return intOperand(int64(x))
	case int64:
		return intOperand(x)
	case uint8:
		return intOperand(int64(x))
	case bool:
		var i int64
		if x {
			i = 1
		}
		return operand{s: device.Scalar{F: float64(i), I: i}, isBool: true}
	}
	return otherScalar(op, v)
}

func intOperand(i int64) operand { return operand{s: device.Scalar{F: float64(i), I: i}} }

// otherScalar converts the Go numbers asOperand's switch leaves out: the other integer
// types and named types (type Celsius float64), by their kind.
func otherScalar(op string, v any) operand {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intOperand(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > math.MaxInt64 {
			fail(Value, op, "Go integer %d (%T) is out of range of int64, the widest integer dtype: convert it to float64", u, v)
		}
		return intOperand(int64(u))
	case reflect.Float32, reflect.Float64:
		return asOperand(op, rv.Float())
	case reflect.Bool:
		return asOperand(op, rv.Bool())
	}
	fail(Value, op, "operand of type %T: want *Tensor or a Go number or bool", v)
	return operand{}
}

// tensor returns the operand as a tensor: scalars become 0-d tensors of dtype dt.
func (o operand) tensor(dt DType) *Tensor {
	if o.t != nil {
		return o.t
	}
	out := alloc("scalar", device.CPU(), dt, nil)
	if dt.IsInt() {
		check("scalar", device.CPU().Copy(out.operand(), device.Operand{DType: Int64, S: o.s}))
	} else {
		out.fill("scalar", o.s.F)
	}
	return out
}

// dtype is the operand's dtype as an array (a lone scalar's natural dtype).
func (o operand) dtype() DType {
	switch {
	case o.t != nil:
		return o.t.dtype
	case o.isBool:
		return Bool
	case o.isFloat:
		return Float64
	}
	return Int64
}

// scalarFits reports whether o, if it is a Go integer scalar, is representable in the
// integer dtype dt (tensors, floats and bools always fit).
func scalarFits(o operand, dt DType) bool {
	if o.t != nil || o.isFloat || o.isBool || !dt.IsInt() {
		return true
	}
	lo, hi := intRange(dt)
	return o.s.I >= lo && o.s.I <= hi
}

// intRange is the range of values of an integer dtype.
func intRange(dt DType) (lo, hi int64) {
	switch dt {
	case Uint8:
		return 0, math.MaxUint8
	case Int32:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

// checkScalar refuses a Go integer scalar outside the range of the integer dtype dt that
// it takes (NEP 50, as NumPy 2 raises OverflowError) with a Value error naming both,
// instead of letting it wrap.
func checkScalar(op string, o operand, dt DType) {
	if !scalarFits(o, dt) {
		lo, hi := intRange(dt)
		fail(Value, op, "Go integer %d is out of bounds for %v [%d, %d]: convert the tensor with AsType first", o.s.I, dt, lo, hi)
	}
}

// promote is the dtype two operands compute in: np.result_type for two tensors, NEP 50's
// weak scalars otherwise.
func promote(a, b operand) DType {
	switch {
	case a.t != nil && b.t != nil:
		return device.ResultType(a.t.dtype, b.t.dtype)
	case a.t != nil:
		return device.WeakResult(a.t.dtype, b.isFloat, b.isBool)
	case b.t != nil:
		return device.WeakResult(b.t.dtype, a.isFloat, a.isBool)
	}
	return device.ResultType(a.dtype(), b.dtype())
}

// deviceOperand describes o in dtype dt broadcast to shape.
func (o operand) deviceOperand(op string, d device.Device, dt DType, shape []int) device.Operand {
	if o.t == nil {
		return device.Operand{DType: dt, Shape: shape, S: o.s}
	}
	return onDevice(o.t.as(dt), d).broadcastTo(op, shape).operand()
}

// binary is the dispatch of every element-wise op with two operands.
func binary(op device.BinaryOp, name string, out *Tensor, x, y any) *Tensor {
	a, b := asOperand(name, x), asOperand(name, y)
	if a.t == nil && b.t == nil {
		a.t = a.tensor(a.dtype())
	}
	ct := promote(a, b)
	if op.Predicate() && (!scalarFits(a, ct) || !scalarFits(b, ct)) {
		ct = Int64 // NumPy 2 compares out-of-range Python ints exactly
	}
	checkScalar(name, a, ct)
	checkScalar(name, b, ct)
	switch {
	case op == device.Div && !ct.IsFloat():
		ct = Float64 // true division
	case ct == Bool:
		switch op {
		case device.Add, device.Maximum:
			op = device.LogicalOr
		case device.Mul, device.Minimum:
			op = device.LogicalAnd
		case device.Sub:
			fail(Value, name, "boolean subtract is not supported: use LogicalXor or NotEqual")
		case device.FloorDiv, device.Mod, device.Pow:
			ct = Int64 // NumPy answers in int8, which gotensor lacks
		}
	case op == device.Pow && ct.IsInt():
		if e := b.t; e != nil && e.Size() > 0 && Min(e.as(ct)).Int() < 0 || e == nil && b.s.I < 0 && !b.isFloat {
			fail(Value, name, "integers to negative integer powers are not allowed")
		}
	}
	var ta, tb *Tensor
	if a.t != nil {
		ta = a.t
	}
	if b.t != nil {
		tb = b.t
	}
	d := deviceOf(name, ta, tb, out)
	shape := broadcastShapes(name, shapeOf(a), shapeOf(b))
	rt := ct
	if op.Predicate() {
		rt = Bool
	}
	dst, res := outFor(name, d, out, rt, shape, ta, tb)
	check(name, d.Binary(op, dst.operand(),
		a.deviceOperand(name, d, ct, shape), b.deviceOperand(name, d, ct, shape)))
	res = finish(name, dst, res)
	if tracked(ta, tb) {
		recordNode(strings.TrimSuffix(name, "Into"), res, out != nil, nil, []any{x, y}, []*Tensor{ta, tb})
	}
	return res
}

func shapeOf(o operand) []int {
	if o.t == nil {
		return nil
	}
	return o.t.shape
}

// outFor returns the tensor an op writes into (dst) and the one it returns (res): a new
// tensor for both, or out when given. Where out has another dtype (same_kind casting) or
// overlaps an input in another layout, dst is a temporary that finish copies into out,
// so the result is NumPy's.
func outFor(name string, d device.Device, out *Tensor, dt DType, shape []int, ins ...*Tensor) (dst, res *Tensor) {
	if out == nil {
		t := alloc(name, d, dt, shape)
		return t, t
	}
	writable(name, out)
	if !slices.Equal(out.shape, shape) {
		fail(Shape, name, "output of shape %s does not match the broadcast shape %s", shapeStr(out.shape), shapeStr(shape))
	}
	if !device.CanCast(dt, out.dtype) {
		fail(Value, name, "cannot cast the result from %v to output dtype %v with casting rule 'same_kind'", dt, out.dtype)
	}
	tmp := out.dtype != dt
	for _, in := range ins {
		if in != nil && overlaps(out, in.broadcastTo(name, shape)) {
			tmp = true
		}
	}
	if !tmp {
		return out, out
	}
	return alloc(name, d, dt, shape), out
}

// finish copies an op's temporary result into out where outFor made one.
func finish(name string, dst, res *Tensor) *Tensor {
	if dst != res {
		check(name, res.Device().Copy(res.operand(), dst.operand()))
	}
	return res
}

// binaryInto is binary writing into out, which must not be nil.
func binaryInto(op device.BinaryOp, out *Tensor, x, y any) *Tensor {
	name := intoNames[op]
	if out == nil {
		fail(Value, name, "nil output tensor")
	}
	return binary(op, name, out, x, y)
}

// goNames are gotensor's Go names of the binary ops, for messages.
var goNames = [...]string{"Add", "Sub", "Mul", "Div", "FloorDiv", "Mod", "Pow", "Maximum",
	"Minimum", "Greater", "GreaterEqual", "Less", "LessEqual", "Equal", "NotEqual",
	"LogicalAnd", "LogicalOr"}

// intoNames are the names of the Into forms ("AddInto"), made once: concatenating at
// each call cost an allocation and a tenth of an AddInto of 1e3 elements.
var intoNames = func() (n [len(goNames)]string) {
	for i, g := range goNames {
		n[i] = g + "Into"
	}
	return n
}()

// opName is the Go name of a binary op.
func opName(op device.BinaryOp) string { return goNames[op] }

// Element-wise ops with two broadcasting operands. Each operand is a *Tensor or a Go
// number or bool of any type (int, uint16, float32, ...); the result dtype follows
// np.result_type, with Go scalars "weak" (NEP 50): a Go integer outside the range of the
// integer dtype it takes is a Value error. The Into forms write into out (which must have
// the broadcast shape and a dtype the result casts to under "same_kind") and return it.
// Each function has a method of the same name on its first operand, when that is a
// *Tensor: x.Add(y), out.AddInto(x, y).

// Add returns a + b element-wise (np.add); for bool operands it is LogicalOr.
func Add(a, b any) *Tensor { return binary(device.Add, "Add", nil, a, b) }

// Sub returns a - b element-wise (np.subtract); bool operands are refused, as in NumPy.
func Sub(a, b any) *Tensor { return binary(device.Sub, "Sub", nil, a, b) }

// Mul returns a * b element-wise (np.multiply); for bool operands it is LogicalAnd.
func Mul(a, b any) *Tensor { return binary(device.Mul, "Mul", nil, a, b) }

// Div returns a / b element-wise, true division (np.true_divide): integer and bool
// operands give float64.
func Div(a, b any) *Tensor { return binary(device.Div, "Div", nil, a, b) }

// FloorDiv returns a // b element-wise, floored (np.floor_divide); integer division by zero
// gives 0.
func FloorDiv(a, b any) *Tensor { return binary(device.FloorDiv, "FloorDiv", nil, a, b) }

// Mod returns a % b element-wise with the divisor's sign (np.mod, Python's %); integer
// mod by zero gives 0.
func Mod(a, b any) *Tensor { return binary(device.Mod, "Mod", nil, a, b) }

// Pow returns a ** b element-wise (np.power); integers to negative integer powers are a
// Value error.
func Pow(a, b any) *Tensor { return binary(device.Pow, "Pow", nil, a, b) }

// Maximum returns the element-wise maximum of a and b (np.maximum); NaN propagates.
func Maximum(a, b any) *Tensor { return binary(device.Maximum, "Maximum", nil, a, b) }

// Minimum returns the element-wise minimum of a and b (np.minimum); NaN propagates.
func Minimum(a, b any) *Tensor { return binary(device.Minimum, "Minimum", nil, a, b) }

// Greater returns a > b element-wise, as a bool tensor (np.greater).
func Greater(a, b any) *Tensor { return binary(device.Greater, "Greater", nil, a, b) }

// GreaterEqual returns a >= b element-wise, as a bool tensor (np.greater_equal).
func GreaterEqual(a, b any) *Tensor { return binary(device.GreaterEqual, "GreaterEqual", nil, a, b) }

// Less returns a < b element-wise, as a bool tensor (np.less).
func Less(a, b any) *Tensor { return binary(device.Less, "Less", nil, a, b) }

// LessEqual returns a <= b element-wise, as a bool tensor (np.less_equal).
func LessEqual(a, b any) *Tensor { return binary(device.LessEqual, "LessEqual", nil, a, b) }

// Equal returns a == b element-wise, as a bool tensor (np.equal).
func Equal(a, b any) *Tensor { return binary(device.Equal, "Equal", nil, a, b) }

// NotEqual returns a != b element-wise, as a bool tensor (np.not_equal).
func NotEqual(a, b any) *Tensor { return binary(device.NotEqual, "NotEqual", nil, a, b) }

// LogicalAnd returns a && b element-wise, each operand taken as true where non-zero, as a
// bool tensor (np.logical_and).
func LogicalAnd(a, b any) *Tensor { return binary(device.LogicalAnd, "LogicalAnd", nil, a, b) }

// LogicalOr returns a || b element-wise, each operand taken as true where non-zero, as a
// bool tensor (np.logical_or).
func LogicalOr(a, b any) *Tensor { return binary(device.LogicalOr, "LogicalOr", nil, a, b) }

// AddInto is Add writing into out.
func AddInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.Add, out, a, b) }

// SubInto is Sub writing into out.
func SubInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.Sub, out, a, b) }

// MulInto is Mul writing into out.
func MulInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.Mul, out, a, b) }

// DivInto is Div writing into out.
func DivInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.Div, out, a, b) }

// FloorDivInto is FloorDiv writing into out.
func FloorDivInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.FloorDiv, out, a, b) }

// ModInto is Mod writing into out.
func ModInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.Mod, out, a, b) }

// PowInto is Pow writing into out.
func PowInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.Pow, out, a, b) }

// MaximumInto is Maximum writing into out.
func MaximumInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.Maximum, out, a, b) }

// MinimumInto is Minimum writing into out.
func MinimumInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.Minimum, out, a, b) }

// GreaterInto is Greater writing into out.
func GreaterInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.Greater, out, a, b) }

// GreaterEqualInto is GreaterEqual writing into out.
func GreaterEqualInto(out *Tensor, a, b any) *Tensor {
	return binaryInto(device.GreaterEqual, out, a, b)
}

// LessInto is Less writing into out.
func LessInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.Less, out, a, b) }

// LessEqualInto is LessEqual writing into out.
func LessEqualInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.LessEqual, out, a, b) }

// EqualInto is Equal writing into out.
func EqualInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.Equal, out, a, b) }

// NotEqualInto is NotEqual writing into out.
func NotEqualInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.NotEqual, out, a, b) }

// LogicalAndInto is LogicalAnd writing into out.
func LogicalAndInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.LogicalAnd, out, a, b) }

// LogicalOrInto is LogicalOr writing into out.
func LogicalOrInto(out *Tensor, a, b any) *Tensor { return binaryInto(device.LogicalOr, out, a, b) }

// Add returns t + o (o a *Tensor or Go number).
func (t *Tensor) Add(o any) *Tensor { return Add(t, o) }

// Sub returns t - o.
func (t *Tensor) Sub(o any) *Tensor { return Sub(t, o) }

// Mul returns t * o.
func (t *Tensor) Mul(o any) *Tensor { return Mul(t, o) }

// Div returns t / o.
func (t *Tensor) Div(o any) *Tensor { return Div(t, o) }

// Pow returns t ** o.
func (t *Tensor) Pow(o any) *Tensor { return Pow(t, o) }

// AddInPlace adds o into t (t += o) and returns t.
func (t *Tensor) AddInPlace(o any) *Tensor { return AddInto(t, t, o) }

// SubInPlace subtracts o from t (t -= o) and returns t.
func (t *Tensor) SubInPlace(o any) *Tensor { return SubInto(t, t, o) }

// MulInPlace multiplies t by o (t *= o) and returns t.
func (t *Tensor) MulInPlace(o any) *Tensor { return MulInto(t, t, o) }

// DivInPlace divides t by o (t /= o) and returns t.
func (t *Tensor) DivInPlace(o any) *Tensor { return DivInto(t, t, o) }

// Where returns x where cond is true and y elsewhere, broadcasting all three
// (np.where(cond, x, y)); x and y are tensors or Go numbers.
func Where(cond *Tensor, x, y any) *Tensor {
	cond.must("Where")
	a, b := asOperand("Where", x), asOperand("Where", y)
	if a.t == nil && b.t == nil {
		a.t = a.tensor(a.dtype())
	}
	ct := promote(a, b)
	checkScalar("Where", a, ct)
	checkScalar("Where", b, ct)
	if cond == nil {
		fail(Value, "Where", "nil condition tensor")
	}
	d := deviceOf("Where", cond, a.t, b.t)
	shape := broadcastShapes("Where", cond.shape, shapeOf(a), shapeOf(b))
	c := onDevice(cond.as(Bool), d).broadcastTo("Where", shape)
	out := alloc("Where", d, ct, shape)
	check("Where", d.Where(out.operand(), c.operand(),
		a.deviceOperand("Where", d, ct, shape), b.deviceOperand("Where", d, ct, shape)))
	if tracked(a.t, b.t) {
		record("Where", out, cond.Detach(), []any{x, y}, a.t, b.t)
	}
	return out
}
