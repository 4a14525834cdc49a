package tensor

import (
	"math"

	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/device"
)

// Empty returns an uninitialised tensor on the default device, as np.empty: its elements
// are whatever the memory held (the CPU reuses the memory of dead tensors).
func Empty(dt DType, shape ...int) *Tensor {
	if !dt.Valid() {
		fail(Value, "Empty", "invalid dtype %v", dt)
	}
	return alloc("Empty", device.Default(), dt, shape)
}

// Zeros returns a tensor of zeros.
func Zeros(dt DType, shape ...int) *Tensor { return Full(dt, 0, shape...) }

// Ones returns a tensor of ones.
func Ones(dt DType, shape ...int) *Tensor { return Full(dt, 1, shape...) }

// Full returns a tensor filled with v, a Go number or bool of any type, converted to dt
// as NumPy's full does: integers exactly, floats truncated toward zero for an integer
// dtype. A value an integer dtype cannot hold (300 for uint8, NaN, ±Inf) is a Value
// error.
func Full(dt DType, v any, shape ...int) *Tensor {
	if !dt.Valid() {
		fail(Value, "Full", "invalid dtype %v", dt)
	}
	o := scalarArg("Full", "the fill value", v)
	t := alloc("Full", device.Default(), dt, shape)
	t.fillOperand("Full", o)
	return t
}

// scalarArg converts op's argument what, a Go number or bool of any type (not a tensor),
// with asOperand.
func scalarArg(op, what string, v any) operand {
	switch x := v.(type) {
	case nil:
		fail(Value, op, "%s is nil: want a Go number", what)
	case *Tensor:
		if x != nil {
			fail(Value, op, "%s is a *Tensor: want a Go number", what)
		}
		fail(Value, op, "%s is a nil *Tensor: want a Go number", what)
	}
	return asOperand(op, v)
}

// floatArg is scalarArg's value as a float64 (integers beyond 2**53 round).
func floatArg(op, what string, v any) float64 { return scalarArg(op, what, v).s.F }

// fillOperand writes the scalar o to every element of t: an integer scalar exactly (a
// Value error where t's integer dtype cannot hold it), a float or bool as fill does.
func (t *Tensor) fillOperand(op string, o operand) {
	if o.isFloat || o.isBool || !t.dtype.IsInt() {
		t.fill(op, o.s.F)
		return
	}
	writable(op, t)
	if lo, hi := intRange(t.dtype); o.s.I < lo || o.s.I > hi {
		fail(Value, op, "cannot store %d in a %v tensor (range [%d, %d])", o.s.I, t.dtype, lo, hi)
	}
	s := device.Operand{DType: Int64, Shape: t.shape, S: o.s}
	check(op, t.Device().Copy(t.operand(), s))
}

// fill writes v to every element of t.
func (t *Tensor) fill(op string, v float64) {
	writable(op, t)
	checkFillValue(op, v, t.dtype)
	s := device.Operand{DType: Float64, Shape: t.shape, S: device.Scalar{F: v, I: int64(v)}}
	check(op, t.Device().Copy(t.operand(), s))
}

// checkFillValue refuses a float value that an integer dtype cannot hold once truncated
// toward zero: NaN and ±Inf (NumPy's ValueError and OverflowError) and values out of the
// dtype's range (NumPy 2's OverflowError), with a Value error naming the value and dtype.
func checkFillValue(op string, v float64, dt DType) {
	if !dt.IsInt() {
		return
	}
	lo, hi := intRange(dt)
	top := float64(hi) // exact for uint8 and int32; 2^63 for int64, itself out of range
	t := math.Trunc(v)
	if math.IsNaN(v) || t < float64(lo) || t > top || dt == Int64 && t == top {
		fail(Value, op, "cannot store %v in a %v tensor (range [%d, %d])", v, dt, lo, hi)
	}
}

// Fill writes v, a Go number or bool of any type, to every element of t (a view writes
// through to its base) and returns t; v converts to t's dtype as in Full.
func (t *Tensor) Fill(v any) *Tensor {
	t.must("Fill")
	t.fillOperand("Fill", scalarArg("Fill", "the fill value", v))
	return t
}

// EmptyLike returns an uninitialised tensor with t's shape and dtype on t's device.
func EmptyLike(t *Tensor) *Tensor { return alloc("EmptyLike", t.Device(), t.dtype, t.shape) }

// ZerosLike returns zeros with t's shape and dtype on t's device.
func ZerosLike(t *Tensor) *Tensor { return FullLike(t, 0) }

// OnesLike returns ones with t's shape and dtype on t's device.
func OnesLike(t *Tensor) *Tensor { return FullLike(t, 1) }

// FullLike returns a tensor with t's shape and dtype on t's device, filled with v (a Go
// number or bool of any type, converted as in Full).
func FullLike(t *Tensor, v any) *Tensor {
	t.must("FullLike")
	o := scalarArg("FullLike", "the fill value", v)
	out := EmptyLike(t)
	out.fillOperand("FullLike", o)
	return out
}

// Eye returns an n×m matrix with ones on diagonal k (m = 0 means n, as np.eye(n)).
func Eye(dt DType, n, m, k int) *Tensor {
	if m == 0 {
		m = n
	}
	t := Zeros(dt, n, m)
	c := t.CPU()
	for i := 0; i < n; i++ {
		if j := i + k; j >= 0 && j < m {
			c.setFlat(i*m+j, 1)
		}
	}
	return c.To(t.Device())
}

// Arange returns evenly spaced values in [start, stop) with the given step, as np.arange:
// ceil((stop-start)/step) elements, element i being start + i*step. For integer dtypes it
// steps as NumPy does, from int(start) by int(start+step) - int(start) (so
// Arange(Int64, 0, 2, 0.5) is [0 0 0 0]). A zero step, a NaN or infinite bound or step
// ("cannot compute length") and a length too large to allocate are Value errors. The
// bounds and step are Go numbers of any type, computed in float64.
func Arange(dt DType, start, stop, step any) *Tensor {
	return arange(dt, floatArg("Arange", "start", start), floatArg("Arange", "stop", stop), floatArg("Arange", "step", step))
}

func arange(dt DType, start, stop, step float64) *Tensor {
	if !dt.Valid() {
		fail(Value, "Arange", "invalid dtype %v", dt)
	}
	if step == 0 {
		fail(Value, "Arange", "step must not be zero")
	}
	span := (stop - start) / step
	if math.IsNaN(span) || math.IsInf(span, 0) || math.IsInf(step, 0) || math.IsNaN(step) {
		fail(Value, "Arange", "cannot compute length of arange(%v, %v, %v)", start, stop, step)
	}
	l := math.Ceil(span)
	if l > float64(math.MaxInt/8) {
		fail(Value, "Arange", "maximum allowed size exceeded: arange(%v, %v, %v) has %v elements", start, stop, step, l)
	}
	n := max(int(l), 0)
	out := alloc("Arange", device.CPU(), dt, []int{n})
	if n > 0 && dt.IsInt() {
		first := math.Trunc(start)
		delta := math.Trunc(start+step) - first
		checkFillValue("Arange", first, dt)
		checkFillValue("Arange", first+float64(n-1)*delta, dt)
		v := make([]int64, n)
		for i := range v {
			v[i] = int64(first) + int64(i)*int64(delta)
		}
		check("Arange", device.CPU().Copy(out.operand(), FromSlice(v).operand()))
	} else if n > 0 {
		v := make([]float64, n)
		for i := range v {
			v[i] = start + float64(i)*step
		}
		check("Arange", device.CPU().Copy(out.operand(), FromSlice(v).operand()))
	}
	return out.To(device.Default())
}

// Linspace returns num evenly spaced values from start to stop, including stop when
// endpoint is true, as np.linspace. start and stop are Go numbers of any type, computed
// in float64.
func Linspace(dt DType, start, stop any, num int, endpoint bool) *Tensor {
	return linspace(dt, floatArg("Linspace", "start", start), floatArg("Linspace", "stop", stop), num, endpoint)
}

func linspace(dt DType, start, stop float64, num int, endpoint bool) *Tensor {
	if num < 0 {
		fail(Value, "Linspace", "number of samples %d must be non-negative", num)
	}
	if !dt.Valid() {
		fail(Value, "Linspace", "invalid dtype %v", dt)
	}
	checkShape("Linspace", []int{num})
	if err := cpu.CheckMemory(num * 8); err != nil {
		panic(&Error{Kind: Device, Op: "Linspace", Err: err, Msg: err.Error()})
	}
	div := num
	if endpoint {
		div = num - 1
	}
	v := make([]float64, num)
	delta := stop - start
	step := 0.0
	if div > 0 {
		step = delta / float64(div)
	}
	for i := range v {
		// NumPy's order of operations: i*step + start, or i/div*delta when step is 0.
		if step == 0 && div > 0 {
			v[i] = float64(i)/float64(div)*delta + start
		} else {
			v[i] = float64(i)*step + start
		}
	}
	if endpoint && num > 1 {
		v[num-1] = stop
	}
	return FromSlice(v).as(dt).To(device.Default())
}
