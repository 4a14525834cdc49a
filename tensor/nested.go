package tensor

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"unsafe"

	"github.com/gotensor/gotensor/device"
)

// baseSlice returns data, whose element type is a basic type or a named type over one
// (type Celsius float64), as its base type's slice over the same memory; an int slice
// becomes an []int64, the same memory where int has 64 bits, a copy where it has 32.
func baseSlice[T Elem | ~int](data []T) any {
	p, n := unsafe.Pointer(unsafe.SliceData(data)), len(data)
	switch reflect.TypeFor[T]().Kind() {
	case reflect.Int:
		if strconv.IntSize == 64 {
			return unsafe.Slice((*int64)(p), n)
		}
		ints := make([]int64, n)
		for i, v := range unsafe.Slice((*int32)(p), n) {
			ints[i] = int64(v)
		}
		return ints
	case reflect.Float32:
		return unsafe.Slice((*float32)(p), n)
	case reflect.Float64:
		return unsafe.Slice((*float64)(p), n)
	case reflect.Int32:
		return unsafe.Slice((*int32)(p), n)
	case reflect.Int64:
		return unsafe.Slice((*int64)(p), n)
	case reflect.Uint8:
		return unsafe.Slice((*uint8)(p), n)
	}
	return unsafe.Slice((*bool)(p), n)
}

// Array returns a new tensor on the default device holding a copy of v, as NumPy's
// np.array: v is a Go number or bool (a 0-d tensor), or nested slices or arrays of any
// depth whose leaves are Go numbers or bools ([]float64, [][]int, [][][]float32,
// [2][3]uint8, []any{1, 2.5}, ...). Array([][]int{{1, 2}, {3, 4}}) is
// np.array([[1, 2], [3, 4]]). A *Tensor is copied.
//
// The dtype is NumPy's for the Go type: int and int64 give int64, float64 float64,
// float32 float32, bool bool, uint8 uint8; gotensor's nearest dtype holds the others
// (int8, int16 and uint16 give int32; uint32, uint and uint64 give int64, where a value
// beyond int64's range is a Value error). Leaves of interface type ([]any) may differ in
// type; the dtype is then their common one, as np.result_type (np.array([1, 2.5]) is
// float64), and float64 for an empty []any.
//
// Sequences of unequal lengths, or a number beside a sequence at the same depth ("ragged"
// input, which NumPy refuses as inhomogeneous), are a Shape error naming the path of the
// first mismatch (v[1][0]). An empty sequence ends the shape: [][]float64{} is (0,), as
// np.array([]). Types other than numbers, bools and slices or arrays of them, and nil,
// are Value errors. FromSlice wraps a flat slice without copying.
func Array(v any) *Tensor {
	const op = "Array"
	if t, ok := v.(*Tensor); ok {
		return t.must(op).Copy()
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		fail(Value, op, "nil: want a Go number, a bool or nested slices of them")
	}
	var b nestedBuilder
	b.shapeOf(rv)
	checkShape(op, b.shape)
	if et := leafType(rv.Type()); et.Kind() != reflect.Interface {
		path := "v"
		if isSeq(elem(rv)) {
			path = "an element of v"
		}
		b.dt, b.have = kindDType(op, et, path), true
		b.check(rv, 0, "v", false)
	} else {
		b.check(rv, 0, "v", true)
		if !b.have {
			b.dt = Float64 // np.array([]) is float64
		}
	}
	b.alloc(prod(b.shape))
	if prod(b.shape) > 0 {
		b.fill(rv, 0)
	}
	return b.tensor().To(device.Default())
}

// nestedBuilder holds Array's state: the shape, the dtype, and the setter and position of
// the copy.
type nestedBuilder struct {
	shape []int
	dt    DType
	have  bool // dt is known
	data  any  // the copy: a []float64, []float32, []int64, []int32, []uint8 or []bool
	set   func(i int, s device.Scalar)
	pos   int
}

// alloc makes the copy's slice of n elements of b.dt and its setter.
func (b *nestedBuilder) alloc(n int) {
	switch b.dt {
	case Float64:
		d := make([]float64, n)
		b.data, b.set = d, func(i int, s device.Scalar) { d[i] = s.F }
	case Float32:
		d := make([]float32, n)
		b.data, b.set = d, func(i int, s device.Scalar) { d[i] = float32(s.F) }
	case Int64:
		d := make([]int64, n)
		b.data, b.set = d, func(i int, s device.Scalar) { d[i] = s.I }
	case Int32:
		d := make([]int32, n)
		b.data, b.set = d, func(i int, s device.Scalar) { d[i] = int32(s.I) }
	case Uint8:
		d := make([]uint8, n)
		b.data, b.set = d, func(i int, s device.Scalar) { d[i] = uint8(s.I) }
	default:
		d := make([]bool, n)
		b.data, b.set = d, func(i int, s device.Scalar) { d[i] = s.I != 0 }
	}
}

// tensor wraps the copy as a CPU tensor of the shape.
func (b *nestedBuilder) tensor() *Tensor {
	shape := append([]int{}, b.shape...)
	switch d := b.data.(type) {
	case []float64:
		return FromSlice(d, shape...)
	case []float32:
		return FromSlice(d, shape...)
	case []int64:
		return FromSlice(d, shape...)
	case []int32:
		return FromSlice(d, shape...)
	case []uint8:
		return FromSlice(d, shape...)
	}
	return FromSlice(b.data.([]bool), shape...)
}

// elem unwraps interfaces: the value an element of a []any holds.
func elem(rv reflect.Value) reflect.Value {
	for rv.Kind() == reflect.Interface && !rv.IsNil() {
		rv = rv.Elem()
	}
	return rv
}

func isSeq(rv reflect.Value) bool { return rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array }

// shapeOf reads the shape along the first elements: v, v[0], v[0][0], ...
func (b *nestedBuilder) shapeOf(rv reflect.Value) {
	for rv = elem(rv); isSeq(rv); rv = elem(rv.Index(0)) {
		b.shape = append(b.shape, rv.Len())
		if rv.Len() == 0 || len(b.shape) > device.MaxRank {
			return
		}
	}
}

// leafType is the static element type below every level of slices and arrays.
func leafType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	return t
}

// kindDType is the dtype that holds Go values of type t, by its kind.
func kindDType(op string, t reflect.Type, path string) DType {
	switch t.Kind() {
	case reflect.Bool:
		return Bool
	case reflect.Uint8:
		return Uint8
	case reflect.Int8, reflect.Int16, reflect.Uint16, reflect.Int32:
		return Int32
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return Int64
	case reflect.Float32:
		return Float32
	case reflect.Float64:
		return Float64
	}
	fail(Value, op, "%s has type %v: want a Go number or bool, or nested slices of them", path, t)
	return 0
}

// refPath is the path of the element at depth d along the first elements: v[0][0].
func refPath(d int) string { return "v" + strings.Repeat("[0]", d) }

// check verifies that rv, at depth d and path, has the shape's lengths below it, and with
// dynamic leaves (interface elements) promotes the dtype over them.
func (b *nestedBuilder) check(rv reflect.Value, d int, path string, dynamic bool) {
	const op = "Array"
	rv = elem(rv)
	if d == len(b.shape) {
		if isSeq(rv) {
			fail(Shape, op, "ragged nested sequence: %s is a sequence of length %d where %s is a number", path, rv.Len(), refPath(d))
		}
		if !rv.IsValid() || rv.Kind() == reflect.Interface {
			fail(Value, op, "%s is nil: want a Go number or bool", path)
		}
		if dynamic {
			dt := kindDType(op, rv.Type(), path)
			if b.have {
				dt = device.ResultType(b.dt, dt)
			}
			b.dt, b.have = dt, true
		}
		return
	}
	if !isSeq(rv) {
		fail(Shape, op, "ragged nested sequence: %s is a number where %s is a sequence of length %d", path, refPath(d), b.shape[d])
	}
	if rv.Len() != b.shape[d] {
		fail(Shape, op, "ragged nested sequence: %s has length %d where %s has length %d", path, rv.Len(), refPath(d), b.shape[d])
	}
	if !dynamic && d == len(b.shape)-1 {
		return // typed leaves: the type was checked once
	}
	for i := 0; i < rv.Len(); i++ {
		b.check(rv.Index(i), d+1, path+"["+strconv.Itoa(i)+"]", dynamic)
	}
}

// fill copies the leaves below rv, in C order, through b.set.
func (b *nestedBuilder) fill(rv reflect.Value, d int) {
	rv = elem(rv)
	if d == len(b.shape) {
		b.set(b.pos, leafScalar(rv))
		b.pos++
		return
	}
	if d == len(b.shape)-1 && rv.Kind() == reflect.Slice && b.fast(rv) {
		return
	}
	for i := 0; i < rv.Len(); i++ {
		b.fill(rv.Index(i), d+1)
	}
}

// leafScalar converts a Go number or bool (checked by kindDType) to a device.Scalar.
func leafScalar(rv reflect.Value) device.Scalar {
	switch rv.Kind() {
	case reflect.Bool:
		if rv.Bool() {
			return device.Scalar{F: 1, I: 1}
		}
		return device.Scalar{}
	case reflect.Float32, reflect.Float64:
		return device.Scalar{F: rv.Float()}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > math.MaxInt64 {
			fail(Value, "Array", "Go integer %d is out of range of int64, the widest integer dtype", u)
		}
		return device.Scalar{F: float64(u), I: int64(u)}
	}
	i := rv.Int()
	return device.Scalar{F: float64(i), I: i}
}

// fast copies an innermost slice whose Go type is the copy's element type (or []int
// into int64) at once; it reports whether it did.
func (b *nestedBuilder) fast(rv reflect.Value) bool {
	switch src := rv.Interface().(type) {
	case []int:
		d, ok := b.data.([]int64)
		if ok {
			for i, v := range src {
				d[b.pos+i] = int64(v)
			}
			b.pos += len(src)
		}
		return ok
	case []float64:
		return fastCopy(b, src)
	case []float32:
		return fastCopy(b, src)
	case []int64:
		return fastCopy(b, src)
	case []int32:
		return fastCopy(b, src)
	case []uint8:
		return fastCopy(b, src)
	case []bool:
		return fastCopy(b, src)
	}
	return false
}

// fastCopy copies src into the copy when it has src's element type.
func fastCopy[T Elem](b *nestedBuilder, src []T) bool {
	d, ok := b.data.([]T)
	if ok {
		b.pos += copy(d[b.pos:], src)
	}
	return ok
}
