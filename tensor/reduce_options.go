package tensor

import (
	"math"
	"slices"

	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/device"
)

// ReduceOptions are NumPy's keyword arguments of a reduction beyond axis= and
// keepdims= (which, with Compensated, stay among the axes): the argument before the axes of
// SumWith, ProdWith, MaxWith, MinWith, MeanWith, VarWith, StdWith, AllWith and AnyWith.
// The zero value
// asks for nothing: SumWith(x, ReduceOptions{}, 1) is Sum(x, 1).
//
//	tensor.SumWith(x, tensor.ReduceOptions{Where: mask, Initial: 10.0}, 1, tensor.KeepDims)
//	x.MaxWith(tensor.ReduceOptions{Where: mask, Initial: math.Inf(-1)})
type ReduceOptions struct {
	// Initial, when not nil, is NumPy's initial=: the value every result starts from, for
	// SumWith, ProdWith, MaxWith and MinWith. It is a Go number or a 0-d tensor, converted
	// to the result's dtype as NumPy casts it (a float to an integer dtype truncates toward
	// zero; NaN, an infinity or a value outside the dtype's range is a Value error, where
	// NumPy 1.24 wraps). With it, the maximum or minimum of an empty slice is Initial.
	Initial any
	// Where, when not nil, is NumPy's where=: a bool tensor that broadcasts to x's shape
	// (a Shape error otherwise); only the elements where it is true are reduced. MaxWith and
	// MinWith need Initial with it, as NumPy does; MeanWith, VarWith and StdWith divide by
	// the number of elements it selects.
	Where *Tensor
	// Ddof is VarWith's and StdWith's delta degrees of freedom: they divide by
	// max(N - Ddof, 0).
	Ddof int
	// DType, when not nil, is NumPy's dtype= of SumWith, ProdWith, MeanWith, VarWith and
	// StdWith: the dtype the reduction accumulates in and returns, each element cast to it
	// on the way as NumPy's buffered cast does (with NumPy's unsafe casting: a float
	// truncates toward zero into an integer dtype). Sums and products in int32, uint8 or
	// bool wrap (bool: logical or, logical and) as NumPy's do. MeanWith, VarWith and
	// StdWith take a float DType only (NumPy's integer means truncate; gotensor refuses
	// them with a Value error).
	DType *DType
}

// resultDType is the dtype of the reduction name: o.DType when given, else def. floatOnly
// refuses a non-float DType; none refuses any.
func (o ReduceOptions) resultDType(name string, def DType, floatOnly, none bool) DType {
	if o.DType == nil {
		return def
	}
	dt := *o.DType
	switch {
	case none:
		fail(Value, name, "takes no DType (SumWith, ProdWith, MeanWith, VarWith and StdWith do)")
	case !dt.Valid():
		fail(Value, name, "invalid dtype %v", dt)
	case floatOnly && !dt.IsFloat():
		fail(Value, name, "dtype %v: gotensor's mean, var and std take a float dtype", dt)
	}
	return dt
}

// parse checks the options for the reduction name of x (result dtype dt) and returns
// them for reduceWith: the mask broadcast to x's shape, the initial value in dt. Only
// initial-taking reductions accept Initial, only VarWith and StdWith Ddof.
func (o ReduceOptions) parse(name string, x *Tensor, dt DType, initial, ddof bool) redOpts {
	var r redOpts
	if o.Ddof != 0 && !ddof {
		fail(Value, name, "takes no Ddof (VarWith and StdWith do)")
	}
	if o.Initial != nil {
		if !initial {
			fail(Value, name, "takes no Initial (np.mean, np.var and np.std have none)")
		}
		s := initialScalar(name, o.Initial, dt)
		r.initial = &s
	}
	if o.Where != nil {
		w := o.Where.must(name)
		if w.dtype != Bool {
			fail(Value, name, "where must be a bool tensor, got %v: cannot cast it to bool with casting rule 'safe'", w.dtype)
		}
		if bs := broadcastShapes(name, w.shape, x.shape); !slices.Equal(bs, x.shape) {
			fail(Shape, name, "where of shape %s does not broadcast to the tensor's shape %s", shapeStr(w.shape), shapeStr(x.shape))
		}
		r.where = w.broadcastTo(name, x.shape)
	}
	return r
}

// initialScalar converts NumPy's initial= value v to dt as NumPy's unsafe cast does (a
// float truncates toward zero into an integer dtype), refusing what dt cannot hold.
func initialScalar(name string, v any, dt DType) device.Scalar {
	if t, ok := v.(*Tensor); ok {
		if t.must(name); len(t.shape) != 0 {
			fail(Value, name, "initial must be a number or a 0-d tensor, got a tensor of shape %s", shapeStr(t.shape))
		}
		if t.dtype.IsFloat() {
			v = t.Item()
		} else {
			v = t.AsType(Int64).Int()
		}
	}
	o := asOperand(name, v)
	if o.t != nil {
		fail(Value, name, "initial must be a number or a 0-d tensor")
	}
	switch {
	case dt.IsFloat():
		f := o.s.F
		if dt == Float32 {
			f = float64(float32(f))
		}
		return device.Scalar{F: f, I: int64(f)}
	case dt == Bool:
		b := o.s.F != 0 || o.s.I != 0
		if o.isFloat && math.IsNaN(o.s.F) {
			b = true
		}
		if b {
			return device.Scalar{F: 1, I: 1}
		}
		return device.Scalar{}
	}
	i := o.s.I
	if o.isFloat {
		f := math.Trunc(o.s.F)
		if math.IsNaN(f) || f < -(1<<63) || f >= 1<<63 {
			fail(Value, name, "initial %v does not fit %v", o.s.F, dt)
		}
		i = int64(f)
	}
	if lo, hi := intRange(dt); i < lo || i > hi {
		fail(Value, name, "initial %v is out of bounds for %v", i, dt)
	}
	return device.Scalar{F: float64(i), I: i}
}

// withOptions reports whether the options ask for where= or initial=.
func (r redOpts) withOptions() bool { return r.where != nil || r.initial != nil }

// noCompensated refuses Compensated together with where= or initial=.
func noCompensated(name string, comp bool, r redOpts) {
	if comp && r.withOptions() {
		fail(Value, name, "Compensated does not combine with Where or Initial")
	}
}

// SumWith is Sum with NumPy's initial= and where= (np.sum(x, axis, initial=, where=)): each
// result starts from Initial (0 when nil) and adds the elements Where selects. On the CPU
// the additions are NumPy's, bit for bit: each run of selected elements is summed by
// itself. When x requires a gradient, the result is composed of Where, Sum and Add, so
// that it is differentiable (its bits may then differ from NumPy's in the last place).
func SumWith(x *Tensor, o ReduceOptions, axes ...int) *Tensor {
	const name = "SumWith"
	x.must(name)
	args, comp := compensated(axes)
	dt := o.resultDType(name, sumType(x.dtype), false, false)
	r := o.parse(name, x, dt, true, false)
	noCompensated(name, comp, r)
	if !dt.IsFloat() {
		return intReduce(device.Sum, name, x, dt, args, r)
	}
	if dt != sumType(x.dtype) && tracked(x) {
		return SumWith(x.AsType(dt), ReduceOptions{Initial: o.Initial, Where: o.Where}, axes...)
	}
	if r.withOptions() && tracked(x) {
		return composed(device.Sum, x, r, dt, args)
	}
	r.comp = comp
	return record("Sum", reduceWith(device.Sum, name, x, dt, args, 0, r), redParams("Sum", x, args, 0), nil, x)
}

// ProdWith is Prod with NumPy's initial= and where= (np.prod(x, axis, initial=, where=)):
// each result starts from Initial (1 when nil) and multiplies in the elements Where
// selects, one after the other.
func ProdWith(x *Tensor, o ReduceOptions, axes ...int) *Tensor {
	const name = "ProdWith"
	x.must(name)
	dt := o.resultDType(name, sumType(x.dtype), false, false)
	r := o.parse(name, x, dt, true, false)
	if !dt.IsFloat() {
		return intReduce(device.Prod, name, x, dt, axes, r)
	}
	if _, onCPU := x.Device().(cpu.Device); dt != x.dtype && !onCPU {
		x = x.AsType(dt) // the device's kernels reduce in the input's dtype
	}
	if dt != sumType(x.dtype) && tracked(x) {
		return ProdWith(x.AsType(dt), ReduceOptions{Initial: o.Initial, Where: o.Where}, axes...)
	}
	if r.withOptions() && tracked(x) {
		return composed(device.Prod, x, r, dt, axes)
	}
	return record("Prod", reduceWith(device.Prod, name, x, dt, axes, 0, r), redParams("Prod", x, axes, 0), nil, x)
}

// composed is a Sum or Prod with options made of differentiable ops: the masked-out
// elements replaced by the identity, then the reduction, then the initial value.
func composed(op device.ReduceOp, x *Tensor, r redOpts, dt DType, args []int) *Tensor {
	src := x
	if r.where != nil {
		src = Where(r.where, x, identity(op, x.dtype))
	}
	if op == device.Prod {
		res := Prod(src, args...)
		if r.initial != nil {
			res = Mul(res, scalarValue(*r.initial, dt))
		}
		return res
	}
	res := Sum(src, args...)
	if r.initial != nil {
		res = Add(res, scalarValue(*r.initial, dt))
	}
	return res
}

// MaxWith is Max with NumPy's initial= and where= (np.max(x, axis, initial=, where=)): the
// largest of Initial and the elements Where selects; NaN propagates. Where needs
// Initial (NumPy's maximum has no identity); with Initial an empty slice gives Initial.
func MaxWith(x *Tensor, o ReduceOptions, axes ...int) *Tensor {
	return extremeWith("MaxWith", device.Max, x, o, axes)
}

// MinWith is Min with NumPy's initial= and where= (np.min(x, axis, initial=, where=)).
func MinWith(x *Tensor, o ReduceOptions, axes ...int) *Tensor {
	return extremeWith("MinWith", device.Min, x, o, axes)
}

// extremeWith is MaxWith or MinWith: Where(mask, x, initial) reduced, then the element-wise
// extremum with initial (order does not change a maximum, so these are NumPy's results on
// every device).
func extremeWith(name string, op device.ReduceOp, x *Tensor, o ReduceOptions, args []int) *Tensor {
	x.must(name)
	o.resultDType(name, x.dtype, false, true)
	r := o.parse(name, x, x.dtype, true, false)
	if r.where != nil && r.initial == nil {
		np := map[device.ReduceOp]string{device.Max: "maximum", device.Min: "minimum"}[op]
		fail(Value, name, "reduction operation '%s' does not have an identity, so to use a where mask one has to specify 'initial'", np)
	}
	fn, pair := Max, Maximum
	if op == device.Min {
		fn, pair = Min, Minimum
	}
	if r.initial == nil {
		return fn(x, args...)
	}
	init := scalarValue(*r.initial, x.dtype)
	if len(x.shape) == 0 {
		args = scalarAxes(name, args)
	}
	axes, keep := parseAxes(name, len(x.shape), args)
	count := 1
	kshape := slices.Clone(x.shape)
	for _, a := range axes {
		count *= x.shape[a]
		kshape[a] = 1
	}
	if count == 0 {
		res := alloc(name, x.Device(), x.dtype, kshape)
		sdt := Int64 // the scalar's dtype: its exact integer, or its float
		if x.dtype.IsFloat() {
			sdt = Float64
		}
		check(name, x.Device().Copy(res.operand(), device.Operand{DType: sdt, Shape: kshape, S: *r.initial}))
		if !keep {
			res = res.Squeeze(axes...)
		}
		return res
	}
	src := x
	if r.where != nil {
		src = Where(r.where, x, init)
	}
	return pair(fn(src, args...), init)
}

// MeanWith is Mean with NumPy's where= (np.mean(x, axis, where=)): the sum of the elements
// Where selects divided by their number (NaN where none is). Initial and Ddof are Value
// errors.
func MeanWith(x *Tensor, o ReduceOptions, axes ...int) *Tensor {
	const name = "MeanWith"
	x.must(name)
	args, comp := compensated(axes)
	dt := o.resultDType(name, floatType(x.dtype), true, false)
	r := o.parse(name, x, dt, false, false)
	noCompensated(name, comp, r)
	if dt != floatType(x.dtype) && tracked(x) {
		return MeanWith(x.AsType(dt), ReduceOptions{Where: o.Where}, axes...)
	}
	if r.where != nil && tracked(x) {
		return meanComposed(x, r.where, args)
	}
	r.comp = comp
	return record("Mean", mean(name, untrack(x), dt, args, r), redParams("Mean", x, args, 0), nil, x)
}

// meanComposed is MeanWith from differentiable ops: masked sum over masked count.
func meanComposed(x, where *Tensor, args []int) *Tensor {
	dt := floatType(x.dtype)
	s := Sum(Where(where, x, identity(device.Sum, x.dtype)), args...)
	return Div(s.as(Float64), Sum(where, args...)).as(dt)
}

// VarWith is VarDdof with NumPy's where= (np.var(x, axis, ddof=, where=)): the mean of
// the squared deviations of the elements Where selects from their mean, dividing by
// max(N - Ddof, 0) with N their number.
func VarWith(x *Tensor, o ReduceOptions, axes ...int) *Tensor {
	return varWith("VarWith", x, o, axes, false)
}

// StdWith is StdDdof with NumPy's where= (np.std(x, axis, ddof=, where=)): the square
// root of VarWith.
func StdWith(x *Tensor, o ReduceOptions, axes ...int) *Tensor {
	return varWith("StdWith", x, o, axes, true)
}

func varWith(name string, x *Tensor, o ReduceOptions, axes []int, std bool) *Tensor {
	x.must(name)
	args, comp := compensated(axes)
	dt := o.resultDType(name, floatType(x.dtype), true, false)
	r := o.parse(name, x, dt, false, true)
	noCompensated(name, comp, r)
	op := "Var"
	if std {
		op = "Std"
	}
	if dt != floatType(x.dtype) && tracked(x) {
		return varWith(name, x.AsType(dt), ReduceOptions{Where: o.Where, Ddof: o.Ddof}, axes, std)
	}
	if r.where != nil && tracked(x) {
		v := varComposed(x, r.where, o.Ddof, args)
		if std {
			v = Sqrt(v)
		}
		return v
	}
	r.comp = comp
	v := variance(op, untrack(x), dt, o.Ddof, args, r)
	if std {
		v = SqrtInto(v, v)
	}
	return record(op, v, redParams(op, x, args, o.Ddof), nil, x)
}

// varComposed is VarWith from differentiable ops.
func varComposed(x, where *Tensor, ddof int, args []int) *Tensor {
	axes, keep := parseAxes("VarWith", len(x.shape), args)
	kept := append(slices.Clone(axes), KeepDims)
	m := meanComposed(x, where, kept)
	d := Sub(x, m)
	dt := floatType(x.dtype)
	s := Sum(Where(where, Mul(d, d), identity(device.Sum, dt)), args...)
	cnt := Sum(where, axes...)
	if keep {
		cnt = Sum(where, kept...)
	}
	return Div(s.as(Float64), Maximum(Sub(cnt, ddof), 0)).as(dt)
}

// SumWith is Sum with options (see the function SumWith).
func (t *Tensor) SumWith(o ReduceOptions, axes ...int) *Tensor { return SumWith(t, o, axes...) }

// ProdWith is Prod with options (see the function ProdWith).
func (t *Tensor) ProdWith(o ReduceOptions, axes ...int) *Tensor { return ProdWith(t, o, axes...) }

// MaxWith is Max with options (see the function MaxWith).
func (t *Tensor) MaxWith(o ReduceOptions, axes ...int) *Tensor { return MaxWith(t, o, axes...) }

// MinWith is Min with options (see the function MinWith).
func (t *Tensor) MinWith(o ReduceOptions, axes ...int) *Tensor { return MinWith(t, o, axes...) }

// MeanWith is Mean with options (see the function MeanWith).
func (t *Tensor) MeanWith(o ReduceOptions, axes ...int) *Tensor { return MeanWith(t, o, axes...) }

// VarWith is VarDdof with options (see the function VarWith).
func (t *Tensor) VarWith(o ReduceOptions, axes ...int) *Tensor { return VarWith(t, o, axes...) }

// StdWith is StdDdof with options (see the function StdWith).
func (t *Tensor) StdWith(o ReduceOptions, axes ...int) *Tensor { return StdWith(t, o, axes...) }
