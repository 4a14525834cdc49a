package tensor

import (
	"slices"

	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/device"
)

// Mean, Var and Std composed as NumPy's _mean and _var (numpy/core/_methods.py) compose
// them: a Sum in the result's dtype (float64 for bool and integer input, converted on the
// way as NumPy's buffered cast does), divided by the count; for the variance, the mean
// with the reduced axes kept, the deviations x - mean in a new array laid out as NumPy
// lays it out, squared in place, summed and divided by max(N - ddof, 0). On the CPU every
// Sum is NumPy's order of operations, so the results are NumPy's bits. On a GPU, Var and
// Std without where= run the device's own two-pass variance instead.

// mean is Mean of x (untracked) over args with options.
// dt is the sum's and the result's dtype (NumPy's dtype=; floatType(x.dtype) when none).
func mean(name string, x *Tensor, dt DType, args []int, o redOpts) *Tensor {
	if o.comp {
		s := reduceWith(device.Sum, name, x, Float64, args, 0, o)
		return DivInto(s, s, float64(reducedCount(x, args))).as(dt)
	}
	s := reduceWith(device.Sum, name, x, dt, args, 0, o)
	if o.where != nil {
		return divCounts(s, whereCount(name, x, args, o.where))
	}
	return divCount(s, reducedCount(x, args))
}

// divCount divides the sums s by the count n in place and returns s, rounding once to its
// dtype as NumPy's true_divide does: a float32 sum by a count float32 cannot hold exactly
// is divided in float64.
func divCount(s *Tensor, n int) *Tensor {
	if s.dtype == Float32 && n > 1<<24 {
		return Div(s.AsType(Float64), n).AsType(Float32)
	}
	return DivInto(s, s, n)
}

// divCounts divides the sums s by the int64 counts c (s's shape), in float64 and rounded
// to s's dtype, as NumPy divides by the counts of a where= mask.
func divCounts(s, c *Tensor) *Tensor {
	return Div(s.as(Float64), c).as(s.dtype)
}

// whereCount is the number of elements the mask where (x's shape) selects for each output
// of a reduction of x over args, as NumPy's _count_reduce_items.
func whereCount(name string, x *Tensor, args []int, where *Tensor) *Tensor {
	return reduceWith(device.Sum, name, where, Int64, args, 0, redOpts{})
}

// variance is VarDdof of x (untracked) over args with options.
// dt is the sums' and the result's dtype (NumPy's dtype=; floatType(x.dtype) when none);
// the deviations x - mean have the dtype NumPy's subtraction gives them, x's promoted
// with dt.
func variance(name string, x *Tensor, dt DType, ddof int, args []int, o redOpts) *Tensor {
	d := deviceOf(name, x, o.where)
	if _, onCPU := d.(cpu.Device); o.comp || !onCPU && o.where == nil {
		return reduceWith(device.Var, name, x, Float64, args, ddof, redOpts{comp: o.comp}).as(dt)
	}
	axes, keep := parseAxes(name, len(x.shape), args)
	n := 1
	red := make([]bool, len(x.shape))
	for _, a := range axes {
		n *= x.shape[a]
		red[a] = true
	}
	kept := append(slices.Clone(axes), KeepDims)
	m := reduceWith(device.Sum, name, x, dt, kept, 0, o)
	var cnt *Tensor
	if o.where != nil {
		cnt = whereCount(name, x, kept, o.where)
		m = divCounts(m, cnt)
	} else {
		m = divCount(m, n)
	}
	dev := numpyLayout(name, d, promoteTensors(x, m), x, red, o.where)
	SubInto(dev, x, m)
	MulInto(dev, dev, dev)
	rargs := axes
	if keep {
		rargs = kept
	}
	v := reduceWith(device.Sum, name, dev, dt, rargs, 0, redOpts{where: o.where})
	if o.where == nil {
		return divCount(v, max(n-ddof, 0))
	}
	if !keep {
		cnt = cnt.Squeeze(axes...)
	}
	return divCounts(v, Maximum(Sub(cnt, ddof), 0))
}

// numpyLayout allocates the array NumPy's x - mean writes the deviations into: x's shape,
// its axes in the order NumPy's iterator visits x and the mean (which NumPy allocated in
// the order of the reduction, over x and the where= mask), innermost last in memory, so
// that the sum of squares over it adds in NumPy's order.
func numpyLayout(name string, d device.Device, dt DType, x *Tensor, red []bool, where *Tensor) *Tensor {
	r := len(x.shape)
	ops := [][]int{x.strides}
	if where != nil {
		ops = append(ops, where.strides)
	}
	ms := make([]int, r) // the mean's strides, broadcast over the reduced axes
	st := 1
	for _, k := range cpu.IterOrder(x.shape, ops...) {
		if !red[k] {
			ms[k] = st
			st *= x.shape[k]
		}
	}
	order := cpu.IterOrder(x.shape, x.strides, ms)
	shape, inv := make([]int, r), make([]int, r)
	for i, k := range order {
		shape[r-1-i], inv[k] = x.shape[k], r-1-i
	}
	return alloc(name, d, dt, shape).Transpose(inv...)
}

// Mean is the arithmetic mean over the axes (all when none; KeepDims keeps them), as
// np.mean: the Sum, in float64 for bool and integer input and in x's dtype for floats (so
// float32 means accumulate in float32, as NumPy's do), divided by the count; NaN when
// empty. Compensated among the axes sums in float64 with compensation instead.
func Mean(x *Tensor, axes ...int) *Tensor {
	x.must("Mean")
	args, comp := compensated(axes)
	return record("Mean", mean("Mean", untrack(x), floatType(x.dtype), args, redOpts{comp: comp}), redParams("Mean", x, args, 0), nil, x)
}

// Var is the variance over the axes with ddof 0 (np.var); see VarDdof.
func Var(x *Tensor, axes ...int) *Tensor { return VarDdof(x, 0, axes...) }

// VarDdof is the variance dividing by max(N - ddof, 0), as np.var(x, ddof=ddof): the mean
// of the squared deviations from the mean, composed as NumPy composes it (float64 for bool
// and integer input). Compensated among the axes computes the compensated two-pass
// variance in float64 instead.
func VarDdof(x *Tensor, ddof int, axes ...int) *Tensor {
	x.must("VarDdof")
	args, comp := compensated(axes)
	v := variance("Var", untrack(x), floatType(x.dtype), ddof, args, redOpts{comp: comp})
	return record("Var", v, redParams("Var", x, args, ddof), nil, x)
}

// Std is the standard deviation over the axes with ddof 0 (np.std); see StdDdof.
func Std(x *Tensor, axes ...int) *Tensor { return StdDdof(x, 0, axes...) }

// StdDdof is the square root of VarDdof, as np.std(x, ddof=ddof).
func StdDdof(x *Tensor, ddof int, axes ...int) *Tensor {
	x.must("StdDdof")
	args, comp := compensated(axes)
	v := variance("Std", untrack(x), floatType(x.dtype), ddof, args, redOpts{comp: comp})
	return record("Std", SqrtInto(v, v), redParams("Std", x, args, ddof), nil, x)
}
