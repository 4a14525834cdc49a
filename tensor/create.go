package tensor

import (
	"math"

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
	s := device.Operand{DType: Float64, Shape: t.shape, S: device.Scalar{F: v, I: int64(v)}}
	check(op, t.Device().Copy(t.operand(), s))
}

// Fill writes v to every element of t (a view writes through to its base) and returns t.
func (t *Tensor) Fill(v float64) *Tensor {
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
// ceil((stop-start)/step) elements, element i being start + i*step.
func Arange(dt DType, start, stop, step float64) *Tensor {
	if step == 0 {
		fail(Value, "Arange", "step must not be zero")
	}
	n := int(math.Ceil((stop - start) / step))
	if n < 0 || math.IsNaN((stop-start)/step) {
		n = 0
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = start + float64(i)*step
	}
	return FromSlice(v).as(dt).To(device.Default())
}

// Linspace returns num evenly spaced values from start to stop, including stop when
// endpoint is true, as np.linspace.
func Linspace(dt DType, start, stop float64, num int, endpoint bool) *Tensor {
	if num < 0 {
		fail(Value, "Linspace", "number of samples %d must be non-negative", num)
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
