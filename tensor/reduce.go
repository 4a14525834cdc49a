package tensor

import (
	"math"
	"slices"

	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/device"
)

// KeepDims, passed among the axes of a reduction, keeps the reduced dimensions with size
// 1, as NumPy's keepdims=True: x.Sum(1, tensor.KeepDims).
const KeepDims = math.MinInt32

// Compensated, passed among the axes of Sum, Mean, Var, VarDdof, Std or StdDdof (as
// KeepDims is), adds floats on the CPU in float64 with Neumaier's compensation, in
// blocks whose totals do not depend on the thread count, instead of in NumPy's order:
// x.Sum(0, tensor.Compensated). The result is within an ulp or so of the exact sum,
// where NumPy's pairwise float32 sums drift by many (see "Reductions and NumPy's bits" in
// the package doc); it is not NumPy's bits. Mean then divides the float64 sum, and
// Var and Std are the compensated two-pass variance, each rounded once to the result's
// dtype. On a GPU, whose sums already accumulate in float64, it changes nothing.
const Compensated = math.MinInt32 + 1

// parseAxes splits KeepDims from the axes, normalises them and rejects duplicates. No
// axes means every axis.
func parseAxes(op string, rank int, args []int) (axes []int, keep bool) {
	seen := make([]bool, rank)
	for _, a := range args {
		if a == KeepDims {
			keep = true
			continue
		}
		if a == Compensated {
			fail(Value, op, "Compensated applies to Sum, Mean, Var and Std, not %s", op)
		}
		a = normAxis(op, a, rank)
		if seen[a] {
			fail(Value, op, "duplicate value in axis: %d", a)
		}
		seen[a] = true
		axes = append(axes, a)
	}
	if len(axes) == 0 {
		axes = make([]int, rank)
		for i := range axes {
			axes[i] = i
		}
	}
	return axes, keep
}

// compensated splits Compensated from a reduction's arguments.
func compensated(args []int) (rest []int, comp bool) {
	if !slices.Contains(args, Compensated) {
		return args, false
	}
	for _, a := range args {
		if a != Compensated {
			rest = append(rest, a)
		}
	}
	return rest, true
}

// redOpts are what a reduction takes besides its axes: NumPy's where= and initial=, and
// the compensated sums.
type redOpts struct {
	where   *Tensor        // a bool mask of x's shape (a broadcast view); nil: every element
	initial *device.Scalar // the start of Sum and Prod, in the result's dtype; nil: 0 or 1
	comp    bool
}

// reduce is the dispatch of every reduction.
func reduce(op device.ReduceOp, name string, x *Tensor, dt DType, args []int, ddof int) *Tensor {
	return reduceWith(op, name, x, dt, args, ddof, redOpts{})
}

// reduceWith is reduce with options. On the CPU, where= and initial= go to the kernel,
// which follows NumPy's order of operations; elsewhere the masked-out elements are
// replaced by the identity and the initial value is combined afterwards.
func reduceWith(op device.ReduceOp, name string, x *Tensor, dt DType, args []int, ddof int, o redOpts) *Tensor {
	if len(x.must(name).shape) == 0 {
		args = scalarAxes(name, args)
	}
	axes, keep := parseAxes(name, len(x.shape), args)
	kshape := append([]int{}, x.shape...)
	count := 1
	for _, a := range axes {
		count *= x.shape[a]
		kshape[a] = 1
	}
	if count == 0 && (op == device.Max || op == device.Min || op == device.ArgMax || op == device.ArgMin) {
		fail(Value, name, "zero-size tensor of shape %s to reduction operation %s which has no identity", shapeStr(x.shape), op)
	}
	d := deviceOf(name, x, o.where)
	out := alloc(name, d, dt, kshape)
	prm := device.Params{I: ddof}
	if c, ok := d.(cpu.Device); ok {
		co := cpu.ReduceOptions{Initial: o.initial, Compensated: o.comp}
		if o.where != nil {
			co.Where = o.where.operand()
		}
		check(name, c.ReduceWith(op, out.operand(), x.operand(), axes, prm, co))
	} else {
		src := x
		if o.where != nil {
			src = Where(o.where, x, identity(op, x.dtype))
		}
		check(name, d.Reduce(op, out.operand(), src.operand(), axes, prm))
		if o.initial != nil {
			init := scalarValue(*o.initial, dt)
			if op == device.Prod {
				MulInto(out, out, init)
			} else {
				AddInto(out, out, init)
			}
		}
	}
	if keep {
		return out
	}
	return out.Squeeze(axes...)
}

// identity is the value a masked-out element of x counts as in op: 0 for sums, 1 for
// products (false and true for bool tensors).
func identity(op device.ReduceOp, dt DType) any {
	one := op == device.Prod
	if dt == Bool {
		return one
	}
	if one {
		return 1
	}
	return 0
}

// scalarValue is s as a Go number of dt's kind, for an element-wise op with a tensor of dt.
func scalarValue(s device.Scalar, dt DType) any {
	switch {
	case dt.IsFloat():
		return s.F
	case dt == Bool:
		return s.I != 0
	}
	return s.I
}

// scalarAxes drops a lone axis 0 or -1 given to a ufunc reduction (Sum, Prod, Max, Min,
// All, Any, ArgMax, ArgMin) of a 0-d tensor, which NumPy accepts (np.amax(1, axis=0) is
// 1); Mean, Var and Std refuse it as NumPy does.
func scalarAxes(name string, args []int) []int {
	switch name {
	case "Mean", "Var", "Std":
		return args
	}
	var axes []int
	for _, a := range args {
		if a != KeepDims {
			axes = append(axes, a)
		}
	}
	if len(axes) != 1 || axes[0] != 0 && axes[0] != -1 {
		return args
	}
	var rest []int
	for _, a := range args {
		if a == KeepDims {
			rest = append(rest, a)
		}
	}
	return rest
}

// ReduceParams are the parameters a reduction records for autograd: the reduced axes
// (normalised, in increasing order of appearance), whether they were kept, and ddof.
type ReduceParams struct {
	Axes     []int
	KeepDims bool
	Ddof     int
}

// redParams returns the ReduceParams of a reduction of x over args, or nil when x
// requires no gradient (nothing will record them).
func redParams(name string, x *Tensor, args []int, ddof int) any {
	if x.ag == nil || !x.ag.requires {
		return nil
	}
	if len(x.shape) == 0 {
		args = scalarAxes(name, args)
	}
	axes, keep := parseAxes(name, len(x.shape), args)
	return ReduceParams{Axes: axes, KeepDims: keep, Ddof: ddof}
}

// untrack returns t without its autograd state, so that an op composed of other ops
// records only itself.
func untrack(t *Tensor) *Tensor {
	if t == nil || t.ag == nil {
		return t
	}
	return t.Detach()
}

// sumType is the dtype NumPy sums and multiplies in: int64 for bool and integers.
func sumType(dt DType) DType {
	if dt.IsFloat() {
		return dt
	}
	return Int64
}

// floatType is the dtype of mean, var and std: float64 for bool and integers.
func floatType(dt DType) DType {
	if dt.IsFloat() {
		return dt
	}
	return Float64
}

// Sum adds the elements over the given axes (all when none; KeepDims keeps them as size
// 1), as np.sum: bool and integers in int64, floats in their own dtype, on the CPU in
// NumPy's order of operations so that the result is NumPy's bits (pairwise sums of pieces
// of the fastest-varying axes, elements one by one along the others; see the package
// doc). Compensated among the axes sums floats in float64 with compensation instead.
func Sum(x *Tensor, axes ...int) *Tensor {
	x.must("Sum")
	args, comp := compensated(axes)
	r := reduceWith(device.Sum, "Sum", x, sumType(x.dtype), args, 0, redOpts{comp: comp})
	return record("Sum", r, redParams("Sum", x, args, 0), nil, x)
}

// Prod multiplies the elements over the given axes, as np.prod: in int64 for bool and
// integers, in the dtype for floats, one element after the other in the order NumPy's
// iterator visits them (NumPy's products are not pairwise).
func Prod(x *Tensor, axes ...int) *Tensor {
	x.must("Prod")
	return record("Prod", reduce(device.Prod, "Prod", x, sumType(x.dtype), axes, 0), redParams("Prod", x, axes, 0), nil, x)
}

// Max is the largest element over the given axes; NaN propagates. Empty input is an error.
func Max(x *Tensor, axes ...int) *Tensor {
	r := reduce(device.Max, "Max", x, x.must("Max").dtype, axes, 0)
	return record("Max", r, redParams("Max", x, axes, 0), nil, x)
}

// Min is the smallest element over the given axes; NaN propagates.
func Min(x *Tensor, axes ...int) *Tensor {
	r := reduce(device.Min, "Min", x, x.must("Min").dtype, axes, 0)
	return record("Min", r, redParams("Min", x, axes, 0), nil, x)
}

// All reports whether every element over the axes is non-zero.
func All(x *Tensor, axes ...int) *Tensor { return reduce(device.All, "All", x, Bool, axes, 0) }

// Any reports whether some element over the axes is non-zero.
func Any(x *Tensor, axes ...int) *Tensor { return reduce(device.Any, "Any", x, Bool, axes, 0) }

func reducedCount(x *Tensor, args []int) int {
	axes, _ := parseAxes("Mean", len(x.shape), args)
	n := 1
	for _, a := range axes {
		n *= x.shape[a]
	}
	return n
}

// ArgMax returns the index of the first largest element (the first NaN if any) along
// axis, or in the flattened tensor when no axis is given; KeepDims may follow the axis.
func ArgMax(x *Tensor, axis ...int) *Tensor { return argReduce(device.ArgMax, "ArgMax", x, axis) }

// ArgMin returns the index of the first smallest element (the first NaN if any).
func ArgMin(x *Tensor, axis ...int) *Tensor { return argReduce(device.ArgMin, "ArgMin", x, axis) }

func argReduce(op device.ReduceOp, name string, x *Tensor, args []int) *Tensor {
	x.must(name)
	var axes []int
	keep := false
	for _, a := range args {
		if a == KeepDims {
			keep = true
		} else {
			axes = append(axes, a)
		}
	}
	if len(axes) > 1 {
		fail(Value, name, "takes one axis, got %v", axes)
	}
	if len(axes) == 0 {
		r := reduce(op, name, x.Ravel(), Int64, []int{0}, 0)
		if keep {
			ones := make([]int, len(x.shape))
			for i := range ones {
				ones[i] = 1
			}
			return r.Reshape(ones...)
		}
		return r
	}
	if keep {
		axes = append(axes, KeepDims)
	}
	return reduce(op, name, x, Int64, axes, 0)
}

// Sum adds the elements over the given axes (see the function Sum).
func (t *Tensor) Sum(axes ...int) *Tensor { return Sum(t, axes...) }

// Mean averages over the given axes.
func (t *Tensor) Mean(axes ...int) *Tensor { return Mean(t, axes...) }

// Max is the largest element over the given axes.
func (t *Tensor) Max(axes ...int) *Tensor { return Max(t, axes...) }

// Min is the smallest element over the given axes.
func (t *Tensor) Min(axes ...int) *Tensor { return Min(t, axes...) }

// Std is the standard deviation over the given axes.
func (t *Tensor) Std(axes ...int) *Tensor { return Std(t, axes...) }

// ArgMax is the index of the largest element along an axis, or overall.
func (t *Tensor) ArgMax(axis ...int) *Tensor { return ArgMax(t, axis...) }
