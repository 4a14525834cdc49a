package interop

import (
	gt "gorgonia.org/tensor"

	"github.com/gotensor/gotensor/tensor"
)

// FromGorgonia returns a CPU tensor with d's shape and values.
//
// For d of dtype Float32, Float64, Int32, Int64, Uint8 or Bool the tensor shares d's
// memory (writes through either show in the other) whenever gotensor's views can express
// d's layout over d's backing array: always for a contiguous Dense, a column-major one
// (AsFortran), a lazily transposed one (T) and a gorgonia scalar (a shared 0-d tensor),
// and for Slice views (with or without steps) except the rare ones the package
// documentation describes (a view that reaches the end of its parent and starts after
// index 0 of an inner dimension, such as columns 1:4 of a 4×5 matrix), which are copied.
//
// Other gorgonia dtypes are copied into the nearest gotensor dtype that holds every
// value: Int (Go's int, 64 bits on the platforms gotensor supports) and Uint32 into
// Int64; Int8, Int16 and Uint16 into Int32. Int is never shared, even though it has
// int64's size here: gotensor's int64 tensors are []int64. Uint, Uint64, complex, string
// and pointer dtypes panic with a *tensor.Error of kind Value, as do masked Dense values
// (call Filled first) and memory Go cannot reach (a Dense on a CUDA engine).
func FromGorgonia(d *gt.Dense) *tensor.Tensor {
	const op = "FromGorgonia"
	if d == nil {
		fail(tensor.Value, op, "nil *Dense")
	}
	if !d.IsNativelyAccessible() {
		fail(tensor.Value, op, "the Dense's memory is not accessible from Go (engine %T)", d.Engine())
	}
	if len(d.Mask()) > 0 && d.IsMasked() {
		fail(tensor.Value, op, "masked Dense of shape %v: fill the masked values first (Filled)", d.Shape())
	}
	switch d.Dtype() {
	case gt.Float32:
		return fromGorgonia[float32](op, d)
	case gt.Float64:
		return fromGorgonia[float64](op, d)
	case gt.Int32:
		return fromGorgonia[int32](op, d)
	case gt.Int64:
		return fromGorgonia[int64](op, d)
	case gt.Uint8:
		return fromGorgonia[uint8](op, d)
	case gt.Bool:
		return fromGorgonia[bool](op, d)
	case gt.Int:
		return widenGorgonia[int, int64](op, d)
	case gt.Uint32:
		return widenGorgonia[uint32, int64](op, d)
	case gt.Int8:
		return widenGorgonia[int8, int32](op, d)
	case gt.Int16:
		return widenGorgonia[int16, int32](op, d)
	case gt.Uint16:
		return widenGorgonia[uint16, int32](op, d)
	}
	fail(tensor.Value, op, "gorgonia dtype %v has no gotensor dtype: want one of float32, float64, int32, int64, uint8, bool (int, int8, int16, uint16, uint32 are widened by copying)", d.Dtype())
	return nil
}

// layoutOf returns d's elements as []T with d's shape and strides, checked to lie
// inside the data.
func layoutOf[T any](op string, d *gt.Dense) (data []T, shape, strides []int) {
	data = rawAs[T](d.Raw)
	shape = append([]int{}, d.Shape()...)
	strides = append([]int{}, d.Strides()...)
	if len(strides) != len(shape) || !inBounds(len(data), shape, strides, 0) {
		fail(tensor.Value, op, "Dense of shape %v with strides %v does not fit its %d elements", shape, strides, len(data))
	}
	return data, shape, strides
}

func fromGorgonia[T tensor.Elem](op string, d *gt.Dense) *tensor.Tensor {
	data, shape, strides := layoutOf[T](op, d)
	if t := viewTensor(data, shape, strides, 0); t != nil {
		return t
	}
	return tensor.FromSlice(gather(data, shape, strides, 0, same[T]), shape...)
}

func widenGorgonia[T int | int8 | int16 | uint16 | uint32, U int32 | int64](op string, d *gt.Dense) *tensor.Tensor {
	data, shape, strides := layoutOf[T](op, d)
	return tensor.FromSlice(gather(data, shape, strides, 0, func(v T) U { return U(v) }), shape...)
}

// ToGorgonia returns a gorgonia Dense with t's shape, dtype and values.
//
// The Dense shares t's memory when t is a writable tensor in host memory and its layout is
// one gorgonia can express: a C-contiguous tensor becomes a plain Dense over the same
// elements; a tensor whose strides are positive and nest (a transpose or any permutation
// of the axes, Fortran order, slices with positive steps, and combinations of these, as
// long as no two dimensions overlap) becomes a gorgonia view: a Dense cut with Slice
// from a Dense over t's buffer, transposed with T when the axes are permuted. gorgonia
// treats such views as it treats its own (IsView is true; Materialize copies). Broadcast
// views (read-only, zero strides), negative strides (Flip, steps below zero) and tensors
// on another device are copied. The Dense's dtype is t's (Int64 stays Int64, not Int).
func ToGorgonia(t *tensor.Tensor) *gt.Dense {
	if !t.Device().IsHost() {
		t = t.CPU()
	}
	switch t.DType() {
	case tensor.Float32:
		return toGorgonia[float32](t)
	case tensor.Float64:
		return toGorgonia[float64](t)
	case tensor.Int32:
		return toGorgonia[int32](t)
	case tensor.Int64:
		return toGorgonia[int64](t)
	case tensor.Uint8:
		return toGorgonia[uint8](t)
	case tensor.Bool:
		return toGorgonia[bool](t)
	}
	fail(tensor.Value, "ToGorgonia", "dtype %v has no gorgonia counterpart here", t.DType())
	return nil
}

func toGorgonia[T tensor.Elem](t *tensor.Tensor) *gt.Dense {
	shape := t.Shape()
	if base, strides, off, ok := hostView[T](t); ok && t.Size() > 0 {
		if t.IsContiguous() {
			n := t.Size()
			return gt.New(gt.WithShape(shape...), gt.WithBacking(base[off:off+n:off+n]))
		}
		if b, ok := plan(shape, strides, off, len(base)); ok {
			if d := gorgoniaView(base, shape, strides, b); d != nil {
				return d
			}
		}
	}
	return gt.New(gt.WithShape(shape...), gt.WithBacking(tensor.ToSlice[T](t)))
}

// gorgoniaView cuts the layout planned in b out of a gorgonia Dense over base, with
// gorgonia's own Slice and T. The parent has a leading dimension of size 1 (sliced away)
// so that every real dimension is sliced at position > 0, where gorgonia rounds the
// size of a stepped slice up as NumPy does, and keeps the layout's dimensions of size 1
// in place (nil slices), so that T only ever permutes dimensions of size > 1.
func gorgoniaView[T tensor.Elem](base []T, shape, strides []int, b block) *gt.Dense {
	if len(b.order) == 0 {
		return gt.New(gt.WithShape(shape...), gt.WithBacking(base[b.origin:b.origin+1:b.origin+1]))
	}
	pshape := []int{1}
	slices := []gt.Slice{gt.S(0, 1)}
	pos := make([]int, 0, len(b.order)) // positions of the dimensions of size > 1
	i := 0
	for k, n := range shape {
		if n == 1 {
			pshape, slices = append(pshape, 1), append(slices, nil)
			continue
		}
		pshape = append(pshape, b.shape[i])
		slices = append(slices, gt.S(b.start[i], b.end(i), b.step[i]))
		pos = append(pos, k)
		i++
	}
	data := base[b.origin : b.origin+b.size : b.origin+b.size]
	parent := gt.New(gt.WithShape(pshape...), gt.WithBacking(data))
	v, err := parent.Slice(slices...)
	if err != nil {
		return nil
	}
	d, ok := v.(*gt.Dense)
	if !ok {
		return nil
	}
	if axes, perm := b.axes(); perm {
		// Position pos[i] holds layout dimension b.order[i]; it must hold pos[i].
		full := make([]int, len(shape))
		for k := range full {
			full[k] = k
		}
		for j, a := range axes {
			full[pos[j]] = pos[a]
		}
		if err := d.T(full...); err != nil {
			return nil
		}
	}
	if !sameLayout(d, shape, strides) {
		return nil
	}
	return d
}

// sameLayout checks that gorgonia produced the shape and strides asked for (its Slice
// drops and rewrites dimensions in corner cases); strides of dimensions of size 1 do not
// matter.
func sameLayout(d *gt.Dense, shape, strides []int) bool {
	s, st := d.Shape(), d.Strides()
	if len(s) != len(shape) || len(st) != len(shape) {
		return false
	}
	for k := range s {
		if s[k] != shape[k] || (s[k] > 1 && st[k] != strides[k]) {
			return false
		}
	}
	return true
}
