package tensor

import "github.com/gotensor/gotensor/device"

// intReduce is SumWith or ProdWith with an integer or bool DType dt: x cast to dt (NumPy's
// unsafe cast), reduced in int64 and wrapped to dt. Integer addition and multiplication
// wrap the same whether the wrapping happens at each step or at the end, so this is
// NumPy's result; a bool sum is nonzero where any selected element is (logical or), a
// bool product where all are (logical and), as NumPy's add and multiply on bools.
func intReduce(op device.ReduceOp, name string, x *Tensor, dt DType, args []int, r redOpts) *Tensor {
	src := untrack(x).as(dt)
	return reduceWith(op, name, src, Int64, args, 0, r).as(dt)
}

// AllWith is All with NumPy's where= (np.all(x, axis, where=)): true where every element
// Where selects is nonzero; the elements outside the mask count as true, so a slice with
// none selected is true. Initial, Ddof and DType are Value errors. It is composed of
// Where and All, so it runs on every device.
func AllWith(x *Tensor, o ReduceOptions, axes ...int) *Tensor {
	return logicalWith("AllWith", x, o, axes, true)
}

// AnyWith is Any with NumPy's where= (np.any(x, axis, where=)): true where some element
// Where selects is nonzero; the elements outside the mask count as false.
func AnyWith(x *Tensor, o ReduceOptions, axes ...int) *Tensor {
	return logicalWith("AnyWith", x, o, axes, false)
}

func logicalWith(name string, x *Tensor, o ReduceOptions, axes []int, all bool) *Tensor {
	x.must(name)
	o.resultDType(name, Bool, false, true)
	r := o.parse(name, x, Bool, false, false)
	if r.where != nil {
		x = Where(r.where, x, all)
	}
	if all {
		return All(x, axes...)
	}
	return Any(x, axes...)
}

// AllWith is All with options (see the function AllWith).
func (t *Tensor) AllWith(o ReduceOptions, axes ...int) *Tensor { return AllWith(t, o, axes...) }

// AnyWith is Any with options (see the function AnyWith).
func (t *Tensor) AnyWith(o ReduceOptions, axes ...int) *Tensor { return AnyWith(t, o, axes...) }
