package tensor

// NaN-ignoring reductions, as NumPy's nanfunctions: each is composed of the ordinary
// reductions (Sum, Max, ArgMax, ...) and element-wise ops the way NumPy composes it
// (replace NaN, reduce, count), so it runs on every device and its bits follow those of
// the reductions it is made of. Integer and bool inputs hold no NaN: they reduce as the
// plain reduction does. Autograd records the ops they are made of, so gradients flow
// through them.

import (
	"math"
)

// keepArgs returns the reduction arguments axes with KeepDims added.
func keepArgs(axes []int) []int {
	return append(append([]int{}, axes...), KeepDims)
}

// reducedSize is the number of elements each result of a reduction of x over args
// reduces (all of x when no axis is given).
func reducedSize(op string, x *Tensor, args []int) int {
	if len(x.shape) == 0 {
		args = scalarAxes("Sum", args)
	}
	axes, _ := parseAxes(op, len(x.shape), args)
	n := 1
	for _, a := range axes {
		n *= x.shape[a]
	}
	return n
}

// nanFilled returns x with NaN replaced by v, and the NaN mask; for integer and bool x
// it returns x and nil.
func nanFilled(x *Tensor, v float64) (*Tensor, *Tensor) {
	if !x.dtype.IsFloat() {
		return x, nil
	}
	mask := IsNaN(x)
	return Where(mask, v, x), mask
}

// NanSum adds the elements over the given axes treating NaN as zero, as np.nansum (NaN
// replaced by 0, then Sum: bool and integer inputs sum in int64, an all-NaN slice sums
// to 0).
func NanSum(x *Tensor, axes ...int) *Tensor {
	x.must("NanSum")
	filled, _ := nanFilled(x, 0)
	return Sum(filled, axes...)
}

// NanMean is the mean over the given axes of the elements that are not NaN, as
// np.nanmean: the sum of the non-NaN elements (Sum) divided by their count. The result
// is float64 for bool and integer input (np.mean) and x's dtype for floats; a slice with
// no non-NaN element is NaN.
func NanMean(x *Tensor, axes ...int) *Tensor {
	x.must("NanMean")
	filled, mask := nanFilled(x, 0)
	if mask == nil {
		return Mean(x, axes...)
	}
	count := Sum(LogicalNot(mask), axes...)
	return Div(Sum(filled, axes...), count).as(x.dtype)
}

// NanMax is the largest element over the given axes ignoring NaN, as np.nanmax: NaN
// only where every element of a slice is NaN (NumPy warns there). An empty reduction
// is a Value error, as for Max.
func NanMax(x *Tensor, axes ...int) *Tensor { return nanExtreme("NanMax", x, axes, true) }

// NanMin is the smallest element over the given axes ignoring NaN, as np.nanmin.
func NanMin(x *Tensor, axes ...int) *Tensor { return nanExtreme("NanMin", x, axes, false) }

func nanExtreme(op string, x *Tensor, axes []int, isMax bool) *Tensor {
	x.must(op)
	if reducedSize(op, x, axes) == 0 {
		fail(Value, op, "zero-size tensor of shape %s to a reduction that has no identity", shapeStr(x.shape))
	}
	fill := math.Inf(1)
	if isMax {
		fill = math.Inf(-1)
	}
	filled, mask := nanFilled(x, fill)
	var r *Tensor
	if isMax {
		r = Max(filled, axes...)
	} else {
		r = Min(filled, axes...)
	}
	if mask == nil {
		return r
	}
	return Where(All(mask, axes...), math.NaN(), r)
}

// NanVar is the variance over the given axes of the elements that are not NaN, with
// ddof 0, as np.nanvar.
func NanVar(x *Tensor, axes ...int) *Tensor { return nanVar("NanVar", x, 0, axes) }

// NanVarDdof is NanVar dividing by N - ddof, N the count of non-NaN elements of each
// slice; a slice where N - ddof <= 0 is NaN, as np.nanvar(x, ddof=ddof).
func NanVarDdof(x *Tensor, ddof int, axes ...int) *Tensor { return nanVar("NanVarDdof", x, ddof, axes) }

// NanStd is the standard deviation over the given axes of the elements that are not
// NaN, with ddof 0, as np.nanstd: the square root of NanVar.
func NanStd(x *Tensor, axes ...int) *Tensor { return Sqrt(nanVar("NanStd", x, 0, axes)) }

// NanStdDdof is NanStd dividing by N - ddof, as np.nanstd(x, ddof=ddof).
func NanStdDdof(x *Tensor, ddof int, axes ...int) *Tensor {
	return Sqrt(nanVar("NanStdDdof", x, ddof, axes))
}

// nanVar is np.nanvar's composition: for floats the mean of the non-NaN elements (kept
// dimensions), the squared deviations with NaN as 0, their sum divided by count - ddof,
// NaN where that is not positive; bool and integer input go to VarDdof (float64).
func nanVar(op string, x *Tensor, ddof int, axes []int) *Tensor {
	x.must(op)
	filled, mask := nanFilled(x, 0)
	if mask == nil {
		return VarDdof(x, ddof, axes...)
	}
	dt := x.dtype
	count := Sum(LogicalNot(mask), keepArgs(axes)...)
	mean := Div(Sum(filled, keepArgs(axes)...), count).as(dt)
	dev := Where(mask, 0, Sub(filled, mean))
	v := Sum(Mul(dev, dev), axes...)
	dof := Sub(count.Reshape(v.shape...), ddof)
	v = Div(v, dof).as(dt)
	return Where(LessEqual(dof, 0), math.NaN(), v)
}

// NanArgMax is the index of the largest element ignoring NaN, along axis or in the
// flattened tensor (KeepDims may follow the axis), as np.nanargmax: int64, and a
// Value error where a slice is all NaN (or empty).
func NanArgMax(x *Tensor, axis ...int) *Tensor { return nanArg("NanArgMax", x, axis, true) }

// NanArgMin is the index of the smallest element ignoring NaN, as np.nanargmin.
func NanArgMin(x *Tensor, axis ...int) *Tensor { return nanArg("NanArgMin", x, axis, false) }

func nanArg(op string, x *Tensor, args []int, isMax bool) *Tensor {
	x.must(op)
	fill := math.Inf(1)
	if isMax {
		fill = math.Inf(-1)
	}
	filled, mask := nanFilled(x, fill)
	if mask != nil {
		var axes []int
		for _, a := range args {
			if a != KeepDims {
				axes = append(axes, a)
			}
		}
		if len(axes) > 1 {
			fail(Value, op, "takes one axis, got %v", axes)
		}
		if Any(All(mask, axes...)).Bool() {
			fail(Value, op, "All-NaN slice encountered: a slice of shape %s has no element that is not NaN", shapeStr(x.shape))
		}
	}
	if isMax {
		return ArgMax(filled, args...)
	}
	return ArgMin(filled, args...)
}

// NanSum adds over the given axes treating NaN as zero (see the function NanSum).
func (t *Tensor) NanSum(axes ...int) *Tensor { return NanSum(t, axes...) }

// NanMean averages the non-NaN elements over the given axes (see the function NanMean).
func (t *Tensor) NanMean(axes ...int) *Tensor { return NanMean(t, axes...) }

// NanMax is the largest element ignoring NaN (see the function NanMax).
func (t *Tensor) NanMax(axes ...int) *Tensor { return NanMax(t, axes...) }

// NanMin is the smallest element ignoring NaN (see the function NanMin).
func (t *Tensor) NanMin(axes ...int) *Tensor { return NanMin(t, axes...) }

// NanVar is the variance ignoring NaN (see the function NanVar).
func (t *Tensor) NanVar(axes ...int) *Tensor { return NanVar(t, axes...) }

// NanVarDdof is the variance ignoring NaN, dividing by N - ddof (see the function).
func (t *Tensor) NanVarDdof(ddof int, axes ...int) *Tensor { return NanVarDdof(t, ddof, axes...) }

// NanStd is the standard deviation ignoring NaN (see the function NanStd).
func (t *Tensor) NanStd(axes ...int) *Tensor { return NanStd(t, axes...) }

// NanStdDdof is the standard deviation ignoring NaN, dividing by N - ddof.
func (t *Tensor) NanStdDdof(ddof int, axes ...int) *Tensor { return NanStdDdof(t, ddof, axes...) }

// NanArgMax is the index of the largest element ignoring NaN (see the function).
func (t *Tensor) NanArgMax(axis ...int) *Tensor { return NanArgMax(t, axis...) }

// NanArgMin is the index of the smallest element ignoring NaN (see the function).
func (t *Tensor) NanArgMin(axis ...int) *Tensor { return NanArgMin(t, axis...) }
