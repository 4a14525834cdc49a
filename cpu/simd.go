package cpu

//go:generate go run ./internal/asmgen -out simd_amd64.s -stubs simd_decl_amd64.go

import (
	"github.com/gotensor/gotensor/device"
)

// vecKernels are the SIMD kernels of one float type for one binary op. Each handles the
// largest multiple of lanes elements of its destination; callers finish the tail with the
// pure-Go reference. A nil field means no kernel for that operand layout.
type vecKernels[T float] struct {
	vv func(d, a, b []T)   // d = a op b
	vs func(d, a []T, s T) // d = a op s
	sv func(d, a []T, s T) // d = s op a
}

func lanesOf[T float]() int {
	var z T
	if _, ok := any(z).(float32); ok {
		return 8
	}
	return 4
}

var (
	vec32 = map[device.BinaryOp]vecKernels[float32]{
		device.Add:     {addVVf32, addVSf32, addVSf32},
		device.Sub:     {subVVf32, subVSf32, subSVf32},
		device.Mul:     {mulVVf32, mulVSf32, mulVSf32},
		device.Div:     {divVVf32, divVSf32, divSVf32},
		device.Maximum: {maxVVf32, maxVSf32, maxVSf32},
		device.Minimum: {minVVf32, minVSf32, minVSf32},
	}
	vec64 = map[device.BinaryOp]vecKernels[float64]{
		device.Add:     {addVVf64, addVSf64, addVSf64},
		device.Sub:     {subVVf64, subVSf64, subSVf64},
		device.Mul:     {mulVVf64, mulVSf64, mulVSf64},
		device.Div:     {divVVf64, divVSf64, divSVf64},
		device.Maximum: {maxVVf64, maxVSf64, maxVSf64},
		device.Minimum: {minVVf64, minVSf64, minVSf64},
	}
	// map32 are the float32 transcendental kernels.
	map32 = map[device.UnaryOp]func(d, a []float32){
		device.Exp:     expf32,
		device.Log:     logf32,
		device.Sigmoid: sigmoidf32,
		device.Tanh:    tanhf32,
	}
	// map64 are the float64 ones, within 1 ulp.
	map64 = map[device.UnaryOp]func(d, a []float64){
		device.Exp:     expf64,
		device.Log:     logf64,
		device.Sigmoid: sigmoidf64,
		device.Tanh:    tanhf64,
	}
)

// binKernels returns the SIMD kernels of op for T, if the CPU has them.
func binKernels[T float](op device.BinaryOp) (vecKernels[T], bool) {
	if !useSIMD {
		return vecKernels[T]{}, false
	}
	var k any
	var ok bool
	var z T
	if _, is32 := any(z).(float32); is32 {
		k, ok = vec32[op]
	} else {
		k, ok = vec64[op]
	}
	if !ok {
		return vecKernels[T]{}, false
	}
	return k.(vecKernels[T]), true
}

// simdRow runs the kernels on one contiguous destination row of n elements whose
// operands have inner strides sa and sb (0 = the same value all along). It returns how
// many leading elements it did.
func simdRow[T float](k vecKernels[T], d, a, b []T, di, ai, bi, sa, sb, n int) int {
	m := n - n%lanesOf[T]()
	if m == 0 {
		return 0
	}
	switch {
	case sa == 1 && sb == 1:
		k.vv(d[di:di+m], a[ai:ai+m], b[bi:bi+m])
	case sa == 1 && sb == 0:
		k.vs(d[di:di+m], a[ai:ai+m], b[bi])
	case sa == 0 && sb == 1:
		k.sv(d[di:di+m], b[bi:bi+m], a[ai])
	default:
		return 0
	}
	return m
}
