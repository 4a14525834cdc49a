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

// Full returns a tensor filled with v (converted to dt as NumPy's full does).
func Full(dt DType, v float64, shape ...int) *Tensor {
	if !dt.Valid() {
		fail(Value, "Full", "invalid dtype %v", dt)
	}
	t := alloc("Full", device.Default(), dt, shape)
	t.fill("Full", v)
	return t
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

// Fill writes v to every element of t (a view writes through to its base) and returns t.
func (t *Tensor) Fill(v float64) *Tensor {
	t.must("Fill")
	t.fill("Fill", v)
	return t
}

// EmptyLike returns an uninitialised tensor with t's shape and dtype on t's device.
func EmptyLike(t *Tensor) *Tensor { return alloc("EmptyLike", t.Device(), t.dtype, t.shape) }

// ZerosLike returns zeros with t's shape and dtype on t's device.
func ZerosLike(t *Tensor) *Tensor { return FullLike(t, 0) }

// OnesLike returns ones with t's shape and dtype on t's device.
func OnesLike(t *Tensor) *Tensor { return FullLike(t, 1) }

// FullLike returns a tensor with t's shape and dtype filled with v.
func FullLike(t *Tensor, v float64) *Tensor {
	t.must("FullLike")
	out := EmptyLike(t)
	out.fill("FullLike", v)
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
// ("cannot compute length") and a length too large to allocate are Value errors.
func Arange(dt DType, start, stop, step float64) *Tensor {
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
// endpoint is true, as np.linspace.
func Linspace(dt DType, start, stop float64, num int, endpoint bool) *Tensor {
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
