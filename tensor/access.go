package tensor

import "github.com/gotensor/gotensor/device"

// elemOffset returns the buffer position of the element at idx (negative indices count
// from the end), or panics with an Index error.
func (t *Tensor) elemOffset(op string, idx []int) int {
	t.must(op)
	if len(idx) != len(t.shape) {
		fail(Index, op, "%d indices given for a tensor of shape %s: want %d", len(idx), shapeStr(t.shape), len(t.shape))
	}
	o := t.offset
	for k, i := range idx {
		n := t.shape[k]
		if i < 0 {
			i += n
		}
		if i < 0 || i >= n {
			fail(Index, op, "index %d is out of bounds for axis %d with size %d", idx[k], k, n)
		}
		o += i * t.strides[k]
	}
	return o
}

// element returns the 0-d view at idx.
func (t *Tensor) element(op string, idx []int) *Tensor {
	return t.view([]int{}, []int{}, t.elemOffset(op, idx))
}

// readScalar copies the 0-d tensor e to the host and returns it as float64 and int64.
// Reading synchronises with the device.
func readScalar(e *Tensor) (float64, int64) {
	h := e
	if !e.Device().IsHost() {
		h = e.CPU()
	}
	switch s := h.buf.(device.HostBuffer).Slice().(type) {
	case []float32:
		v := s[h.offset]
		return float64(v), int64(v)
	case []float64:
		v := s[h.offset]
		return v, int64(v)
	case []int32:
		v := s[h.offset]
		return float64(v), int64(v)
	case []int64:
		v := s[h.offset]
		return float64(v), v
	case []uint8:
		v := s[h.offset]
		return float64(v), int64(v)
	case []bool:
		if s[h.offset] {
			return 1, 1
		}
	}
	return 0, 0
}

// At returns the element at idx as float64 (negative indices count from the end).
func (t *Tensor) At(idx ...int) float64 {
	t.must("At")
	f, _ := readScalar(t.element("At", idx))
	return f
}

// IntAt returns the element at idx as int64, exact for integer dtypes.
func (t *Tensor) IntAt(idx ...int) int64 {
	t.must("IntAt")
	_, i := readScalar(t.element("IntAt", idx))
	return i
}

// Item returns the only element of a one-element tensor as float64, as NumPy's item().
func (t *Tensor) Item() float64 {
	t.must("Item")
	f, _ := readScalar(t.only("Item"))
	return f
}

// Int returns the only element of a one-element tensor as int64.
func (t *Tensor) Int() int64 {
	t.must("Int")
	_, i := readScalar(t.only("Int"))
	return i
}

// Bool returns whether the only element of a one-element tensor is non-zero.
func (t *Tensor) Bool() bool {
	t.must("Bool")
	f, _ := readScalar(t.only("Bool"))
	return f != 0
}

func (t *Tensor) only(op string) *Tensor {
	if t.Size() != 1 {
		fail(Value, op, "only a one-element tensor converts to a scalar; this one has shape %s", shapeStr(t.shape))
	}
	return t // its one element is at its offset: readScalar needs no 0-d view
}

// SetAt writes v, a Go number or bool of any type, at idx (negative indices count from
// the end), converted to t's dtype as Fill converts: a value t's integer dtype cannot
// hold (300 for uint8, NaN, ±Inf) is a Value error. Writes through views show in their
// base.
func (t *Tensor) SetAt(v any, idx ...int) {
	t.must("SetAt")
	writable("SetAt", t)
	o := scalarArg("SetAt", "the value", v)
	t.element("SetAt", idx).fillOperand("SetAt", o)
}

// setFlat writes v at element i of a contiguous host tensor.
func (t *Tensor) setFlat(i int, v float64) {
	t.view([]int{}, []int{}, t.offset+i).fill("set", v)
}
